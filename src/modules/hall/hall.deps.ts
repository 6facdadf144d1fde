import { AppError } from '../../kernel/errors';
import { SettingStore } from '../../kernel/settings';
import type { HallNeedsContext } from './hall.context';
import { HALL_SETTING, type HallConfig } from './hall.config';
import { HallEvents } from './hall.events';
import { hallTables, type HallDb, type HallDbOrTx, type HallTx } from './hall.tables';
import type { HookTx } from '../../kernel/hooks';
import { countyOf, installationRegion } from '../../kernel/region';

/** What every use case of the hall shares: the kernel context, the typed tables, the configuration, live events. */
export class HallDeps {
  readonly db: HallDb;
  readonly settings: SettingStore<HallConfig>;
  readonly events: HallEvents;

  constructor(readonly ctx: HallNeedsContext) {
    this.db = hallTables(ctx.db);
    this.settings = new SettingStore(ctx, HALL_SETTING);
    this.events = new HallEvents(ctx);
  }

  config(db?: HallDbOrTx): Promise<HallConfig> {
    return this.settings.get(db);
  }

  today(): string {
    return this.ctx.calendar.today();
  }

  nowIso(): string {
    return this.ctx.clock.now().toISOString();
  }

  get isPg(): boolean {
    return this.ctx.dialect === 'postgres';
  }

  /** The window an account sits at (its window number), or null. */
  async windowNoOf(userId: number | null, db: HallDbOrTx = this.db): Promise<string | null> {
    if (userId === null) return null;
    const r = await db.selectFrom('kernel_users').select('window_no').where('id', '=', userId).executeTakeFirst();
    return r?.window_no ?? null;
  }

  /**
   * A county hall a request names (a county's kiosk or window): six digits (REGION_INVALID) of the
   * installation's county or a county of its departments (REGION_UNKNOWN). `tx`: read inside the caller's
   * transaction (SQLite has one connection).
   */
  async checkRegion(region: string, field = 'region', tx?: HallTx): Promise<string> {
    if (!/^\d{6}$/.test(region)) throw fail('REGION_INVALID', 422, `区县代码须为 6 位行政区划代码：${region}`, { field });
    if (region === installationRegion()) return region;
    const org = this.ctx.services.org;
    // The hall's transaction is a kernel transaction with more tables (Kysely's types are invariant in them).
    const departments = tx ? await org.allIn(tx as unknown as HookTx) : await org.all();
    if (!departments.some((d) => countyOf(d.regionCode) === region)) throw fail('REGION_UNKNOWN', 422, `本平台未设区县 ${region}`, { field });
    return region;
  }

  async userName(id: number | null, db: HallDbOrTx = this.db): Promise<string | null> {
    if (id === null) return null;
    const r = await db.selectFrom('kernel_users').select('name').where('id', '=', id).executeTakeFirst();
    return r?.name ?? null;
  }
}

export const fail = (code: string, status: AppError['status'], message: string, details?: Record<string, unknown>) => new AppError(code, status, message, details);
