import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { LIMITS } from '../../../../src/shared/limits';

const { Text } = Typography;

interface CaseOrder {
  id: number;
  orderNo: string;
  categoryLabel: string;
  status: string;
  statusLabel: string;
  title: string;
  createdAt: string;
  finishedAt: string | null;
}

const STAFF_READERS = ['clerk', 'reviewer', 'operator', 'admin', 'leader', 'supervisor'] as const;

/**
 * “办不成事”反映 on a case: the work orders linked to it, and for a hall clerk the form that registers the
 * applicant's complaint (the hotline centre then dispatches it like any work order).
 */
export function BlockedCaseCard({ caseNo }: { caseNo: string }) {
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ content: string; name?: string; phone?: string }>();
  const canRead = STAFF_READERS.some((r) => hasRole(r));
  const { data } = useApi(
    (signal) => (canRead ? api.get<ListResult<CaseOrder>>(`/workorders/for-case/${encodeURIComponent(caseNo)}`, undefined, { signal }) : Promise.resolve({ items: [], total: 0 })),
    [caseNo, reload, canRead],
  );
  if (!canRead) return null;

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const o = await api.post<CaseOrder>('/workorders/banbucheng', { caseNo, content: v.content.trim(), citizen: { name: v.name?.trim() || undefined, phone: v.phone?.trim() || undefined } });
      message.success(`已登记“办不成事”反映，工单号 ${o.orderNo}，将由12345热线派发办理`);
      setOpen(false);
      form.resetFields();
      setReload((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title="“办不成事”反映"
      data-testid="blocked-case-card"
      extra={hasRole('clerk') || hasRole('operator') ? <Button size="small" onClick={() => setOpen(true)}>登记反映</Button> : null}
    >
      {!data || data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无反映" />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size={8}>
          {data.items.map((o) => (
            <div key={o.id} data-testid="blocked-case-order">
              <Space wrap size={4}>
                <Text strong>{o.orderNo}</Text>
                <Tag>{o.categoryLabel}</Tag>
                <Tag color={o.finishedAt ? 'green' : 'processing'}>{o.statusLabel}</Tag>
              </Space>
              <div>
                <Text type="secondary">{o.createdAt.slice(0, 10)} · {o.title}</Text>
              </div>
            </div>
          ))}
        </Space>
      )}
      <Modal title="登记“办不成事”反映" open={open} onOk={submit} okText="登记并转12345派发" confirmLoading={saving} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="content" label="反映内容" rules={[{ required: true, whitespace: true, message: '请填写申请人反映的问题' }]}>
            <Input.TextArea rows={4} maxLength={LIMITS.content} showCount placeholder="办件受阻的原因、申请人的诉求" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="name" label="反映人">
              <Input maxLength={LIMITS.personName} />
            </Form.Item>
            <Form.Item name="phone" label="联系电话">
              <Input maxLength={LIMITS.phone} inputMode="tel" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
