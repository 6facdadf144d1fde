import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { LIMITS } from '../../../../src/shared/limits';
import { regulationApi, type Inspection, type Inspector, type RegItem, type Risk } from './regulation.api';
import { ItemEditModal } from './ItemEditModal';

const { Text } = Typography;

function ItemsTab() {
  const { hasRole } = useAuth();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<RegItem | 'new' | null>(null);
  const list = useApi(() => regulationApi.items(page), [page]);
  const mains = (list.data?.items ?? []).filter((i) => i.parentCode === null);
  const writer = hasRole('regulator', 'admin');
  return (
    <Card title="监管事项目录" data-testid="regulation-items" extra={writer && <Button onClick={() => setEditing('new')}>新增监管事项</Button>}>
      <ItemEditModal item={editing} mains={mains} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), list.reload())} />
      <Table<RegItem>
        rowKey="code"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '编码', dataIndex: 'code', width: 110 },
          { title: '监管事项', render: (_, r) => (r.parentCode ? <span style={{ paddingLeft: 16 }}>└ {r.name}</span> : <Text strong>{r.name}（主项）</Text>) },
          { title: '监管部门', dataIndex: 'departmentName', width: 120 },
          { title: '覆盖的审批事项', render: (_, r) => (r.items.length ? r.items.map((i) => <Tag key={i.code}>{i.name ?? i.code}</Tag>) : <Text type="secondary">—</Text>) },
          { title: '设定依据', dataIndex: 'legalBasis', ellipsis: true },
          ...(writer ? [{ title: '操作', width: 70, render: (_: unknown, r: RegItem) => <Button size="small" onClick={() => setEditing(r)}>编辑</Button> }] : []),
        ]}
      />
    </Card>
  );
}

function InspectorsTab() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useApi(() => regulationApi.inspectors(page), [page]);
  const save = async () => {
    const v = await form.validateFields();
    await regulationApi.addInspector({ ...v, validTo: v.validTo.format('YYYY-MM-DD'), phone: v.phone || undefined });
    message.success('执法人员已注册');
    setOpen(false);
    list.reload();
  };
  return (
    <Card title="执法人员" extra={hasRole('regulator') && <Button onClick={() => setOpen(true)}>注册执法人员</Button>}>
      <Table<Inspector>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 640 }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '执法证号', dataIndex: 'certNo' },
          { title: '有效期至', render: (_, r) => (r.valid ? r.validTo : <Tag color="red">{r.validTo} 已过期</Tag>) },
          { title: '联系电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: '部门', dataIndex: 'departmentName' },
        ]}
      />
      <Modal title="注册执法人员" open={open} onOk={() => void save()} onCancel={() => setOpen(false)} okText="注册" cancelText="取消" destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input maxLength={LIMITS.personName} />
          </Form.Item>
          <Form.Item name="certNo" label="执法证号" rules={[{ required: true, pattern: /^[0-9A-Za-z-]{4,30}$/, message: '请输入 4 至 30 位执法证号' }]}>
            <Input maxLength={LIMITS.certNo} />
          </Form.Item>
          <Form.Item name="validTo" label="有效期至" rules={[{ required: true, message: '请选择有效期' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="phone" label="手机号码">
            <Input maxLength={LIMITS.phone} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function InspectionsTab() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const [page, setPage] = useState(1);
  const list = useApi(() => regulationApi.inspections(page), [page]);
  const rectified = async (r: Inspection) => {
    await regulationApi.rectified(r.id, dayjs().format('YYYY-MM-DD'));
    message.success('已登记整改到位');
    list.reload();
  };
  return (
    <Card title="检查记录">
      <Table<Inspection>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 800 }}
        columns={[
          { title: '检查日期', dataIndex: 'inspectedOn', width: 100 },
          { title: '检查对象', render: (_, r) => `${r.subjectName}（${r.subjectKey}）` },
          { title: '抽查', dataIndex: 'drawNo', render: (v: string | null) => v ?? '—' },
          { title: '检查结果', dataIndex: 'outcomeLabel' },
          {
            title: '整改',
            render: (_, r) =>
              !r.rectifyDue ? '—' : r.rectifiedOn ? <Tag color="green">{r.rectifiedOn} 已整改</Tag> : (
                <Space>
                  <Tag color={r.rectifyOverdue ? 'red' : 'orange'}>期限 {r.rectifyDue}{r.rectifyOverdue ? ' 已逾期' : ''}</Tag>
                  {hasRole('regulator') && <Button size="small" onClick={() => void rectified(r)}>整改到位</Button>}
                </Space>
              ),
          },
          { title: '说明', dataIndex: 'note', ellipsis: true },
        ]}
      />
    </Card>
  );
}

function RisksTab() {
  const list = useApi(() => regulationApi.risks(), []);
  return (
    <Card title="风险核查" extra={<Text type="secondary">每条风险同时以监察红牌推送效能监察</Text>}>
      <Table<Risk>
        rowKey={(r) => `${r.kind}-${r.reference}`}
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无风险' }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 640 }}
        columns={[
          { title: '风险类型', render: (_, r) => <Tag color="red">{r.kindLabel}</Tag> },
          { title: '对象', dataIndex: 'subject' },
          { title: '证照 / 记录', dataIndex: 'reference' },
          { title: '部门', dataIndex: 'departmentName' },
          { title: '期限', dataIndex: 'since' },
        ]}
      />
    </Card>
  );
}

/** The registry tabs of the 监管 workbench. */
export function RegistryTabs() {
  return [
    { key: 'inspections', label: '检查记录', children: <InspectionsTab /> },
    { key: 'risks', label: '风险核查', children: <RisksTab /> },
    { key: 'items', label: '监管事项', children: <ItemsTab /> },
    { key: 'inspectors', label: '执法人员', children: <InspectorsTab /> },
  ];
}
