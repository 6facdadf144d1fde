import { useState } from 'react';
import { Badge, Card, Col, Empty, Segmented, Space, Typography } from 'antd';
import { SimpleList } from './SimpleList';
import { useApi } from '../../app/useApi';
import { RoleHome } from '../home/RoleHome';
import { HotlineLimitsCard } from './HotlineLimitsCard';
import { OrderDrawer, OrderTags } from './OrderDrawer';
import { OrderTitle } from './OrderTable';
import { hotlineApi, shortTime } from './hotline.api';

const { Text, Paragraph } = Typography;

const VIEWS = [
  { value: 'dispatched', label: '待签收' },
  { value: 'signed,reopened', label: '办理中' },
  { value: 'replied,callback', label: '已回复' },
  { value: '', label: '全部' },
];

/**
 * 成员单位工单 (unit): the unit's inbox — overdue and urgent orders first, then by the next deadline; sign for,
 * return, reply, ask for more time. Cards, so it works on a phone.
 */
export default function UnitHome() {
  const [view, setView] = useState('dispatched');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const list = useApi(() => hotlineApi.listOrders({ status: view || undefined, sort: 'inbox', page, pageSize: 10 }), [view, page, tick]);
  const pending = useApi(() => hotlineApi.listOrders({ status: 'dispatched', pageSize: 1 }), [tick]);
  return (
    <RoleHome title="成员单位工单">
      <Col xs={24} xl={12}>
        <Card
          title={
            <Space>
              本单位工单
              <Badge count={pending.data?.total ?? 0} title="待签收" />
            </Space>
          }
          data-testid="unit-inbox"
        >
          <Segmented block options={VIEWS} value={view} onChange={(v) => (setView(String(v)), setPage(1))} style={{ marginBottom: 12 }} />
          {(list.data?.items.length ?? 0) === 0 && !list.loading ? (
            <Empty description="暂无工单" />
          ) : (
            <SimpleList
              loading={list.loading}
              items={list.data?.items ?? []}
              rowKey={(o) => o.id}
              page={page}
              total={list.data?.total}
              onPage={setPage}
              onClick={(o) => setOpen(o.id)}
              testId="unit-order"
              render={(o) => (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
                    <Text strong>{o.orderNo}</Text>
                    <OrderTags o={o} />
                  </Space>
                  {/* a title typed by the operator; one cut from the content would only repeat it */}
                  {!o.content.startsWith(o.title.replace(/[…．.]+$/, '')) && <OrderTitle title={o.title} />}
                  <Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                    {o.content}
                  </Paragraph>
                  <Text type="secondary" style={{ fontSize: 12 }}>
                    {o.status === 'dispatched' ? `签收期限 ${shortTime(o.signDueAt)}` : `办结期限 ${shortTime(o.finishDueAt)}`} · 受理 {shortTime(o.createdAt)}
                  </Text>
                </Space>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <HotlineLimitsCard />
      </Col>
      <OrderDrawer id={open} onClose={() => setOpen(null)} onChanged={() => setTick((t) => t + 1)} />
    </RoleHome>
  );
}
