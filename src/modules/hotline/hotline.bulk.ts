/**
 * Bulk path of the hotline module (county-year generator): work orders with their whole lifecycle, call
 * records and 市长信箱 letters, written in batches. Each order's planned actions are replayed through the
 * module's pure `transition` (a step out of order throws), deadlines come from `signDueAt` / `finishDueAt`,
 * `on_time` is set on the reply exactly as `HotlineService.act` sets it, callbacks count attempts and set
 * the satisfaction, and every action gets its event row.
 *
 * Not done here, on purpose: notifications, automatic 督办 letters (plans with 3 returns are refused) and
 * one audit row per order (the generator audits each batch).
 */
import { shanghaiDate, type WorkdayIndex } from '../../kernel/calendar';
import type { BulkSink } from '../../kernel/db/bulk-sink';
import type { Category, Channel, HotlineConfig } from './hotline.config';
import type { ReplyResult } from '../../shared/hotline-reply';
import { installationRegion } from '../../kernel/region';
import { finishDueAt, formatOrderNo, orderSequenceName, signDueAt, transition, type Action, type CallbackResult, type OrderStatus } from './hotline.rules';

export interface PlannedOrderStep {
  action: Extract<Action, 'answer' | 'dispatch' | 'sign' | 'reply' | 'callback' | 'close'>;
  at: string;
  unitId?: number;
  content?: string;
  reached?: boolean;
  result?: CallbackResult;
  /** reply: 办理结果类型 (default 已解决 for generated replies). */
  replyResult?: ReplyResult;
  actor?: { id: number | null; name: string };
}

export interface PlannedOrder {
  channel: Channel;
  category: Category;
  urgency: 'normal' | 'urgent';
  content: string;
  title?: string;
  citizen: { name: string; phone: string | null };
  createdAt: string;
  createdBy: { id: number | null; name: string };
  steps: PlannedOrderStep[];
  /** The county the order is numbered in (default: the installation's, the format and counter it always had). */
  region?: string;
  /** 市长信箱: the letter row (query code and publication consent). */
  letter?: { queryCode: string; title: string; publishConsent: boolean };
}

export interface PlannedCall {
  startedAt: string;
  answered: boolean;
  waitSeconds: number;
  durationSeconds: number | null;
  callerPhone: string | null;
  operatorId: number | null;
  /** Index into the orders of the same batch this call created, if any. */
  orderIndex?: number;
}

export interface BulkHotlineContext {
  index: WorkdayIndex;
  cfg: HotlineConfig;
  /** The next number of a counter named by `orderSequenceName` (one per county and day, as intake counts). */
  nextOrderSeq(sequenceName: string): number;
}

/** Before a bulk load of a year: the secondary indexes of the order and call tables are rebuilt once by `sink.finish()`. */
export function deferHotlineIndexes(sink: BulkSink): Promise<void> {
  return sink.deferIndexes(['hotline_orders', 'hotline_events', 'hotline_calls', 'hotline_callbacks']);
}

export async function bulkInsertHotline(sink: BulkSink, c: BulkHotlineContext, orders: readonly PlannedOrder[], calls: readonly PlannedCall[]) {
  const firstId = orders.length ? await sink.reserveIds('hotline_orders', orders.length) : 0;
  const rows: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const callbacks: Record<string, unknown>[] = [];
  const letters: Record<string, unknown>[] = [];
  orders.forEach((o, i) => {
    const id = firstId + i;
    const created = new Date(o.createdAt);
    // The order's Shanghai day: its number's day and its partition key, carried by its events, callbacks and letter.
    const createdOn = shanghaiDate(created);
    const day = createdOn.replace(/-/g, '');
    const region = o.region ?? installationRegion();
    const orderNo = formatOrderNo(region, day, c.nextOrderSeq(orderSequenceName(region, day, installationRegion())), installationRegion());
    const urgent = o.urgency === 'urgent';
    const title = (o.title?.trim() || o.content.replace(/\s+/g, ' ').slice(0, 30)).slice(0, 200);
    const row: Record<string, unknown> = {
      id,
      order_no: orderNo,
      region,
      channel: o.channel,
      line: '12345',
      category: o.category,
      urgency: o.urgency,
      title,
      content: o.content,
      address: null,
      lat: null,
      lng: null,
      citizen_name: o.citizen.name,
      citizen_phone: o.citizen.phone,
      citizen_email: null,
      citizen_user_id: null,
      deputy: null,
      deputy_name: null,
      case_no: null,
      status: 'received',
      unit_id: null,
      dispatch_count: 0,
      return_count: 0,
      dispatched_at: null,
      signed_at: null,
      replied_at: null,
      reply_content: null,
      answer_content: null,
      kb_entry_id: null,
      sign_due_at: null,
      finish_due_at: null,
      extension_pending: 0,
      supervised: 0,
      callback_attempts: 0,
      satisfaction: null,
      finished_at: null,
      on_time: null,
      media_url: null,
      external_account_id: null,
      created_by: o.createdBy.id,
      created_at: o.createdAt,
      created_on: createdOn,
      updated_at: o.createdAt,
    };
    events.push({ order_id: id, order_created_on: createdOn, at: o.createdAt, type: 'created', actor_id: o.createdBy.id, actor_name: o.createdBy.name, from_status: null, to_status: 'received', unit_id: null, data_json: JSON.stringify({ channel: o.channel, category: o.category, line: '12345' }) });
    let state = { status: 'received' as OrderStatus, returnCount: 0, extensionPending: false, finishDueAt: null as string | null };
    let last = o.createdAt;
    for (const s of o.steps) {
      if (s.at < last) throw new RangeError(`${orderNo}: ${s.action} before the previous step`);
      last = s.at;
      const now = new Date(s.at);
      // The module's own state machine decides whether the step is allowed (RuleError otherwise).
      const next = transition(state, { action: s.action, unitId: s.unitId, content: s.content, reached: s.reached, result: s.result, replyResult: s.action === 'reply' ? (s.replyResult ?? 'resolved') : undefined }, now, c.cfg);
      const from = state.status;
      const data: Record<string, unknown> = {};
      switch (s.action) {
        case 'answer':
          row.answer_content = s.content;
          row.finished_at = s.at;
          row.on_time = 1;
          break;
        case 'dispatch': {
          const sDue = signDueAt(c.index, now, urgent, c.cfg);
          const fDue = finishDueAt(c.index, now, o.category, urgent, false, c.cfg);
          Object.assign(row, {
            unit_id: s.unitId,
            dispatch_count: Number(row.dispatch_count) + 1,
            dispatched_at: s.at,
            signed_at: null,
            sign_due_at: sDue.toISOString(),
            finish_due_at: fDue ? fDue.toISOString() : null,
            finished_at: null,
            on_time: null,
          });
          Object.assign(data, { unitId: s.unitId, signDueAt: row.sign_due_at, finishDueAt: row.finish_due_at });
          break;
        }
        case 'sign':
          row.signed_at = s.at;
          break;
        case 'reply':
          row.replied_at = s.at;
          row.reply_content = s.content;
          row.reply_result = s.replyResult ?? 'resolved';
          row.on_time = !row.finish_due_at || s.at <= (row.finish_due_at as string) ? 1 : 0;
          data.onTime = row.on_time === 1;
          break;
        case 'callback':
          row.callback_attempts = Number(row.callback_attempts) + 1;
          if (s.reached) row.satisfaction = s.result;
          if (next.status === 'closed') row.finished_at = s.at;
          // 不满意: the order goes back to its unit (reopened) and is replied again before the next callback.
          if (next.status === 'reopened') row.finished_at = null;
          callbacks.push({ order_id: id, order_created_on: createdOn, unit_id: row.unit_id, at: s.at, operator_id: s.actor?.id ?? o.createdBy.id, reached: s.reached ? 1 : 0, result: s.reached ? s.result : null, note: null });
          Object.assign(data, { reached: s.reached, result: s.result ?? null });
          break;
        case 'close':
          row.finished_at = s.at;
          break;
      }
      state = { status: next.status, returnCount: next.returnCount, extensionPending: next.extensionPending, finishDueAt: (row.finish_due_at as string | null) ?? null };
      row.status = next.status;
      row.updated_at = s.at;
      const actor = s.actor ?? o.createdBy;
      events.push({ order_id: id, order_created_on: createdOn, at: s.at, type: s.action, actor_id: actor.id, actor_name: actor.name, from_status: from, to_status: next.status, unit_id: row.unit_id, data_json: JSON.stringify(data) });
    }
    rows.push(row);
    if (o.letter) letters.push({ query_code: o.letter.queryCode, order_id: id, order_created_on: createdOn, title: o.letter.title, publish_consent: o.letter.publishConsent ? 1 : 0, created_at: o.createdAt });
  });
  const callRows = calls.map((k) => ({
    external_id: null,
    started_at: k.startedAt,
    answered: k.answered ? 1 : 0,
    wait_seconds: k.waitSeconds,
    duration_seconds: k.durationSeconds,
    caller_phone: k.callerPhone,
    line: '12345',
    operator_id: k.answered ? k.operatorId : null,
    order_id: k.orderIndex === undefined ? null : firstId + k.orderIndex,
    created_at: k.startedAt,
  }));
  await sink.insert('hotline_orders', rows);
  await sink.insert('hotline_events', events);
  await sink.insert('hotline_callbacks', callbacks);
  await sink.insert('hotline_letters', letters);
  await sink.insert('hotline_calls', callRows);
  return { orders: rows.length, calls: callRows.length, letters: letters.length };
}
