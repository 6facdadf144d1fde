import { useEffect, useState } from 'react';
import { Alert, AutoComplete, Button, Card, Checkbox, Form, Result, Space, Steps, Tag, Typography } from 'antd';
import { Rows } from './Rows';
import { isApiError } from '../../app/request';
import { ApplicantForm } from './ApplicantForm';
import { casesApi, newIdempotencyKey, type Applicant, type CaseView, type ItemDetail, type ItemOption } from './cases.api';
import { PrintSheet } from '../../components/PrintSheet';
import { Receipt } from './Receipt';
import { MaterialsCard } from './MaterialsCard';

const { Text } = Typography;

/**
 * 收件向导: item → applicant → materials checklist → submit → receipt. The window uses it with channel
 * "window", citizens online with "online".
 */
export function IntakeWizard({ channel, initialApplicant }: { channel: 'window' | 'online'; initialApplicant?: Partial<Applicant> }) {
  const [step, setStep] = useState(0);
  const [options, setOptions] = useState<ItemOption[]>([]);
  const [item, setItem] = useState<ItemDetail | null>(null);
  const [applicant, setApplicant] = useState<Applicant | null>(null);
  const [provided, setProvided] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [created, setCreated] = useState<CaseView | null>(null);
  const [form] = Form.useForm<Applicant>();
  // A new application starts from an empty applicant form (reset once the form is mounted again).
  useEffect(() => {
    if (step === 1 && applicant === null) form.resetFields();
  }, [step, applicant, form]);

  const search = async (q: string) => {
    if (!q.trim()) return setOptions([]);
    const r = await casesApi.searchItems(q);
    setOptions(r.items);
  };
  const choose = async (code: string) => {
    const d = await casesApi.item(code);
    setItem(d);
    setProvided({});
    setStep(1);
  };
  const submit = async (acceptNow = false) => {
    if (!item || !applicant) return;
    setBusy(true);
    setError(null);
    try {
      const c = await casesApi.submit({ itemCode: item.code, channel, applicant, materials: item.materials.map((m) => ({ name: m.name, provided: !!provided[m.name] })), ...(acceptNow ? { acceptNow } : {}) }, key);
      setCreated(c);
      setStep(3);
    } catch (e) {
      if (isApiError(e)) {
        setError(e.message);
        if (e.field?.startsWith('applicant')) setStep(1);
      }
    } finally {
      setBusy(false);
    }
  };
  const restart = () => {
    setStep(0);
    setItem(null);
    setApplicant(null);
    setCreated(null);
    setKey(newIdempotencyKey());
  };

  return (
    <Card>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} responsive items={[{ title: '选择事项' }, { title: '申请人' }, { title: '材料清单' }, { title: '回执' }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable onClose={() => setError(null)} />}
      {step === 0 && (
        <Space orientation="vertical" style={{ width: '100%', maxWidth: 560 }}>
          <Text>输入事项名称或关键词（如“营业执照”“开饭店”“出生”）：</Text>
          <AutoComplete
            style={{ width: '100%' }}
            placeholder="搜索事项"
            onSearch={(q) => void search(q)}
            onSelect={(code: string) => void choose(code)}
            options={options.map((o) => ({ value: o.code, label: <span data-testid="item-option">{o.name}<Text type="secondary">（{o.departmentName}，承诺 {o.promisedLimit} {o.limitUnit === 'workday' ? '个工作日' : '天'}）</Text></span> }))}
            data-testid="item-search"
          />
        </Space>
      )}
      {step === 1 && item && (
        <>
          <Alert type="info" style={{ marginBottom: 16 }} title={`${item.name} · ${item.departmentName}`} />
          <ApplicantForm form={form} initial={applicant ?? initialApplicant} />
          <Space>
            <Button onClick={() => setStep(0)}>上一步</Button>
            <Button
              type="primary"
              onClick={async () => {
                const v = await form.validateFields();
                setApplicant({ ...v, idNumber: v.type === 'person' ? v.idNumber : undefined, creditCode: v.type === 'organization' ? v.creditCode : undefined });
                setStep(2);
              }}
            >
              下一步
            </Button>
          </Space>
        </>
      )}
      {step === 2 && item && (
        <>
          <Text>请核对申请人提交的材料（必要材料不齐时可先收件，再一次性告知补正）：</Text>
          <div style={{ margin: '12px 0' }}>
          <Rows
            bordered
            items={item.materials}
            render={(m) => (
              <>
                <Checkbox checked={!!provided[m.name] || m.eLicenseReplaceable} disabled={m.eLicenseReplaceable} onChange={(e) => setProvided({ ...provided, [m.name]: e.target.checked })}>
                  {m.name}
                </Checkbox>
                <Space size={4} wrap>
                  {m.required ? <Tag color="red">必要</Tag> : <Tag>非必要</Tag>}
                  {m.eLicenseReplaceable && <Tag color="green">电子证照免提交</Tag>}
                </Space>
              </>
            )}
          />
          </div>
          <Space>
            <Button onClick={() => setStep(1)}>上一步</Button>
            <Button type={channel === 'window' && item.materials.every((m) => !m.required || m.eLicenseReplaceable || provided[m.name]) ? 'default' : 'primary'} loading={busy} onClick={() => void submit()} data-testid="submit-case">
              提交申请
            </Button>
            {/* 收件即受理: at the window, with every required material in hand, one step instead of two */}
            {channel === 'window' && item.materials.every((m) => !m.required || m.eLicenseReplaceable || provided[m.name]) && (
              <Button type="primary" loading={busy} onClick={() => void submit(true)} data-testid="submit-accept">
                收件并受理
              </Button>
            )}
          </Space>
        </>
      )}
      {step === 3 && created && (
        <Result
          status="success"
          title={created.status === 'accepted' ? `已受理：${created.caseNo}` : `收件成功：${created.caseNo}`}
          subTitle={created.nextStep}
          extra={[
            <Button key="print" onClick={() => window.print()}>
              打印回执
            </Button>,
            <Button key="again" type="primary" onClick={restart}>
              继续收件
            </Button>,
          ]}
        >
          <Receipt c={created} />
          <div style={{ marginTop: 12, textAlign: 'left' }}>
            <MaterialsCard caseNo={created.caseNo} title="扫描上传材料（可选）" />
          </div>
          <PrintSheet>
            <Receipt c={created} print />
          </PrintSheet>
        </Result>
      )}
    </Card>
  );
}
