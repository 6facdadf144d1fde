import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, List, Rate, Row, Select, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../app/layout';
import { useApi } from '../../app/useApi';
import { CREDIT_LABELS, deskApi, LEVELS, type Service } from './desk.api';
import { money, type Agency, type Project } from './market.api';
import { STATUS_COLOR } from './ProjectSteps';

interface QualForm {
  name: string;
  level: string;
  certNo: string;
  expiresOn: Dayjs;
}

const qual = (q: QualForm) => ({ name: q.name, level: q.level, certNo: q.certNo, expiresOn: q.expiresOn.format('YYYY-MM-DD') });

function QualificationFields({ prefix }: { prefix?: (string | number)[] }) {
  const n = (k: string) => (prefix ? [...prefix, k] : k);
  return (
    <Space wrap align="start">
      <Form.Item name={n('name')} label="资质名称" rules={[{ required: true, message: '资质名称' }]}>
        <Input maxLength={100} placeholder="如：测绘资质" />
      </Form.Item>
      <Form.Item name={n('level')} label="等级" rules={[{ required: true, message: '等级' }]}>
        <Select style={{ width: 100 }} options={LEVELS.map((l) => ({ value: l, label: l }))} />
      </Form.Item>
      <Form.Item name={n('certNo')} label="证书编号" rules={[{ required: true, message: '证书编号' }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name={n('expiresOn')} label="有效期至" rules={[{ required: true, message: '有效期' }]}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </Space>
  );
}

/** 入驻登记: USCC (checked by the server), contact, service types and at least one valid 资质. */
function RegisterForm({ services, onDone }: { services: Service[]; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await deskApi.register({ ...v, qualifications: (v.qualifications as QualForm[]).map(qual) });
      message.success('登记已提交，等待审核入驻');
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="中介机构入驻登记" style={{ maxWidth: 900 }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="登记后由审批服务局审核，通过后列入中介服务超市名录，方可报名承接项目。资质过期将自动下架。" />
      <Form form={form} layout="vertical" initialValues={{ staffCount: 10, qualifications: [{ level: '乙级' }] }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label="机构名称" rules={[{ required: true, min: 2, message: '请填写机构名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="uscc" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '统一社会信用代码应为 18 位' }]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
        </Row>
        <AgencyFields services={services} />
        <Form.List name="qualifications">
          {(fields, { add, remove }) => (
            <Card size="small" title="资质" extra={<Button size="small" onClick={() => add({ level: '乙级' })}>添加资质</Button>}>
              {fields.map((f) => (
                <Space key={f.key} align="start">
                  <QualificationFields prefix={[f.name]} />
                  {fields.length > 1 && <Button type="link" danger onClick={() => remove(f.name)} style={{ marginTop: 30 }}>删除</Button>}
                </Space>
              ))}
            </Card>
          )}
        </Form.List>
        <Button type="primary" loading={busy} onClick={submit} style={{ marginTop: 16 }}>
          提交登记
        </Button>
      </Form>
    </Card>
  );
}

function AgencyFields({ services }: { services: Service[] }) {
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item name="contact" label="联系人" rules={[{ required: true, message: '请填写联系人' }]}>
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="phone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }]}>
          <Input maxLength={20} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="staffCount" label="从业人员" rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="office" label="办公地址" rules={[{ required: true, message: '请填写办公地址' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="serviceIds" label="服务类型" rules={[{ required: true, message: '请至少选择一项服务类型' }]}>
          <Select mode="multiple" options={services.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
      </Col>
    </Row>
  );
}

function ProfileTab({ a, services, onSaved }: { a: Agency; services: Service[]; onSaved: (a: Agency) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [qForm] = Form.useForm<QualForm>();
  const [busy, setBusy] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy('save');
    try {
      onSaved(await deskApi.update(a.id, v));
      message.success('登记信息已保存');
    } finally {
      setBusy(null);
    }
  };
  const addQual = async () => {
    const v = await qForm.validateFields();
    setBusy('qual');
    try {
      onSaved(await deskApi.addQualification(a.id, qual(v)));
      qForm.resetFields();
      message.success('资质已登记');
    } finally {
      setBusy(null);
    }
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" title="登记信息" extra={<Button type="primary" size="small" loading={busy === 'save'} onClick={save}>保存</Button>}>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="统一社会信用代码">{a.uscc}</Descriptions.Item>
          </Descriptions>
          <Form form={form} layout="vertical" initialValues={{ contact: a.contact, phone: a.phone, office: a.office, staffCount: a.staffCount, serviceIds: a.services.map((s) => s.id) }}>
            <AgencyFields services={services} />
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title="资质">
          <List
            size="small"
            dataSource={a.qualifications}
            renderItem={(q) => (
              <List.Item>
                {q.name}（{q.level}）{q.certNo} 有效期至 {q.expiresOn} {q.valid ? <Tag color="green">有效</Tag> : <Tag color="red">已过期</Tag>}
              </List.Item>
            )}
          />
          <Form form={qForm} layout="vertical" initialValues={{ level: '乙级' }} style={{ marginTop: 12 }}>
            <QualificationFields />
            <Button loading={busy === 'qual'} onClick={addQual}>
              登记新资质
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}

function ProjectTable({ items, loading, extra }: { items: (Project & { problem?: string | null })[]; loading: boolean; extra?: boolean }) {
  return (
    <Table<Project & { problem?: string | null }>
      rowKey="projectNo"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: '暂无项目' }}
      columns={[
        { title: '项目', render: (_, p) => (<><Link to={`/intermediaries/projects/${p.projectNo}`}>{p.title}</Link><div style={{ color: '#8c8c8c', fontSize: 12 }}>{p.projectNo} · {p.ownerName}</div></>) },
        { title: '服务', dataIndex: 'serviceName', width: 110 },
        { title: '方式', dataIndex: 'modeLabel', width: 90 },
        { title: '预算', width: 110, render: (_, p) => money(p.budget) },
        extra
          ? { title: '报名截止', width: 110, dataIndex: 'signupTo' }
          : { title: '状态', width: 90, render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{p.statusLabel}</Tag> },
        extra
          ? { title: '资格', width: 220, render: (_, p) => (p.viewer.signedUp ? <Tag color="blue">已报名</Tag> : p.problem ? <Tag color="red" title={p.problem}>不符合：{p.problem}</Tag> : <Link to={`/intermediaries/projects/${p.projectNo}`}>可报名 →</Link>) }
          : { title: '本机构', width: 120, render: (_, p) => (p.viewer.selected ? <Tag color="green">中选</Tag> : p.status === 'open' ? '已报名' : '未中选') },
      ]}
    />
  );
}

function CreditTab({ a }: { a: Agency }) {
  const credit = useApi((s) => deskApi.credit(a.id, s), [a.id]);
  return (
    <Card size="small" title={<Space>信用记录 {a.rating !== null && <><Rate disabled allowHalf value={a.rating} style={{ fontSize: 14 }} /> {a.rating} 分（{a.ratingCount} 次评价）</>}</Space>}>
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="违规">{a.violations}</Descriptions.Item>
        <Descriptions.Item label="投诉">{a.complaints}</Descriptions.Item>
        <Descriptions.Item label="评价">{a.ratingCount}</Descriptions.Item>
      </Descriptions>
      <List
        size="small"
        loading={credit.loading}
        dataSource={credit.data?.items ?? []}
        locale={{ emptyText: '暂无信用记录' }}
        renderItem={(c) => (
          <List.Item>
            <Space>
              <Tag color={c.kind === 'violation' || c.kind === 'complaint' || c.kind === 'suspension' ? 'red' : c.kind === 'rating' ? 'gold' : 'default'}>{CREDIT_LABELS[c.kind] ?? c.kind}</Tag>
              {c.on} {c.note}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 中介机构工作台: registration, the open projects it may sign up for, its projects, its credit record. */
export default function AgencyDeskPage() {
  const mine = useApi((s) => deskApi.myAgency(s), []);
  const services = useApi((s) => deskApi.services(s), []);
  const eligible = useApi((s) => deskApi.eligible(s), [mine.data?.agency?.id]);
  const projects = useApi((s) => deskApi.myProjects(s), [mine.data?.agency?.id]);
  const [saved, setSaved] = useState<Agency | null>(null);
  if (mine.loading || services.loading) return <PageLoading />;
  const a = saved ?? mine.data?.agency ?? null;
  const svc = services.data?.items ?? [];
  if (!a)
    return (
      <>
        <PageHeader title="中介机构工作台" subtitle="登记入驻中介服务超市" />
        <RegisterForm services={svc} onDone={mine.reload} />
      </>
    );
  const my = (projects.data?.items ?? []).filter((p) => !p.viewer.owner);
  return (
    <>
      <PageHeader title={a.name} subtitle={<Space wrap>{a.uscc}<Tag color={a.status === 'listed' ? 'green' : a.status === 'pending' ? 'blue' : 'red'}>{a.statusLabel}</Tag>{a.services.map((s) => s.name).join('、')}</Space>} />
      {a.status !== 'listed' && (
        <Alert type={a.status === 'pending' ? 'info' : 'error'} showIcon style={{ marginBottom: 16 }} message={a.status === 'pending' ? '登记待审核，审核通过后方可报名项目' : `机构${a.statusLabel}${a.statusNote ? `：${a.statusNote}` : ''}`} />
      )}
      <Tabs
        items={[
          { key: 'open', label: `可报名项目（${(eligible.data?.items ?? []).filter((p) => !p.problem && !p.viewer.signedUp).length}）`, children: <ProjectTable items={eligible.data?.items ?? []} loading={eligible.loading} extra /> },
          { key: 'mine', label: `我的项目（${my.length}）`, children: <ProjectTable items={my} loading={projects.loading} /> },
          { key: 'profile', label: '机构信息与资质', children: <ProfileTab a={a} services={svc} onSaved={setSaved} /> },
          { key: 'credit', label: '信用记录', children: <CreditTab a={a} /> },
        ]}
      />
    </>
  );
}
