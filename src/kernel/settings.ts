import type { Logger } from 'pino';
import type { Actor } from './auth/actor';
import { recordAudit } from './audit/audit';
import type { Clock } from './clock';
import type { Db, DbOrTx } from './db/db';
import { primaryReads } from './db/read-replica';

/** A module's configuration stored under one key of `kernel_settings` (SPEC: defaults + stored overrides). */
export interface SettingSpec<T> {
  /** `kernel_settings` key, `<module>.<name>` (at most 60 characters). */
  key: string;
  /**
   * The value in force from what is stored (null: nothing stored yet): the defaults merged with the
   * stored override and checked. May throw on a stored value that breaks the rules; the store then logs
   * it and uses `parse(null)`, so a broken row never stops the module.
   */
  parse(stored: unknown): T;
  /** Audit action of a change, e.g. `hotline.config_set`. */
  auditAction: string;
}

/** How long a process trusts its cached value: a change made on another instance shows within this time. */
export const SETTING_CACHE_MS = 30_000;

/**
 * Reads, caches and saves one setting. Reads are cached for SETTING_CACHE_MS on the injected clock (one
 * clock for the whole platform, so a test or a demo that moves time moves the cache with it); a save
 * writes the value and its audit row in one transaction and drops the cache.
 */
export class SettingStore<T> {
  private cache: { at: number; value: T } | null = null;

  constructor(
    private readonly kernel: { db: Db; clock: Clock; log: Logger },
    private readonly spec: SettingSpec<T>,
  ) {}

  get key(): string {
    return this.spec.key;
  }

  /** The value in force. `db` lets a caller inside a transaction read through it (SQLite has one connection). */
  async get(db: DbOrTx = this.kernel.db): Promise<T> {
    const now = this.kernel.clock.now().getTime();
    if (this.cache && Math.abs(now - this.cache.at) < SETTING_CACHE_MS) return this.cache.value;
    // The cache outlives the request: fill it from the primary, never a lagging replica.
    const row = await primaryReads(() => db.selectFrom('kernel_settings').select('value_json').where('key', '=', this.spec.key).executeTakeFirst());
    let value: T;
    try {
      value = this.spec.parse(row ? JSON.parse(String(row.value_json)) : null);
    } catch (err) {
      this.kernel.log.error({ err, key: this.spec.key }, 'stored setting is invalid; using the defaults');
      value = this.spec.parse(null);
    }
    this.cache = { at: now, value };
    return value;
  }

  /** Stores `value` (already merged and checked by the caller's rules) with an audit row of before and after. */
  async save(actor: Actor, value: T): Promise<T> {
    const before = await this.get();
    const now = this.kernel.clock.now().toISOString();
    const json = JSON.stringify(value);
    await this.kernel.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('kernel_settings')
        .values({ key: this.spec.key, value_json: json, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: json, updated_at: now }))
        .execute();
      await recordAudit(tx, this.kernel.clock, actor, { action: this.spec.auditAction, subjectType: 'setting', subjectId: this.spec.key, before, after: value });
    });
    this.cache = null;
    return this.get();
  }
}
