/** What every part of the market shares: the typed handle, the settings and small lookups. */
import { tablesOf, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';
import { SettingStore } from '../../kernel/settings';
import { notFound } from '../../kernel/errors';
import { TtlCache } from '../../kernel/ttl-cache';
import type { IntermediariesNeedsContext } from './intermediaries.context';
import type { IntermediariesTables } from './intermediaries.tables';

export type MarketDb = ModuleDb<IntermediariesTables>;
export type MarketTx = ModuleTx<IntermediariesTables>;

export interface MarketConfig {
  /** 公示 of a selection result, in working days. */
  publicityWorkdays: number;
  /** 随机抽取 needs at least this many qualified registrants. */
  minCandidates: number;
  /** How far back (calendar days) the supervision sweep looks at 体外循环 flags. */
  flagLookbackDays: number;
}

export const DEFAULT_MARKET_CONFIG: MarketConfig = { publicityWorkdays: 5, minCandidates: 3, flagLookbackDays: 60 };

export function parseMarketConfig(stored: unknown): MarketConfig {
  const v = { ...DEFAULT_MARKET_CONFIG, ...(stored && typeof stored === 'object' ? (stored as Partial<MarketConfig>) : {}) };
  for (const k of Object.keys(DEFAULT_MARKET_CONFIG) as (keyof MarketConfig)[]) {
    if (!Number.isInteger(v[k]) || v[k] < 1 || v[k] > 365) throw new RangeError(`intermediaries.config.${k} must be an integer 1..365`);
  }
  return v;
}

/** A service an item's applicants must buy (中介服务事项清单 row). */
export interface NeededService {
  service_id: number;
  material_name: string | null;
  self_allowed: number;
  service_name: string;
}

/**
 * How long an instance trusts the services it read for an item: intake reads them for every batch, and
 * the list changes a few times a year. A change made through this instance is seen at once (the registry
 * forgets the entries); one made through another instance of the same database within this time.
 */
export const NEEDED_SERVICES_CACHE_MS = 5_000;

export class MarketEnv {
  readonly db: MarketDb;
  readonly settings: SettingStore<MarketConfig>;
  /** The services each item needs, by item code (an empty list is kept too: most items need none). */
  readonly neededServices = new TtlCache<string, NeededService[]>(NEEDED_SERVICES_CACHE_MS, 2_000);
  constructor(readonly ctx: IntermediariesNeedsContext) {
    this.db = tablesOf<IntermediariesTables>(ctx.db);
    this.settings = new SettingStore(ctx, { key: 'intermediaries.config', parse: parseMarketConfig, auditAction: 'intermediaries.config_set' });
  }

  now(): string {
    return this.ctx.clock.now().toISOString();
  }

  today(): string {
    return this.ctx.calendar.today();
  }

  async serviceOrFail(id: number, db: MarketDb | MarketTx = this.db) {
    const s = await db.selectFrom('intermediaries_services').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw notFound('SERVICE_NOT_FOUND', `中介服务类型 ${id} 不存在`);
    return s;
  }

  async serviceNames(): Promise<Map<number, string>> {
    const rows = await this.db.selectFrom('intermediaries_services').select(['id', 'name']).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

export const toCents = (yuan: number) => Math.round(yuan * 100);
export const toYuan = (cents: number | null) => (cents === null ? null : cents / 100);
