import type { Clock } from '../clock';
import { shanghaiDate } from '../clock';
import type { Db, DbOrTx } from '../db/db';
import { AppError } from '../errors';
import { recordAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { WorkdayIndex, type CalendarDayEntry, type DayKind } from './calendar.workdays';
import { chineseDaysEntries } from './calendar.seed';

const KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday'];

/**
 * The working-day calendar of the database, held as a precomputed index. Reloaded after each admin edit
 * here; other instances pick edits up through `refreshIfStale` (a cheap version check).
 */
export class CalendarService {
  private index: WorkdayIndex | null = null;
  private version = '';

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get current(): WorkdayIndex {
    if (!this.index) throw new AppError('CALENDAR_NOT_LOADED', 503, '工作日历尚未加载');
    return this.index;
  }

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** Seeds published years from chinese-days into an empty calendar table. */
  async seedIfEmpty(): Promise<number> {
    const any = await this.db.selectFrom('kernel_calendar_years').select('year').limit(1).executeTakeFirst();
    if (any) return 0;
    const { entries, years } = chineseDaysEntries();
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < entries.length; i += 500) {
        await tx
          .insertInto('kernel_calendar_days')
          .values(entries.slice(i, i + 500).map((e) => ({ date: e.date, kind: e.kind, name: e.name ?? null, source: 'chinese-days', updated_at: now })))
          .execute();
      }
      await tx.insertInto('kernel_calendar_years').values(years.map((y) => ({ year: y, source: 'chinese-days', updated_at: now }))).execute();
    });
    return entries.length;
  }

  private async stamp(db: DbOrTx): Promise<string> {
    const a = await db.selectFrom('kernel_calendar_days').select((eb) => [eb.fn.max('updated_at').as('m'), eb.fn.countAll().as('n')]).executeTakeFirst();
    const b = await db.selectFrom('kernel_calendar_years').select((eb) => [eb.fn.max('updated_at').as('m'), eb.fn.countAll().as('n')]).executeTakeFirst();
    return `${a?.m}|${a?.n}|${b?.m}|${b?.n}`;
  }

  async load(): Promise<WorkdayIndex> {
    const days = await this.db.selectFrom('kernel_calendar_days').select(['date', 'kind', 'name']).execute();
    const years = await this.db.selectFrom('kernel_calendar_years').select('year').execute();
    const entries: CalendarDayEntry[] = days.map((d) => ({ date: d.date, kind: d.kind as DayKind, name: d.name ?? undefined }));
    this.index = new WorkdayIndex({ entries, publishedYears: years.map((y) => Number(y.year)) });
    this.version = await this.stamp(this.db);
    return this.index;
  }

  async refreshIfStale(): Promise<void> {
    if ((await this.stamp(this.db)) !== this.version) await this.load();
  }

  async publishedYears(): Promise<number[]> {
    const rows = await this.db.selectFrom('kernel_calendar_years').select('year').orderBy('year').execute();
    return rows.map((r) => Number(r.year));
  }

  /** From November on, the next year's schedule should be entered (the State Council publishes it then). */
  async missingNextYearWarning(): Promise<string | null> {
    const today = this.today();
    const year = Number(today.slice(0, 4));
    if (Number(today.slice(5, 7)) < 11) return null;
    const years = await this.publishedYears();
    return years.includes(year + 1) ? null : `${year + 1} 年节假日安排尚未录入，相关期限按暂定日历计算（周末及按农历推算的法定节假日，调休以国务院通知为准）。`;
  }

  async year(year: number) {
    const idx = this.current;
    const published = (await this.publishedYears()).includes(year);
    const overrides = await this.db
      .selectFrom('kernel_calendar_days')
      .select(['date', 'source'])
      .where('date', '>=', `${year}-01-01`)
      .where('date', '<=', `${year}-12-31`)
      .execute();
    const sourceOf = new Map(overrides.map((o) => [o.date, o.source]));
    const days = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = idx.addNaturalDays(d, 1)) {
      const info = idx.dayInfo(d);
      days.push({ date: d, kind: info.kind, name: info.name ?? null, workday: info.workday, source: sourceOf.get(d) ?? (published ? 'default' : 'provisional') });
    }
    return { year, status: published ? ('published' as const) : ('provisional' as const), workdays: days.filter((d) => d.workday).length, days };
  }

  async setDay(actor: Actor, date: string, kind: DayKind, name: string | null) {
    if (!KINDS.includes(kind)) throw new AppError('CALENDAR_KIND_INVALID', 422, `kind 须为 ${KINDS.join('/')}`, { field: 'kind' });
    const before = this.current.dayInfo(date);
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('kernel_calendar_days')
        .values({ date, kind, name, source: 'admin', updated_at: now })
        .onConflict((oc) => oc.column('date').doUpdateSet({ kind, name, source: 'admin', updated_at: now }))
        .execute();
      await recordAudit(tx, this.clock, actor, { action: 'calendar.day_set', subjectType: 'calendar_day', subjectId: date, before, after: { date, kind, name } });
    });
    await this.load();
    return this.current.dayInfo(date);
  }

  /**
   * Enters a whole year from the State Council's schedule in the holiday-cn shape
   * (`{ year, days: [{ name, date, isOffDay }] }`): off days become holidays, working weekend days 调休.
   * Replaces that year's previous entries and publishes the year, in one transaction.
   */
  async importYear(actor: Actor, input: { year: number; days: Array<{ name: string; date: string; isOffDay: boolean }> }) {
    const { year, days } = input;
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const [i, d] of days.entries()) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10) !== d.date) errors.push(`days[${i}].date ${d.date} 不是有效日期`);
      else if (!d.date.startsWith(`${year}-`) && !d.date.startsWith(`${year - 1}-12`) && !d.date.startsWith(`${year + 1}-01`)) errors.push(`days[${i}].date ${d.date} 不属于 ${year} 年`);
      else if (seen.has(d.date)) errors.push(`days[${i}].date ${d.date} 重复`);
      seen.add(d.date);
      if (typeof d.isOffDay !== 'boolean') errors.push(`days[${i}].isOffDay 须为布尔值`);
    }
    if (days.length === 0) errors.push('days 为空');
    if (errors.length) throw new AppError('CALENDAR_IMPORT_INVALID', 422, errors.slice(0, 20).join('；'), { field: 'days', errors });
    const now = this.clock.now().toISOString();
    const rows = days.map((d) => {
      const weekend = [0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay());
      const kind: DayKind = d.isOffDay ? (weekend ? 'weekend' : 'holiday') : weekend ? 'adjusted_workday' : 'workday';
      return { date: d.date, kind: d.isOffDay ? 'holiday' : kind, name: d.isOffDay ? d.name : `${d.name}调休上班`, source: 'import', updated_at: now };
    });
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('kernel_calendar_days').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
      const inYear = rows.filter((r) => r.date.startsWith(`${year}-`));
      for (let i = 0; i < inYear.length; i += 200) await tx.insertInto('kernel_calendar_days').values(inYear.slice(i, i + 200)).execute();
      await tx
        .insertInto('kernel_calendar_years')
        .values({ year, source: 'import', updated_at: now })
        .onConflict((oc) => oc.column('year').doUpdateSet({ source: 'import', updated_at: now }))
        .execute();
      await recordAudit(tx, this.clock, actor, { action: 'calendar.year_imported', subjectType: 'calendar_year', subjectId: year, after: { entries: inYear.length } });
    });
    await this.load();
    return this.year(year);
  }

  /** Marks a year as entered (published): its deadlines stop being provisional. */
  async publishYear(actor: Actor, year: number) {
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('kernel_calendar_years')
        .values({ year, source: 'admin', updated_at: now })
        .onConflict((oc) => oc.column('year').doUpdateSet({ source: 'admin', updated_at: now }))
        .execute();
      await recordAudit(tx, this.clock, actor, { action: 'calendar.year_published', subjectType: 'calendar_year', subjectId: year });
    });
    await this.load();
  }
}
