import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, isApiError } from '../../app/request';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';
import { fetchDepartments } from '../system/org.api';

const { Text, Paragraph } = Typography;

interface TemplatesView {
  countyInitial: string;
  reviewOrgan: string;
  court: string;
  kinds: { kind: string; label: string; title: string; body: string; fields: string[] }[];
}
interface IssuerView {
  departmentId: number;
  departmentName: string;
  prefix: string;
  prefixIsDefault: boolean;
  hasSeal: boolean;
}

/** One kind's wording: title and paragraphs, its data fields listed; an unknown {{字段}} is refused by the server. */
function TemplateEditor({ views, onSaved }: { views: TemplatesView; onSaved: (v: TemplatesView) => void }) {
  const { message } = App.useApp();
  const [kind, setKind] = useState(views.kinds[0].kind);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ title: string; body: string }>();
  const current = views.kinds.find((k) => k.kind === kind)!;
  useEffect(() => {
    form.setFieldsValue({ title: current.title, body: current.body });
    setError(null);
  }, [current, form]);

  const save = async (v: { title: string; body: string }) => {
    setError(null);
    try {
      const saved = await api.put<TemplatesView>('/documents/templates', { templates: { [kind]: { title: v.title, body: v.body } } }, { handle: ['TEMPLATE_FIELD_UNKNOWN', 'TEMPLATE_INVALID', 422] });
      onSaved(saved);
      void message.success(`已保存${current.label}的模板；已制发的文书保持原文`);
    } catch (e) {
      if (isApiError(e)) setError(e.message);
      else throw e;
    }
  };
  const insert = (field: string) => form.setFieldValue('body', `${form.getFieldValue('body') ?? ''}{{${field}}}`);

  return (
    <Card size="small" title="文书模板" data-testid="template-editor">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={kind} onChange={setKind} style={{ width: 260 }} options={views.kinds.map((k) => ({ value: k.kind, label: k.label }))} data-testid="template-kind" />
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="template-error" />}
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={LIMITS.documentTitle} />
        </Form.Item>
        <Form.Item name="body" label="正文（每行一段；{{字段}} 由办件数据填入）" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
          <Input.TextArea rows={10} maxLength={LIMITS.documentBody} showCount />
        </Form.Item>
        <Paragraph>
          <Text type="secondary">可用字段（点击插入）：</Text>
          {current.fields.map((f) => (
            <Tag key={f} style={{ cursor: 'pointer' }} onClick={() => insert(f)}>{`{{${f}}}`}</Tag>
          ))}
        </Paragraph>
        <Button type="primary" htmlType="submit">
          保存模板
        </Button>
      </Form>
    </Card>
  );
}

const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });

/** A department's 文号 机关代字 and seal image. */
function IssuerEditor() {
  const { message } = App.useApp();
  const deps = useApi(() => fetchDepartments(), []);
  const options = (deps.data?.items ?? []).filter((d) => d.kind !== 'village').map((d) => ({ value: d.id, label: d.name }));
  const [departmentId, setDepartmentId] = useState<number | undefined>();
  const [tick, setTick] = useState(0);
  const [prefix, setPrefix] = useState('');
  const [error, setError] = useState<string | null>(null);
  const issuer = useApi(() => (departmentId ? api.get<IssuerView>(`/documents/issuers/${departmentId}`) : Promise.resolve(null)), [departmentId, tick]);
  useEffect(() => setPrefix(issuer.data?.prefix ?? ''), [issuer.data]);

  const call = async (run: () => Promise<unknown>, ok: string) => {
    setError(null);
    try {
      await run();
      void message.success(ok);
      setTick((t) => t + 1);
    } catch (e) {
      if (isApiError(e)) setError(e.message);
      else throw e;
    }
  };
  const handle = ['PREFIX_INVALID', 'SEAL_NOT_IMAGE', 'SEAL_TOO_LARGE', 400, 413, 422];

  return (
    <Card size="small" title="文号与印章" data-testid="issuer-editor">
      <Select showSearch optionFilterProp="label" placeholder="选择部门" style={{ width: '100%', marginBottom: 12 }} options={options} value={departmentId} onChange={setDepartmentId} data-testid="issuer-department" />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="issuer-error" />}
      {issuer.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Text>
            文号示例：{issuer.data.prefix}受〔{new Date().getFullYear()}〕1号 {issuer.data.prefixIsDefault && <Tag>默认代字</Tag>}
          </Text>
          <Space.Compact>
            <Input value={prefix} onChange={(e) => setPrefix(e.target.value)} maxLength={LIMITS.documentPrefix} style={{ width: 160 }} aria-label="机关代字" />
            <Button type="primary" onClick={() => void call(() => api.put(`/documents/issuers/${departmentId}/prefix`, { prefix: prefix.trim() }, { handle }), '已保存机关代字，下一份文书起使用')}>
              保存代字
            </Button>
          </Space.Compact>
          <Space wrap>
            <Text>印章：{issuer.data.hasSeal ? <Tag color="red">已上传</Tag> : <Tag>未上传（文书上绘制印章）</Tag>}</Text>
            <Upload
              accept="image/png,image/jpeg"
              showUploadList={false}
              beforeUpload={(file) => {
                if (file.size > LIMITS.sealBytes) {
                  setError(`印章图片不能超过 ${LIMITS.sealBytes / 1024} KB`);
                  return false;
                }
                void call(async () => api.put(`/documents/issuers/${departmentId}/seal`, { image: await toBase64(file) }, { handle }), '已上传印章图片');
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>上传印章（PNG/JPEG，≤{LIMITS.sealBytes / 1024} KB）</Button>
            </Upload>
          </Space>
        </Space>
      )}
    </Card>
  );
}

/** 文书设置: the wording of each kind, each department's 文号 prefix and seal. */
export function DocumentsAdminTab() {
  const tpl = useApi(() => api.get<TemplatesView>('/documents/templates'), []);
  const [views, setViews] = useState<TemplatesView | null>(null);
  useEffect(() => setViews(tpl.data ?? null), [tpl.data]);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>{views ? <TemplateEditor views={views} onSaved={setViews} /> : <Card size="small" loading />}</Col>
      <Col xs={24} xl={9}>
        <IssuerEditor />
      </Col>
    </Row>
  );
}
