import { useState } from 'react';
import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { CHANNEL_LABELS, casesApi, daysLeftText, dueColor, type CaseListItem } from './cases.api';

const FILTERS: Record<string, { label: string; status?: string; greenChannel?: boolean }> = {
  open: { label: '在办', status: 'submitted,correction_requested,accepted,suspended,approved,denied' },
  intake: { label: '待受理', status: 'submitted,correction_requested' },
  suspended: { label: '中止', status: 'suspended' },
  green: { label: '绿色通道', greenChannel: true },
  done: { label: '已办结', status: 'completed' },
  all: { label: '全部' },
};

/** 办件工作清单: sorted by the next deadline, coloured by days left (reviewers see their department). */
export default function WorklistPage() {
  const user = useUser();
  const [filter, setFilter] = useState('open');
  const [page, setPage] = useState(1);
  const f = FILTERS[filter];
  const { data, loading } = useApi((signal) => casesApi.list({ status: f.status, greenChannel: f.greenChannel, sort: filter === 'done' || filter === 'all' ? 'submitted' : 'due', page, pageSize: 20 }, signal), [filter, page]);
  return (
    <>
      <PageHeader title={user.roles.includes('reviewer') ? `审批清单 · ${user.departmentName ?? ''}` : '办件清单'} subtitle="按剩余时限排序：红色已超期，橙色剩余 1 个工作日以内" />
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Segmented value={filter} onChange={(v) => { setFilter(String(v)); setPage(1); }} options={Object.entries(FILTERS).map(([value, x]) => ({ value, label: x.label }))} />
        </Space>
        <Table<CaseListItem>
          rowKey="caseNo"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: '办件号', dataIndex: 'caseNo', render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
            { title: '事项', dataIndex: 'itemName', ellipsis: true },
            { title: '部门', dataIndex: 'departmentName', ellipsis: true, responsive: ['lg'] },
            { title: '申请人', render: (_, c) => c.applicant.name },
            { title: '渠道', dataIndex: 'channel', render: (v: string, c) => <Space size={2}>{CHANNEL_LABELS[v] ?? v}{c.greenChannel && <Tag color="green">{c.greenChannel}</Tag>}{c.bundleNo && <Tag color="purple">一件事</Tag>}</Space> },
            { title: '状态', dataIndex: 'statusLabel' },
            { title: '承诺办结日', render: (_, c) => c.promisedDueDate ?? (c.clock.intakeDueDate ? `答复期限 ${c.clock.intakeDueDate}` : '—') },
            { title: '剩余时限', render: (_, c) => <Tag color={c.status === 'completed' ? (c.onTime ? 'green' : 'red') : dueColor(c)}>{c.status === 'completed' ? (c.onTime ? '按时办结' : '超期办结') : daysLeftText(c)}</Tag> },
          ]}
        />
        <Typography.Text type="secondary">共 {data?.total ?? 0} 件</Typography.Text>
      </Card>
    </>
  );
}
