import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Space, Tag, Timeline, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../app/layout';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { ACTION_OPTIONS, HOLDER_KIND_LABELS, fingerprint, licensesApi, stateTag, type LicenseActionCode } from './licenses.api';

const { Text } = Typography;

const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

interface ActionForm {
  reason: string;
  holderName?: string;
  field?: string;
  value?: string;
  validTo?: { format(f: string): string } | null;
}

/** 证照详情: the license, its signature, its history; 变更/延续/注销/吊销/撤销 for the issuing department and admin. */
export default function LicenseDetailPage() {
  const { no = '' } = useParams();
  const { message } = AntApp.useApp();
  const { user, hasRole } = useAuth();
  const d = useApi((s) => licensesApi.detail(no, s), [no]);
  const [action, setAction] = useState<LicenseActionCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionForm>();
  if (!d.data) return d.loading ? <PageLoading /> : <Alert type="error" showIcon title={`证照 ${no} 不存在或无权查看`} />;
  const { license: l, history, signatureValid } = d.data;
  const tag = stateTag(l);
  const mayAct = l.status === 'valid' && (hasRole('admin') || (hasRole('reviewer') && user?.departmentId === l.departmentId));
  const label = ACTION_OPTIONS.find((a) => a.value === action)?.label ?? '';
  const submit = async () => {
    const v = await form.validateFields();
    const data = v.field?.trim() && v.value?.trim() ? { [v.field.trim()]: v.value.trim() } : undefined;
    setBusy(true);
    try {
      await licensesApi.act(no, {
        action: action!,
        reason: v.reason,
        ...(action === 'change' ? { holderName: v.holderName?.trim() || undefined, data } : {}),
        ...(action === 'renew' && v.validTo ? { validTo: v.validTo.format('YYYY-MM-DD') } : {}),
      });
      message.success(`证照已${label}`);
      setAction(null);
      form.resetFields();
      d.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title={<Space wrap>{l.typeName}<Tag color={tag.color} data-testid="license-state">{tag.label}</Tag></Space>}
        subtitle={<span>证照编号 <Text copyable data-testid="license-no">{l.licenseNo}</Text> · {l.issuer}</span>}
        extra={
          <Space wrap>
            {l.status === 'valid' && (
              <Link to={`/licenses/${l.licenseNo}/print`} target="_blank">
                <Button icon={<PrinterOutlined />}>打印证照</Button>
              </Link>
            )}
            {mayAct &&
              ACTION_OPTIONS.map((a) => (
                <Button key={a.value} danger={a.danger} onClick={() => (form.resetFields(), setAction(a.value))}>
                  {a.label}
                </Button>
              ))}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title="证照信息">
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label="持证人">{l.holderName}</Descriptions.Item>
              <Descriptions.Item label={l.holderKind === 'person' ? '身份证号' : '统一社会信用代码'}>{l.holderId}</Descriptions.Item>
              <Descriptions.Item label="持证主体">{HOLDER_KIND_LABELS[l.holderKind]}</Descriptions.Item>
              <Descriptions.Item label="发证机关">{l.issuer}</Descriptions.Item>
              <Descriptions.Item label="发证日期">{l.issueDate}</Descriptions.Item>
              <Descriptions.Item label="有效期">{`${l.validFrom} 至 ${l.validTo ?? '长期'}`}</Descriptions.Item>
              <Descriptions.Item label="办件号">{l.caseNo ? <Link to={`/cases/${l.caseNo}`}>{l.caseNo}</Link> : '—'}</Descriptions.Item>
              <Descriptions.Item label="来源">{l.source === 'case' ? '办件颁发' : l.source === 'import' ? '存量导入' : '初始化'}</Descriptions.Item>
              {Object.entries(l.data).map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>{v}</Descriptions.Item>
              ))}
              <Descriptions.Item label="版本">第 {l.version} 版</Descriptions.Item>
              <Descriptions.Item label="电子签名">
                <Space direction="vertical" size={0}>
                  {signatureValid ? <Tag color="green">签名有效</Tag> : <Tag color="red">签名校验失败</Tag>}
                  <Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>{fingerprint(l)}</Text>
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="变更记录">
            <Timeline
              data-testid="license-history"
              items={history.map((h) => ({
                color: ['cancel', 'revoke', 'withdraw'].includes(h.action) ? 'red' : h.action === 'issue' ? 'green' : 'blue',
                children: (
                  <span>
                    <Text strong>{h.actionLabel}</Text> {TIME.format(new Date(h.at))} · {h.actorName}
                    {h.reason ? <div>理由：{h.reason}</div> : null}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal title={`${label}证照 ${l.licenseNo}`} open={action !== null} onOk={() => void submit()} confirmLoading={busy} onCancel={() => setAction(null)} okText={`确认${label}`} okButtonProps={{ danger: ['cancel', 'revoke', 'withdraw'].includes(action ?? '') }} cancelText="取消" destroyOnHidden>
        {['cancel', 'revoke', 'withdraw'].includes(action ?? '') && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`${label}后证照永久失效，核验时显示为“已${label}”，不能恢复`} />}
        <Form form={form} layout="vertical">
          {action === 'change' && (
            <>
              <Form.Item name="holderName" label="新的持证人名称（不变则留空）">
                <Input maxLength={200} placeholder={l.holderName} />
              </Form.Item>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="field" label="变更事项" style={{ width: '40%' }}>
                  <Input maxLength={40} placeholder="如 经营场所" />
                </Form.Item>
                <Form.Item name="value" label="变更后内容" style={{ width: '60%' }}>
                  <Input maxLength={500} />
                </Form.Item>
              </Space.Compact>
            </>
          )}
          {action === 'renew' && (
            <Form.Item name="validTo" label="延续后有效期至" extra={`留空则按证照类型的有效年限从 ${l.validTo ?? '—'} 次日起算`}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={`${label}理由`} rules={[{ required: true, whitespace: true, message: `请填写${label}理由` }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
