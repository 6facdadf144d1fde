import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { isApiError } from '../../app/request';
import { NEW_MEDIA_PLATFORMS, disclosureApi, type ColumnRow } from './disclosure.api';
import { DepartmentField, useCanEdit, useDepartmentNames } from './DepartmentField';

const { Text } = Typography;
const errorText = (e: unknown, fallback: string) => (isApiError(e) ? e.message : fallback);

function NewColumn({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const meta = useApi(() => disclosureApi.meta(), []);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await disclosureApi.createColumn({ departmentId: v.departmentId, name: v.name, kind: v.kind, updateDays: v.updateDays ?? null });
      onSaved();
    } catch (e) {
      setError(errorText(e, '保存失败'));
    }
  };
  return (
    <Modal open title="新建栏目" okText="新建" onOk={save} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical">
        <DepartmentField />
        <Form.Item name="name" label="栏目名称" rules={[{ required: true, whitespace: true, message: '请填写栏目名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label="栏目类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select
            options={(meta.data?.columnKinds ?? []).map((k) => ({ value: k.code, label: `${k.label}${k.updateDays ? `（默认 ${k.updateDays} 天内更新）` : ''}` }))}
            onChange={(code) => form.setFieldValue('updateDays', meta.data?.columnKinds.find((k) => k.code === code)?.updateDays ?? null)}
          />
        </Form.Item>
        <Form.Item name="updateDays" label="更新要求（天，空为不限）" extra="参照全国政府网站检查指标：动态要闻 2 周内、通知公告和政策文件 6 个月内须有更新。">
          <InputNumber min={1} max={3660} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const staleTag = (c: ColumnRow) => (c.stale === 'empty' ? <Tag color="red">空白栏目</Tag> : c.stale === 'overdue' ? <Tag color="orange">超期未更新</Tag> : <Tag color="green">正常</Tag>);

/** Columns per site: update rule, last update, the stale flag the sweep turns into a card. */
export function ColumnsTab() {
  const canEdit = useCanEdit();
  const { data, reload } = useApi(() => disclosureApi.columns(), []);
  const names = useDepartmentNames();
  const [creating, setCreating] = useState(false);
  const sites = [...new Set((data ?? []).map((c) => c.departmentId))];
  const stale = (data ?? []).filter((c) => c.stale).length;
  return (
    <Card
      size="small"
      title={canEdit ? <Button onClick={() => setCreating(true)}>新建栏目</Button> : '各网站栏目'}
      extra={stale > 0 ? <Text type="danger">{stale} 个栏目空白或超期未更新</Text> : <Text type="success">各栏目均按要求更新</Text>}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {sites.map((d) => (
          <Card key={d} size="small" type="inner" title={names.get(d) ?? `单位 ${d}`} data-testid="site-columns">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={(data ?? []).filter((c) => c.departmentId === d)}
              onRow={(c) => ({ style: c.stale ? { background: '#fff1f0' } : undefined })}
              columns={[
                { title: '栏目', dataIndex: 'name' },
                { title: '类型', dataIndex: 'kindLabel', width: 110 },
                { title: '更新要求', dataIndex: 'updateDays', width: 110, render: (v) => (v ? `${v} 天内` : '不限') },
                { title: '最近更新', dataIndex: 'lastPublishedOn', width: 120, render: (v) => v ?? '—' },
                { title: '信息数', dataIndex: 'articles', width: 80 },
                { title: '状态', width: 110, render: (_v, c) => staleTag(c) },
              ]}
            />
          </Card>
        ))}
      </Space>
      {creating && (
        <NewColumn
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function NewAccount({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await disclosureApi.registerAccount({ departmentId: v.departmentId, name: v.name, platform: v.platform, updateDays: v.updateDays, lastUpdateOn: v.lastUpdateOn ? (v.lastUpdateOn as Dayjs).format('YYYY-MM-DD') : null });
      onSaved();
    } catch (e) {
      setError(errorText(e, '保存失败'));
    }
  };
  return (
    <Modal open title="登记政务新媒体账号" okText="登记" onOk={save} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" initialValues={{ platform: 'wechat', updateDays: 14 }}>
        <DepartmentField />
        <Form.Item name="name" label="账号名称" rules={[{ required: true, whitespace: true, message: '请填写账号名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="platform" label="平台" rules={[{ required: true }]}>
          <Select options={NEW_MEDIA_PLATFORMS} />
        </Form.Item>
        <Form.Item name="updateDays" label="更新要求（天）" extra="超过天数未更新即标记为超期（“僵尸”账号）。">
          <InputNumber min={1} max={365} />
        </Form.Item>
        <Form.Item name="lastUpdateOn" label="最近更新日期">
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 政务新媒体 registry (overdue accounts flagged) and the 读网 duty roster with each check recorded. */
export function NewMediaTab() {
  const canEdit = useCanEdit();
  const accounts = useApi(() => disclosureApi.accounts(), []);
  const checks = useApi(() => disclosureApi.dutyChecks(), []);
  const names = useDepartmentNames();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const today = dayjs().format('YYYY-MM-DD');
  const touch = async (id: number) => {
    setError(null);
    try {
      await disclosureApi.touchAccount(id, today);
      accounts.reload();
    } catch (e) {
      setError(errorText(e, '操作失败'));
    }
  };
  const record = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await disclosureApi.recordDutyCheck({ findings: v.findings, problems: v.problems ?? 0 });
      form.resetFields();
      checks.reload();
    } catch (e) {
      setError(errorText(e, '记录失败'));
    }
  };
  const overdue = (accounts.data ?? []).filter((a) => a.overdue).length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Card size="small" title={canEdit ? <Button onClick={() => setCreating(true)}>登记新媒体账号</Button> : '政务新媒体'} extra={overdue > 0 ? <Text type="danger">{overdue} 个账号超期未更新</Text> : `共 ${accounts.data?.length ?? 0} 个账号`}>
        <Table
          rowKey="id"
          size="small"
          dataSource={accounts.data}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          scroll={{ x: 760 }}
          onRow={(a) => ({ style: a.overdue ? { background: '#fff1f0' } : undefined })}
          columns={[
            { title: '账号', dataIndex: 'name' },
            { title: '平台', dataIndex: 'platformLabel', width: 110 },
            { title: '主办单位', dataIndex: 'departmentId', width: 180, render: (d: number) => names.get(d) ?? d },
            { title: '最近更新', dataIndex: 'lastUpdateOn', width: 110, render: (v) => v ?? '—' },
            { title: '状态', width: 150, render: (_v, a) => (a.overdue ? <Tag color="red">超过 {a.updateDays} 天未更新</Tag> : <Tag color="green">正常</Tag>) },
            { title: '', width: 110, render: (_v, a) => canEdit && a.lastUpdateOn !== today && <Button size="small" onClick={() => touch(a.id)}>今日已更新</Button> },
          ]}
        />
      </Card>
      <Card size="small" title="读网值班（24 小时）" data-testid="duty-card">
        <Form form={form} layout="inline" style={{ marginBottom: 12, rowGap: 8, display: canEdit ? undefined : 'none' }}>
          <Form.Item name="findings" rules={[{ required: true, whitespace: true, message: '请填写检查情况' }]} style={{ flex: 1, minWidth: 280 }}>
            <Input aria-label="检查情况" placeholder="检查了哪些网站和账号，发现什么问题（错别字、链接失效、超期未更新……）" maxLength={2000} />
          </Form.Item>
          <Form.Item name="problems" label="问题数" initialValue={0}>
            <InputNumber min={0} max={1000} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" onClick={record}>
              记录本次检查
            </Button>
          </Form.Item>
        </Form>
        <Table
          rowKey="id"
          size="small"
          dataSource={checks.data}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            { title: '检查时间', dataIndex: 'checkedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            { title: '值班人', dataIndex: 'checkedBy', width: 90 },
            { title: '发现', dataIndex: 'findings' },
            { title: '问题数', dataIndex: 'problems', width: 80, render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0) },
          ]}
        />
      </Card>
      {creating && (
        <NewAccount
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            accounts.reload();
          }}
        />
      )}
    </Space>
  );
}
