import { useEffect, useState } from 'react';
import { App as AntApp, Form, Input, Modal, Select } from 'antd';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { LIMITS } from '../../../../src/shared/limits';
import { fetchDepartments } from '../system/org.api';
import { catalogApi } from '../catalog/catalog.api';
import { regulationApi, type RegItem } from './regulation.api';

interface ItemForm {
  code: string;
  name: string;
  parentCode?: string | null;
  legalBasis: string;
  departmentId?: number;
  itemCodes: string[];
}

/** 新增 / 编辑监管事项: main item or sub-item, legal basis, supervising department (admin), covered catalogue items. */
export function ItemEditModal({ item, mains, onClose, onSaved }: { item: RegItem | 'new' | null; mains: RegItem[]; onClose(): void; onSaved(): void }) {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const admin = hasRole('admin');
  const [form] = Form.useForm<ItemForm>();
  const [busy, setBusy] = useState(false);
  const [search, setSearch] = useState('');
  const depts = useApi(() => (admin ? fetchDepartments('department') : Promise.resolve({ items: [], total: 0 })), [admin]);
  const catalog = useApi((s) => catalogApi.list({ q: search || undefined, page: 1, pageSize: 20 }, s), [search]);
  useEffect(() => {
    if (item === null) return;
    form.setFieldsValue(
      item === 'new'
        ? { code: '', name: '', parentCode: null, legalBasis: '', itemCodes: [] }
        : { code: item.code, name: item.name, parentCode: item.parentCode, legalBasis: item.legalBasis, departmentId: item.departmentId, itemCodes: item.items.map((i) => i.code) },
    );
  }, [item, form]);
  const save = async () => {
    const v = await form.validateFields();
    const body = { name: v.name.trim(), parentCode: v.parentCode || null, legalBasis: v.legalBasis.trim(), itemCodes: v.itemCodes ?? [], ...(admin ? { departmentId: v.departmentId } : {}) };
    setBusy(true);
    try {
      if (item === 'new') await regulationApi.createItem({ ...body, code: v.code.trim().toUpperCase() });
      else await regulationApi.updateItem(item!.code, body);
      message.success(`监管事项 ${body.name} 已保存`);
      onSaved();
    } finally {
      setBusy(false);
    }
  };
  const known = item && item !== 'new' ? item.items : [];
  const options = [
    ...(catalog.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` })),
    ...known.filter((k) => !catalog.data?.items.some((i) => i.code === k.code)).map((k) => ({ value: k.code, label: `${k.name ?? k.code}（${k.code}）` })),
  ];
  return (
    <Modal title={item === 'new' ? '新增监管事项' : `编辑监管事项 ${item?.code ?? ''}`} open={item !== null} onOk={() => void save()} confirmLoading={busy} onCancel={onClose} okText="保存" cancelText="取消" width={640} destroyOnHidden>
      <Form form={form} layout="vertical" preserve>
        <Form.Item name="code" label="监管事项编码" rules={[{ required: true, message: '请输入编码' }]}>
          <Input maxLength={LIMITS.code} disabled={item !== 'new'} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="name" label="监管事项名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
          <Input maxLength={LIMITS.title} />
        </Form.Item>
        <Form.Item name="parentCode" label="所属主项" extra="不选则为主项">
          <Select allowClear placeholder="（主项）" options={mains.filter((m) => item === 'new' || m.code !== item?.code).map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))} />
        </Form.Item>
        <Form.Item name="legalBasis" label="设定依据" rules={[{ required: true, whitespace: true, message: '请填写法律法规依据' }]}>
          <Input.TextArea rows={2} maxLength={LIMITS.reason} />
        </Form.Item>
        {admin && (
          <Form.Item name="departmentId" label="监管部门" rules={[{ required: true, message: '请选择监管部门' }]}>
            <Select showSearch optionFilterProp="label" options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
        <Form.Item name="itemCodes" label="覆盖的审批事项" extra="这些事项的审批结果推送给本监管事项的部门认领">
          <Select mode="multiple" showSearch filterOption={false} onSearch={setSearch} options={options} placeholder="输入事项名称搜索" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
