import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Progress, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { useAuth } from '../../app/auth';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { catalogApi } from './catalog.api';

interface Issue {
  code: string;
  name: string;
  version: number;
  status: string;
  departmentName: string;
  rule: string;
  field: string;
  message: string;
}

const pct = (v: number | null) => (v === null ? 0 : Math.round(v * 1000) / 10);

/** 数据质量: rule violations per item and the 实施清单 填报率 / 发布率. */
export default function QualityPage() {
  const { hasRole } = useAuth();
  const [dept, setDept] = useState<number | undefined>();
  const [rule, setRule] = useState<string | undefined>();
  const r = useApi((s) => catalogApi.quality(dept, s), [dept]);
  const depts = useApi((s) => api.get<ListResult<{ id: number; name: string; kind: string }>>('/departments', { kind: 'department' }, { signal: s }), []);
  const data = r.data;
  const issues: Issue[] = (data?.issues ?? []).filter((i: Issue) => !rule || i.rule === rule);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="在册事项" value={data?.items ?? 0} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="草稿" value={data?.drafts ?? 0} /></Card></Col>
        <Col xs={12} md={6}><Card size="small" title="实施清单填报率"><Progress type="dashboard" size={80} percent={pct(data?.fillRate.value ?? null)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small" title="实施清单发布率"><Progress type="dashboard" size={80} percent={pct(data?.publishRate.value ?? null)} /></Card></Col>
      </Row>
      <Card
        title="数据质量问题"
        extra={
          <Space wrap>
            {!hasRole('catalog_editor') && (
              <Select allowClear placeholder="全部部门" style={{ width: 220 }} value={dept} onChange={setDept} options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            )}
            <Select
              allowClear
              placeholder="全部问题类型"
              style={{ width: 240 }}
              value={rule}
              onChange={setRule}
              options={Object.entries(data?.byRule ?? {}).map(([k, v]) => ({ value: k, label: `${(v as { label: string }).label}（${(v as { count: number }).count}）` }))}
            />
          </Space>
        }
      >
        <Table<Issue>
          rowKey={(i) => `${i.code}-${i.rule}`}
          size="small"
          loading={r.loading}
          dataSource={issues}
          scroll={{ x: true }}
          columns={[
            { title: '事项', dataIndex: 'name', render: (v, i) => <Link to={`/catalog/items/${encodeURIComponent(i.code)}`}>{v}</Link> },
            { title: '部门', dataIndex: 'departmentName' },
            { title: '问题', dataIndex: 'rule', render: (k) => <Tag color="orange">{data?.byRule?.[k]?.label ?? k}</Tag> },
            { title: '说明', dataIndex: 'message' },
          ]}
        />
      </Card>
    </Space>
  );
}
