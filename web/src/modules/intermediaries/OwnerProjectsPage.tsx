import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { deskApi, LEVELS, MODE_OPTIONS, type PostProject } from './desk.api';
import { money, type Project } from './market.api';
import { STATUS_COLOR } from './ProjectSteps';

interface PostForm {
  serviceId: number;
  title: string;
  scope: string;
  requiredQualification?: string;
  requiredLevel?: string;
  budget: number;
  mode: string;
  criteria?: { name: string; weight: number }[];
  signupTo?: Dayjs;
  bidDeadline?: Dayjs;
  deliveryWorkdays: number;
  ownerCode?: string;
  ownerName?: string;
  agencyId?: number;
}

/** What the owner has to do next on a project, in one phrase. */
export function ownerNext(p: Project, today: string): string {
  switch (p.status) {
    case 'open':
      if (p.mode === 'bid') return p.bidDeadline && new Date(p.bidDeadline).getTime() <= Date.now() ? '报价已截止，可开标' : '等待报价截止';
      return today > p.signupTo ? (p.mode === 'random' ? '报名已截止，可公开抽取' : '报名已截止，可评分选取') : `报名中（${p.signupCount} 家）`;
    case 'publicity':
      return today > (p.publicityTo ?? '') ? '公示期满，可签订合同' : `公示至 ${p.publicityTo}`;
    case 'contracted':
      return `等待交付（期限 ${p.deliveryDue}）`;
    case 'delivered':
      return '成果已交付，请验收';
    case 'accepted':
      return p.rating === null ? '请评价中介机构' : '已完成';
    default:
      return p.cancelReason ?? '';
  }
}

function PostDrawer({ open, onClose, onPosted }: { open: boolean; onClose: () => void; onPosted: (p: Project) => void }) {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const enterprise = hasRole('citizen');
  const [form] = Form.useForm<PostForm>();
  const [busy, setBusy] = useState(false);
  const services = useApi((s) => deskApi.services(s), []);
  const mode = Form.useWatch('mode', form);
  const serviceId = Form.useWatch('serviceId', form);
  const agencies = useApi((s) => (mode === 'direct' && serviceId ? deskApi.agencies({ pageSize: 100 }, s) : Promise.resolve(null)), [mode, serviceId]);
  const submit = async () => {
    const v = await form.validateFields();
    const body: PostProject = {
      serviceId: v.serviceId,
      title: v.title,
      scope: v.scope,
      requiredQualification: v.requiredQualification || undefined,
      requiredLevel: v.requiredQualification ? v.requiredLevel : undefined,
      budget: v.budget,
      mode: v.mode,
      criteria: v.mode === 'merit' ? v.criteria : undefined,
      signupTo: (v.signupTo ?? dayjs()).format('YYYY-MM-DD'),
      bidDeadline: v.mode === 'bid' && v.bidDeadline ? v.bidDeadline.toISOString() : undefined,
      deliveryWorkdays: v.deliveryWorkdays,
      ownerCode: enterprise ? v.ownerCode : undefined,
      ownerName: enterprise ? v.ownerName : undefined,
      agencyId: v.mode === 'direct' ? v.agencyId : undefined,
    };
    setBusy(true);
    try {
      const p = await deskApi.post(body);
      message.success(`已发布项目 ${p.projectNo}`);
      form.resetFields();
      onPosted(p);
    } finally {
      setBusy(false);
    }
  };
  const hint = MODE_OPTIONS.find((m) => m.value === mode)?.hint;
  return (
    <Drawer
      title="发布采购项目"
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={submit} data-testid="post-submit">
          发布
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ mode: 'random', deliveryWorkdays: 10, requiredLevel: '乙级', criteria: [{ name: '类似项目业绩', weight: 40 }, { name: '服务方案', weight: 40 }, { name: '人员配置', weight: 20 }] }}>
        {enterprise && (
          <Row gutter={12}>
            <Col span={13}>
              <Form.Item name="ownerName" label="业主单位" rules={[{ required: true, message: '请填写业主单位名称' }]}>
                <Input maxLength={100} placeholder="如：邵东市宏远建材有限公司" />
              </Form.Item>
            </Col>
            <Col span={11}>
              <Form.Item name="ownerCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '统一社会信用代码应为 18 位' }]}>
                <Input maxLength={18} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="serviceId" label="服务类型" rules={[{ required: true, message: '请选择服务类型' }]}>
          <Select data-testid="post-service" placeholder="选择所需中介服务" options={(services.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.category}）` }))} />
        </Form.Item>
        <Form.Item name="title" label="项目名称" rules={[{ required: true, min: 2, message: '请填写项目名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="scope" label="服务范围" rules={[{ required: true, message: '请写明服务内容和成果要求' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="requiredQualification" label="资质要求（可空）">
              <Input maxLength={100} placeholder="如：测绘资质" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="requiredLevel" label="最低等级">
              <Select options={LEVELS.map((l) => ({ value: l, label: l }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="budget" label="预算（元）" rules={[{ required: true, message: '请填写预算' }]}>
              <InputNumber min={1} max={20_000_000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="deliveryWorkdays" label="交付期限（签约后工作日）" rules={[{ required: true }]}>
              <InputNumber min={1} max={250} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="mode" label="选取方式" extra={hint}>
          <Select options={MODE_OPTIONS.map((m) => ({ value: m.value, label: m.label }))} data-testid="post-mode" />
        </Form.Item>
        {mode !== 'direct' && (
          <Form.Item name="signupTo" label="报名截止日" rules={[{ required: true, message: '请选择报名截止日' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        )}
        {mode === 'bid' && (
          <Form.Item name="bidDeadline" label="报价截止时间" rules={[{ required: true, message: '请选择报价截止时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        )}
        {mode === 'direct' && (
          <Form.Item name="agencyId" label="选定的中介机构" rules={[{ required: true, message: '请选择中介机构' }]} extra="须为已入驻、服务类型和资质符合要求的机构">
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(agencies.data?.items ?? []).filter((a) => a.services.some((s) => s.id === serviceId)).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
        )}
        {mode === 'merit' && (
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <Card size="small" title="评分标准（随项目公布，权重合计 100）" extra={<Button size="small" onClick={() => add({ name: '', weight: 10 })}>添加</Button>}>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '名称' }]}>
                      <Input maxLength={40} placeholder="评分项" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: '权重' }]}>
                      <InputNumber min={1} max={100} suffix="%" />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
              </Card>
            )}
          </Form.List>
        )}
      </Form>
    </Drawer>
  );
}

/** 我的采购项目: the owner's projects with the next step of each, and posting a new one. */
export default function OwnerProjectsPage() {
  const navigate = useNavigate();
  const [posting, setPosting] = useState(false);
  const list = useApi((s) => deskApi.myProjects(s), []);
  const today = dayjs().format('YYYY-MM-DD');
  const mine = (list.data?.items ?? []).filter((p) => p.viewer.owner);
  return (
    <>
      <PageHeader
        title="我的采购项目"
        subtitle="审批所需的中介服务在中介服务超市公开选取，不得体外循环"
        extra={
          <Button type="primary" onClick={() => setPosting(true)} data-testid="post-project">
            发布采购项目
          </Button>
        }
      />
      {!list.loading && mine.length === 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} message="还没有采购项目。点击右上角“发布采购项目”开始。" />}
      <Table<Project>
        rowKey="projectNo"
        loading={list.loading}
        dataSource={mine}
        pagination={false}
        onRow={(p) => ({ onClick: () => navigate(`/intermediaries/projects/${p.projectNo}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '项目', render: (_, p) => (<><Link to={`/intermediaries/projects/${p.projectNo}`}>{p.title}</Link><div><Typography.Text type="secondary">{p.projectNo} · {p.serviceName}</Typography.Text></div></>) },
          { title: '方式', dataIndex: 'modeLabel', width: 100 },
          { title: '预算', width: 120, render: (_, p) => money(p.budget) },
          { title: '状态', width: 100, render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{p.statusLabel}</Tag> },
          { title: '中选机构', render: (_, p) => p.selectedAgency?.name ?? '—' },
          { title: '下一步', render: (_, p) => <b>{ownerNext(p, today)}</b> },
        ]}
      />
      <PostDrawer
        open={posting}
        onClose={() => setPosting(false)}
        onPosted={(p) => {
          setPosting(false);
          navigate(`/intermediaries/projects/${p.projectNo}`);
        }}
      />
    </>
  );
}
