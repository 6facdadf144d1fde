import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Result, Select, Space, Tag, Typography } from 'antd';
import { Rows } from './Rows';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { useUser } from '../../app/auth';
import { isApiError } from '../../app/request';
import { PageHeader } from '../../components/PageHeader';
import { ApplicantForm } from './ApplicantForm';
import { GREEN_CHANNEL_MODES, type GreenChannelMode } from '../../../../src/shared/cases.types';
import { casesApi, type Applicant, type BundleApplication } from './cases.api';

const { Text, Paragraph } = Typography;

/** 一件事一次办: one application, one merged materials list, one case per item under one bundle number. */
export default function BundleApplyPage() {
  const user = useUser();
  const citizen = user.roles.includes('citizen');
  const { data } = useApi(() => casesApi.bundles(), []);
  const [code, setCode] = useState<string | null>(null);
  const [provided, setProvided] = useState<string[]>([]);
  const [green, setGreen] = useState<GreenChannelMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<BundleApplication | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Applicant>();
  const bundle = data?.items.find((b) => b.code === code);

  const submit = async () => {
    if (!bundle) return;
    const a = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await casesApi.applyBundle(bundle.code, {
        channel: citizen ? 'online' : 'window',
        applicant: { ...a, idNumber: a.type === 'person' ? a.idNumber : undefined, creditCode: a.type === 'organization' ? a.creditCode : undefined },
        materials: bundle.materials.map((m) => ({ name: m.name, provided: provided.includes(m.name) })),
        greenChannel: green,
      });
      setDone(r);
    } catch (e) {
      if (isApiError(e)) setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <Result status="success" title={`一件事申请号 ${done.bundleNo}`} subTitle={`已生成 ${done.cases.length} 个办件，各部门并联办理，全部办结后一次送达。`}>
        <Rows items={done.cases} render={(c) => <><Link to={`/cases/${c.caseNo}`}>{c.caseNo}</Link><span>{c.itemName}</span></>} />
      </Result>
    );

  return (
    <>
      <PageHeader title="一件事一次办" subtitle="一次告知、一表申请、一套材料、一窗受理" />
      <Card>
        <Select style={{ width: '100%', maxWidth: 480 }} placeholder="选择要办的“一件事”" value={code} onChange={(v) => { setCode(v); setProvided([]); }} options={(data?.items ?? []).map((b) => ({ value: b.code, label: b.name }))} />
        {bundle && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
            {bundle.description && <Paragraph type="secondary">{bundle.description}</Paragraph>}
            <Text strong>包含事项（{bundle.departments.join('、')}）</Text>
            <Rows bordered items={bundle.items} render={(i) => <><span>{i.name}</span><Text type="secondary">{i.departmentName}</Text></>} />
            <Text strong>合并后的材料清单（共享材料只交一次，比分别办理少交 {bundle.materialsSaved} 份）</Text>
            <Checkbox.Group value={provided} onChange={(v) => setProvided(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              {bundle.materials.map((m) => (
                <Checkbox key={m.name} value={m.name}>
                  {m.name} {m.required && <Tag color="red">必要</Tag>}{m.itemCodes.length > 1 && <Tag color="blue">{m.itemCodes.length} 个事项共用</Tag>}
                </Checkbox>
              ))}
            </Checkbox.Group>
            <ApplicantForm form={form} initial={citizen ? { type: 'person', name: user.name } : undefined} />
            <Space wrap>
              <Text>特殊群体绿色通道：</Text>
              <Select allowClear style={{ width: 160 }} value={green} onChange={(v) => setGreen(v ?? null)} placeholder="不需要" options={GREEN_CHANNEL_MODES.map((m) => ({ value: m, label: m }))} />
            </Space>
            {error && <Alert type="error" showIcon title={error} />}
            <Button type="primary" loading={busy} onClick={() => void submit()}>
              提交一件事申请
            </Button>
          </Space>
        )}
      </Card>
    </>
  );
}
