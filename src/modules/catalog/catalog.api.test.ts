import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';

describe.each(dialects)('catalog items, versions and review on %s', (dialect) => {
  let t: TestApp;
  let market: number;
  let police: number;
  let township: number;
  const item = (code: string, over: Record<string, unknown> = {}) => ({
    code,
    name: '食品经营许可（餐饮服务）新办',
    type: '01',
    applicationBased: true,
    level: 4,
    departmentId: market,
    legalLimit: 20,
    promisedLimit: 10,
    limitUnit: 'workday',
    kind: 'promised',
    onlineDepth: 3,
    materials: [{ name: '食品经营许可申请书', required: true }, { name: '营业执照', required: true, form: 'copy', eLicenseReplaceable: true }],
    legalBasis: '《中华人民共和国食品安全法》第三十五条',
    keywords: ['开饭店'],
    ...over,
  });
  const post = (url: string, payload: unknown, as: string) => t.request({ method: 'POST', url, payload: payload as object, as });

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    const org = t.ctx.services.org;
    market = (await org.byCode('430582-001'))!.id;
    police = (await org.byCode('430582-002'))!.id;
    township = (await org.all()).find((d) => d.kind === 'township')!.id;
  });
  afterAll(async () => t?.close());

  it('creates a draft (version 1) that the public does not see yet', async () => {
    const res = await post('/api/v1/items', item('C-001'), 'editor');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'C-001', version: 1, status: 'draft', extensionAllowance: 10, departmentName: '邵东市市场监督管理局' });
    expect(res.json().materials[1]).toEqual({ name: '营业执照', form: 'copy', copies: 1, required: true, eLicenseReplaceable: true, note: null });
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-001' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/items?q=食品经营' })).json().total).toBe(0);
  });

  it('refuses a duplicate code with 409', async () => {
    const res = await post('/api/v1/items', item('C-001'), 'admin');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ITEM_CODE_TAKEN');
  });

  it.each([
    ['promised > legal', { promisedLimit: 21 }, 'promisedLimit'],
    ['depth 5', { onlineDepth: 5 }, 'onlineDepth'],
    ['depth 0', { onlineDepth: 0 }, 'onlineDepth'],
    ['level 7', { level: 7 }, 'level'],
    ['a village as a county-level department', { departmentId: -5 }, 'departmentId'],
  ])('answers %s with 422 naming the field and writes nothing', async (_l, over, field) => {
    const before = await t.opened.db.selectFrom('catalog_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await post('/api/v1/items', item('C-BAD', over), 'admin');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.field).toBe(field);
    const after = await t.opened.db.selectFrom('catalog_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a county department for a township-level item', async () => {
    const res = await post('/api/v1/items', item('C-T1', { level: 5 }), 'admin');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.field).toBe('departmentId');
    expect((await post('/api/v1/items', item('C-T1', { level: 5, departmentId: township }), 'admin')).statusCode).toBe(201);
  });

  it('lets an editor create only for their own department', async () => {
    const res = await post('/api/v1/items', item('C-P1', { departmentId: police, name: '居民身份证换领' }), 'editor');
    expect(res.statusCode).toBe(403);
  });

  it('only admin and leader publish; an editor gets 403', async () => {
    expect((await post('/api/v1/items/C-001/publish', {}, 'editor')).statusCode).toBe(403);
    expect((await post('/api/v1/items/C-001/publish', {}, 'clerk')).statusCode).toBe(403);
  });

  it('submit puts the draft in the review queue; a leader publishes version 1', async () => {
    expect((await post('/api/v1/items/C-001/submit', {}, 'editor')).statusCode).toBe(200);
    const queue = await t.request({ method: 'GET', url: '/api/v1/catalog/review-queue', as: 'leader' });
    expect(queue.json().items.map((i: { code: string }) => i.code)).toContain('C-001');
    const pub = await post('/api/v1/items/C-001/publish', {}, 'leader');
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', version: 1, publishedBy: 'leader' });
    const guide = await t.request({ method: 'GET', url: '/api/v1/items/C-001' });
    expect(guide.statusCode).toBe(200);
    expect(guide.json().materials).toHaveLength(2);
    const list = await t.request({ method: 'GET', url: '/api/v1/items?q=开饭店' });
    expect(list.json().items[0].code).toBe('C-001');
  });

  it('publishing twice answers 409 with the current state', async () => {
    const res = await post('/api/v1/items/C-001/publish', {}, 'leader');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'NO_DRAFT', details: { status: 'published' } });
  });

  it('editing a published item opens draft version 2; the guide keeps version 1 until it is published', async () => {
    const edit = await t.request({ method: 'PATCH', url: '/api/v1/items/C-001', payload: { promisedLimit: 5 }, as: 'editor' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ version: 2, status: 'draft', promisedLimit: 5, legalLimit: 20 });
    const again = await t.request({ method: 'PATCH', url: '/api/v1/items/C-001', payload: { visits: 0 }, as: 'editor' });
    expect(again.json()).toMatchObject({ version: 2, promisedLimit: 5, visits: 0 });
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-001' })).json()).toMatchObject({ version: 1, promisedLimit: 10 });
    const v1Id = (await t.request({ method: 'GET', url: '/api/v1/items/C-001' })).json().versionId;

    expect((await post('/api/v1/items/C-001/publish', {}, 'admin')).json()).toMatchObject({ version: 2, status: 'published' });
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-001' })).json()).toMatchObject({ version: 2, promisedLimit: 5 });

    // the old version stays readable, through the API and through the service cases use
    const v1 = await t.request({ method: 'GET', url: '/api/v1/items/C-001/versions/1', as: 'clerk' });
    expect(v1.json()).toMatchObject({ version: 1, status: 'superseded', promisedLimit: 10 });
    expect(v1.json().endedAt).not.toBeNull();
    const svc = t.ctx.services.catalog;
    expect(await svc.getVersion(v1Id)).toMatchObject({ version: 1, promisedLimit: 10, status: 'superseded' });
    expect(await svc.getPublished('C-001')).toMatchObject({ version: 2, promisedLimit: 5 });
    const history = await t.request({ method: 'GET', url: '/api/v1/items/C-001/versions', as: 'leader' });
    expect(history.json().items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
  });

  it('answers 404 when an editor touches another department’s item', async () => {
    await post('/api/v1/items', item('C-P2', { departmentId: police, name: '居民身份证补领', keywords: [] }), 'admin');
    const patch = await t.request({ method: 'PATCH', url: '/api/v1/items/C-P2', payload: { promisedLimit: 1 }, as: 'editor' });
    expect(patch.statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-P2/versions', as: 'editor' })).statusCode).toBe(404);
    expect((await post('/api/v1/items/C-P2/submit', {}, 'editor')).statusCode).toBe(404);
    const mine = await t.request({ method: 'GET', url: '/api/v1/catalog/items', as: 'editor' });
    expect(mine.json().items.every((i: { departmentId: number }) => i.departmentId === market)).toBe(true);
  });

  it('filters the staff list by department (catalog_items has a department column too)', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/catalog/items?department=${police}`, as: 'admin' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { code: string }) => i.code)).toContain('C-P2');
    expect(res.json().items.every((i: { departmentId: number }) => i.departmentId === police)).toBe(true);
  });

  it('keeps versions readable for staff only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-001/versions' })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-001/versions', as: 'citizen' })).statusCode).toBe(403);
  });

  it('review can send a draft back with a reason', async () => {
    await t.request({ method: 'PATCH', url: '/api/v1/items/C-001', payload: { onlineDepth: 4, visits: 0 }, as: 'editor' });
    await post('/api/v1/items/C-001/submit', {}, 'editor');
    expect((await post('/api/v1/items/C-001/reject', { reason: ' ' }, 'leader')).statusCode).toBe(422);
    const rej = await post('/api/v1/items/C-001/reject', { reason: '请补充网办地址' }, 'leader');
    expect(rej.json()).toMatchObject({ status: 'draft', submittedAt: null, reviewNote: '请补充网办地址' });
    const queue = await t.request({ method: 'GET', url: '/api/v1/catalog/review-queue', as: 'leader' });
    expect(queue.json().items.map((i: { code: string }) => i.code)).not.toContain('C-001');
  });

  it('retires instead of deleting: the guide is gone, the versions stay', async () => {
    const res = await post('/api/v1/items/C-001/retire', { reason: '事项取消' }, 'admin');
    expect(res.json()).toMatchObject({ status: 'retired', version: 2 });
    expect((await t.request({ method: 'GET', url: '/api/v1/items/C-001' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/items?q=开饭店' })).json().total).toBe(0);
    expect(await t.ctx.services.catalog.getPublished('C-001')).toBeNull();
    const history = await t.request({ method: 'GET', url: '/api/v1/items/C-001/versions', as: 'admin' });
    expect(history.json().items.map((v: { status: string }) => v.status)).toEqual(['superseded', 'retired', 'superseded']);
    expect((await post('/api/v1/items/C-001/retire', { reason: '再停用' }, 'admin')).statusCode).toBe(409);
  });

  it('audits every change', async () => {
    const trail = await auditTrailOf(t.opened.db, 'catalog_item', 'C-001');
    expect(trail.map((a) => a.action)).toEqual([
      'catalog.item.created',
      'catalog.item.submitted',
      'catalog.item.published',
      'catalog.item.version_created',
      'catalog.item.draft_updated',
      'catalog.item.published',
      'catalog.item.version_created',
      'catalog.item.submitted',
      'catalog.item.rejected',
      'catalog.item.retired',
    ]);
    expect(trail[0].actorName).toBe('editor');
  });

  it('lists the items whose 承诺压缩率 is below the target, by type and level', async () => {
    await post('/api/v1/items', item('C-CMP1', { name: '压缩不足的许可事项', type: '01', level: 4, legalLimit: 20, promisedLimit: 18 }), 'editor');
    await post('/api/v1/items/C-CMP1/submit', {}, 'editor');
    expect((await post('/api/v1/items/C-CMP1/publish', {}, 'leader')).statusCode).toBe(200);
    const res = await t.request({ method: 'GET', url: '/api/v1/catalog/compression?type=01&level=4&target=0.5', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const row = body.below.find((b: { code: string }) => b.code === 'C-CMP1');
    expect(row).toMatchObject({ legalLimit: 20, promisedLimit: 18, level: 4, type: '01' });
    expect(row.compression).toBeCloseTo(0.1);
    expect(body.below.every((b: { compression: number; type: string; level: number }) => b.compression < 0.5 && b.type === '01' && b.level === 4)).toBe(true);
    expect(body.rate.denominator).toBeGreaterThanOrEqual(20);
    expect((await t.request({ method: 'GET', url: '/api/v1/catalog/compression?target=0.5', as: 'leader' })).json().below.some((b: { code: string }) => b.code === 'C-CMP1')).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/v1/catalog/compression?target=2', as: 'leader' })).statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/catalog/compression?level=7', as: 'leader' })).statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/catalog/compression', as: 'citizen' })).statusCode).toBe(403);
  });

  it('reports data quality for the actor’s scope', async () => {
    await post('/api/v1/items', item('C-Q1', { name: '即办件却有时限的事项', kind: 'instant', promisedLimit: 3, legalBasis: '', materials: [] }), 'editor');
    const res = await t.request({ method: 'GET', url: '/api/v1/catalog/quality', as: 'editor' });
    expect(res.statusCode).toBe(200);
    const rules = res.json().issues.filter((i: { code: string }) => i.code === 'C-Q1').map((i: { rule: string }) => i.rule);
    expect(rules.sort()).toEqual(['instant_with_limit', 'missing_legal_basis', 'missing_materials']);
    expect(res.json().issues.every((i: { departmentId: number }) => i.departmentId === market)).toBe(true);
    expect(res.json().publishRate.denominator).toBeGreaterThan(0);
    expect((await t.request({ method: 'GET', url: '/api/v1/catalog/quality', as: 'citizen' })).statusCode).toBe(403);
  });
});
