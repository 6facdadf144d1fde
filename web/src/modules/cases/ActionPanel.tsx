import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { isApiError } from '../../app/request';
import { CASE_ACTION_LABELS, DELIVERY_METHODS, FORWARD_METHODS, SUSPEND_REASONS, type CaseAction } from '../../../../src/shared/case-actions';
import { casesApi, type CaseView } from './cases.api';
import { LIMITS } from '../../../../src/shared/limits';

/** Actions need a form when the law asks for something: a reason, a notice, days, a delivery method. */
const NEEDS_FORM = new Set<CaseAction>(['request_correction', 'supplement', 'accept', 'reject', 'suspend', 'extend', 'deny', 'complete', 'forward', 'record_reference', 'withdraw']);

export function ActionPanel({ c, onDone }: { c: CaseView; onDone: (next: CaseView) => void }) {
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const run = async (action: CaseAction, values: Record<string, unknown> = {}) => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { action, ...values };
      if (Array.isArray(values.provided)) {
        body.materials = c.materials.map((m) => ({ name: m.name, provided: m.provided || (values.provided as string[]).includes(m.name) }));
        delete body.provided;
      }
      if (typeof values.missing === 'string') body.missing = values.missing.split(/[，,、\n]/).map((s) => s.trim()).filter(Boolean);
      const next = await casesApi.act(c.caseNo, body);
      // The dialog is destroyed on close (preserve={false}), which clears the form.
      setOpen(null);
      onDone(next);
    } catch (e) {
      if (isApiError(e)) setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  if (c.allowedActions.length === 0) return null;
  const missing = c.materials.filter((m) => !m.provided && !m.eLicenseReplaceable);
  return (
    <>
      <Space wrap data-testid="case-actions">
        {c.allowedActions.map((a) => (
          <Button
            key={a}
            type={a === 'accept' || a === 'approve' || a === 'complete' || a === 'resume' ? 'primary' : 'default'}
            danger={a === 'reject' || a === 'deny' || a === 'withdraw'}
            onClick={() => (NEEDS_FORM.has(a) ? setOpen(a) : void run(a))}
            loading={busy && open === null}
          >
            {CASE_ACTION_LABELS[a]}
          </Button>
        ))}
      </Space>
      {error && !open && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
      <Modal open={open !== null} title={open ? CASE_ACTION_LABELS[open] : ''} okText="确定" cancelText="取消" confirmLoading={busy} onCancel={() => { setOpen(null); setError(null); }} onOk={() => form.validateFields().then((v) => run(open!, v))} destroyOnHidden>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form form={form} layout="vertical" preserve={false}>
          {(open === 'supplement' || open === 'accept' || open === 'request_correction') && missing.length > 0 && (
            <Form.Item name="provided" label={open === 'request_correction' ? '已提交的材料（未勾选的将列入补正告知书）' : '本次收到的材料'} initialValue={open === 'request_correction' ? [] : missing.map((m) => m.name)}>
              <Checkbox.Group options={missing.map((m) => ({ value: m.name, label: `${m.name}${m.required ? '（必要）' : ''}` }))} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} />
            </Form.Item>
          )}
          {open === 'request_correction' && (
            <Form.Item name="missing" label="其他需补正的内容（可选，用顿号分隔）">
              <Input.TextArea rows={2} maxLength={LIMITS.reason} />
            </Form.Item>
          )}
          {(open === 'reject' || open === 'deny') && (
            <Form.Item name="reason" label="理由（将书面告知申请人）" rules={[{ required: true, min: 2, message: '请写明理由' }]}>
              <Input.TextArea rows={3} maxLength={LIMITS.reason} showCount />
            </Form.Item>
          )}
          {open === 'withdraw' && (
            <Form.Item name="reason" label="撤回原因">
              <Input maxLength={LIMITS.reason} />
            </Form.Item>
          )}
          {open === 'suspend' && (
            <>
              <Form.Item name="reason" label="特别程序（《行政许可法》第四十五条）" rules={[{ required: true, message: '请选择' }]}>
                <Select options={SUSPEND_REASONS.map((r) => ({ value: r, label: r }))} data-testid="suspend-reason" />
              </Form.Item>
              <Form.Item name="notice" label="书面告知内容（留空则按标准格式生成）">
                <Input.TextArea rows={3} maxLength={LIMITS.content} />
              </Form.Item>
            </>
          )}
          {open === 'extend' && (
            <>
              <Form.Item name="days" label="延长工作日数" rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={1} max={30} />
              </Form.Item>
              <Form.Item name="reason" label="延期理由" rules={[{ required: true, min: 2, message: '请写明理由' }]}>
                <Input.TextArea rows={2} maxLength={LIMITS.reason} />
              </Form.Item>
            </>
          )}
          {open === 'complete' && (
            <>
              <Form.Item name="deliveryMethod" label="送达方式" rules={[{ required: true, message: '请选择' }]}>
                <Select options={DELIVERY_METHODS.map((d) => ({ value: d, label: d }))} data-testid="delivery-method" />
              </Form.Item>
              <Form.Item name="trackingNo" label="邮件单号（邮寄时必填）">
                <Input maxLength={LIMITS.code} />
              </Form.Item>
            </>
          )}
          {open === 'forward' && (
            <>
              <Form.Item name="method" label="转递方式" rules={[{ required: true }]}>
                <Select options={FORWARD_METHODS.map((d) => ({ value: d, label: d }))} />
              </Form.Item>
              <Form.Item name="trackingNo" label="邮件单号">
                <Input maxLength={LIMITS.code} />
              </Form.Item>
              <Form.Item name="partnerReference" label="对方受理号">
                <Input maxLength={LIMITS.code} />
              </Form.Item>
            </>
          )}
          {open === 'record_reference' && (
            <Form.Item name="partnerReference" label="对方受理号" rules={[{ required: true }]}>
              <Input maxLength={LIMITS.code} />
            </Form.Item>
          )}
          {open === 'accept' && missing.length === 0 && <Alert type="success" title="材料齐全，确认受理后开始计算办理时限（受理当日不计）。" />}
        </Form>
      </Modal>
    </>
  );
}
