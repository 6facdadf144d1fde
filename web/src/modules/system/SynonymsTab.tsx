import { useState } from 'react';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';

const { Paragraph } = Typography;

interface Synonyms {
  term: string;
  synonyms: string[];
}

/** 搜索同义词: what people type (营业执照) found under the catalogue's words (设立登记). */
export function SynonymsTab() {
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm<Synonyms>();
  const list = useApi(() => api.get<Synonyms[]>('/catalog/synonyms'), [tick]);

  const save = async (v: Synonyms) => {
    await api.put('/catalog/synonyms', { term: v.term.trim(), synonyms: v.synonyms.map((s) => s.trim()).filter(Boolean) });
    void message.success(`已保存“${v.term.trim()}”的同义词`);
    form.resetFields();
    setTick((t) => t + 1);
  };
  const remove = async (term: string) => {
    await api.put('/catalog/synonyms', { term, synonyms: [] });
    void message.success(`已删除“${term}”的同义词`);
    setTick((t) => t + 1);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Paragraph type="secondary">群众搜索某个词时，也按它的同义词查找事项和办事指南。再次保存同一个词会替换它的同义词。</Paragraph>
      <Form form={form} layout="inline" onFinish={save} data-testid="synonym-form">
        <Form.Item name="term" rules={[{ required: true, whitespace: true, message: '请填写搜索词' }]}>
          <Input placeholder="搜索词，如 营业执照" maxLength={LIMITS.searchWord} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="synonyms" rules={[{ required: true, message: '至少一个同义词' }]}>
          <Select mode="tags" placeholder="同义词，回车添加" maxCount={LIMITS.tags} tokenSeparators={[',', '，', ' ']} open={false} style={{ minWidth: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          保存
        </Button>
      </Form>
      <Table<Synonyms>
        rowKey="term"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '搜索词', dataIndex: 'term', width: 200 },
          { title: '同义词', dataIndex: 'synonyms', render: (ss: string[]) => ss.map((s) => <Tag key={s}>{s}</Tag>) },
          {
            title: '',
            key: 'op',
            width: 140,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => form.setFieldsValue(r)}>
                  编辑
                </Button>
                <Popconfirm title={`删除“${r.term}”的同义词？`} okText="删除" okButtonProps={{ danger: true }} onConfirm={() => remove(r.term)}>
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
