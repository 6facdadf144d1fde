import { randomBytes } from 'node:crypto';
import type { WorkOrderDeps } from './hotline.context';
import { hasRole, type Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { nextSequence } from '../../kernel/db/db';
import { shanghaiDate } from '../../kernel/clock';
import { validateContactPhone } from '../../kernel/validators';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import { normalizeCategory, type Channel } from './hotline.config';
import { ordersDaily } from './hotline.daily';
import { recordOrderEvent, shanghaiDayOf } from './orders.events';
import type { OrderReads } from './orders.reads';
import type { DeputyKind, HotlineTx, Urgency } from './hotline.tables';
import { formatOrderNo, orderRegion, orderSequenceName } from './hotline.rules';
import { checkRegion } from './hotline.regions';
import { installationRegion } from '../../kernel/region';

export type Deputy = { kind: DeputyKind; name: string | null };

export interface CreateOrderInput {
  channel: Channel;
  category: string;
  content: string;
  title?: string;
  urgency?: Urgency;
  line?: string;
  address?: string;
  lat?: number;
  long?: number;
  citizen?: { name?: string; phone?: string; email?: string };
  deputy?: Deputy | null;
  caseNo?: string;
  mediaUrl?: string;
  externalAccountId?: string;
  /**
   * The county (行政区划代码) the order is for, when the centre names it: a city centre's operator picks the
   * county, the 市长信箱 and Open311 endpoints pass the county they were addressed to. Else the line's county,
   * else the installation's (`orderRegion`).
   */
  region?: string;
}

/** Intake (受理): a call, a web or mobile submission, a letter or an Open311 request becomes an order. */
export class OrderIntake {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly reads: OrderReads,
  ) {}

  /** Validates and writes a new order; `tx` lets the mailbox and Open311 write their own row in the same transaction. */
  async create(actor: Actor, input: CreateOrderInput, tx?: HotlineTx) {
    const { ctx, db } = this.deps;
    const cfg = await this.deps.config(tx);
    const category = normalizeCategory(input.category);
    if (!category) throw new AppError('CATEGORY_UNKNOWN', 422, `未知的诉求类别：${input.category}`, { field: 'category' });
    const content = (input.content ?? '').trim();
    if (!content) throw new AppError('CONTENT_REQUIRED', 422, '请填写诉求内容', { field: 'content' });
    if (content.length > cfg.maxContentLength) throw new AppError('CONTENT_TOO_LONG', 422, `诉求内容不能超过 ${cfg.maxContentLength} 字`, { field: 'content' });
    let phone: string | null = null;
    if (input.citizen?.phone) {
      const p = validateContactPhone(input.citizen.phone);
      if (!p.ok) throw new AppError('PHONE_INVALID', 422, p.message, { field: 'citizen.phone' });
      phone = p.value;
    }
    const line = input.line ?? '12345';
    let lineRegion: string | null = null;
    if (line !== '12345') {
      const l = await (tx ?? db).selectFrom('hotline_lines').select(['code', 'region']).where('code', '=', line).where('active', '=', 1).executeTakeFirst();
      if (!l) throw new AppError('LINE_UNKNOWN', 422, `未知的热线线路：${line}`, { field: 'line' });
      lineRegion = l.region ?? null;
    }
    const named = input.region === undefined ? null : await checkRegion(this.deps, input.region, 'region', tx);
    const installation = installationRegion();
    const region = orderRegion(named, lineRegion, installation);
    if ((input.lat === undefined) !== (input.long === undefined)) throw new AppError('LOCATION_INCOMPLETE', 422, '经纬度须同时提供', { field: input.lat === undefined ? 'lat' : 'long' });
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const title = (input.title?.trim() || content.replace(/\s+/g, ' ').slice(0, 30)).slice(0, 200);
    const write = async (w: HotlineTx) => {
      // The county's own counter row, taken in this transaction: gapless per county and day (a rolled-back
      // intake gives its number back) and never shared with another county.
      const day = shanghaiDate(now);
      const seq = await nextSequence(w, orderSequenceName(region, day, installation));
      const orderNo = formatOrderNo(region, day, seq, installation);
      const row = await w
        .insertInto('hotline_orders')
        .values({
          order_no: orderNo,
          channel: input.channel,
          line,
          category,
          urgency: input.urgency ?? 'normal',
          title,
          content,
          address: input.address?.trim() || null,
          lat: input.lat ?? null,
          lng: input.long ?? null,
          citizen_name: input.citizen?.name?.trim() || null,
          citizen_phone: phone,
          citizen_email: input.citizen?.email?.trim() || null,
          citizen_user_id: hasRole(actor, 'citizen') ? actor.id : null,
          deputy: input.deputy?.kind ?? null,
          deputy_name: input.deputy?.name ?? null,
          case_no: input.caseNo?.trim() || null,
          status: 'received',
          media_url: input.mediaUrl ?? null,
          external_account_id: input.externalAccountId ?? null,
          region,
          created_by: actor.id,
          created_at: nowIso,
          created_on: day,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      // Always a transaction (the caller's or ours): a write just after midnight may land on a rolled day.
      await markDaysChanged(w, ordersDaily, [shanghaiDayOf(nowIso)]);
      await recordOrderEvent(w, ctx.clock, actor, { orderId: id, orderCreatedOn: day, type: 'created', from: null, to: 'received', unitId: null, data: { channel: input.channel, category, line } });
      await recordAudit(w, ctx.clock, actor, {
        action: 'hotline.order.created',
        subjectType: 'workorder',
        subjectId: id,
        region,
        after: { orderNo, region, channel: input.channel, category, urgency: input.urgency ?? 'normal', line, deputy: input.deputy?.kind ?? null, caseNo: input.caseNo ?? null },
      });
      return { id, createdOn: day };
    };
    const { id, createdOn } = tx ? await write(tx) : await db.transaction().execute(write);
    if (tx) return { id, createdOn };
    return { id, createdOn, order: await this.reads.get(actor.kind === 'user' ? actor : { ...actor, roles: ['admin'] }, id) };
  }
}

/** Unguessable public codes without look-alike characters (0/O, 1/I/L). */
export function randomCode(length: number): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}
