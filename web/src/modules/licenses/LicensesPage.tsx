import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { HOLDER_KIND_LABELS, STATUS_OPTIONS, licensesApi, stateTag, type LicenseView } from './licenses.api';

const { Text } = Typography;
const PAGE_SIZE = 20;

/** 证照库: search by number, holder, case or type and status; a row opens the license with its history. */
export default function LicensesPage() {
  const [q, setQ] = useState('');
  const [typeCode, setTypeCode] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const types = useApi((s) => licensesApi.types(s), []);
  const list = useApi((s) => licensesApi.list({ q: q || undefined, typeCode, status, page, pageSize: PAGE_SIZE }, s), [q, typeCode, status, page]);
  return (
    <>
      <PageHeader title="证照库" subtitle="平台签发和导入的电子证照；证件号码已脱敏，详情页可见变更记录" />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="证照编号、持证人、办件号或证件号码"
            allowClear
            style={{ width: 320 }}
            onSearch={(v) => (setQ(v.trim()), setPage(1))}
            data-testid="license-search"
          />
          <Select
            allowClear
            placeholder="证照类型"
            style={{ width: 220 }}
            value={typeCode}
            onChange={(v) => (setTypeCode(v), setPage(1))}
            options={(types.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))}
            showSearch
            optionFilterProp="label"
          />
          <Select allowClear placeholder="状态" style={{ width: 120 }} value={status} onChange={(v) => (setStatus(v), setPage(1))} options={STATUS_OPTIONS} />
        </Space>
        <Table<LicenseView>
          rowKey="licenseNo"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          locale={{ emptyText: '没有符合条件的证照' }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total, onChange: setPage, showSizeChanger: false, showTotal: (n) => `共 ${n} 本` }}
          data-testid="license-list"
          columns={[
            { title: '证照编号', dataIndex: 'licenseNo', width: 200, render: (no: string) => <Link to={`/licenses/${no}`}>{no}</Link> },
            { title: '证照名称', dataIndex: 'typeName' },
            {
              title: '持证人',
              render: (_, l) => (
                <Space direction="vertical" size={0}>
                  <span>{l.holderName}</span>
                  <Text type="secondary">{HOLDER_KIND_LABELS[l.holderKind]} {l.holderId}</Text>
                </Space>
              ),
            },
            { title: '发证机关', dataIndex: 'issuer', width: 150 },
            { title: '发证日期', dataIndex: 'issueDate', width: 100 },
            { title: '有效期至', dataIndex: 'validTo', width: 100, render: (v: string | null) => v ?? '长期' },
            { title: '办件号', dataIndex: 'caseNo', width: 170, render: (v: string | null) => (v ? <Link to={`/cases/${v}`}>{v}</Link> : <Text type="secondary">—</Text>) },
            { title: '状态', width: 80, render: (_, l) => ((t) => <Tag color={t.color}>{t.label}</Tag>)(stateTag(l)) },
          ]}
        />
      </Card>
    </>
  );
}
