import { useState } from 'react';
import { Card, Col, Row, Segmented, Statistic, Table } from 'antd';
import { useApi } from '../../app/useApi';
import { PageHeader } from '../../components/PageHeader';
import { OrderDrawer, OrderTags } from './OrderDrawer';
import { hotlineApi, shortTime, type WorkOrder } from './hotline.api';

/** 人大代表、政协委员 台账: every order they raised, its unit, deadline and outcome. */
export default function DeputiesLedgerPage() {
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const ledger = useApi(() => hotlineApi.deputies(kind || undefined, page), [kind, page, tick]);
  const s = ledger.data?.summary;
  return (
    <div>
      <PageHeader title="代表委员台账" subtitle="人大代表、政协委员通过 12345 反映的诉求，签收后 5 个工作日内办结" />
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Card><Statistic title="诉求总数" value={s?.total ?? 0} /></Card>
        </Col>
        <Col xs={8}>
          <Card><Statistic title="已办结" value={s?.finished ?? 0} /></Card>
        </Col>
        <Col xs={8}>
          <Card><Statistic title="按时办结" value={s?.onTime ?? 0} /></Card>
        </Col>
        <Col xs={24}>
          <Card>
            <Segmented
              options={[
                { value: '', label: '全部' },
                { value: 'npc', label: '人大代表' },
                { value: 'cppcc', label: '政协委员' },
              ]}
              value={kind}
              onChange={(v) => (setKind(String(v)), setPage(1))}
              style={{ marginBottom: 12 }}
            />
            <Table<WorkOrder>
              rowKey="id"
              size="small"
              loading={ledger.loading}
              dataSource={ledger.data?.items ?? []}
              scroll={{ x: 800 }}
              pagination={{ current: page, pageSize: 20, total: ledger.data?.total ?? 0, onChange: setPage }}
              onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: '工单号', dataIndex: 'orderNo', width: 150 },
                { title: '代表委员', key: 'd', width: 140, render: (_: unknown, r) => `${r.deputy?.kind === 'npc' ? '人大代表' : '政协委员'} ${r.deputy?.name ?? ''}` },
                { title: '诉求', dataIndex: 'title', ellipsis: true },
                { title: '状态', key: 't', width: 180, render: (_: unknown, r) => <OrderTags o={r} /> },
                { title: '承办单位', dataIndex: 'unitName', width: 170, render: (v: string | null) => v ?? '—' },
                { title: '办结期限', dataIndex: 'finishDueAt', width: 110, render: (v: string | null) => shortTime(v) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <OrderDrawer id={open} onClose={() => setOpen(null)} onChanged={() => setTick((t) => t + 1)} />
    </div>
  );
}
