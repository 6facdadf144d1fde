import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, DatePicker, Drawer, Empty, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { isApiError } from '../../app/request';
import { disclosureApi, type Consultation } from './disclosure.api';
import { DepartmentField, useCanEdit } from './DepartmentField';

const { Text, Paragraph } = Typography;
const errorText = (e: unknown, fallback: string) => (isApiError(e) ? e.message : fallback);

const stateOf = (c: Consultation, today: string) => (c.open ? { color: 'green', label: '征集中' } : c.opensOn > today ? { color: 'default', label: '未开始' } : c.feedback ? { color: 'blue', label: '已反馈' } : { color: 'orange', label: '已截止，待反馈' });

function NewConsultation({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    const [from, to] = v.period as [Dayjs, Dayjs];
    try {
      await disclosureApi.createConsultation({
        departmentId: v.departmentId,
        title: v.title,
        body: v.body,
        questions: String(v.questions ?? '').split(/\n+/).map((q) => q.trim()).filter(Boolean),
        opensOn: from.format('YYYY-MM-DD'),
        closesOn: to.format('YYYY-MM-DD'),
      });
      onSaved();
    } catch (e) {
      setError(errorText(e, '保存失败'));
    }
  };
  return (
    <Modal open title="发起征集调查" okText="发布" onOk={save} onCancel={onClose} width={680} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" data-testid="consultation-form">
        <DepartmentField />
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="period" label="征集期间" rules={[{ required: true, message: '请选择起止日期' }]} extra="一般不少于 30 日。">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="body" label="征求意见稿或调查说明" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
          <Input.TextArea rows={6} />
        </Form.Item>
        <Form.Item name="questions" label="调查问题（每行一个，可空）">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ConsultationDrawer({ c, today, onClose, onChanged }: { c: Consultation; today: string; onClose: () => void; onChanged: () => void }) {
  const canEdit = useCanEdit();
  const ops = useApi(() => disclosureApi.opinions(c.id), [c.id]);
  const [feedback, setFeedback] = useState(c.feedback ?? '');
  const [error, setError] = useState<string | null>(null);
  const closed = c.closesOn < today;
  const publish = async () => {
    setError(null);
    try {
      await disclosureApi.feedback(c.id, feedback.trim());
      onChanged();
    } catch (e) {
      setError(errorText(e, '发布失败'));
    }
  };
  return (
    <Drawer open title={c.title} onClose={onClose} size="large">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Text type="secondary">
          征集期间 {c.opensOn} 至 {c.closesOn} · 收到意见 {c.opinions} 条
        </Text>
        <Card size="small" title="征求意见稿">
          <Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 6, expandable: true }}>
            {c.body}
          </Paragraph>
          {c.questions.length > 0 && (
            <ol>
              {c.questions.map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ol>
          )}
        </Card>
        <Card size="small" title={`收到的意见（${ops.data?.length ?? 0}）`} data-testid="opinions">
          {ops.data?.length ? (
            <List
              size="small"
              dataSource={ops.data}
              renderItem={(o) => (
                <List.Item>
                  <List.Item.Meta title={<Text style={{ whiteSpace: 'pre-wrap' }}>{o.content}</Text>} description={`${dayjs(o.createdAt).format('YYYY-MM-DD HH:mm')} · ${o.contactName ?? '匿名'}${o.contactPhone ? ` · ${o.contactPhone}` : ''}${o.answers.some(Boolean) ? ` · 问卷：${o.answers.filter(Boolean).join('；')}` : ''}`} />
                </List.Item>
              )}
            />
          ) : (
            <Empty description="尚未收到意见" />
          )}
          <Text type="secondary">联系方式已遮蔽。</Text>
        </Card>
        <Card size="small" title="采纳情况反馈" data-testid="feedback-card">
          {!closed && <Alert type="info" showIcon title={`征集于 ${c.closesOn} 截止，截止后发布采纳情况。`} />}
          {closed && !canEdit && <Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.feedback ?? '尚未发布采纳情况'}</Paragraph>}
          {closed && canEdit && (
            <>
              {c.feedback && <Alert type="success" showIcon title={`已于 ${c.feedbackOn} 发布，可修改后重新发布`} style={{ marginBottom: 8 }} />}
              <Input.TextArea rows={5} aria-label="采纳情况" value={feedback} onChange={(e) => setFeedback(e.target.value)} placeholder="共收到意见 N 条，采纳 N 条……未采纳的说明理由" />
              {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
              <Button type="primary" style={{ marginTop: 8 }} disabled={!feedback.trim()} onClick={publish}>
                发布采纳情况
              </Button>
            </>
          )}
        </Card>
      </Space>
    </Drawer>
  );
}

/** 征集调查: create with a period, read the opinions (contacts masked), publish the 采纳情况 after it closes. */
export function ConsultationsTab() {
  const canEdit = useCanEdit();
  const { data, reload } = useApi(() => disclosureApi.staffConsultations(), []);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const today = dayjs().format('YYYY-MM-DD');
  const current = data?.find((c) => c.id === open) ?? null;
  return (
    <Card
      size="small"
      title={
        canEdit ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            发起征集调查
          </Button>
        ) : (
          '征集调查'
        )
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={data}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 720 }}
        onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '征集期间', width: 200, render: (_v, c) => `${c.opensOn} 至 ${c.closesOn}` },
          { title: '意见', dataIndex: 'opinions', width: 70 },
          { title: '状态', width: 130, render: (_v, c) => { const s = stateOf(c, today); return <Tag color={s.color}>{s.label}</Tag>; } },
        ]}
      />
      {creating && (
        <NewConsultation
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
      {current && <ConsultationDrawer key={`${current.id}-${current.feedbackOn ?? ''}`} c={current} today={today} onClose={() => setOpen(null)} onChanged={reload} />}
    </Card>
  );
}
