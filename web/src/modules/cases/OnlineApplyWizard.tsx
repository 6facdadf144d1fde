import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, AutoComplete, Button, Card, Form, Progress, Result, Space, Steps, Tag, Typography } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '../../../../src/shared/limits';
import { isApiError } from '../../app/request';
import { ApplicantForm } from './ApplicantForm';
import { MATERIAL_ACCEPT, MATERIAL_TYPES_TEXT, casesApi, formatBytes, materialsApi, newIdempotencyKey, type Applicant, type CaseView, type ItemDetail, type ItemOption } from './cases.api';
import { MaterialsCard } from './MaterialsCard';
import { PrintSheet } from '../../components/PrintSheet';
import { Receipt } from './Receipt';

const { Text } = Typography;

/**
 * 网上申请 (citizen, issue 21 items 1 and 2): item → applicant → a file for each material → submitted.
 * Speaks to the applicant. The files are chosen first and sent right after the case is created, each with
 * its progress; anything that failed can be uploaded again from the result (and from the case page).
 */
export function OnlineApplyWizard({ initialApplicant }: { initialApplicant?: Partial<Applicant> }) {
  const [params] = useSearchParams();
  const [step, setStep] = useState(0);
  const [options, setOptions] = useState<ItemOption[]>([]);
  const [item, setItem] = useState<ItemDetail | null>(null);
  const [applicant, setApplicant] = useState<Applicant | null>(null);
  const [files, setFiles] = useState<Record<string, File>>({});
  const [fileErrors, setFileErrors] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const [created, setCreated] = useState<CaseView | null>(null);
  const [failed, setFailed] = useState<string[]>([]);
  const inputs = useRef<Record<string, HTMLInputElement | null>>({});
  const [form] = Form.useForm<Applicant>();

  const choose = async (code: string) => {
    const d = await casesApi.item(code);
    setItem(d);
    setFiles({});
    setStep(1);
  };
  // From the 办事指南: /my/apply?item=CODE opens the item's form directly.
  const preset = params.get('item');
  useEffect(() => {
    if (preset) void choose(preset);
  }, [preset]);

  const search = async (q: string) => {
    if (!q.trim()) return setOptions([]);
    const r = await casesApi.searchItems(q);
    setOptions(r.items);
  };
  const pick = (name: string, f: File | undefined) => {
    if (!f) return;
    const bad = materialsApi.precheck(f, LIMITS.materialFileBytes);
    setFileErrors((e) => ({ ...e, [name]: bad ?? '' }));
    if (!bad) setFiles((x) => ({ ...x, [name]: f }));
  };

  const submit = async () => {
    if (!item || !applicant) return;
    setBusy(true);
    setError(null);
    try {
      // The files are the materials: the server ticks each one as its file arrives.
      const c = created ?? (await casesApi.submit({ itemCode: item.code, channel: 'online', applicant, materials: [] }, key));
      setCreated(c);
      const bad: string[] = [];
      for (const [name, f] of Object.entries(files)) {
        setProgress((p) => ({ ...p, [name]: 0 }));
        try {
          await materialsApi.upload(c.caseNo, name, f, (pct) => setProgress((p) => ({ ...p, [name]: pct })));
        } catch (e) {
          bad.push(`${name}：${e instanceof Error ? e.message : String(e)}`);
        }
      }
      setFailed(bad);
      setCreated(await casesApi.get(c.caseNo));
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

  const toUpload = item?.materials.filter((m) => !m.eLicenseReplaceable) ?? [];
  const missingRequired = toUpload.filter((m) => m.required && !files[m.name]);

  return (
    <Card>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} responsive items={[{ title: '选择事项' }, { title: '填写申请人' }, { title: '上传材料' }, { title: '提交完成' }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable onClose={() => setError(null)} />}
      {step === 0 && (
        <Space orientation="vertical" style={{ width: '100%', maxWidth: 560 }}>
          <Text>您要办什么事？输入事项名称或关键词（如“营业执照”“开饭店”“出生”）：</Text>
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
          <Alert type="info" style={{ marginBottom: 16 }} title={`${item.name} · ${item.departmentName}`} description="请填写您（申请人）的信息，用于受理和送达。" />
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
          <Text>请为每项材料上传扫描件或照片。支持 {MATERIAL_TYPES_TEXT}，单个文件不超过 {formatBytes(LIMITS.materialFileBytes)}。</Text>
          <div style={{ margin: '12px 0' }}>
            {item.materials.map((m) => {
              const f = files[m.name];
              const pct = progress[m.name];
              return (
                <div key={m.name} data-testid="apply-material" data-material={m.name} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <div style={{ display: 'flex', gap: 8, justifyContent: 'space-between', alignItems: 'flex-start', flexWrap: 'wrap' }}>
                    <Space size={4} wrap style={{ flex: '1 1 180px' }}>
                      <Text strong>{m.name}</Text>
                      {m.required ? <Tag color="red">必要</Tag> : <Tag>非必要</Tag>}
                      {m.eLicenseReplaceable ? <Tag color="green">电子证照自动调取，无需上传</Tag> : f ? <Tag color="blue">已选择</Tag> : m.required ? <Tag color="orange">待上传</Tag> : null}
                    </Space>
                    {!m.eLicenseReplaceable && (
                      <>
                        <input
                          type="file"
                          accept={MATERIAL_ACCEPT}
                          style={{ display: 'none' }}
                          data-testid="apply-material-input"
                          ref={(el) => {
                            inputs.current[m.name] = el;
                          }}
                          onChange={(e) => {
                            pick(m.name, e.target.files?.[0]);
                            e.target.value = '';
                          }}
                        />
                        <Button size="small" icon={<UploadOutlined />} onClick={() => inputs.current[m.name]?.click()} disabled={busy}>
                          {f ? '更换' : '选择文件'}
                        </Button>
                      </>
                    )}
                  </div>
                  {f && (
                    <Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                      <PaperClipOutlined /> {f.name}（{formatBytes(f.size)}）
                    </Text>
                  )}
                  {pct !== undefined && <Progress percent={pct} size="small" />}
                  {fileErrors[m.name] && <Alert type="error" showIcon title={fileErrors[m.name]} style={{ marginTop: 6 }} />}
                </div>
              );
            })}
          </div>
          {missingRequired.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`还有 ${missingRequired.length} 项必要材料未上传`}
              description={`${missingRequired.map((m) => m.name).join('、')}。也可以先提交，之后在“我的办件”中补传；材料不齐的，工作人员会一次性告知您需要补正的内容。`}
            />
          )}
          <Space>
            <Button onClick={() => setStep(1)} disabled={busy}>
              上一步
            </Button>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="submit-case">
              提交申请
            </Button>
          </Space>
        </>
      )}
      {step === 3 && created && (
        <>
          <Result
            style={{ padding: '16px 0' }}
            status={failed.length > 0 ? 'warning' : 'success'}
            title={`申请已提交，办件号 ${created.caseNo}`}
            subTitle={created.nextStep}
            extra={[
              <Link key="case" to={`/cases/${created.caseNo}`}>
                <Button type="primary">查看办理进度</Button>
              </Link>,
              <Button key="print" onClick={() => window.print()}>
                打印回执
              </Button>,
              <Link key="mine" to="/my/cases">
                <Button>我的办件</Button>
              </Link>,
            ]}
          />
          {failed.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="以下材料未能上传，请在下方重新上传" description={failed.join('；')} />}
          <MaterialsCard caseNo={created.caseNo} title="您提交的材料" />
          <div style={{ marginTop: 12 }}>
            <Receipt c={created} />
          </div>
          <PrintSheet>
            <Receipt c={created} print />
          </PrintSheet>
        </>
      )}
    </Card>
  );
}
