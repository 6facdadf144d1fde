import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, Empty, Form, Input, Row, Select, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { SimpleList } from './SimpleList';
import { useApi } from '../../app/useApi';
import { RoleHome } from '../home/RoleHome';
import { HotlineLimitsCard } from './HotlineLimitsCard';
import { OrderDrawer } from './OrderDrawer';
import { OrderTable } from './OrderTable';
import { CATEGORY_OPTIONS, hotlineApi, monthRange, pct, type KbEntry } from './hotline.api';
import { KPI_LABELS } from '../../../../src/shared/kpi-labels';
import { LIMITS } from '../../../../src/shared/limits';

const { Paragraph, Text } = Typography;

/** This month's hotline figures; they move as orders close. */
export function HotlineKpiCard({ refreshKey = 0 }: { refreshKey?: number }) {
  const { from, to } = monthRange();
  const k = useApi(() => hotlineApi.kpis(from, to), [from, to, refreshKey]);
  const v = k.data?.kpis ?? {};
  const items = (['hotline.connectRate', 'hotline.onTimeRate', 'hotline.callbackRate', 'hotline.satisfactionRate', 'hotline.directAnswerRate', 'mailbox.completionRate'] as const).map(
    (key) => [key, KPI_LABELS[key].short ?? KPI_LABELS[key].label] as const,
  );
  return (
    <Card title={`本月热线指标（${from} 至 ${to}）`} style={{ height: '100%' }} data-testid="hotline-kpis">
      <Row gutter={[16, 16]}>
        {items.map(([key, label]) => (
          <Col xs={12} sm={8} key={key}>
            <Statistic title={label} value={pct(v[key])} styles={{ content: { fontSize: 22 } }} />
            <Text type="secondary" style={{ fontSize: 12 }} data-testid={`kpi-${key}`}>
              {v[key] ? `${v[key].numerator} / ${v[key].denominator}` : ''}
            </Text>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** Knowledge base search beside the intake form: the operator answers from it or cites it. */
function KbPanel({ query, onUse }: { query: string; onUse: (e: KbEntry) => void }) {
  const [q, setQ] = useState('');
  const term = q || query;
  const res = useApi(() => (term.trim().length >= 2 ? hotlineApi.searchKb(term) : Promise.resolve({ items: [], total: 0 })), [term]);
  return (
    <Card title="知识库" size="small" style={{ height: '100%' }} data-testid="kb-panel">
      <Input.Search placeholder="输入关键词检索，如：社保卡补办" allowClear onSearch={setQ} style={{ marginBottom: 12 }} data-testid="kb-search" />
      {(res.data?.items.length ?? 0) === 0 ? (
        <Empty description={term ? '没有找到相关口径' : '输入诉求内容后自动检索'} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <SimpleList
          items={res.data!.items}
          rowKey={(e) => e.id}
          render={(e) => (
            <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Space size={4} wrap>
                  <Text strong>{e.title}</Text>
                  <Tag>{e.departmentName}</Tag>
                </Space>
                <Paragraph ellipsis={{ rows: 2 }} type="secondary" style={{ margin: 0 }}>
                  {e.content}
                </Paragraph>
              </div>
              <Button size="small" onClick={() => onUse(e)}>
                引用
              </Button>
            </div>
          )}
        />
      )}
    </Card>
  );
}

/** 来电登记: a new order from a call, with the knowledge base beside it. */
function IntakeForm({ onCreated }: { onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [kbEntry, setKbEntry] = useState<KbEntry | null>(null);
  const content = Form.useWatch('content', form) ?? '';
  // A city or province centre serves several counties: the operator picks the county (default: the centre's own).
  const regions = useApi(() => hotlineApi.regions(), []).data ?? [];
  const regionOptions = regions.length > 1 ? regions.map((r) => ({ value: r.code, label: r.installation ? `${r.code}（本级）` : r.code })) : null;

  const submit = async (answerDirectly: boolean) => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = {
        channel: 'phone',
        category: v.category,
        urgency: v.urgent ? 'urgent' : 'normal',
        content: v.content,
        address: v.address || undefined,
        citizen: { name: v.name || undefined, phone: v.phone || undefined },
        deputy: v.deputy ? { kind: v.deputy, name: v.deputyName || undefined } : undefined,
        caseNo: v.caseNo || undefined,
        region: v.region || undefined,
      };
      const o = await hotlineApi.createOrder(body);
      if (answerDirectly && kbEntry) {
        await hotlineApi.act(o.id, { action: 'answer', content: kbEntry.content, kbEntryId: kbEntry.id });
        void message.success(`已登记工单 ${o.orderNo}，并按知识库直接答复办结`);
      } else {
        void message.success(`已登记工单 ${o.orderNo}，请在右侧详情中派单或答复`);
      }
      form.resetFields();
      setKbEntry(null);
      onCreated(o.id);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title="来电登记" size="small">
          <Form form={form} layout="vertical" initialValues={{ category: 'consult' }} data-testid="intake-form">
            <Row gutter={12}>
              <Col xs={24} sm={8}>
                <Form.Item name="category" label="诉求类别" rules={[{ required: true }]}>
                  <Select options={CATEGORY_OPTIONS} data-testid="intake-category" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="name" label="来电人">
                  <Input maxLength={LIMITS.personName} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^[0-9+\- ]{7,20}$/, message: '电话格式不正确' }]}>
                  <Input maxLength={LIMITS.phone} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }]}>
              <Input.TextArea rows={4} maxLength={LIMITS.content} showCount placeholder="记录来电人反映的问题、诉求和时间地点" />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="address" label="地点">
                  <Input maxLength={LIMITS.address} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="caseNo" label="关联办件编号（可选）">
                  <Input maxLength={LIMITS.code} placeholder="反映办件久拖不办时填写" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="deputy" label="代表委员">
                  <Select allowClear options={[{ value: 'npc', label: '人大代表' }, { value: 'cppcc', label: '政协委员' }]} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="deputyName" label="代表委员姓名">
                  <Input maxLength={LIMITS.personName} />
                </Form.Item>
              </Col>
              {regionOptions && (
                <Col xs={12} sm={8}>
                  <Form.Item name="region" label="区县" tooltip="工单按区县编号、统计；默认本级">
                    <Select allowClear options={regionOptions} placeholder="本级" data-testid="intake-region" />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} sm={8}>
                <Form.Item name="urgent" label=" " valuePropName="checked">
                  <Checkbox>紧急诉求（按小时计时）</Checkbox>
                </Form.Item>
              </Col>
            </Row>
            {kbEntry && (
              <Paragraph type="success" data-testid="kb-cited">
                已引用知识库：{kbEntry.title} <Button type="link" size="small" onClick={() => setKbEntry(null)}>取消引用</Button>
              </Paragraph>
            )}
            <Space wrap>
              <Button type="primary" loading={busy} onClick={() => void submit(false)} data-testid="intake-submit">
                登记工单
              </Button>
              <Button loading={busy} disabled={!kbEntry} onClick={() => void submit(true)}>
                按知识库直接答复
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <KbPanel query={content.slice(0, 30)} onUse={setKbEntry} />
      </Col>
    </Row>
  );
}

/** 热线坐席 (operator): the call form first, then the 待派单, order, call-back and return queues, then this month's figures. */
export default function OperatorHome() {
  const [tick, setTick] = useState(0);
  const [opened, setOpened] = useState<number | null>(null);
  const bump = () => setTick((t) => t + 1);
  return (
    <RoleHome
      title="热线坐席"
      lead={
        <Card>
          <Tabs
            items={[
              {
                key: 'intake',
                label: '来电登记',
                children: (
                  <IntakeForm
                    onCreated={(id) => {
                      bump();
                      setOpened(id);
                    }}
                  />
                ),
              },
              { key: 'dispatch', label: '待派单', children: <OrderTable status="received" refreshKey={tick} onChanged={bump} testId="dispatch-queue" /> },
              { key: 'orders', label: '工单管理', children: <OrderTable refreshKey={tick} onChanged={bump} /> },
              { key: 'callback', label: '待回访', children: <OrderTable status="replied,callback" refreshKey={tick} onChanged={bump} testId="callback-queue" /> },
              { key: 'returned', label: '退单待处理', children: <OrderTable status="returned" refreshKey={tick} onChanged={bump} testId="returned-queue" /> },
            ]}
          />
        </Card>
      }
    >
      <Col xs={24} xl={12}>
        <HotlineKpiCard refreshKey={tick} />
      </Col>
      <Col xs={24} xl={12}>
        <HotlineLimitsCard />
      </Col>
      <OrderDrawer id={opened} onClose={() => setOpened(null)} onChanged={bump} />
    </RoleHome>
  );
}
