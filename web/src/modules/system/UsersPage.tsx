import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../../../src/shared/roles';
import { LIMITS } from '../../../../src/shared/limits';
import { roleLabel } from '../../app/auth';
import { isApiError } from '../../app/request';
import { useApi } from '../../app/useApi';
import { PageHeader } from '../../components/PageHeader';
import { fetchDepartments } from './org.api';
import { usersApi, type AccountChange, type AccountRow, type NewAccount } from './users.api';

const PAGE_SIZE = 20;
const PASSWORD_RULE = { min: LIMITS.passwordMin, max: LIMITS.password, message: `密码至少 ${LIMITS.passwordMin} 位，含字母和数字` };

/**
 * 账号管理: the bureau's staff accounts (and registered citizens): new accounts, roles, department and window,
 * deactivation (the account is signed out everywhere at once) and reactivation, password resets.
 */
export default function UsersPage() {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [tick, setTick] = useState(0);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<AccountRow | null>(null);
  const [editing, setEditing] = useState<AccountRow | null>(null);
  const [editForm] = Form.useForm<{ roles: Role[]; departmentId?: number | null; windowNo?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [createForm] = Form.useForm<NewAccount & { windowNo?: string }>();
  const [resetForm] = Form.useForm<{ newPassword: string }>();
  const list = useApi(() => usersApi.list({ page, pageSize: PAGE_SIZE, q: text || undefined, role }), [page, text, role, tick]);
  const deps = useApi(() => fetchDepartments(), []);
  const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

  const create = async () => {
    // The form shows its own field errors; nothing to send until they are fixed.
    const v = await createForm.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    try {
      await usersApi.create({ ...v, departmentId: v.departmentId ?? null, windowNo: v.windowNo || undefined, phone: v.phone || null, idNumber: v.idNumber || null });
      void message.success(`已新建账号 ${v.username}`);
      setCreating(false);
      createForm.resetFields();
      setText(v.username);
      setPage(1);
      setTick((t) => t + 1);
    } catch (e) {
      if (isApiError(e)) setError(e.message);
      else throw e;
    }
  };

  const save = async () => {
    const v = await editForm.validateFields().catch(() => null);
    if (!v || !editing) return;
    setError(null);
    const change: AccountChange = { roles: v.roles, departmentId: v.departmentId ?? null, windowNo: v.windowNo?.trim() || null };
    try {
      await usersApi.update(editing.id, change);
      void message.success(`已修改 ${editing.name} 的角色和所属单位`);
      setEditing(null);
      setTick((t) => t + 1);
    } catch (e) {
      if (isApiError(e)) setError(e.message);
      else throw e;
    }
  };

  const setActive = async (r: AccountRow, active: boolean) => {
    try {
      if (active) await usersApi.reactivate(r.id);
      else await usersApi.deactivate(r.id);
      void message.success(active ? `已启用 ${r.name} 的账号` : `已停用 ${r.name} 的账号，其登录会话已全部失效`);
      setTick((t) => t + 1);
    } catch (e) {
      if (isApiError(e)) void message.error(e.message);
      else throw e;
    }
  };

  const reset = async () => {
    const v = await resetForm.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    try {
      await usersApi.resetPassword(resetting!.id, v.newPassword);
      void message.success(`已重置 ${resetting!.name} 的密码，其登录会话已全部失效`);
      setResetting(null);
      resetForm.resetFields();
    } catch (e) {
      if (isApiError(e)) setError(e.message);
      else throw e;
    }
  };

  return (
    <div>
      <PageHeader title="账号管理" subtitle="窗口、审批、热线和成员单位人员的账号；联系方式脱敏显示，查看明文会记入审计" />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder="用户名或姓名"
            style={{ width: 220 }}
            maxLength={LIMITS.username}
            onSearch={(v) => (setText(v.trim()), setPage(1))}
            data-testid="users-search"
          />
          <Select allowClear placeholder="全部角色" style={{ width: 160 }} options={roleOptions} value={role} onChange={(v) => (setRole(v), setPage(1))} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => (setError(null), setCreating(true))}>
            新建账号
          </Button>
        </Space>
        <Table<AccountRow>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1060 }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 个账号` }}
          columns={[
            { title: '用户名', dataIndex: 'username', width: 140 },
            {
              title: '状态',
              dataIndex: 'active',
              width: 70,
              render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag data-testid="user-inactive">已停用</Tag>),
            },
            { title: '姓名', dataIndex: 'name', width: 110 },
            { title: '角色', dataIndex: 'roles', render: (rs: Role[]) => rs.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>) },
            { title: '所属单位', dataIndex: 'departmentName', width: 200, render: (v: string | null) => v ?? '—' },
            { title: '窗口', dataIndex: 'windowNo', width: 70, render: (v: string | null) => v ?? '—' },
            { title: '手机', dataIndex: 'phone', width: 120, render: (v: string | null) => v ?? '—' },
            {
              title: '',
              key: 'actions',
              width: 230,
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() => {
                      setError(null);
                      setEditing(r);
                      editForm.setFieldsValue({ roles: r.roles, departmentId: r.departmentId, windowNo: r.windowNo ?? undefined });
                    }}
                  >
                    编辑
                  </Button>
                  {r.active ? (
                    <Popconfirm
                      title={`停用 ${r.name}（${r.username}）？`}
                      description="停用后该账号立即退出所有设备，不能再登录；可随时重新启用。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => setActive(r, false)}
                    >
                      <Button size="small" danger>
                        停用
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => void setActive(r, true)}>
                      启用
                    </Button>
                  )}
                  <Button size="small" onClick={() => (setError(null), setResetting(r))}>
                    重置密码
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal title="新建账号" open={creating} onOk={() => void create()} onCancel={() => setCreating(false)} okText="新建" destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={createForm} name="newAccount" layout="vertical">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }, { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: '2–64 位字母、数字、点、横线或下划线' }]}>
            <Input maxLength={LIMITS.username} autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={LIMITS.personName} />
          </Form.Item>
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
            <Select mode="multiple" options={roleOptions} placeholder="选择角色" data-testid="new-user-roles" />
          </Form.Item>
          <Form.Item name="departmentId" label="所属单位">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="本局（不选）"
              options={(deps.data?.items ?? []).filter((d) => d.kind !== 'village').map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="windowNo" label="窗口号" style={{ width: '30%' }}>
              <Input maxLength={LIMITS.windowNo} placeholder="如 A01" />
            </Form.Item>
            <Form.Item name="phone" label="手机" style={{ width: '70%' }}>
              <Input maxLength={LIMITS.phone} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请设置初始密码' }, PASSWORD_RULE]} extra="请当面或电话告知本人，并提醒首次登录后修改">
            <Input.Password maxLength={LIMITS.password} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={`编辑账号：${editing?.name ?? ''}（${editing?.username ?? ''}）`} open={editing !== null} onOk={() => void save()} onCancel={() => setEditing(null)} okText="保存" forceRender>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={editForm} name="editAccount" layout="vertical">
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
            <Select mode="multiple" options={roleOptions} placeholder="选择角色" data-testid="edit-user-roles" />
          </Form.Item>
          <Form.Item name="departmentId" label="所属单位">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="本局（不选）"
              options={(deps.data?.items ?? []).filter((d) => d.kind !== 'village').map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item name="windowNo" label="窗口号">
            <Input maxLength={LIMITS.windowNo} placeholder="如 A01" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={`重置密码：${resetting?.name ?? ''}`} open={resetting !== null} onOk={() => void reset()} onCancel={() => setResetting(null)} okText="重置" destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <p>重置后，该账号已登录的设备都会退出。</p>
        <Form form={resetForm} name="resetPassword" layout="vertical">
          <Form.Item name="newPassword" label="新密码" rules={[{ required: true, message: '请填写新密码' }, PASSWORD_RULE]}>
            <Input.Password maxLength={LIMITS.password} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
