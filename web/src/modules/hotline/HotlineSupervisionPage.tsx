import { useState } from 'react';
import { Card, Col, Row, Table, Tabs, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { PageHeader } from '../../components/PageHeader';
import { HotlineKpiCard } from './OperatorHome';
import { OrderDrawer } from './OrderDrawer';
import { OrderTable } from './OrderTable';
import { hotlineApi, shortTime, type SupervisionLetter } from './hotline.api';

/** 热线督办 (leader): 督办函 and their deadlines, late orders, extension approvals, every open order. */
export default function HotlineSupervisionPage() {
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const letters = useApi(() => hotlineApi.supervisions(), [tick]);
  const late = useApi(() => hotlineApi.late(), [tick]);
  const bump = () => setTick((t) => t + 1);
  return (
    <div>
      <PageHeader title="热线督办" subtitle="督办函、超时工单与延期审批；点击工单查看详情并督办" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <HotlineKpiCard refreshKey={tick} />
        </Col>
        <Col xs={24} xl={12}>
          <Card title="超时工单" style={{ height: '100%' }}>
            <Table
              size="small"
              rowKey={(r) => `${r.id}-${r.kind}`}
              dataSource={late.data?.items ?? []}
              pagination={{ pageSize: 5 }}
              onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: '工单号', dataIndex: 'orderNo' },
                { title: '超时类型', dataIndex: 'kind', render: (k: string) => <Tag color="error">{k === 'sign_late' ? '超时未签收' : '超时未办结'}</Tag> },
                { title: '期限', dataIndex: 'dueAt', render: (v: string) => shortTime(v) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card>
            <Tabs
              items={[
                {
                  key: 'letters',
                  label: '督办函',
                  children: (
                    <Table<SupervisionLetter>
                      size="small"
                      rowKey="id"
                      loading={letters.loading}
                      dataSource={letters.data?.items ?? []}
                      scroll={{ x: 800 }}
                      onRow={(r) => ({ onClick: () => setOpen(r.orderId), style: { cursor: 'pointer' } })}
                      columns={[
                        { title: '工单号', dataIndex: 'orderNo', width: 150 },
                        { title: '标题', dataIndex: 'title', ellipsis: true },
                        { title: '承办单位', dataIndex: 'unitName', width: 170, render: (v: string | null) => v ?? '（待派单）' },
                        { title: '督办意见', dataIndex: 'content', ellipsis: true },
                        { title: '督办人', dataIndex: 'issuedByName', width: 90, render: (v: string, r) => (r.auto ? <Tag>系统</Tag> : v) },
                        { title: '期限', dataIndex: 'dueAt', width: 110, render: (v: string) => shortTime(v) },
                        {
                          title: '状态',
                          key: 's',
                          width: 90,
                          render: (_: unknown, r) => (r.answeredAt ? <Tag color="green">已回复</Tag> : r.overdue ? <Tag color="error">逾期</Tag> : <Tag color="orange">待回复</Tag>),
                        },
                      ]}
                    />
                  ),
                },
                { key: 'ext', label: '延期审批', children: <OrderTable status="" extensionPending refreshKey={tick} onChanged={bump} testId="extension-queue" /> },
                { key: 'open', label: '办理中工单', children: <OrderTable status="dispatched,signed,reopened" refreshKey={tick} onChanged={bump} /> },
                { key: 'all', label: '全部工单', children: <OrderTable refreshKey={tick} onChanged={bump} /> },
              ]}
            />
            <Typography.Text type="secondary">延期申请在「延期审批」中打开工单详情批准或驳回；督办在工单详情中发出。</Typography.Text>
          </Card>
        </Col>
      </Row>
      <OrderDrawer id={open} onClose={() => setOpen(null)} onChanged={bump} />
    </div>
  );
}
