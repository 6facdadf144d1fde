import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, Modal, Radio, Select, Space, Spin, Tag, Timeline, Typography, Upload, type UploadFile } from 'antd';
import { useUser } from '../../app/auth';
import { useApi } from '../../app/useApi';
import { hotlineApi, replyFileUrl, shortTime, STATUS_COLORS, type ActionInput, type OrderDetail, type WorkOrder } from './hotline.api';
import { CONTACT_METHODS, CONTACT_METHOD_LABELS, REPLY_FILE_MAX_BYTES, REPLY_FILES_MAX, REPLY_RESULTS, REPLY_RESULT_LABELS, type ReplyContact, type ReplyFileView } from '../../../../src/shared/hotline-reply';

/** A file's bytes as base64 (the reply travels as JSON). */
const base64Of = (f: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });

/** 联系来电人: 时间 · 方式 · 结果, in one line. */
export function contactText(c: ReplyContact): string {
  const when = [c.on, c.time].filter(Boolean).join(' ');
  return [when, CONTACT_METHOD_LABELS[c.method], c.note].filter(Boolean).join(' · ');
}

function ReplyFileLinks({ orderId, files }: { orderId: number; files: ReplyFileView[] }) {
  return (
    <Space wrap size={4}>
      {files.map((f) => (
        <a key={f.id} href={replyFileUrl(orderId, f.id)} target="_blank" rel="noreferrer" data-testid="reply-file-link">
          {f.fileName}
        </a>
      ))}
    </Space>
  );
}
import { LIMITS } from '../../../../src/shared/limits';

const { Paragraph, Text } = Typography;

const EVENT_LABELS: Record<string, string> = {
  created: '受理登记',
  answer: '直接答复',
  dispatch: '派单',
  sign: '签收',
  return: '退单',
  reply: '回复',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
  supervise: '督办',
  auto_supervise: '系统自动督办',
  transfer_expert: '转专家坐席（三方通话）',
  callback: '回访',
  close: '办结',
  reopen: '重办',
};

export function OrderTags({ o }: { o: WorkOrder }) {
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[o.status]} data-testid="order-status">
        {o.statusLabel}
      </Tag>
      <Tag>{o.categoryLabel}</Tag>
      {o.urgency === 'urgent' && <Tag color="red">紧急</Tag>}
      {o.deputy && <Tag color="magenta">{o.deputy.kind === 'npc' ? '人大代表' : '政协委员'}</Tag>}
      {o.supervised && <Tag color="red">督办</Tag>}
      {o.extensionPending && <Tag color="orange">延期待批</Tag>}
      {o.late.includes('sign_late') && <Tag color="error">超时未签收</Tag>}
      {o.late.includes('finish_late') && <Tag color="error">超时未办结</Tag>}
    </Space>
  );
}

type Dialog = null | { action: string; title: string };

/** The buttons the signed-in role may press on this order, and the small forms behind them. */
function ActionPanel({ order, onDone }: { order: OrderDetail; onDone: (o: OrderDetail) => void }) {
  const user = useUser();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const is = (...roles: string[]) => user.roles.some((r) => roles.includes(r));
  const s = order.status;
  const centre = is('operator', 'admin');
  const unit = is('unit', 'admin');
  const boss = is('leader', 'admin');
  const units = useApi(() => (centre ? hotlineApi.units() : Promise.resolve([])), [centre]);
  const seats = useApi(() => (centre ? hotlineApi.seats() : Promise.resolve([])), [centre]);

  const run = async (input: ActionInput, done = '操作成功') => {
    setBusy(true);
    try {
      const o = await hotlineApi.act(order.id, input);
      void message.success(done);
      // the modal's form unmounts on close (destroyOnHidden), which resets it
      setDialog(null);
      onDone(o);
    } finally {
      setBusy(false);
    }
  };

  const buttons: Array<{ key: string; label: string; primary?: boolean; danger?: boolean; onClick: () => void }> = [];
  const open = (action: string, title: string) => () => setDialog({ action, title });
  if (centre && ['received', 'returned', 'reopened'].includes(s)) buttons.push({ key: 'dispatch', label: '派单', primary: true, onClick: open('dispatch', '派单至成员单位') });
  if (centre && ['received', 'returned'].includes(s)) buttons.push({ key: 'answer', label: '直接答复', onClick: open('answer', '直接答复（即时办结）') });
  if (centre && !['answered', 'closed'].includes(s)) buttons.push({ key: 'transfer', label: '转专家坐席', onClick: open('transfer_expert', '转专家坐席（三方通话）') });
  if (unit && s === 'dispatched') buttons.push({ key: 'sign', label: '签收', primary: true, onClick: () => void run({ action: 'sign' }, `工单 ${order.orderNo} 已签收，请在办结期限 ${shortTime(order.finishDueAt)} 前回复`) });
  if (unit && ['signed', 'reopened'].includes(s)) buttons.push({ key: 'reply', label: '回复', primary: true, onClick: open('reply', '办理回复') });
  if (unit && ['signed', 'reopened'].includes(s) && !order.extensionPending) buttons.push({ key: 'ext', label: '申请延期', onClick: open('request_extension', '申请延期') });
  if (unit && ['dispatched', 'signed', 'reopened'].includes(s)) buttons.push({ key: 'return', label: '退单', danger: true, onClick: open('return', '退单（说明理由）') });
  if (boss && order.extensionPending) {
    buttons.push({ key: 'approve', label: '批准延期', primary: true, onClick: () => void run({ action: 'approve_extension' }, `工单 ${order.orderNo} 的延期申请已批准`) });
    buttons.push({ key: 'reject', label: '驳回延期', onClick: open('reject_extension', '驳回延期') });
  }
  if (boss && !['answered', 'closed'].includes(s)) buttons.push({ key: 'supervise', label: '督办', danger: true, onClick: open('supervise', '发督办函') });
  if (centre && ['replied', 'callback'].includes(s)) {
    buttons.push({ key: 'callback', label: '回访', primary: true, onClick: open('callback', '回访结果') });
    buttons.push({ key: 'close', label: '办结', onClick: open('close', '办结') });
  }
  if (centre && ['replied', 'callback', 'closed'].includes(s)) buttons.push({ key: 'reopen', label: '重办', onClick: open('reopen', '重办（说明理由）') });

  const unitName = (id: unknown) => units.data?.find((u) => u.id === id)?.name ?? '承办单位';
  /** The success message names what happened to which order, not "操作成功". */
  const doneText = (action: string, v: Record<string, unknown>): string => {
    const no = `工单 ${order.orderNo}`;
    switch (action) {
      case 'dispatch':
        return `${no} 已派给${unitName(v.unitId)}，签收期限按派单时刻起算`;
      case 'answer':
        return `${no} 已直接答复并办结`;
      case 'reply':
        return `${no} 已回复（${REPLY_RESULT_LABELS[v.replyResult as keyof typeof REPLY_RESULT_LABELS] ?? ''}），等待热线中心回访`;
      case 'return':
        return `${no} 已退回热线中心`;
      case 'request_extension':
        return `${no} 已申请延期 ${String(v.days)} 个工作日，等待领导审批`;
      case 'reject_extension':
        return `${no} 的延期申请已驳回`;
      case 'supervise':
        return `已对${no} 发出督办函`;
      case 'transfer_expert':
        return `${no} 已转专家坐席`;
      case 'callback':
        return v.reached ? `${no} 已记录回访结果` : `${no} 已记录未接通，可稍后再次回访`;
      case 'close':
        return `${no} 已办结`;
      case 'reopen':
        return `${no} 已重办，请重新派单`;
      default:
        return `${no} 已更新`;
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    const action = dialog!.action;
    const { contactMethod, contactNote, contactOn, contactTime, files, ...rest } = v as Record<string, unknown>;
    const attachments = action === 'reply' ? await Promise.all(((files as UploadFile[] | undefined) ?? []).map(async (f) => ({ name: f.name, contentBase64: await base64Of(f.originFileObj as File) }))) : [];
    const contact = { method: contactMethod, ...(contactOn ? { on: contactOn } : {}), ...(contactTime ? { time: contactTime } : {}), ...(contactNote ? { note: contactNote } : {}) };
    const input = action === 'reply' ? { ...rest, contact, ...(attachments.length ? { attachments } : {}) } : rest;
    await run({ action, ...input } as ActionInput, doneText(action, v));
  };

  if (buttons.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="order-actions">
        {buttons.map((b) => (
          <Button key={b.key} type={b.primary ? 'primary' : 'default'} danger={b.danger} loading={busy} onClick={b.onClick}>
            {b.label}
          </Button>
        ))}
      </Space>
      <Modal open={!!dialog} title={dialog?.title} onCancel={() => setDialog(null)} onOk={() => void submit()} okText="提交" cancelText="取消" confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ reached: true, result: 'satisfied', days: 3 }}>
          {dialog?.action === 'dispatch' && (
            <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
              <Select
                showSearch
                optionFilterProp="label"
                placeholder="选择成员单位"
                options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                data-testid="dispatch-unit"
              />
            </Form.Item>
          )}
          {dialog?.action === 'dispatch' && (
            <Form.Item name="note" label="派单意见" extra="写给承办单位：核实什么、联系谁、有何要求">
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：请于今日联系来电人并到现场核实" data-testid="dispatch-note" />
            </Form.Item>
          )}
          {dialog?.action === 'reply' && (
            <>
              <Form.Item name="replyResult" label="办理结果" rules={[{ required: true, message: '请选择办理结果' }]}>
                <Radio.Group optionType="button" options={REPLY_RESULTS.map((value) => ({ value, label: REPLY_RESULT_LABELS[value] }))} data-testid="reply-result" />
              </Form.Item>
              <Form.Item name="contactMethod" label="联系来电人" rules={[{ required: true, message: '请记录如何联系了来电人' }]}>
                <Radio.Group options={CONTACT_METHODS.map((value) => ({ value, label: CONTACT_METHOD_LABELS[value] }))} data-testid="reply-contact" />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.contactMethod !== b.contactMethod}>
                {({ getFieldValue }) => (
                  <Form.Item
                    name="contactNote"
                    label={getFieldValue('contactMethod') === 'none' ? '未能联系的原因' : '联系结果（可选）'}
                    rules={getFieldValue('contactMethod') === 'none' ? [{ required: true, whitespace: true, message: '请说明未能联系的原因' }] : []}
                  >
                    <Input maxLength={500} placeholder="如：电话告知处理结果，来电人表示认可" data-testid="reply-contact-note" />
                  </Form.Item>
                )}
              </Form.Item>
              <Space wrap>
                <Form.Item name="contactOn" label="联系日期">
                  <Input type="date" data-testid="reply-contact-on" />
                </Form.Item>
                <Form.Item name="contactTime" label="联系时间">
                  <Input type="time" data-testid="reply-contact-time" />
                </Form.Item>
              </Space>
              <Form.Item
                name="files"
                label="回复附件（可选）"
                extra={`PDF、图片或 Word/Excel，最多 ${REPLY_FILES_MAX} 个，每个不超过 ${REPLY_FILE_MAX_BYTES / 1024 / 1024} MB；类型按文件内容识别`}
                valuePropName="fileList"
                getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
              >
                <Upload beforeUpload={() => false} maxCount={REPLY_FILES_MAX} multiple data-testid="reply-files">
                  <Button>选择文件</Button>
                </Upload>
              </Form.Item>
            </>
          )}
          {dialog?.action === 'transfer_expert' && (
            <>
              <Form.Item name="seatId" label="专家坐席" rules={[{ required: true, message: '请选择专家坐席' }]}>
                <Select options={(seats.data ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.topics}）` }))} />
              </Form.Item>
              <Form.Item name="note" label="备注">
                <Input maxLength={LIMITS.note} />
              </Form.Item>
            </>
          )}
          {['answer', 'reply', 'supervise'].includes(dialog?.action ?? '') && (
            <Form.Item name="content" label={dialog?.action === 'supervise' ? '督办意见' : '答复内容'} rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
              <Input.TextArea rows={5} maxLength={LIMITS.content} showCount />
            </Form.Item>
          )}
          {dialog?.action === 'supervise' && (
            <Form.Item name="days" label="办结期限（工作日）">
              <InputNumber min={1} max={30} />
            </Form.Item>
          )}
          {dialog?.action === 'request_extension' && (
            <Form.Item name="days" label="延期天数（工作日）" rules={[{ required: true }]}>
              <InputNumber min={1} max={10} />
            </Form.Item>
          )}
          {['return', 'request_extension', 'reopen', 'close', 'reject_extension'].includes(dialog?.action ?? '') && (
            <Form.Item
              name="reason"
              label={dialog?.action === 'close' || dialog?.action === 'reject_extension' ? '说明（可选）' : '理由'}
              rules={dialog?.action === 'close' || dialog?.action === 'reject_extension' ? [] : [{ required: true, whitespace: true, message: '请填写理由' }]}
            >
              <Input.TextArea rows={3} maxLength={LIMITS.reason} />
            </Form.Item>
          )}
          {dialog?.action === 'callback' && (
            <>
              <Form.Item name="reached" label="是否联系上来电人">
                <Radio.Group
                  options={[
                    { value: true, label: '已联系上' },
                    { value: false, label: '未接通' },
                  ]}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.reached !== b.reached}>
                {({ getFieldValue }) =>
                  getFieldValue('reached') ? (
                    <Form.Item name="result" label="满意度">
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: 'satisfied', label: '满意' },
                          { value: 'basically', label: '基本满意' },
                          { value: 'unsatisfied', label: '不满意' },
                        ]}
                      />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
              <Form.Item name="note" label="回访记录">
                <Input maxLength={LIMITS.note} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}

/** The order's detail: facts, deadlines, timeline, and the actions of the signed-in role. */
export function OrderDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged?: () => void }) {
  const screens = Grid.useBreakpoint();
  const [version, setVersion] = useState(0);
  const detail = useApi(() => (id ? hotlineApi.getOrder(id) : Promise.resolve(null)), [id, version]);
  const o = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={screens.md ? 640 : '100%'} title={o ? `工单 ${o.orderNo}` : '工单'} destroyOnHidden>
      {!o ? (
        detail.loading ? <Spin /> : <Empty />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="order-detail">
          <OrderTags o={o} />
          <ActionPanel
            order={o}
            onDone={() => {
              setVersion((v) => v + 1);
              onChanged?.();
            }}
          />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="标题">{o.title}</Descriptions.Item>
            <Descriptions.Item label="诉求内容">
              <Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{o.content}</Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="渠道">{o.channelLabel}{o.line !== '12345' ? ` · ${o.line}` : ''}</Descriptions.Item>
            <Descriptions.Item label="来电人">
              {o.citizen.name ?? '匿名'} {o.citizen.phone ?? ''}
            </Descriptions.Item>
            {o.address && <Descriptions.Item label="地点">{o.address}</Descriptions.Item>}
            {o.deputy && <Descriptions.Item label="代表委员">{o.deputy.name}</Descriptions.Item>}
            {o.caseNo && <Descriptions.Item label="关联办件">{o.caseNo}</Descriptions.Item>}
            <Descriptions.Item label="承办单位">{o.unitName ?? '—'}</Descriptions.Item>
            {o.dispatchOpinion && <Descriptions.Item label="派单意见">{o.dispatchOpinion}</Descriptions.Item>}
            <Descriptions.Item label="签收期限">{shortTime(o.signDueAt)}</Descriptions.Item>
            <Descriptions.Item label="办结期限">{shortTime(o.finishDueAt)}</Descriptions.Item>
            {(o.replyContent || o.answerContent) && <Descriptions.Item label="答复">{o.replyContent ?? o.answerContent}</Descriptions.Item>}
            {o.replyContent && (
              <Descriptions.Item label="办理结果">
                {o.replyResultLabel ?? '未填写'}
              </Descriptions.Item>
            )}
            {o.replyContact && <Descriptions.Item label="联系来电人">{contactText(o.replyContact)}</Descriptions.Item>}
            {o.replyFiles.length > 0 && (
              <Descriptions.Item label="回复附件">
                <ReplyFileLinks orderId={o.id} files={o.replyFiles} />
              </Descriptions.Item>
            )}
            {o.satisfaction && <Descriptions.Item label="回访">{o.callbacks.at(-1)?.resultLabel}</Descriptions.Item>}
          </Descriptions>
          {o.supervisions.length > 0 && (
            <div>
              <Text strong>督办函</Text>
              {o.supervisions.map((s) => (
                <Paragraph key={s.id} style={{ margin: '4px 0' }}>
                  <Tag color={s.answeredAt ? 'green' : 'red'}>{s.answeredAt ? '已回复' : '待回复'}</Tag>
                  {s.content}（{s.issuedByName}，期限 {shortTime(s.dueAt)}）
                </Paragraph>
              ))}
            </div>
          )}
          <Timeline
            items={o.timeline.map((e) => ({
              content: (
                <span>
                  <Text strong>{EVENT_LABELS[e.type] ?? e.type}</Text> <Text type="secondary">{shortTime(e.at)} {e.actorName}</Text>
                  {typeof e.data.reason === 'string' && <div>理由：{e.data.reason}</div>}
                  {typeof e.data.unitName === 'string' && <div>承办：{e.data.unitName}</div>}
                  {typeof e.data.opinion === 'string' && <div>派单意见：{e.data.opinion}</div>}
                  {typeof e.data.seatName === 'string' && <div>坐席：{e.data.seatName}</div>}
                  {e.type === 'reply' && typeof e.data.replyResult === 'string' && <div>办理结果：{REPLY_RESULT_LABELS[e.data.replyResult as keyof typeof REPLY_RESULT_LABELS] ?? e.data.replyResult}</div>}
                  {e.type === 'reply' && e.data.contact !== undefined && <div data-testid="timeline-contact">联系来电人：{contactText(e.data.contact as ReplyContact)}</div>}
                  {e.type === 'reply' && Array.isArray(e.data.attachments) && (
                    <div data-testid="timeline-files">
                      附件：
                      <ReplyFileLinks orderId={o.id} files={o.replyFiles.filter((f) => (e.data.attachments as { sha256: string }[]).some((a) => a.sha256 === f.sha256))} />
                    </div>
                  )}
                </span>
              ),
            }))}
          />
        </Space>
      )}
    </Drawer>
  );
}
