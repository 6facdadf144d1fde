import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';
import type { KbEntry } from '../hotline/hotline.api';
import { fetchDepartments } from './org.api';

const STATUS: Record<KbEntry['status'], { label: string; color: string }> = {
  draft: { label: '草稿待审核', color: 'gold' },
  published: { label: '已发布', color: 'green' },
  retired: { label: '已停用', color: 'default' },
};

interface KbForm {
  departmentId: number;
  title: string;
  content: string;
  keywords?: string[];
  expiresOn?: dayjs.Dayjs | null;
}

/** 知识库: the answers the hotline operators quote; an edit goes back to draft until it is published again. */
export function KbTab() {
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<KbEntry['status'] | undefined>();
  const [editing, setEditing] = useState<KbEntry | 'new' | null>(null);
  const [form] = Form.useForm<KbForm>();
  const list = useApi(() => api.get<ListResult<KbEntry>>('/kb', { page, pageSize: 10, status }), [page, status, tick]);
  const deps = useApi(() => fetchDepartments('department'), []);

  const openEditor = (e: KbEntry | 'new') => {
    setEditing(e);
    form.resetFields();
    if (e !== 'new') form.setFieldsValue({ departmentId: e.departmentId, title: e.title, content: e.content, keywords: e.keywords, expiresOn: e.expiresOn ? dayjs(e.expiresOn) : null });
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { departmentId: v.departmentId, title: v.title.trim(), content: v.content.trim(), keywords: v.keywords ?? [], expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : null };
    if (editing === 'new') await api.post('/kb', body);
    else if (editing) await api.put(`/kb/${editing.id}`, body);
    void message.success('已保存为草稿，审核发布后话务员可检索');
    setEditing(null);
    setTick((t) => t + 1);
  };
  const setEntryStatus = async (e: KbEntry, to: 'publish' | 'retire') => {
    await api.post(`/kb/${e.id}/${to}`);
    void message.success(to === 'publish' ? `已发布“${e.title}”` : `已停用“${e.title}”`);
    setTick((t) => t + 1);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Select allowClear placeholder="全部状态" style={{ width: 140 }} value={status} onChange={(v) => (setStatus(v), setPage(1))} options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))} />
        <Button type="primary" onClick={() => openEditor('new')}>
          新建条目
        </Button>
      </Space>
      <Table<KbEntry>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '承办单位', dataIndex: 'departmentName', width: 180 },
          { title: '关键词', dataIndex: 'keywords', width: 200, render: (ks: string[]) => ks.map((k) => <Tag key={k}>{k}</Tag>) },
          { title: '有效期至', dataIndex: 'expiresOn', width: 110, render: (v: string | null) => v ?? '长期' },
          { title: '引用', dataIndex: 'usageCount', width: 60 },
          { title: '状态', dataIndex: 'status', width: 110, render: (s: KbEntry['status']) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag> },
          {
            title: '',
            key: 'op',
            width: 150,
            render: (_: unknown, e) => (
              <Space size={4}>
                <Button size="small" onClick={() => openEditor(e)}>
                  编辑
                </Button>
                {e.status !== 'published' && (
                  <Button size="small" type="primary" onClick={() => void setEntryStatus(e, 'publish')}>
                    发布
                  </Button>
                )}
                {e.status === 'published' && (
                  <Button size="small" danger onClick={() => void setEntryStatus(e, 'retire')}>
                    停用
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal title={editing === 'new' ? '新建知识库条目' : '编辑知识库条目'} open={editing !== null} onOk={() => void save()} onCancel={() => setEditing(null)} okText="保存" width={640} forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="departmentId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
            <Select showSearch optionFilterProp="label" options={(deps.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={LIMITS.title} />
          </Form.Item>
          <Form.Item name="content" label="答复口径" rules={[{ required: true, whitespace: true, message: '请填写答复口径' }]}>
            <Input.TextArea rows={6} maxLength={LIMITS.content} showCount />
          </Form.Item>
          <Form.Item name="keywords" label="关键词" extra="回车添加，话务员检索时按关键词和全文查找">
            <Select mode="tags" maxCount={LIMITS.tags} tokenSeparators={[',', '，', ' ']} open={false} />
          </Form.Item>
          <Form.Item name="expiresOn" label="有效期至" extra="不填为长期有效；过期后不再出现在检索结果中">
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
