import { sql } from 'kysely';
import type { HotlineNeedsContext } from './hotline.context';
import { dialectOf } from '../../kernel/db/db';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { maskPhone, validateContactPhone } from '../../kernel/validators';
import { kpi, periodInstants } from './hotline.kpis';
import { CALLS_DAILY_NAME } from './hotline.daily';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import { shanghaiDate } from '../../kernel/clock';
import type { HotlineService } from './hotline.service';
import { hotlineTables, type CallRecordRow, type HotlineDb } from './hotline.tables';

export interface CallInput {
  startedAt: string;
  answered: boolean;
  waitSeconds: number;
  durationSeconds?: number;
  callerPhone?: string;
  line?: string;
  externalId?: string;
  orderId?: number;
}

/** Call records from the phone system (ACD/CTI): the raw material of 接通率. */
export class CallsService {
  private readonly db: HotlineDb;

  constructor(
    private readonly ctx: HotlineNeedsContext,
    private readonly hotline: HotlineService,
  ) {
    this.db = hotlineTables(ctx.db);
  }

  async record(actor: Actor, input: CallInput) {
    const started = new Date(input.startedAt);
    if (Number.isNaN(started.getTime())) throw new AppError('STARTED_AT_INVALID', 422, 'startedAt 不是合法的时间', { field: 'startedAt' });
    if (started.getTime() > this.ctx.clock.now().getTime() + 5 * 60_000) throw new AppError('STARTED_AT_FUTURE', 422, 'startedAt 不能晚于当前时间', { field: 'startedAt' });
    let phone: string | null = null;
    if (input.callerPhone) {
      const p = validateContactPhone(input.callerPhone);
      phone = p.ok ? p.value : input.callerPhone.slice(0, 32);
    }
    if (input.orderId !== undefined) {
      const o = await this.db.selectFrom('hotline_orders').select('id').where('id', '=', input.orderId).executeTakeFirst();
      if (!o) throw new AppError('ORDER_UNKNOWN', 422, `工单 ${input.orderId} 不存在`, { field: 'orderId' });
    }
    // The phone system may resend a record (even racing itself); its own id makes the write idempotent.
    const externalId = input.externalId;
    const now = this.ctx.clock.now().toISOString();
    const written = await this.db.transaction().execute(async (tx) => {
      if (externalId) {
        // On PostgreSQL the unique external_id also holds started_at, the partition key (migration 0547), so
        // it would refuse only a resend with the same instant: one writer per external id at a time and this
        // check inside the transaction keep one row per id whatever the instants (SQLite has one writer).
        if (dialectOf(tx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('hotline.call'), hashtext(${externalId}))`.execute(tx);
        const dup = await tx.selectFrom('hotline_calls').selectAll().where('external_id', '=', externalId).executeTakeFirst();
        if (dup) return { r: dup, dup };
      }
      const r = await tx
        .insertInto('hotline_calls')
        .values({
          external_id: input.externalId ?? null,
          started_at: started.toISOString(),
          answered: input.answered ? 1 : 0,
          wait_seconds: input.waitSeconds,
          duration_seconds: input.durationSeconds ?? null,
          caller_phone: phone,
          line: input.line ?? '12345',
          operator_id: input.answered ? actor.id : null,
          order_id: input.orderId ?? null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The phone system may deliver a call of an earlier, already rolled-up day.
      await markDaysChanged(tx, { name: CALLS_DAILY_NAME }, [shanghaiDate(started)]);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'hotline.call.recorded', subjectType: 'call', subjectId: Number(r.id), after: { answered: input.answered, waitSeconds: input.waitSeconds } });
      return { r, dup: null };
    });
    if (written.dup) return { call: this.toCall(written.dup, false), created: false };
    return { call: this.toCall(written.r, false), created: true };
  }

  toCall(r: CallRecordRow, mask: boolean) {
    return {
      id: Number(r.id),
      externalId: r.external_id ?? null,
      startedAt: r.started_at,
      answered: Number(r.answered) === 1,
      waitSeconds: Number(r.wait_seconds),
      durationSeconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
      callerPhone: r.caller_phone ? (mask ? maskPhone(r.caller_phone) : r.caller_phone) : null,
      line: r.line,
      orderId: r.order_id === null ? null : Number(r.order_id),
    };
  }

  async list(q: { from?: string; to?: string; answered?: boolean; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    let base = this.db.selectFrom('hotline_calls');
    if (q.from || q.to) {
      const p = periodInstants(q.from ?? '2000-01-01', q.to ?? '2099-12-31');
      base = base.where('started_at', '>=', p.start).where('started_at', '<', p.end);
    }
    if (q.answered !== undefined) base = base.where('answered', '=', q.answered ? 1 : 0);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    return { items: rows.map((r) => this.toCall(r, true)), total: Number(total.n) };
  }

  async stats(from: string, to: string) {
    const c = await this.hotline.counts(from, to);
    const cfg = await this.hotline.config();
    return {
      from,
      to,
      offered: c.callsOffered,
      answered: c.callsAnswered,
      answeredWithinSeconds: cfg.answerWithinSeconds,
      answeredWithin: c.callsAnsweredWithin,
      connectRate: kpi(c.callsAnswered, c.callsOffered),
      answer15Rate: kpi(c.callsAnsweredWithin, c.callsOffered),
    };
  }
}
