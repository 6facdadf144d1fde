import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { isApiError } from '../../app/request';
import { CASE_ACTION_LABELS, DELIVERY_METHODS, FORWARD_METHODS, SUSPEND_REASONS, type CaseAction } from '../../../../src/shared/case-actions';
import { casesApi, type CaseView } from './cases.api';
import { useAuth } from '../../app/auth';
import { MaterialsCard } from './MaterialsCard';
import { LIMITS } from '../../../../src/shared/limits';

/** Actions need a form when the law asks for something: a reason, a notice, days, a delivery method. */
const NEEDS_FORM = new Set<CaseAction>(['request_correction', 'supplement', 'accept', 'reject', 'suspend', 'extend', 'deny', 'complete', 'forward', 'record_reference', 'withdraw', 'approve', 'review']);

/** The button of a review level: 提交承办意见 / 签发：准予许可 (issue 21 item 11). */
function actionLabel(c: CaseView, a: CaseAction, applicant: boolean): string {
  if (a === 'review' && c.review?.next) return `提交${c.review.next}意见`;
  if (a === 'approve' && c.review && c.review.levels.length > 1) return `签发：${CASE_ACTION_LABELS.approve}`;
  if (a === 'supplement' && applicant) return '材料已补齐，提交审查';
  return CASE_ACTION_LABELS[a];
}

export function ActionPanel({ c, onDone }: { c: CaseView; onDone: (next: CaseView) => void }) {
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const { hasRole } = useAuth();
  // The applicant supplements by uploading; only staff tick paper received at the window.
  const applicant = hasRole('citizen') && !hasRole('clerk') && !hasRole('admin');

  const run = async (action: CaseAction, values: Record<string, unknown> = {}) => {
    setBusy(true);
    setError(null);
    try {
      const { confirmed: _confirmed, ...rest } = values;
      const body: Record<string, unknown> = { action, ...rest };
      const ticked = Array.isArray(values.provided) ? (values.provided as string[]) : null;
      // 补正 of a material already handed in (a blurred scan): unticking it names it in the notice.
      const askedAgain = action === 'request_correction' && ticked ? c.materials.filter((m) => m.provided && !m.servedBy && !ticked.includes(m.name)).map((m) => m.name) : [];
      if (ticked) {
        body.materials = c.materials.map((m) => ({ name: m.name, provided: action === 'request_correction' ? (m.servedBy ? m.provided : ticked.includes(m.name)) : m.provided || ticked.includes(m.name) }));
        delete body.provided;
      }
      const other = typeof values.missing === 'string' ? values.missing.split(/[，,；;\n]/).map((s) => s.trim()).filter(Boolean) : [];
      if (action === 'request_correction') body.missing = [...askedAgain, ...other];
      else delete body.missing;
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
  // For a 补正 notice every material a person hands in is listed: ticked = fine as it is.
  const checkable = c.materials.filter((m) => !m.servedBy && !m.eLicenseReplaceable);
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
            {actionLabel(c, a, applicant)}
          </Button>
        ))}
      </Space>
      {error && !open && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
      <Modal open={open !== null} title={open ? actionLabel(c, open, applicant) : ''} width={open === 'approve' || open === 'review' ? 720 : undefined} okText="确定" cancelText="取消" confirmLoading={busy} onCancel={() => { setOpen(null); setError(null); }} onOk={() => form.validateFields().then((v) => run(open!, v), () => undefined)} destroyOnHidden>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form form={form} layout="vertical" preserve={false}>
          {open === 'supplement' && applicant && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title="确认已按补正告知上传全部材料"
              description={`需补正：${(c.timeline.findLast((e) => e.action === 'request_correction')?.data?.missing as string[] | undefined)?.join('、') ?? '—'}。确认后办件回到窗口审查，受理答复期限重新计算。`}
            />
          )}
          {(open === 'approve' || open === 'review') && (
            <>
              {c.review && c.review.passed.length > 0 && (
                <Alert
                  type="success"
                  style={{ marginBottom: 12 }}
                  title={c.review.passed.map((p) => `${p.level}：${p.actorName ?? ''}“${p.opinion}”`).join('；')}
                />
              )}
              <MaterialsCard caseNo={c.caseNo} title="申请材料（点击文件名查看）" />
              <Form.Item name="opinion" label={`${c.review && c.review.levels.length > 1 ? c.review.next : ''}审查意见`} style={{ marginTop: 12 }} rules={[{ required: true, min: 2, message: '请填写审查意见' }]}>
                <Input.TextArea rows={3} placeholder={open === 'approve' ? '如：材料齐全，符合法定条件，准予许可。' : '如：材料齐全，符合条件，拟同意。'} data-testid="review-opinion" />
              </Form.Item>
              <Form.Item name="confirmed" valuePropName="checked" rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error('请确认已审阅全部材料'))) }]}>
                <Checkbox data-testid="review-confirm">{open === 'approve' ? '我已审阅全部申请材料，确认准予许可' : '我已审阅全部申请材料，提交本级意见'}</Checkbox>
              </Form.Item>
            </>
          )}
          {open === 'request_correction' && checkable.length > 0 && (
            <Form.Item name="provided" label="材料合格的请勾选（未勾选的列入补正告知书，申请人需重新提交）" initialValue={checkable.filter((m) => m.provided).map((m) => m.name)}>
              <Checkbox.Group options={checkable.map((m) => ({ value: m.name, label: `${m.name}${m.required ? '（必要）' : ''}` }))} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} />
            </Form.Item>
          )}
          {(open === 'supplement' || open === 'accept') && !(open === 'supplement' && applicant) && missing.length > 0 && (
            <Form.Item name="provided" label="本次收到的材料（纸质材料已当面收取的请勾选）" initialValue={missing.map((m) => m.name)}>
              <Checkbox.Group options={missing.map((m) => ({ value: m.name, label: `${m.name}${m.required ? '（必要）' : ''}` }))} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} />
            </Form.Item>
          )}
          {open === 'request_correction' && (
            <Form.Item name="missing" label="其他需补正的内容（可选，多项用逗号或分号分隔）">
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
