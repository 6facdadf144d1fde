import { useState } from 'react';
import { App as AntApp, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';

interface Option {
  code: string;
  label: string;
}
interface Meta {
  connectionStatuses: Option[];
  incidentCategories: Option[];
  incidentSeverities: Option[];
  trainingAudiences: Option[];
}
interface Connection {
  departmentId: number;
  departmentName: string;
  kind: 'township' | 'village';
  connected: boolean;
  status: string | null;
  statusLabel: string;
  bandwidthMbps: number | null;
  connectedOn: string | null;
  note: string | null;
}
interface Coverage {
  units: number;
  connected: number;
}
interface Connections extends ListResult<Connection> {
  townships: Coverage;
  villages: Coverage;
}
interface Incident {
  id: number;
  occurredOn: string;
  categoryLabel: string;
  severity: string;
  severityLabel: string;
  target: string;
  description: string;
  status: 'open' | 'handled';
  handledOn: string | null;
  measures: string | null;
}
interface Training {
  id: number;
  title: string;
  heldOn: string;
  audienceLabel: string;
  attendees: number;
  hours: number;
  place: string;
}

const KIND_LABELS = { township: '乡镇（街道）', village: '村（社区）' } as const;
const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/**
 * 电子政务外网与业务培训 (the report's section 二（三）and the 乡镇政务中心 业务培训): the extranet connection register of
 * every township and village, the security incidents handled, and the training sessions; admins record.
 */
export default function EgovPage() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const keeper = hasRole('admin');
  const year = dayjs().format('YYYY');
  const period = { from: `${year}-01-01`, to: dayjs().format('YYYY-MM-DD') };
  const [kind, setKind] = useState<'township' | 'village' | undefined>('township');
  const [incPage, setIncPage] = useState(1);
  const [trPage, setTrPage] = useState(1);
  const meta = useApi(() => api.get<Meta>('/egov/meta'), []);
  const connections = useApi(() => api.get<Connections>('/egov/connections', { kind }), [kind]);
  // The counts over both levels, whatever level the table shows.
  const coverage = useApi(() => api.get<Connections>('/egov/connections'), []);
  const incidents = useApi(() => api.get<ListResult<Incident>>('/egov/incidents', { ...period, page: incPage, pageSize: 10 }), [incPage]);
  const handled = useApi(() => api.get<ListResult<Incident>>('/egov/incidents', { ...period, status: 'handled', pageSize: 1 }), []);
  const trainings = useApi(() => api.get<ListResult<Training> & { attendees: number }>('/egov/trainings', { ...period, page: trPage, pageSize: 10 }), [trPage]);
  const [incidentOpen, setIncidentOpen] = useState(false);
  const [trainingOpen, setTrainingOpen] = useState(false);
  const [incidentForm] = Form.useForm();
  const [trainingForm] = Form.useForm();

  const saveIncident = async () => {
    const v = await incidentForm.validateFields();
    await api.post('/egov/incidents', {
      occurredOn: day(v.occurredOn),
      category: v.category,
      severity: v.severity,
      target: v.target,
      description: v.description,
      status: v.status,
      handledOn: v.status === 'handled' ? day(v.handledOn) : null,
      measures: v.status === 'handled' ? v.measures || null : null,
    });
    message.success('已登记安全事件');
    setIncidentOpen(false);
    incidentForm.resetFields();
    incidents.reload();
    handled.reload();
  };

  const saveTraining = async () => {
    const v = await trainingForm.validateFields();
    await api.post('/egov/trainings', { title: v.title, heldOn: day(v.heldOn), audience: v.audience, attendees: v.attendees, hours: v.hours, place: v.place, summary: v.summary || null });
    message.success('已登记业务培训');
    setTrainingOpen(false);
    trainingForm.resetFields();
    trainings.reload();
  };

  const c = connections.data;
  const all = coverage.data;
  const stats: Array<[string, string | number, string]> = [
    ['乡镇（街道）接入', all ? `${all.townships.connected} / ${all.townships.units}` : '—', '个'],
    ['村（社区）接入', all ? `${all.villages.connected} / ${all.villages.units}` : '—', '个'],
    [`${year} 年处置安全事件`, handled.data?.total ?? '—', '起'],
    [`${year} 年业务培训`, trainings.data?.total ?? '—', '场'],
    ['参训人数', trainings.data?.attendees ?? '—', '人次'],
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="电子政务外网与业务培训">
        <Row gutter={[16, 16]}>
          {stats.map(([t, v, u]) => (
            <Col xs={12} md={8} lg={4} key={t}>
              <Statistic title={t} value={v} suffix={u} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'connections',
              label: '外网接入台账',
              children: (
                <>
                  <Select
                    value={kind ?? 'all'}
                    style={{ width: 160, marginBottom: 12 }}
                    onChange={(v) => setKind(v === 'all' ? undefined : (v as 'township' | 'village'))}
                    options={[
                      { value: 'township', label: '乡镇（街道）' },
                      { value: 'village', label: '村（社区）' },
                      { value: 'all', label: '全部' },
                    ]}
                  />
                  <Table<Connection>
                    rowKey="departmentId"
                    size="small"
                    loading={connections.loading}
                    dataSource={c?.items}
                    pagination={{ pageSize: 15, showTotal: (n) => `共 ${n} 个` }}
                    columns={[
                      { title: '单位', dataIndex: 'departmentName' },
                      { title: '层级', width: 120, render: (_, r) => KIND_LABELS[r.kind] },
                      { title: '接入状态', width: 200, render: (_, r) => <Tag color={r.connected ? 'green' : r.status ? 'orange' : 'default'}>{r.statusLabel}</Tag> },
                      { title: '带宽（Mbps）', dataIndex: 'bandwidthMbps', width: 120, render: (v: number | null) => v ?? '—' },
                      { title: '接入日期', dataIndex: 'connectedOn', width: 120, render: (v: string | null) => v ?? '—' },
                      { title: '备注', dataIndex: 'note', render: (v: string | null) => v ?? '' },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'incidents',
              label: '网络安全事件',
              children: (
                <>
                  {keeper && (
                    <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setIncidentOpen(true)} data-testid="incident-new">
                      登记安全事件
                    </Button>
                  )}
                  <Table<Incident>
                    rowKey="id"
                    size="small"
                    loading={incidents.loading}
                    dataSource={incidents.data?.items}
                    scroll={{ x: 900 }}
                    pagination={{ current: incPage, total: incidents.data?.total, pageSize: 10, onChange: setIncPage, showTotal: (n) => `共 ${n} 起` }}
                    columns={[
                      { title: '发生日期', dataIndex: 'occurredOn', width: 110 },
                      { title: '类别', dataIndex: 'categoryLabel', width: 200 },
                      { title: '等级', width: 80, render: (_, r) => <Tag color={r.severity === 'minor' ? 'default' : 'red'}>{r.severityLabel}</Tag> },
                      { title: '对象', dataIndex: 'target', width: 160 },
                      { title: '情况', dataIndex: 'description' },
                      { title: '处置', render: (_, r) => (r.status === 'handled' ? `${r.handledOn ?? ''} ${r.measures ?? ''}` : <Tag color="orange">处置中</Tag>) },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'trainings',
              label: '业务培训',
              children: (
                <>
                  {keeper && (
                    <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setTrainingOpen(true)} data-testid="training-new">
                      登记业务培训
                    </Button>
                  )}
                  <Table<Training>
                    rowKey="id"
                    size="small"
                    loading={trainings.loading}
                    dataSource={trainings.data?.items}
                    pagination={{ current: trPage, total: trainings.data?.total, pageSize: 10, onChange: setTrPage, showTotal: (n) => `共 ${n} 场` }}
                    columns={[
                      { title: '日期', dataIndex: 'heldOn', width: 110 },
                      { title: '培训', dataIndex: 'title' },
                      { title: '对象', dataIndex: 'audienceLabel', width: 200 },
                      { title: '参训人数', dataIndex: 'attendees', width: 100 },
                      { title: '学时', dataIndex: 'hours', width: 80 },
                      { title: '地点', dataIndex: 'place', width: 180 },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
      <Modal title="登记网络安全事件" open={incidentOpen} onOk={saveIncident} onCancel={() => setIncidentOpen(false)} okText="保存" width={640} destroyOnClose>
        <Form form={incidentForm} layout="vertical" initialValues={{ occurredOn: dayjs(), category: 'attack', severity: 'minor', status: 'handled', handledOn: dayjs() }}>
          <Space wrap>
            <Form.Item name="occurredOn" label="发生日期" rules={[{ required: true, message: '请选择发生日期' }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="category" label="事件类别" rules={[{ required: true }]}>
              <Select style={{ width: 260 }} options={meta.data?.incidentCategories.map((o) => ({ value: o.code, label: o.label }))} />
            </Form.Item>
            <Form.Item name="severity" label="事件等级" rules={[{ required: true }]}>
              <Select style={{ width: 100 }} options={meta.data?.incidentSeverities.map((o) => ({ value: o.code, label: o.label }))} />
            </Form.Item>
          </Space>
          <Form.Item name="target" label="受影响对象" rules={[{ required: true, message: '请填写受影响的系统或单位' }]}>
            <Input maxLength={200} placeholder="如：某镇政务服务中心终端" />
          </Form.Item>
          <Form.Item name="description" label="事件情况" rules={[{ required: true, message: '请填写事件情况' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="status" label="处置状态">
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'handled', label: '已处置' },
                { value: 'open', label: '处置中' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.status !== b.status}>
            {({ getFieldValue }) =>
              getFieldValue('status') === 'handled' && (
                <>
                  <Form.Item name="handledOn" label="处置日期" rules={[{ required: true, message: '请选择处置日期' }]}>
                    <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                  </Form.Item>
                  <Form.Item name="measures" label="处置措施" rules={[{ required: true, message: '请填写处置措施' }]}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
      <Modal title="登记业务培训" open={trainingOpen} onOk={saveTraining} onCancel={() => setTrainingOpen(false)} okText="保存" width={640} destroyOnClose>
        <Form form={trainingForm} layout="vertical" initialValues={{ heldOn: dayjs(), audience: 'township_center', hours: 4 }}>
          <Form.Item name="title" label="培训名称" rules={[{ required: true, message: '请填写培训名称' }]}>
            <Input maxLength={200} placeholder="如：乡镇政务服务中心业务培训" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="heldOn" label="培训日期" rules={[{ required: true, message: '请选择培训日期' }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="audience" label="培训对象" rules={[{ required: true }]}>
              <Select style={{ width: 240 }} options={meta.data?.trainingAudiences.map((o) => ({ value: o.code, label: o.label }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="attendees" label="参训人数" rules={[{ required: true, message: '请填写参训人数' }]}>
              <InputNumber min={1} max={100000} />
            </Form.Item>
            <Form.Item name="hours" label="学时" rules={[{ required: true, message: '请填写学时' }]}>
              <InputNumber min={1} max={1000} />
            </Form.Item>
            <Form.Item name="place" label="地点" rules={[{ required: true, message: '请填写地点' }]}>
              <Input maxLength={200} style={{ width: 240 }} />
            </Form.Item>
          </Space>
          <Form.Item name="summary" label="培训内容">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
