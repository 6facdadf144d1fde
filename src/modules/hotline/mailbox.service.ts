import type { HotlineNeedsContext } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { redactText } from '../../kernel/validators';
import { CATEGORY_LABELS } from './hotline.config';
import { STATUS_LABELS, type OrderStatus } from './hotline.rules';
import type { HotlineService } from './hotline.service';
import { randomCode } from './orders.intake';
import { hotlineTables, type HotlineDb } from './hotline.tables';

export interface LetterInput {
  title: string;
  content: string;
  category?: string;
  name: string;
  phone: string;
  email?: string;
  address?: string;
  /** The county the letter is addressed to (a city's mailbox); absent: the installation's. */
  region?: string;
  publishConsent: boolean;
}

const REPLIED: readonly OrderStatus[] = ['replied', 'callback', 'closed', 'answered'];

/**
 * 市长信箱: letters from anyone (no account), each becoming a work order of channel `mailbox`. The writer
 * follows it with a query code; replies to letters whose writers agreed are published without personal data.
 */
export class MailboxService {
  private readonly db: HotlineDb;

  // The per-IP budget (429 + Retry-After) is the route's `config.rateLimit` (RATE_LIMITS.mailbox).
  constructor(
    private readonly ctx: HotlineNeedsContext,
    private readonly hotline: HotlineService,
  ) {
    this.db = hotlineTables(ctx.db);
  }

  private get org() {
    return this.ctx.services.org;
  }

  async submit(actor: Actor, input: LetterInput) {
    if (!input.title.trim()) throw new AppError('TITLE_REQUIRED', 422, '请填写信件标题', { field: 'title' });
    const now = this.ctx.clock.now().toISOString();
    let queryCode = '';
    const id = await this.db.transaction().execute(async (tx) => {
      // On PostgreSQL the unique key is (query_code, order_created_on) — letters are partitioned by their
      // order's day — so a code is drawn until no letter of any day has it (10 of 31 letters ≈ 2^49.5: the
      // first draw nearly always). Two letters drawing one code on the same day are still refused by the key.
      for (let attempt = 0; ; attempt++) {
        queryCode = randomCode(10);
        const taken = await tx.selectFrom('hotline_letters').select('id').where('query_code', '=', queryCode).executeTakeFirst();
        if (!taken) break;
        if (attempt >= 4) throw new AppError('QUERY_CODE_EXHAUSTED', 503, '查询码生成失败，请稍后重试');
      }
      const { id: orderId, createdOn } = await this.hotline.create(
        actor,
        {
          channel: 'mailbox',
          category: input.category ?? 'suggestion',
          title: input.title,
          content: input.content,
          address: input.address,
          citizen: { name: input.name, phone: input.phone, email: input.email },
          region: input.region,
        },
        tx,
      );
      await tx.insertInto('hotline_letters').values({ query_code: queryCode, order_id: orderId, order_created_on: createdOn, title: input.title.trim(), publish_consent: input.publishConsent ? 1 : 0, created_at: now }).execute();
      return orderId;
    });
    const order = await this.db.selectFrom('hotline_orders').select(['order_no']).where('id', '=', id).executeTakeFirstOrThrow();
    return { queryCode, orderNo: order.order_no, createdAt: now };
  }

  async byCode(code: string) {
    const row = await this.db
      .selectFrom('hotline_letters as l')
      .innerJoin('hotline_orders as o', 'o.id', 'l.order_id')
      .select(['l.query_code', 'l.title', 'l.created_at', 'o.status', 'o.category', 'o.reply_content', 'o.replied_at', 'o.answer_content', 'o.finished_at', 'o.unit_id', 'o.order_no'])
      .where('l.query_code', '=', code.toUpperCase())
      .executeTakeFirst();
    if (!row) throw new AppError('LETTER_NOT_FOUND', 404, '查询码不存在');
    const status = row.status;
    const replied = REPLIED.includes(status);
    return {
      queryCode: row.query_code,
      orderNo: row.order_no,
      title: row.title,
      category: row.category,
      categoryLabel: CATEGORY_LABELS[row.category],
      status,
      statusLabel: STATUS_LABELS[status],
      createdAt: row.created_at,
      unitName: row.unit_id === null ? null : ((await this.org.byId(Number(row.unit_id)))?.name ?? null),
      reply: replied ? { content: row.reply_content ?? row.answer_content, at: row.replied_at ?? row.finished_at } : null,
    };
  }

  async publicList(q: { page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    const base = this.db
      .selectFrom('hotline_letters as l')
      .innerJoin('hotline_orders as o', 'o.id', 'l.order_id')
      .where('l.publish_consent', '=', 1)
      .where('o.status', 'in', [...REPLIED]);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select(['l.id', 'l.title', 'l.created_at', 'o.content', 'o.category', 'o.reply_content', 'o.answer_content', 'o.replied_at', 'o.finished_at', 'o.unit_id'])
      .orderBy('l.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const items = [];
    for (const r of rows) {
      items.push({
        id: Number(r.id),
        title: redactText(r.title),
        content: redactText(r.content),
        category: r.category,
        categoryLabel: CATEGORY_LABELS[r.category],
        createdAt: r.created_at,
        unitName: r.unit_id === null ? '12345热线' : ((await this.org.byId(Number(r.unit_id)))?.name ?? null),
        reply: redactText(r.reply_content ?? r.answer_content ?? ''),
        repliedAt: r.replied_at ?? r.finished_at,
      });
    }
    return { items, total: Number(total.n) };
  }
}
