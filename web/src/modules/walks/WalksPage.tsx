import { useState } from 'react';
import { App as AntApp, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';

interface Measure {
  id: number;
  itemName: string;
  problem: string;
  problemCategoryLabel: string;
  description: string;
  ownerDepartmentName: string | null;
  dueOn: string;
  status: 'open' | 'done';
  statusLabel: string;
  overdue: boolean;
  evidence: string | null;
}
interface Campaign {
  people: number;
  items: number;
  problems: number;
  measures: number;
  rectified: number;
  rectifiedRate: number | null;
  byChannel: Record<string, number>;
}
interface Meta {
  channels: Array<{ code: string; label: string }>;
  categories: Array<{ code: string; label: string }>;
}
interface Dept {
  id: number;
  name: string;
}

/** 走流程: the campaign's figures, recording a walk with its 堵点 and measures, and the measures board. */
export default function WalksPage() {
  const { message } = AntApp.useApp();
  const year = dayjs().format('YYYY');
  const [filter, setFilter] = useState<'open' | 'overdue' | 'done' | undefined>('open');
  const [page, setPage] = useState(1);
  const campaign = useApi(() => api.get<Campaign>('/walks/campaign', { from: `${year}-01-01`, to: dayjs().format('YYYY-MM-DD') }), [year]);
  const meta = useApi(() => api.get<Meta>('/walks/meta'), []);
  const depts = useApi(() => api.get<ListResult<Dept>>('/departments'), []);
  const measures = useApi(
    () => api.get<ListResult<Measure>>('/walks/measures', { status: filter === 'overdue' ? undefined : filter, overdue: filter === 'overdue' ? true : undefined, page, pageSize: 10 }),
    [filter, page],
  );
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<Measure | null>(null);
  const [evidence, setEvidence] = useState('');
  const [form] = Form.useForm();

  const submit = async () => {
    const v = await form.validateFields();
    await api.post('/walks', {
      itemName: v.itemName,
      channel: v.channel,
      walkedOn: v.walkedOn.format('YYYY-MM-DD'),
      steps: String(v.steps).split(/\n+/),
      minutes: v.minutes,
      problems: v.problem
        ? [{ category: v.category ?? 'other', description: v.problem, measures: v.measure ? [{ description: v.measure, ownerDepartmentId: v.owner, dueWorkdays: v.dueWorkdays }] : [] }]
        : [],
    });
    message.success('已登记走流程');
    setOpen(false);
    form.resetFields();
    campaign.reload();
    measures.reload();
  };

  const complete = async () => {
    if (!done) return;
    await api.post(`/walks/measures/${done.id}/complete`, { evidence });
    message.success('已报送整改完成');
    setDone(null);
    setEvidence('');
    measures.reload();
    campaign.reload();
  };

  const c = campaign.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={`${year} 年“走流程、解难题、优服务”`}
        extra={
          <Button type="primary" onClick={() => setOpen(true)} data-testid="walk-new">
            登记走流程
          </Button>
        }
      >
        <Row gutter={[16, 16]}>
          {[
            ['走流程人数', c?.people, '人'],
            ['走流程事项', c?.items, '项'],
            ['发现堵点', c?.problems, '个'],
            ['整改措施', c?.measures, '条'],
          ].map(([t, v, u]) => (
            <Col xs={12} md={6} key={String(t)}>
              <Statistic title={t} value={v ?? '—'} suffix={u} />
            </Col>
          ))}
          <Col xs={12} md={6}>
            <Statistic title="整改完成率" value={c?.rectifiedRate == null ? '—' : (c.rectifiedRate * 100).toFixed(1)} suffix={c?.rectifiedRate == null ? '' : '%'} />
          </Col>
          <Col xs={24} md={18}>
            <Typography.Text type="secondary">
              渠道：{meta.data?.channels.map((ch) => `${ch.label} ${c?.byChannel[ch.code] ?? 0} 项`).join('，')}
            </Typography.Text>
          </Col>
        </Row>
      </Card>
      <Card
        title="堵点整改台账"
        extra={
          <Select
            value={filter ?? 'all'}
            style={{ width: 120 }}
            onChange={(v) => {
              setFilter(v === 'all' ? undefined : (v as 'open' | 'overdue' | 'done'));
              setPage(1);
            }}
            options={[
              { value: 'open', label: '整改中' },
              { value: 'overdue', label: '已逾期' },
              { value: 'done', label: '已整改' },
              { value: 'all', label: '全部' },
            ]}
          />
        }
      >
        <Table<Measure>
          rowKey="id"
          size="small"
          loading={measures.loading}
          dataSource={measures.data?.items}
          scroll={{ x: 900 }}
          pagination={{ current: page, total: measures.data?.total, pageSize: 10, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
          columns={[
            { title: '事项', dataIndex: 'itemName', width: 160 },
            { title: '堵点', render: (_, m) => <>{m.problem} <Tag>{m.problemCategoryLabel}</Tag></> },
            { title: '整改措施', dataIndex: 'description' },
            { title: '责任部门', dataIndex: 'ownerDepartmentName', width: 160 },
            { title: '整改期限', dataIndex: 'dueOn', width: 110 },
            { title: '状态', width: 90, render: (_, m) => (m.overdue ? <Tag color="red">已逾期</Tag> : <Tag color={m.status === 'done' ? 'green' : 'blue'}>{m.statusLabel}</Tag>) },
            { title: '', width: 100, render: (_, m) => (m.status === 'open' ? <Button size="small" onClick={() => setDone(m)}>报送完成</Button> : null) },
          ]}
        />
      </Card>
      <Modal title="登记走流程" open={open} onOk={submit} onCancel={() => setOpen(false)} okText="保存" width={640} destroyOnClose>
        <Form form={form} layout="vertical" initialValues={{ channel: 'window', walkedOn: dayjs(), dueWorkdays: 10, category: 'steps' }}>
          <Form.Item name="itemName" label="事项" rules={[{ required: true, message: '请填写所走的事项' }]}>
            <Input maxLength={LIMITS.title} placeholder="如：不动产转移登记" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="channel" label="渠道">
              <Select style={{ width: 120 }} options={meta.data?.channels.map((ch) => ({ value: ch.code, label: ch.label }))} />
            </Form.Item>
            <Form.Item name="walkedOn" label="日期" rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="minutes" label="用时（分钟）" rules={[{ required: true, message: '请填写用时' }]}>
              <InputNumber min={1} max={100000} />
            </Form.Item>
          </Space>
          <Form.Item name="steps" label="体验环节（每行一个）" rules={[{ required: true, message: '请填写体验的环节' }]}>
            <Input.TextArea rows={3} placeholder={'取号\n递交材料\n缴费'} />
          </Form.Item>
          <Form.Item name="problem" label="发现的堵点（可不填）">
            <Input.TextArea rows={2} maxLength={LIMITS.note} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="category" label="堵点类别">
              <Select style={{ width: 140 }} options={meta.data?.categories.map((x) => ({ value: x.code, label: x.label }))} />
            </Form.Item>
            <Form.Item name="owner" label="责任部门">
              <Select style={{ width: 240 }} showSearch optionFilterProp="label" options={depts.data?.items.map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Form.Item name="dueWorkdays" label="整改期限（工作日）">
              <InputNumber min={1} max={250} />
            </Form.Item>
          </Space>
          <Form.Item name="measure" label="整改措施">
            <Input.TextArea rows={2} maxLength={LIMITS.note} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title={`报送整改完成：${done?.description ?? ''}`} open={done !== null} onOk={complete} onCancel={() => setDone(null)} okText="报送" okButtonProps={{ disabled: !evidence.trim() }}>
        <Input.TextArea rows={3} value={evidence} onChange={(e) => setEvidence(e.target.value)} placeholder="整改成效或佐证材料" maxLength={LIMITS.note} />
      </Modal>
    </Space>
  );
}
