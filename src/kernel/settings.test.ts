import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../test/harness';
import { systemActor } from './auth/actor';
import { auditTrailOf } from './audit/audit';
import { SETTING_CACHE_MS, SettingStore } from './settings';

interface Limits {
  days: number;
  label: string;
}
const DEFAULTS: Limits = { days: 5, label: '默认' };

function parse(stored: unknown): Limits {
  if (stored === null) return DEFAULTS;
  const s = stored as Partial<Limits>;
  if (s.days !== undefined && (!Number.isInteger(s.days) || s.days < 1)) throw new Error('days must be a positive integer');
  return { ...DEFAULTS, ...s };
}

describe.each(dialects)('SettingStore on %s', (dialect) => {
  let t: TestApp<[]>;
  let store: SettingStore<Limits>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, modules: [], seed: [] });
    store = new SettingStore(t.ctx, { key: 'test.limits', parse, auditAction: 'test.limits_set' });
  });
  afterAll(() => t.close());

  it('answers the defaults while nothing is stored', async () => {
    expect(await store.get()).toEqual(DEFAULTS);
  });

  it('saves with an audit row of before and after, and reads the new value at once', async () => {
    expect(await store.save(systemActor('test'), { days: 7, label: '加急' })).toEqual({ days: 7, label: '加急' });
    expect(await store.get()).toEqual({ days: 7, label: '加急' });
    const trail = await auditTrailOf(t.ctx.db, 'setting', 'test.limits');
    expect(trail.map((a) => a.action)).toEqual(['test.limits_set']);
    expect(trail[0]).toMatchObject({ before: DEFAULTS, after: { days: 7, label: '加急' } });
  });

  it('sees a change written by another instance once the cache has expired on the injected clock', async () => {
    await t.ctx.db.updateTable('kernel_settings').set({ value_json: JSON.stringify({ days: 9 }) }).where('key', '=', 'test.limits').execute();
    expect((await store.get()).days).toBe(7);
    t.clock.advance(SETTING_CACHE_MS + 1);
    expect((await store.get()).days).toBe(9);
  });

  it('falls back to the defaults on a stored value that breaks the rules, without failing', async () => {
    await t.ctx.db.updateTable('kernel_settings').set({ value_json: JSON.stringify({ days: -1 }) }).where('key', '=', 'test.limits').execute();
    t.clock.advance(SETTING_CACHE_MS + 1);
    expect(await store.get()).toEqual(DEFAULTS);
    await t.ctx.db.updateTable('kernel_settings').set({ value_json: '{not json' }).where('key', '=', 'test.limits').execute();
    t.clock.advance(SETTING_CACHE_MS + 1);
    expect(await store.get()).toEqual(DEFAULTS);
  });
});
