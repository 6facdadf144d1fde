import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, DatePicker, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { isApiError } from '../../app/request';
import { INTERPRETATION_KINDS, disclosureApi, type Policy } from './disclosure.api';
import { DepartmentField, useCanEdit } from './DepartmentField';

const { Text } = Typography;
const errorText = (e: unknown, fallback: string) => (isApiError(e) ? e.message : fallback);

function NewPolicy({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await disclosureApi.createPolicy({ departmentId: v.departmentId, docNo: v.docNo, title: v.title, issuer: v.issuer, issuedOn: (v.issuedOn as Dayjs).format('YYYY-MM-DD'), validUntil: v.validUntil ? (v.validUntil as Dayjs).format('YYYY-MM-DD') : null, body: v.body });
      onSaved();
    } catch (e) {
      setError(errorText(e, '保存失败'));
    }
  };
  return (
    <Modal open title="登记政策文件" okText="登记" onOk={save} onCancel={onClose} width={680} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" data-testid="policy-form">
        <DepartmentField />
        <Form.Item name="docNo" label="文号" rules={[{ required: true, whitespace: true, message: '请填写文号' }]}>
          <Input maxLength={60} placeholder="如：邵政发〔2026〕3号" />
        </Form.Item>
        <Form.Item name="title" label="文件标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="issuer" label="发文机关" rules={[{ required: true, whitespace: true, message: '请填写发文机关' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="issuedOn" label="成文日期" rules={[{ required: true, message: '请选择成文日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="validUntil" label="有效期至（可空）">
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
          <Input.TextArea rows={6} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NewInterpretation({ policy, onClose, onSaved }: { policy: Policy; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await disclosureApi.interpret(policy.id, { kind: v.kind, title: v.title, content: v.content, url: v.url?.trim() || null });
      onSaved();
    } catch (e) {
      setError(errorText(e, '保存失败'));
    }
  };
  return (
    <Modal open title={`发布解读：${policy.docNo}`} okText="发布解读" onOk={save} onCancel={onClose} width={640} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'text' }} data-testid="interpretation-form">
        <Form.Item name="kind" label="解读形式" rules={[{ required: true }]}>
          <Select options={INTERPRETATION_KINDS} />
        </Form.Item>
        <Form.Item name="title" label="解读标题" rules={[{ required: true, whitespace: true, message: '请填写解读标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={kind === 'video' ? '内容简介' : '解读内容'} rules={[{ required: true, whitespace: true, message: '请填写解读内容' }]}>
          <Input.TextArea rows={6} />
        </Form.Item>
        <Form.Item name="url" label={kind === 'video' ? '视频链接' : '图片或原文链接（可选）'} rules={kind === 'video' ? [{ required: true, pattern: /^https?:\/\//, message: '视频解读须提供以 http(s):// 开头的链接' }] : [{ pattern: /^https?:\/\//, message: '链接须以 http(s):// 开头' }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Policy documents beside their 政策解读; those past the interpretation day without one are flagged. */
export function PoliciesTab() {
  const canEdit = useCanEdit();
  const { data, reload } = useApi(() => disclosureApi.staffPolicies(), []);
  const [creating, setCreating] = useState(false);
  const [interpreting, setInterpreting] = useState<Policy | null>(null);
  const flagged = (data ?? []).filter((p) => p.uninterpreted).length;
  return (
    <Card
      size="small"
      title={
        canEdit ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            登记政策文件
          </Button>
        ) : (
          '政策文件'
        )
      }
    >
      {flagged > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`${flagged} 件政策文件超过解读期限仍无解读（成文后 10 个工作日内应发布解读）`} />}
      <Table
        rowKey="id"
        size="small"
        dataSource={data}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 900 }}
        onRow={(p) => ({ style: p.uninterpreted ? { background: '#fff7e6' } : undefined })}
        columns={[
          { title: '文号', dataIndex: 'docNo', width: 170 },
          { title: '标题', dataIndex: 'title' },
          { title: '发文机关', dataIndex: 'issuer', width: 150 },
          { title: '成文日期', dataIndex: 'issuedOn', width: 110 },
          { title: '有效期', dataIndex: 'validUntil', width: 110, render: (v: string | null) => (v ? (v < dayjs().format('YYYY-MM-DD') ? <Tag>已失效 {v}</Tag> : `至 ${v}`) : '长期') },
          {
            title: '解读',
            width: 260,
            render: (_v, p) => (
              <Space orientation="vertical" size={2}>
                {p.interpretations.length ? (
                  <List size="small" split={false} dataSource={p.interpretations} renderItem={(i) => (<List.Item style={{ padding: 0 }}><Tag color="blue">{i.kindLabel}</Tag>{i.url ? <a href={i.url} target="_blank" rel="noreferrer">{i.title}</a> : i.title}</List.Item>)} />
                ) : p.uninterpreted ? (
                  <Tag color="orange">无解读（应于 {p.interpretationDueOn} 前）</Tag>
                ) : (
                  <Text type="secondary">待解读（{p.interpretationDueOn} 前）</Text>
                )}
                {canEdit && (
                  <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setInterpreting(p)}>
                    添加解读
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <NewPolicy
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
      {interpreting && (
        <NewInterpretation
          policy={interpreting}
          onClose={() => setInterpreting(null)}
          onSaved={() => {
            setInterpreting(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}
