import { useMemo, useState } from 'react';
import { Input, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { DEPARTMENT_KIND_LABELS, type Department, type DepartmentKind } from './org.api';

const { Text } = Typography;
type Filter = 'department' | 'township' | 'village';

/** Departments, townships and villages with a kind switch and a name search. */
export function DepartmentTable({ all, loading }: { all: Department[]; loading: boolean }) {
  const [kind, setKind] = useState<Filter>('department');
  const [q, setQ] = useState('');
  const byId = useMemo(() => new Map(all.map((d) => [d.id, d])), [all]);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const d of all) c[d.kind] = (c[d.kind] ?? 0) + 1;
    return c;
  }, [all]);
  const rows = useMemo(() => {
    const needle = q.trim();
    return all.filter((d) => d.kind === kind && (!needle || d.name.includes(needle) || (d.shortName ?? '').includes(needle) || d.code.includes(needle)));
  }, [all, kind, q]);

  const columns: TableColumnsType<Department> = [
    { title: '编码', dataIndex: 'code', width: 150, render: (v: string) => <Text type="secondary">{v}</Text> },
    { title: '名称', dataIndex: 'name', render: (v: string, d) => (d.active ? v : <Text delete>{v}</Text>) },
    { title: '简称', dataIndex: 'shortName', width: 160, responsive: ['md'] },
    {
      title: '上级',
      dataIndex: 'parentId',
      width: 200,
      responsive: ['lg'],
      render: (id: number | null) => (id ? (byId.get(id)?.shortName ?? byId.get(id)?.name ?? '') : ''),
    },
    {
      title: '12345 承办',
      dataIndex: 'hotlineUnit',
      width: 110,
      align: 'center',
      responsive: ['md'],
      render: (v: boolean) => (v ? <Tag color="blue">承办单位</Tag> : <Text type="secondary">—</Text>),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
  ];

  const kinds: Filter[] = ['department', 'township', 'village'];
  return (
    <div>
      <Space wrap size={12} style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Segmented<Filter>
          value={kind}
          onChange={setKind}
          options={kinds.map((k: DepartmentKind & Filter) => ({ value: k, label: `${DEPARTMENT_KIND_LABELS[k]} ${counts[k] ?? 0}` }))}
        />
        <Input allowClear prefix={<SearchOutlined />} placeholder="按名称或编码查找" value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} />
      </Space>
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 个` }}
        data-testid="department-table"
      />
    </div>
  );
}
