import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../app/auth';
import { api, isApiError, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { AUDIENCES, ITEM_TYPES, LIFE_EVENTS } from '../../../../src/shared/catalog.labels';
import { catalogApi, type Item, type VersionInfo } from './catalog.api';
import { CROSS_PROVINCE_MODES, DEPTHS, KINDS, LEVELS, LIMIT_UNITS, MATERIAL_FORMS, STATUSES, STATUS_COLORS, diffItems, fmtTime } from './format';

interface Dept {
  id: number;
  name: string;
  kind: string;
}

const opts = (o: Record<string | number, string>) => Object.entries(o).map(([value, label]) => ({ value: /^\d$/.test(value) ? Number(value) : value, label }));

/** Version history: each version with what changed against the one before it. */
function Versions({ code }: { code: string }) {
  const { data } = useApi((s) => catalogApi.versions(code, s), [code]);
  const [diff, setDiff] = useState<{ v: number; rows: ReturnType<typeof diffItems> } | null>(null);
  const show = async (v: VersionInfo) => {
    const cur = await catalogApi.version(code, v.version);
    const prev = v.version > 1 ? await catalogApi.version(code, v.version - 1) : undefined;
    setDiff({ v: v.version, rows: diffItems(prev, cur) });
  };
  return (
    <>
      <Table<VersionInfo>
        rowKey="version"
        size="small"
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="version-table"
        columns={[
          { title: '版本', dataIndex: 'version', width: 64, render: (v) => `第 ${v} 版` },
          { title: '状态', dataIndex: 'status', width: 100, render: (s: keyof typeof STATUSES) => <Tag color={STATUS_COLORS[s]}>{STATUSES[s]}</Tag> },
          { title: '修改人', dataIndex: 'updatedBy', width: 100 },
          { title: '修改时间', dataIndex: 'updatedAt', render: fmtTime },
          { title: '发布', render: (_, r) => (r.publishedAt ? `${r.publishedBy ?? ''} ${fmtTime(r.publishedAt)}` : '—') },
          { title: '审核意见', dataIndex: 'reviewNote', render: (v) => v ?? '' },
          { title: '', width: 110, render: (_, r) => <Button size="small" onClick={() => void show(r)}>查看改动</Button> },
        ]}
      />
      <Modal open={!!diff} title={diff ? `第 ${diff.v} 版相对上一版的改动` : ''} footer={null} onCancel={() => setDiff(null)} width={760}>
        {diff && (
          <Table
            size="small"
            rowKey="label"
            pagination={false}
            dataSource={diff.rows}
            locale={{ emptyText: '与上一版相同' }}
            columns={[
              { title: '字段', dataIndex: 'label', width: 120 },
              { title: '修改前', dataIndex: 'before', render: (v: string) => <Typography.Text delete type="secondary">{v}</Typography.Text> },
              { title: '修改后', dataIndex: 'after', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
            ]}
          />
        )}
      </Modal>
    </>
  );
}

/** The editor's item form (materials editor included) with review actions for leaders. */
export default function ItemEditPage() {
  const { code } = useParams();
  const isNew = !code;
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { hasRole, user } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const canEdit = hasRole('catalog_editor', 'admin');
  const canReview = hasRole('admin', 'leader');
  const item = useApi((s) => (code ? catalogApi.latest(code, s) : Promise.resolve(null)), [code, tick]);
  const depts = useApi((s) => api.get<ListResult<Dept>>('/departments', undefined, { signal: s }), []);
  const level = Form.useWatch('level', form) as number | undefined;

  useEffect(() => {
    if (item.data) form.setFieldsValue(item.data);
    else if (isNew) form.setFieldsValue({ type: '01', applicationBased: true, level: 4, limitUnit: 'workday', kind: 'promised', onlineDepth: 3, visits: 0, nearby: false, extensionAllowance: 10, materials: [{ name: '', form: 'original', copies: 1, required: true }], departmentId: user?.departmentId ?? undefined, crossProvinceModes: [], audiences: [], lifeEvents: [], keywords: [], locations: [], faqs: [] });
  }, [item.data, isNew, form, user]);

  const kinds = level === 4 ? ['bureau', 'department'] : level === 5 ? ['township'] : ['village'];
  const deptOptions = (depts.data?.items ?? []).filter((d) => kinds.includes(d.kind)).map((d) => ({ value: d.id, label: d.name }));

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...values, onlineUrl: values.onlineUrl || null };
      const saved = isNew ? await catalogApi.create(body) : await catalogApi.update(code!, body);
      message.success(`已保存为第 ${saved.version} 版草稿`);
      if (isNew) navigate(`/catalog/items/${encodeURIComponent(saved.code)}`, { replace: true });
      else setTick((t) => t + 1);
    } catch (e) {
      if (isApiError(e)) {
        const field = e.field;
        if (field) form.setFields([{ name: field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [e.message] }]);
        message.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };
  const act = async (what: string, fn: () => Promise<Item>) => {
    setBusy(true);
    try {
      const r = await fn();
      message.success(`${what}成功（第 ${r.version} 版，${STATUSES[r.status]}）`);
      setTick((t) => t + 1);
    } finally {
      setBusy(false);
    }
  };
  const withReason = (title: string, fn: (reason: string) => Promise<Item>) => {
    let reason = '';
    modal.confirm({
      title,
      content: <Input.TextArea rows={3} placeholder="请填写理由" onChange={(e) => (reason = e.target.value)} />,
      onOk: () => act(title, () => fn(reason)),
    });
  };

  const d = item.data;
  const isDraft = d?.status === 'draft';
  const readOnly = !canEdit;

  const formCard = (
    <Form form={form} layout="vertical" disabled={readOnly} requiredMark="optional">
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="name" label="事项名称" rules={[{ required: true, min: 2, message: '请填写事项名称（至少 2 个字）' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          {isNew ? (
            <Form.Item name="code" label="事项编码（实施编码）" rules={[{ required: true, message: '请填写事项编码' }]}>
              <Input placeholder="31 位实施编码" />
            </Form.Item>
          ) : (
            <Form.Item label="事项编码">
              <Input value={code} disabled />
            </Form.Item>
          )}
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="type" label="事项类型" rules={[{ required: true }]}>
            <Select options={Object.entries(ITEM_TYPES).map(([value, label]) => ({ value, label: `${value} ${label}` }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="applicationBased" label="依申请" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="level" label="行使层级" rules={[{ required: true }]}>
            <Select options={opts(LEVELS)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="departmentId" label="实施主体" rules={[{ required: true, message: '请选择实施主体' }]}>
            <Select showSearch optionFilterProp="label" options={deptOptions} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="legalLimit" label="法定办结时限" rules={[{ required: true }]}>
            <InputNumber min={0} max={3650} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name="promisedLimit"
            label="承诺办结时限"
            dependencies={['legalLimit']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v == null || v <= (getFieldValue('legalLimit') ?? 0) ? Promise.resolve() : Promise.reject(new Error('承诺时限不能超过法定时限'))),
              }),
            ]}
          >
            <InputNumber min={0} max={3650} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="limitUnit" label="时限单位">
            <Select options={opts(LIMIT_UNITS)} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="kind" label="办件类型">
            <Select options={opts(KINDS)} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="extensionAllowance" label="可延长（工作日）">
            <InputNumber min={0} max={60} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="onlineDepth" label="网上办理深度">
            <Select options={opts(DEPTHS)} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="visits" label="到现场次数">
            <InputNumber min={0} max={10} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="nearby" label="就近办" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="crossProvinceModes" label="跨省通办方式">
            <Checkbox.Group options={opts(CROSS_PROVINCE_MODES)} />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>申请材料</Typography.Title>
      <Form.List name="materials">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Row key={f.key} gutter={8} align="middle" style={{ marginBottom: 4 }}>
                <Col flex="24px">{i + 1}.</Col>
                <Col flex="auto">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写材料名称' }]} style={{ marginBottom: 8 }}>
                    <Input placeholder="材料名称" aria-label={`材料 ${i + 1} 名称`} />
                  </Form.Item>
                </Col>
                <Col flex="130px">
                  <Form.Item name={[f.name, 'form']} initialValue="original" style={{ marginBottom: 8 }}>
                    <Select options={opts(MATERIAL_FORMS)} />
                  </Form.Item>
                </Col>
                <Col flex="90px">
                  <Form.Item name={[f.name, 'copies']} initialValue={1} style={{ marginBottom: 8 }}>
                    <InputNumber min={0} max={99} addonAfter="份" />
                  </Form.Item>
                </Col>
                <Col flex="80px">
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" initialValue style={{ marginBottom: 8 }}>
                    <Checkbox>必要</Checkbox>
                  </Form.Item>
                </Col>
                <Col flex="120px">
                  <Form.Item name={[f.name, 'eLicenseReplaceable']} valuePropName="checked" initialValue={false} style={{ marginBottom: 8 }}>
                    <Checkbox>电子证照免提交</Checkbox>
                  </Form.Item>
                </Col>
                <Col flex="32px">{!readOnly && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除材料" />}</Col>
              </Row>
            ))}
            {!readOnly && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', form: 'original', copies: 1, required: true, eLicenseReplaceable: false })} style={{ marginBottom: 16 }}>
                添加材料
              </Button>
            )}
          </>
        )}
      </Form.List>

      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="legalBasis" label="设定依据">
            <Input.TextArea rows={3} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="conditions" label="受理条件">
            <Input.TextArea rows={3} />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>办理地点</Typography.Title>
      <Form.List name="locations">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8}>
                <Col xs={24} md={6}><Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '地点名称' }]}><Input placeholder="窗口/地点名称" /></Form.Item></Col>
                <Col xs={24} md={7}><Form.Item name={[f.name, 'address']}><Input placeholder="地址" /></Form.Item></Col>
                <Col xs={24} md={6}><Form.Item name={[f.name, 'hours']}><Input placeholder="办理时间" /></Form.Item></Col>
                <Col xs={20} md={4}><Form.Item name={[f.name, 'phone']}><Input placeholder="咨询电话" /></Form.Item></Col>
                <Col xs={4} md={1}>{!readOnly && <MinusCircleOutlined onClick={() => remove(f.name)} />}</Col>
              </Row>
            ))}
            {!readOnly && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', address: '', hours: '', phone: '' })} style={{ marginBottom: 16 }}>添加办理地点</Button>}
          </>
        )}
      </Form.List>

      <Typography.Title level={5}>常见问题</Typography.Title>
      <Form.List name="faqs">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8}>
                <Col xs={24} md={9}><Form.Item name={[f.name, 'question']} rules={[{ required: true, message: '问题' }]}><Input placeholder="问题" /></Form.Item></Col>
                <Col xs={20} md={14}><Form.Item name={[f.name, 'answer']} rules={[{ required: true, message: '解答' }]}><Input.TextArea rows={1} autoSize placeholder="解答" /></Form.Item></Col>
                <Col xs={4} md={1}>{!readOnly && <MinusCircleOutlined onClick={() => remove(f.name)} />}</Col>
              </Row>
            ))}
            {!readOnly && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ question: '', answer: '' })} style={{ marginBottom: 16 }}>添加常见问题</Button>}
          </>
        )}
      </Form.List>

      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name="audiences" label="服务对象">
            <Checkbox.Group options={opts(AUDIENCES)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="lifeEvents" label="主题分类">
            <Select mode="multiple" options={LIFE_EVENTS.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="keywords" label="搜索关键词（群众的说法）" tooltip="如“开饭店”“执照”：群众这样搜时能找到本事项">
            <Select mode="tags" tokenSeparators={['、', ',', '，']} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="onlineUrl" label="网办地址">
            <Input placeholder="https://" />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>{isNew ? '新建事项' : d?.name ?? '事项'}</span>
            {d && <Tag color={STATUS_COLORS[d.status]}>{STATUSES[d.status]}</Tag>}
            {d && <Typography.Text type="secondary">第 {d.version} 版</Typography.Text>}
            {d?.submittedAt && isDraft && <Tag color="blue">已提交审核</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {canEdit && (
              <Button type="primary" loading={busy} onClick={() => void save()} data-testid="save-item">
                保存草稿
              </Button>
            )}
            {canEdit && isDraft && !d?.submittedAt && (
              <Button loading={busy} onClick={() => void act('提交审核', () => catalogApi.submit(code!))}>
                提交审核
              </Button>
            )}
            {canReview && isDraft && (
              <Button type="primary" loading={busy} onClick={() => void act('发布', () => catalogApi.publish(code!))} data-testid="publish-item">
                审核通过并发布
              </Button>
            )}
            {canReview && isDraft && <Button danger onClick={() => withReason('退回', (r) => catalogApi.reject(code!, r))}>退回</Button>}
            {canReview && d && d.status === 'published' && <Button danger onClick={() => withReason('停用', (r) => catalogApi.retire(code!, r))}>停用事项</Button>}
            {d && d.status !== 'draft' && d.status !== 'retired' && <Button href={`/services/${encodeURIComponent(code!)}`} target="_blank">查看办事指南</Button>}
          </Space>
        }
      >
        {d?.reviewNote && isDraft && <Alert type="warning" showIcon title={`审核意见：${d.reviewNote}`} style={{ marginBottom: 12 }} />}
        {d && !isDraft && canEdit && <Alert type="info" showIcon title="修改已发布的事项会生成新版本草稿；审核发布前，群众看到的仍是现行版本。" style={{ marginBottom: 12 }} />}
        {isNew ? formCard : <Tabs items={[{ key: 'edit', label: '事项内容', children: formCard }, { key: 'versions', label: '版本历史', children: <Versions code={code!} key={tick} /> }]} />}
      </Card>
    </Space>
  );
}
