import { useState } from 'react';
import { Button, Select, Space, Table, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { OrderDrawer, OrderTags } from './OrderDrawer';
import { hotlineApi, shortTime, type WorkOrder } from './hotline.api';

const STATUS_FILTERS = [
  { value: '', label: '全部状态' },
  { value: 'received', label: '已受理' },
  { value: 'dispatched', label: '已派单' },
  { value: 'signed,reopened', label: '办理中' },
  { value: 'returned', label: '已退单' },
  { value: 'replied,callback', label: '待回访' },
  { value: 'answered,closed', label: '已办结' },
];

/** Work orders with a status filter; a row opens the detail drawer with the role's actions. */
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
  const [status, setStatus] = useState(fixedStatus ?? '');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const list = useApi(() => hotlineApi.listOrders({ status: status || undefined, extensionPending, page, pageSize: 10 }), [status, extensionPending, page, tick, refreshKey]);
  return (
    <div data-testid={testId}>
      {fixedStatus === undefined && (
        <Space style={{ marginBottom: 12 }}>
          <Select value={status} options={STATUS_FILTERS} style={{ width: 140 }} onChange={(v) => (setStatus(v), setPage(1))} />
          <Button onClick={() => setTick((t) => t + 1)}>刷新</Button>
        </Space>
      )}
      <Table<WorkOrder>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '工单号', dataIndex: 'orderNo', width: 150, render: (v: string) => <Typography.Link>{v}</Typography.Link> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '状态', key: 'tags', width: 200, render: (_: unknown, r) => <OrderTags o={r} /> },
          { title: '承办单位', dataIndex: 'unitName', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
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
