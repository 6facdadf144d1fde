import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { fetchDepartments } from '../system/org.api';
import { catalogApi } from '../catalog/catalog.api';
import { HOLDER_KIND_LABELS, licensesApi, type LicenseTypeView, type TypeInput } from './licenses.api';

const { Text } = Typography;

interface TypeForm extends Omit<TypeInput, 'validityYears'> {
  longTerm: boolean;
  validityYears?: number;
}

/** 证照目录: the license types, the department that issues each, how long it is valid, what issues it and what it replaces. */
export default function LicenseTypesPage() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const admin = hasRole('admin');
  const types = useApi((s) => licensesApi.types(s), []);
  const depts = useApi(() => fetchDepartments('department'), []);
  const [itemSearch, setItemSearch] = useState('');
  const items = useApi((s) => catalogApi.list({ q: itemSearch || undefined, page: 1, pageSize: 20 }, s), [itemSearch]);
  const [editing, setEditing] = useState<LicenseTypeView | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<TypeForm>();
  const longTerm = Form.useWatch('longTerm', form);

  const open = (t: LicenseTypeView | 'new') => {
    setEditing(t);
    form.setFieldsValue(
      t === 'new'
        ? { code: '', name: '', holderKind: 'organization', longTerm: false, validityYears: 5, itemCodes: [], replaces: [], active: true }
        : { ...t, longTerm: t.validityYears === null, validityYears: t.validityYears ?? undefined },
    );
  };
  const save = async () => {
    const v = await form.validateFields();
    const body: TypeInput = {
      code: v.code.trim().toUpperCase(),
      name: v.name.trim(),
      departmentId: v.departmentId,
      holderKind: v.holderKind,
      validityYears: v.longTerm ? null : (v.validityYears ?? null),
      itemCodes: v.itemCodes ?? [],
      replaces: v.replaces ?? [],
      active: v.active,
    };
    setSaving(true);
    try {
      if (editing === 'new') await licensesApi.createType(body);
      else await licensesApi.updateType(editing!.id, body);
      message.success(`证照类型 ${body.name} 已保存`);
      setEditing(null);
      types.reload();
    } finally {
      setSaving(false);
    }
  };
  const itemOptions = [
    ...(items.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` })),
    ...(editing && editing !== 'new' ? editing.itemCodes.filter((c) => !items.data?.items.some((i) => i.code === c)).map((c) => ({ value: c, label: c })) : []),
  ];

  return (
    <>
      <PageHeader
        title="证照目录"
        subtitle="证照类型、发证部门、有效期，以及哪些审批事项颁发、可替代哪些申请材料（证照免提交）"
        extra={admin && <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>新增证照类型</Button>}
      />
      <Card size="small">
        <Table<LicenseTypeView>
          rowKey="id"
          size="small"
          loading={types.loading}
          dataSource={types.data?.items ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          scroll={{ x: 1200 }}
          data-testid="license-types"
          columns={[
            { title: '代码', dataIndex: 'code', width: 80 },
            { title: '证照名称', dataIndex: 'name', width: 180, render: (v: string, t) => (t.active ? <Text strong>{v}</Text> : <Text delete>{v}</Text>) },
            { title: '发证部门', dataIndex: 'issuer', width: 170 },
            { title: '持证主体', dataIndex: 'holderKind', width: 80, render: (k: 'person' | 'organization') => HOLDER_KIND_LABELS[k] },
            { title: '有效期', dataIndex: 'validityYears', width: 80, render: (y: number | null) => (y === null ? '长期' : `${y} 年`) },
            { title: '颁发事项（事项编码）', dataIndex: 'itemCodes', render: (c: string[]) => (c.length ? c.map((x) => <Tag key={x} style={{ fontSize: 11 }}>{x}</Tag>) : <Text type="secondary">—</Text>) },
            { title: '可替代材料', dataIndex: 'replaces', render: (m: string[]) => (m.length ? m.map((x) => <Tag color="green" key={x}>{x}</Tag>) : <Text type="secondary">—</Text>) },
            { title: '证照数', dataIndex: 'licenses', width: 80, align: 'right' },
            ...(admin ? [{ title: '操作', width: 70, render: (_: unknown, t: LicenseTypeView) => <Button size="small" onClick={() => open(t)}>编辑</Button> }] : []),
          ]}
        />
      </Card>
      <Modal
        title={editing === 'new' ? '新增证照类型' : `编辑证照类型 ${editing ? editing.name : ''}`}
        open={editing !== null}
        onOk={() => void save()}
        confirmLoading={saving}
        onCancel={() => setEditing(null)}
        okText="保存"
        cancelText="取消"
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve>
          <Form.Item name="code" label="证照类型代码" rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9]{1,7}$/, message: '2-8 位字母或数字，以字母开头' }]} extra="用于证照编号的前缀，已有证照后不能修改">
            <Input maxLength={8} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="name" label="证照名称" rules={[{ required: true, message: '请输入证照名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="departmentId" label="发证部门" rules={[{ required: true, message: '请选择发证部门' }]}>
            <Select showSearch optionFilterProp="label" loading={depts.loading} options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item name="holderKind" label="持证主体" rules={[{ required: true }]}>
            <Radio.Group options={[{ value: 'organization', label: '单位（统一社会信用代码）' }, { value: 'person', label: '个人（身份证号）' }]} />
          </Form.Item>
          <Form.Item label="有效期" required>
            <Form.Item name="longTerm" valuePropName="checked" noStyle>
              <Switch checkedChildren="长期有效" unCheckedChildren="有期限" />
            </Form.Item>
            {!longTerm && (
              <Form.Item name="validityYears" noStyle rules={[{ required: true, message: '请输入有效年限' }]}>
                <InputNumber min={1} max={100} addonAfter="年" style={{ width: 140, marginLeft: 12 }} />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="itemCodes" label="颁发该证照的审批事项" extra="这些事项的办件准予许可时，自动颁发该证照">
            <Select mode="multiple" showSearch filterOption={false} onSearch={setItemSearch} options={itemOptions} placeholder="输入事项名称搜索" />
          </Form.Item>
          <Form.Item name="replaces" label="可替代的申请材料" extra="申请人持有有效证照时，这些材料自动标为“电子证照”，无需提交">
            <Select mode="tags" tokenSeparators={['，', ',']} placeholder="输入材料名称后回车" />
          </Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
