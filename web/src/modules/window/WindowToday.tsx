import { Badge, Card, Empty, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { useServerClock } from '../../app/useServerClock';
import { casesApi, daysLeftText, dueColor, type CaseListItem } from '../cases/cases.api';

const { Text } = Typography;

function CaseRows({ items, loading, testId }: { items: CaseListItem[]; loading: boolean; testId: string }) {
  if (!loading && items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有办件" />;
  return (
    <Table<CaseListItem>
      rowKey="caseNo"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={false}
      data-testid={testId}
      columns={[
        { title: '办件号', dataIndex: 'caseNo', width: 200, render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
        { title: '事项', dataIndex: 'itemName', ellipsis: { showTitle: true } },
        { title: '申请人', width: 150, ellipsis: { showTitle: true }, render: (_, c) => c.applicant.name },
        { title: '状态', dataIndex: 'statusLabel', width: 90 },
        { title: '时限', width: 130, render: (_, c) => <Tag color={dueColor(c)}>{daysLeftText(c)}</Tag> },
      ]}
    />
  );
}

/**
 * 今日本窗口: the applications this clerk took in that still wait for 受理 / 补正 (next deadline first) and
 * everything taken in today. "Today" is the server's 北京时间 date, so a demo clock shows its own day.
 */
export function WindowToday() {
  const { date, synced } = useServerClock(60_000);
  const pendingRaw = useApi((signal) => casesApi.list({ mine: true, status: 'submitted,correction_requested', sort: 'due', pageSize: 100 }, signal), []);
  // A case left unanswered past its intake window already counts as accepted (§32): it waits no more.
  const waiting = (pendingRaw.data?.items ?? []).filter((c) => c.status === 'submitted' || c.status === 'correction_requested');
  const pending = { loading: pendingRaw.loading, data: { items: waiting.slice(0, 10), total: waiting.length } };
  const today = useApi((signal) => (synced ? casesApi.list({ mine: true, from: date, to: date, sort: 'submitted', pageSize: 10 }, signal) : Promise.resolve(undefined)), [date, synced]);
  return (
    <Card title="今日本窗口" size="small" data-testid="window-today" extra={<Link to="/cases">全部办件</Link>}>
      <Tabs
        size="small"
        items={[
          {
            key: 'pending',
            label: (
              <span>
                待受理/待补正 <Badge count={pending.data?.total ?? 0} showZero color="#faad14" />
              </span>
            ),
            children: <CaseRows items={pending.data?.items ?? []} loading={pending.loading} testId="window-pending" />,
          },
          {
            key: 'today',
            label: (
              <span>
                今日收件 <Badge count={today.data?.total ?? 0} showZero color="#1f5fbf" />
              </span>
            ),
            children: <CaseRows items={today.data?.items ?? []} loading={today.loading} testId="window-today-list" />,
          },
        ]}
      />
      {(pending.data?.total ?? 0) > 10 && <Text type="secondary">仅显示时限最近的 10 件</Text>}
    </Card>
  );
}
