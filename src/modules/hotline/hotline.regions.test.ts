import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { installationRegion } from '../../kernel/region';
import type { HotlineService } from './hotline.service';

const NOW = '2026-09-21T09:00:00+08:00'; // a Monday
const OTHER = '430581'; // a second county of a city installation

describe.each(dialects)('work orders of several counties on %s', (dialect) => {
  let t: TestApp;
  let rs: number; // 人社局, moved to the second county
  let hotline: HotlineService;
  let home: string;

  const create = (payload: Record<string, unknown> = {}, as = 'operator') =>
    t.request({ method: 'POST', url: '/api/v1/workorders', as, payload: { channel: 'phone', category: 'consult', content: '咨询社保转移办理。', ...payload } });
  const counter = async (name: string) => {
    const r = await t.opened.db.selectFrom('kernel_sequences').select('value').where('name', '=', name).executeTakeFirst();
    return r ? Number(r.value) : 0;
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
    home = installationRegion();
    hotline = t.ctx.services.hotline;
    rs = (await t.ctx.services.org.byName('人社局'))!.id;
    await t.opened.db.updateTable('kernel_departments').set({ region_code: `${OTHER}001000` }).where('id', '=', rs).execute();
    t.ctx.services.org.invalidate();
    // The second county's own line (a county centre merged into the city's 12345).
    await t.opened.db.insertInto('hotline_lines').values({ code: 'sd-county', name: '邵东专线', description: null, unit_ids_json: JSON.stringify([rs]), active: 1, region: OTHER }).execute();
  });
  afterAll(async () => t?.close());

  it('numbers each county gapless per day from its own counter while both counties take orders at once', async () => {
    await t.login('operator');
    // A third of the second county's orders come in on its line, the rest name the county (a city operator's pick).
    const payloads = Array.from({ length: 90 }, (_, i) => (i % 2 === 0 ? {} : i % 3 === 0 ? { line: 'sd-county' } : { region: OTHER }));
    const results = await Promise.all(payloads.map((p) => create(p)));
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);
    const byRegion = new Map<string, number[]>();
    for (const r of results) {
      const o = r.json() as { orderNo: string; region: string };
      const m = /^GD(?:(\d{6})-)?20260921-?(\d{4})$/.exec(o.orderNo);
      expect(m, o.orderNo).not.toBeNull();
      // The installation's county keeps the old format (no region, no dashes); the other carries its code.
      expect(m![1] ?? home).toBe(o.region);
      expect(o.orderNo.includes('-')).toBe(o.region !== home);
      byRegion.set(o.region, [...(byRegion.get(o.region) ?? []), Number(m![2])]);
    }
    expect([...byRegion.keys()].sort()).toEqual([OTHER, home].sort());
    for (const seqs of byRegion.values()) expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    // The installation's county continues the counter name single-county versions used.
    expect(await counter('hotline.order.20260921')).toBe(45);
    expect(await counter(`hotline.order:${OTHER}:20260921`)).toBe(45);
    // Each order was audited in its county's chain from its creation, and every chain verifies.
    const created = await t.opened.db.selectFrom('kernel_audit_log').select(['chain', 'after_json']).where('action', '=', 'hotline.order.created').execute();
    for (const a of created) expect(a.chain).toBe((JSON.parse(a.after_json!) as { region: string }).region);
    expect(created.filter((a) => a.chain === OTHER)).toHaveLength(45);
    const audit = await verifyAuditChain(t.opened.db);
    expect(audit.ok, audit.reason).toBe(true);
  });

  it('gives a rolled-back creation’s number back, so the next order of the county has it', async () => {
    const before = await counter(`hotline.order:${OTHER}:20260921`);
    const actor = { ...systemActor('test'), roles: ['operator' as const] };
    await expect(
      t.opened.db.transaction().execute(async (tx) => {
        await hotline.create(actor, { channel: 'phone', category: 'consult', content: '随后回滚。', region: OTHER }, tx as never);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await counter(`hotline.order:${OTHER}:20260921`)).toBe(before);
    const next = (await create({ region: OTHER })).json();
    expect(next.orderNo).toBe(`GD${OTHER}-20260921-${String(before + 1).padStart(4, '0')}`);
  });

  it('audits later actions on a county’s order in that county’s chain', async () => {
    const o = (await create({ region: OTHER })).json();
    const r = await t.request({ method: 'POST', url: `/api/v1/workorders/${o.id}/actions`, as: 'operator', payload: { action: 'dispatch', unitId: rs } });
    expect(r.statusCode).toBe(200);
    const rows = await t.opened.db.selectFrom('kernel_audit_log').select(['action', 'chain']).where('subject_type', '=', 'workorder').where('subject_id', '=', String(o.id)).orderBy('seq').execute();
    expect(rows).toEqual([
      { action: 'hotline.order.created', chain: OTHER },
      { action: 'hotline.order.dispatch', chain: OTHER },
    ]);
  });

  it('filters lists by county; the installation’s county also lists orders from before regions', async () => {
    const old = (await create()).json();
    await t.opened.db.updateTable('hotline_orders').set({ region: null }).where('id', '=', old.id).execute();
    const list = async (region: string) => (await t.request({ method: 'GET', url: `/api/v1/workorders?region=${region}&pageSize=100`, as: 'operator' })).json();
    const other = await list(OTHER);
    expect(other.items.length).toBeGreaterThan(0);
    expect(other.items.every((i: { region: string }) => i.region === OTHER)).toBe(true);
    const own = await list(home);
    expect(own.items.every((i: { region: string }) => i.region === home)).toBe(true);
    expect(own.items.map((i: { id: number }) => i.id)).toContain(old.id);
    const regions = (await t.request({ method: 'GET', url: '/api/v1/hotline/regions', as: 'operator' })).json();
    expect(regions.items).toEqual([
      { code: home, installation: true },
      { code: OTHER, installation: false },
    ]);
  });

  it('refuses a region that is not a county code or not one the centre serves, with a stable code', async () => {
    for (const [region, code] of [
      ['43058', 'REGION_INVALID'],
      ['43058x', 'REGION_INVALID'],
      ['110101', 'REGION_UNKNOWN'],
    ]) {
      const r = await create({ region });
      expect(r.statusCode, region).toBe(422);
      expect(r.json().error).toMatchObject({ code, details: { field: 'region' } });
      const l = await t.request({ method: 'GET', url: `/api/v1/workorders?region=${region}`, as: 'operator' });
      expect(l.statusCode).toBe(422);
      expect(l.json().error.code).toBe(code);
    }
    const letter = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: { title: '来信', content: '内容', name: '王五', phone: '13700000000', publishConsent: false, region: '110101' }, remoteAddress: '10.0.0.9' });
    expect(letter.statusCode).toBe(422);
    expect(letter.json().error.code).toBe('REGION_UNKNOWN');
  });

  it('numbers a letter to the county its 市长信箱 page names', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: { title: '来信', content: '建议增设公交站。', name: '王五', phone: '13700000000', publishConsent: false, region: OTHER }, remoteAddress: '10.0.0.8' });
    expect(r.statusCode).toBe(201);
    expect(r.json().orderNo).toMatch(new RegExp(`^GD${OTHER}-20260921-\\d{4}$`));
  });
});
