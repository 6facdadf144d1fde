import type { WorkOrderDeps } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { deputyFinishDueAt, supervisionDueAt } from './hotline.rules';
import { recordOrderEvent } from './orders.events';
import type { ExtensionRequestInput, OrderLifecycle, ReplyInput, ReturnInput } from './orders.commands';
import type { OrderDetail } from './orders.reads';
import { createHash } from 'node:crypto';
import { assertUpload } from '../../kernel/validators/upload-sniff';
import { REPLY_FILE_MAX_BYTES } from '../../shared/hotline-reply';

/** The reply's files, each checked by content (kernel upload-sniff) before anything is written. */
function checkedReplyFiles(files: ReplyInput['attachments']) {
  return (files ?? []).map((f) => {
    const body = Buffer.from(f.contentBase64, 'base64');
    const type = assertUpload(body, { maxBytes: REPLY_FILE_MAX_BYTES, noun: '回复附件', fileName: f.name });
    const base = f.name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 180) || '附件';
    const fileName = base.toLowerCase().endsWith(`.${type.ext}`) ? base : `${base.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${type.ext}`;
    return { fileName, mime: type.mime, body, sha256: createHash('sha256').update(body).digest('hex') };
  });
}

/** What the member unit holding an order does with it: sign for it, return it, ask for more time, reply. */
export class UnitCommands {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  /** 签收. Deputies' orders get their finish deadline now: N working days after signing (urgent ones keep theirs). */
  sign(actor: Actor, id: number): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { action: 'sign' }, ({ order, cfg, now, nowIso, index }) => {
      if (order.deputy === null || order.urgency === 'urgent') return { set: { signed_at: nowIso } };
      const due = deputyFinishDueAt(index, now, cfg).toISOString();
      return { set: { signed_at: nowIso, finish_due_at: due }, data: { finishDueAt: due } };
    });
  }

  /**
   * 退单: back to the centre without a unit. The N-th return (configuration) raises a 督办 letter
   * automatically, so an order nobody accepts does not circle unseen.
   */
  returnOrder(actor: Actor, id: number, input: ReturnInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'return' }, ({ order, next, cfg, now, nowIso, index, unitId }) => {
      const autoLetterDue = next.autoSupervise ? supervisionDueAt(index, now, cfg.supervisionWorkdays).toISOString() : null;
      return {
        set: { unit_id: null, sign_due_at: null, finish_due_at: null, signed_at: null, ...(autoLetterDue ? { supervised: 1 } : {}) },
        data: { reason: (input.reason ?? '').trim(), returnCount: next.returnCount },
        write: async (tx) => {
          if (!autoLetterDue) return;
          await tx
            .insertInto('hotline_supervisions')
            .values({
              order_id: id,
              order_created_on: order.created_on,
              unit_id: unitId,
              auto: 1,
              content: `工单已被退回 ${next.returnCount} 次，系统自动督办，请尽快确定承办单位。`,
              issued_at: nowIso,
              issued_by: null,
              issued_by_name: '系统',
              due_at: autoLetterDue,
            })
            .execute();
          await recordOrderEvent(tx, this.deps.ctx.clock, actor, { orderId: id, orderCreatedOn: order.created_on, type: 'auto_supervise', from: next.status, to: next.status, unitId: null, data: { returnCount: next.returnCount, dueAt: autoLetterDue } });
          await recordAudit(tx, this.deps.ctx.clock, actor, { action: 'hotline.order.auto_supervised', subjectType: 'workorder', subjectId: id, region: order.region ?? null, after: { returnCount: next.returnCount } });
        },
      };
    });
  }

  /** 回复 (办结 by the unit): on time when by the finish deadline in force; answers open 督办 letters; tells the citizen. */
  reply(actor: Actor, id: number, input: ReplyInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'reply' }, ({ order, nowIso }) => {
      const onTime = !order.finish_due_at || nowIso <= order.finish_due_at ? 1 : 0;
      const phone = order.citizen_phone;
      const c = input.contact;
      const contact = c ? { method: c.method, ...(c.on ? { on: c.on } : {}), ...(c.time ? { time: c.time } : {}), ...(c.note?.trim() ? { note: c.note.trim() } : {}) } : null;
      const files = checkedReplyFiles(input.attachments);
      const fileList = files.map((f) => ({ fileName: f.fileName, mime: f.mime, sizeBytes: f.body.length, sha256: f.sha256 }));
      return {
        set: { replied_at: nowIso, reply_content: (input.content ?? '').trim(), on_time: onTime, reply_result: input.replyResult ?? null, reply_contact_json: contact ? JSON.stringify(contact) : null },
        data: { onTime: onTime === 1, replyResult: input.replyResult, ...(contact ? { contact } : {}), ...(files.length ? { attachments: fileList } : {}) },
        write: async (tx) => {
          for (const f of files) {
            await tx
              .insertInto('hotline_reply_files')
              .values({ order_id: id, order_created_on: order.created_on, replied_at: nowIso, file_name: f.fileName, mime: f.mime, size_bytes: f.body.length, sha256: f.sha256, content: f.body, uploaded_by: actor.id ?? null })
              .execute();
          }
          await tx.updateTable('hotline_supervisions').set({ answered_at: nowIso }).where('order_id', '=', id).where('answered_at', 'is', null).execute();
          if (phone) {
            await enqueueNotification(tx, this.deps.ctx.clock, {
              channel: 'sms',
              recipient: phone,
              template: 'hotline.replied',
              payload: { orderNo: order.order_no },
              dedupeKey: `hotline.replied:${id}:${nowIso}`,
            });
          }
        },
      };
    });
  }

  /** 延期申请: before the finish deadline, one pending at a time; a leader decides. */
  requestExtension(actor: Actor, id: number, input: ExtensionRequestInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'request_extension' }, ({ order, nowIso, unitId }) => {
      const reason = (input.reason ?? '').trim();
      const days = input.days ?? 0;
      return {
        data: { days: input.days, reason },
        write: async (tx) => {
          await tx
            .insertInto('hotline_extensions')
            .values({ order_id: id, order_created_on: order.created_on, unit_id: unitId, days, reason, status: 'pending', requested_at: nowIso, requested_by: actor.id, old_due_at: order.finish_due_at ?? null })
            .execute();
        },
      };
    });
  }
}
