import { useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Switch, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useUser } from '../../app/auth';
import { downloadFile } from '../../app/download';
import { useApi } from '../../app/useApi';
import { OrderDrawer, OrderTags } from './OrderDrawer';
import { hotlineApi, shortTime, type WorkOrder } from './hotline.api';

const STATUS_FILTERS = [
  { value: '', label: '全部状态' },
  { value: 'received', label: '待派单' },
  { value: 'dispatched', label: '已派单' },
  { value: 'signed,reopened', label: '办理中' },
  { value: 'returned', label: '已退单' },
  { value: 'replied,callback', label: '待回访' },
  { value: 'answered,closed', label: '已办结' },
];

/** A title cut with an ellipsis at the cell's edge, never mid-word by a fixed length; the whole text on hover. */
export function OrderTitle({ title }: { title: string }) {
  return (
    <Tooltip title={title} placement="topLeft">
      <span style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{title}</span>
    </Tooltip>
  );
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/**
 * Work orders found by number, title, content or caller; narrowed by status, unit, receipt dates and
 * 超时; exported as listed. A row opens the detail drawer with the role's actions.
 */
export function OrderTable({
  status: fixedStatus,
  extensionPending,
  refreshKey = 0,
  onChanged,
  testId = 'order-table',
}: {
  status?: string;
  extensionPending?: boolean;
  refreshKey?: number;
  onChanged?: () => void;
  testId?: string;
}) {
  const user = useUser();
  const centre = user.roles.some((r) => ['operator', 'admin', 'leader', 'supervisor'].includes(r));
  const [status, setStatus] = useState(fixedStatus ?? '');
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<number | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [late, setLate] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const [exporting, setExporting] = useState(false);
  const query = { status: status || undefined, extensionPending, q: q.trim() || undefined, unitId, from: day(range?.[0]), to: day(range?.[1]), late: late || undefined };
  const key = JSON.stringify(query);
  const list = useApi(() => hotlineApi.listOrders({ ...query, page, pageSize: 10 }), [key, page, tick, refreshKey]);
  const units = useApi(() => (centre && fixedStatus === undefined ? hotlineApi.units() : Promise.resolve([])), [centre, fixedStatus]);
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const exportList = async () => {
    setExporting(true);
    try {
      await downloadFile('/workorders/export.xlsx', query, '工单清单.xlsx');
    } catch {
      // the refusal is already on screen
    } finally {
      setExporting(false);
    }
  };
  return (
    <div data-testid={testId}>
      {fixedStatus === undefined && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Input.Search allowClear placeholder="工单号 / 标题 / 内容 / 来电人" style={{ width: 240 }} onSearch={reset(setQ)} data-testid="order-search" />
          <Select value={status} options={STATUS_FILTERS} style={{ width: 120 }} onChange={reset(setStatus)} aria-label="状态" />
          {centre && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="全部承办单位"
              style={{ width: 200 }}
              value={unitId}
              onChange={reset(setUnitId)}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name.replace(/^邵东市/, '') }))}
              aria-label="承办单位"
            />
          )}
          <DatePicker.RangePicker value={range} onChange={(v) => reset(setRange)(v as [Dayjs | null, Dayjs | null] | null)} placeholder={['受理日期起', '受理日期止']} />
          <Space size={4}>
            <Switch size="small" checked={late} onChange={reset(setLate)} aria-label="只看超时" />
            <Typography.Text>只看超时</Typography.Text>
          </Space>
          <Button onClick={() => setTick((t) => t + 1)}>刷新</Button>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} data-testid="order-export">
            导出 Excel
          </Button>
        </Space>
      )}
      <Table<WorkOrder>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '工单号', dataIndex: 'orderNo', width: 150, render: (v: string) => <Typography.Link>{v}</Typography.Link> },
          { title: '标题', dataIndex: 'title', ellipsis: true, render: (v: string) => <OrderTitle title={v} /> },
          { title: '状态', key: 'tags', width: 200, render: (_: unknown, r) => <OrderTags o={r} /> },
          { title: '承办单位', dataIndex: 'unitName', width: 170, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
          { title: '来电人', key: 'citizen', width: 130, render: (_: unknown, r) => `${r.citizen.name ?? '匿名'} ${r.citizen.phone ?? ''}` },
          { title: '受理时间', dataIndex: 'createdAt', width: 110, render: (v: string) => shortTime(v) },
        ]}
      />
      <OrderDrawer
        id={open}
        onClose={() => setOpen(null)}
        onChanged={() => {
          setTick((t) => t + 1);
          onChanged?.();
        }}
      />
    </div>
  );
}
