import { useState } from 'react';
import { Button, Card, DatePicker, Input, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { api, type ListResult } from '../../app/request';
import { downloadFile } from '../../app/download';
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

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/**
 * 办件清单: find a case by its number, the applicant or the item; narrow by department, channel, status,
 * submission dates and 超期; export exactly what is listed. Sorted by the next deadline while open.
 */
export default function WorklistPage() {
  const user = useUser();
  const reviewer = user.roles.includes('reviewer');
  const [filter, setFilter] = useState('open');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [department, setDepartment] = useState<number | undefined>();
  const [channel, setChannel] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [exporting, setExporting] = useState(false);
  const f = FILTERS[filter];
  const query = {
    status: f.status,
    greenChannel: f.greenChannel,
    q: q.trim() || undefined,
    department,
    channel,
    from: day(range?.[0]),
    to: day(range?.[1]),
    overdue: overdue || undefined,
    sort: filter === 'done' || filter === 'all' ? ('submitted' as const) : ('due' as const),
  };
  const key = JSON.stringify(query);
  const { data, loading } = useApi((signal) => casesApi.list({ ...query, page, pageSize: 20 }, signal), [key, page]);
  const depts = useApi((signal) => (reviewer ? Promise.resolve({ items: [], total: 0 }) : api.get<ListResult<{ id: number; name: string }>>('/departments', { kind: 'department' }, { signal })), [reviewer]);
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const exportList = async () => {
    setExporting(true);
    try {
      await downloadFile('/cases/export.xlsx', query, `办件清单_${query.from ?? ''}${query.to ? `至${query.to}` : ''}.xlsx`.replace('_.xlsx', '.xlsx'));
    } catch {
      // the refusal (too many rows, a bad filter) is already on screen
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <PageHeader title={reviewer ? `审批清单 · ${user.departmentName ?? ''}` : '办件清单'} subtitle="按剩余时限排序：红色已超期，橙色剩余 1 个工作日以内" />
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Segmented value={filter} onChange={(v) => reset(setFilter)(String(v))} options={Object.entries(FILTERS).map(([value, x]) => ({ value, label: x.label }))} />
        </Space>
        <Space style={{ marginBottom: 12 }} wrap data-testid="case-filters">
          <Input.Search allowClear placeholder="办件号 / 申请人 / 事项名称" style={{ width: 260 }} onSearch={reset(setQ)} data-testid="case-search" />
          {!reviewer && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="全部部门"
              style={{ width: 220 }}
              value={department}
              onChange={reset(setDepartment)}
              options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name.replace(/^邵东市/, '') }))}
              aria-label="部门"
            />
          )}
          <Select allowClear placeholder="全部渠道" style={{ width: 120 }} value={channel} onChange={reset(setChannel)} options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))} aria-label="渠道" />
          <DatePicker.RangePicker value={range} onChange={(v) => reset(setRange)(v as [Dayjs | null, Dayjs | null] | null)} placeholder={['申请日期起', '申请日期止']} />
          <Space size={4}>
            <Switch size="small" checked={overdue} onChange={reset(setOverdue)} aria-label="只看超期" />
            <Typography.Text>只看超期</Typography.Text>
          </Space>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} data-testid="case-export">
            导出 Excel
          </Button>
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
            { title: '事项', dataIndex: 'itemName', ellipsis: { showTitle: true } },
            { title: '部门', dataIndex: 'departmentName', ellipsis: { showTitle: true }, responsive: ['lg'], render: (n: string) => n.replace(/^邵东市/, '') },
            { title: '申请人', render: (_, c) => c.applicant.name },
            { title: '渠道', dataIndex: 'channel', render: (v: string, c) => <Space size={2}>{CHANNEL_LABELS[v] ?? v}{c.greenChannel && <Tag color="green">{c.greenChannel}</Tag>}{c.bundleNo && <Tag color="purple">一件事</Tag>}</Space> },
            { title: '状态', dataIndex: 'statusLabel' },
            { title: '承诺办结日', render: (_, c) => c.promisedDueDate ?? (c.clock.intakeDueDate ? `答复期限 ${c.clock.intakeDueDate}` : '—') },
            { title: '剩余时限', render: (_, c) => <Tag color={c.status === 'completed' ? (c.onTime ? 'green' : 'red') : dueColor(c)}>{c.status === 'completed' ? (c.onTime ? '按时办结' : '超期办结') : daysLeftText(c)}</Tag> },
          ]}
        />
        <Typography.Text type="secondary" data-testid="case-total">共 {data?.total ?? 0} 件</Typography.Text>
      </Card>
    </>
  );
}
