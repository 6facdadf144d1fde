import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../app/layout';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { deskApi } from './desk.api';
import { money, type Project } from './market.api';
import { OwnerActions } from './OwnerActions';
import { ProjectSteps, STATUS_COLOR } from './ProjectSteps';

const { Text } = Typography;

/** The intermediary's panel: sign up, the sealed bid, delivery. */
function AgencyActions({ p, today, onDone }: { p: Project; today: string; onDone: (p: Project) => void }) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<Project>, ok: string) => {
    setBusy(true);
    try {
      onDone(await call());
      message.success(ok);
    } finally {
      setBusy(false);
    }
  };
  if (p.status === 'open' && p.mode !== 'direct') {
    if (!p.viewer.signedUp)
      return today > p.signupTo ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`报名已于 ${p.signupTo} 截止`} />
      ) : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="本机构尚未报名"
          description="报名须在截止日前，服务类型和资质须符合项目要求。"
          action={
            <Button type="primary" loading={busy} data-testid="signup" onClick={() => run(() => deskApi.signup(p.projectNo), '已报名')}>
              报名
            </Button>
          }
        />
      );
    if (p.mode === 'bid' && !p.viewer.bidMade)
      return (
        <Card size="small" title="密封报价" style={{ marginBottom: 16 }}>
          <Form layout="inline" onFinish={(v: { price: number }) => run(() => deskApi.bid(p.projectNo, v.price), '报价已密封提交，截止后开标')}>
            <Form.Item name="price" label="报价（元）" rules={[{ required: true, message: '请填写报价' }]} extra={`不高于预算 ${money(p.budget)}；只能提交一次，截止前任何人看不到`}>
              <InputNumber min={1} max={p.budget} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                提交报价
              </Button>
            </Form.Item>
          </Form>
        </Card>
      );
    return <Alert type="success" showIcon style={{ marginBottom: 16 }} message={p.viewer.bidMade ? '已报名，报价已密封提交，等待开标' : `已报名，等待${p.modeLabel}`} />;
  }
  if (p.viewer.selected && p.status === 'contracted')
    return (
      <Card size="small" title="提交服务成果" style={{ marginBottom: 16 }}>
        <Typography.Paragraph>
          交付期限 <b>{p.deliveryDue}</b>（签约后 {p.deliveryWorkdays} 个工作日）。成果报告交业主后，在此登记报告编号。
        </Typography.Paragraph>
        <Form layout="inline" onFinish={(v: { reportNo: string }) => run(() => deskApi.deliver(p.projectNo, v.reportNo), '成果已提交，等待业主验收')}>
          <Form.Item name="reportNo" label="成果报告编号" rules={[{ required: true, message: '请填写报告编号' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              提交成果
            </Button>
          </Form.Item>
        </Form>
      </Card>
    );
  if (p.viewer.selected) return <Alert type="success" showIcon style={{ marginBottom: 16 }} message={`本机构中选 · ${p.statusLabel}`} />;
  if (p.viewer.signedUp && p.status === 'publicity' && today <= (p.publicityTo ?? ''))
    return (
      <Card size="small" title={`结果公示至 ${p.publicityTo}：${p.selectedAgency?.name ?? ''} 中选`} style={{ marginBottom: 16 }}>
        <Form layout="vertical" onFinish={(v: { text: string }) => run(() => deskApi.object(p.projectNo, v.text), '异议已提交，等待业主答复')}>
          <Form.Item name="text" label="对结果有异议的，可在公示期内提出" rules={[{ required: true, min: 5, message: '请写明异议的事实和理由（至少 5 个字）' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            提出异议
          </Button>
        </Form>
      </Card>
    );
  if (p.viewer.signedUp && p.status !== 'open') return <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`本项目由 ${p.selectedAgency?.name ?? '其他机构'} 中选`} />;
  return null;
}

/** One project at the owner's or the intermediary's desk: where it stands and the next step. */
export default function ProjectDeskPage() {
  const { projectNo = '' } = useParams();
  const { data } = useApi((s) => deskApi.project(projectNo, s), [projectNo]);
  const { hasRole } = useAuth();
  const [p, setP] = useState<Project | undefined>(undefined);
  useEffect(() => setP(data), [data]);
  if (!p) return <PageLoading />;
  const today = dayjs().format('YYYY-MM-DD');
  const drawn = p.mode === 'random' && p.seed && p.selection;
  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {p.title}
            <Tag color={STATUS_COLOR[p.status]} data-testid="project-status">{p.statusLabel}</Tag>
          </Space>
        }
        subtitle={
          <span>
            项目编号 <Text copyable>{p.projectNo}</Text> · {p.modeLabel} · {p.serviceName}
          </span>
        }
        extra={<Link to={`/market/projects/${p.projectNo}`} target="_blank">公开页面</Link>}
      />
      <ProjectSteps p={p} />
      {p.viewer.owner ? <OwnerActions p={p} today={today} onDone={setP} /> : hasRole('citizen') ? <AgencyActions p={p} today={today} onDone={setP} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title="项目信息">
            <Descriptions column={1} size="small">
              <Descriptions.Item label="业主">{p.ownerName}</Descriptions.Item>
              <Descriptions.Item label="服务范围">{p.scope}</Descriptions.Item>
              <Descriptions.Item label="资质要求">{p.requiredQualification ? `${p.requiredQualification}${p.requiredLevel ? `（${p.requiredLevel}及以上）` : ''}` : '具备相应服务类型'}</Descriptions.Item>
              <Descriptions.Item label="预算">{money(p.budget)}</Descriptions.Item>
              {p.mode !== 'direct' && <Descriptions.Item label="报名时间">{p.signupFrom} 至 {p.signupTo}（已报名 {p.signupCount} 家）</Descriptions.Item>}
              {p.bidDeadline && <Descriptions.Item label="报价截止">{new Date(p.bidDeadline).toLocaleString('zh-CN', { hour12: false })}</Descriptions.Item>}
              {p.criteria.length > 0 && <Descriptions.Item label="评分标准">{p.criteria.map((c) => `${c.name} ${c.weight}%`).join('；')}</Descriptions.Item>}
              <Descriptions.Item label="交付期限">签约后 {p.deliveryWorkdays} 个工作日{p.deliveryDue ? `（${p.deliveryDue}）` : ''}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="选取与履约">
            <Descriptions column={1} size="small">
              {p.mode === 'random' && (
                <Descriptions.Item label="种子摘要">
                  <Text code style={{ wordBreak: 'break-all' }}>{p.seedHash}</Text>
                </Descriptions.Item>
              )}
              {drawn && (
                <Descriptions.Item label="公开的种子">
                  <Text code copyable data-testid="revealed-seed">{p.seed}</Text>
                </Descriptions.Item>
              )}
              {drawn && <Descriptions.Item label="参与抽取">{(p.selection?.candidateNames ?? []).map((c) => c.name).join('、')}</Descriptions.Item>}
              {p.selection?.bids && <Descriptions.Item label="开标">{p.selection.bids.map((b) => `${b.name} ${money(b.price)}`).join('；')}</Descriptions.Item>}
              {p.selection?.ranking && <Descriptions.Item label="评分">{p.selection.ranking.map((r) => `${r.name} ${r.score} 分`).join('；')}</Descriptions.Item>}
              <Descriptions.Item label="中选机构">{p.selectedAgency ? <b data-testid="selected-agency">{p.selectedAgency.name}</b> : '—'}</Descriptions.Item>
              {p.publicityTo && <Descriptions.Item label="公示期至">{p.publicityTo}</Descriptions.Item>}
              {p.contractNo && <Descriptions.Item label="合同">{p.contractNo} · {money(p.price)} · {p.contractedOn}</Descriptions.Item>}
              {p.deliveredOn && (
                <Descriptions.Item label="交付">
                  {p.deliveredOn} 报告 {p.reportNo} {p.onTime ? <Tag color="green">按期</Tag> : <Tag color="red">逾期</Tag>}
                </Descriptions.Item>
              )}
              {p.acceptedOn && <Descriptions.Item label="验收">{p.acceptedOn}</Descriptions.Item>}
              {p.rating !== null && <Descriptions.Item label="业主评价">{p.rating} 星{p.ratingComment ? `：${p.ratingComment}` : ''}</Descriptions.Item>}
              {p.cancelReason && <Descriptions.Item label="终止原因">{p.cancelReason}</Descriptions.Item>}
              {p.objections.length > 0 && (
                <Descriptions.Item label="异议">
                  {p.objections.map((o) => `${o.byName}：${o.text}（${o.status === 'open' ? '待答复' : o.status === 'upheld' ? '成立' : '不成立'}）`).join('；')}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
      </Row>
    </>
  );
}
