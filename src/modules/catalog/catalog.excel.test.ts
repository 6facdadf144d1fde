import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { COLUMNS, XLSX_MIME } from './catalog.excel';
import { fieldsOfRow } from './catalog.rows';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CatalogTables } from './catalog.tables';

async function workbook(rows: Record<string, string | number>[], sheet = '县级事项'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(COLUMNS.map((c) => c.heading));
  for (const r of rows) ws.addRow(COLUMNS.map((c) => r[c.heading] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const good = (code: string, over: Record<string, string | number> = {}) => ({
  事项名称: '导入测试事项',
  事项编码: code,
  事项类型: '行政许可',
  实施主体: '邵东市市场监督管理局',
  法定办结时限: 20,
  法定办结时限单位: '工作日',
  承诺办结时限: 5,
  承诺办结时限单位: '工作日',
  办件类型: '承诺件',
  网上办理深度: '四级（全程网办）',
  申请材料: '申请书【原件，1份，必要】\n营业执照【复印件，1份，必要，电子证照可免提交】',
  ...over,
});

describe.each(dialects)('catalogue Excel import and export on %s', (dialect) => {
  let t: TestApp;
  let exported: Buffer;
  const upload = (body: Buffer, as: string, qs = '') =>
    t.request({ method: 'POST', url: `/api/v1/catalog/import${qs}`, payload: body, headers: { 'content-type': XLSX_MIME }, as });
  const versionsCount = async (db = t.opened.db) => Number((await db.selectFrom('catalog_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await buildTestApp({ dialect, seed: ['org', 'catalog'] });
  });
  afterAll(async () => t?.close());

  it('exports one sheet per level with the bureau headings', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/catalog/export', as: 'admin' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    exported = res.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['县级事项', '乡镇级事项', '村级事项', '填写说明']);
    const headings = (wb.getWorksheet('县级事项')!.getRow(1).values as string[]).slice(1);
    expect(headings.slice(0, 14)).toEqual(['事项名称', '事项编码', '事项类型', '是否依申请', '实施主体', '法定办结时限', '法定办结时限单位', '承诺办结时限', '承诺办结时限单位', '办件类型', '网上办理深度', '到办事现场次数', '是否就近办', '跨省通办方式']);
    expect(wb.getWorksheet('县级事项')!.actualRowCount).toBeGreaterThan(100);
  });

  it('re-importing the export changes nothing', async () => {
    const before = await versionsCount();
    const res = await upload(exported, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, versioned: 0, published: 0 });
    expect(res.json().unchanged).toBe(res.json().total);
    expect(await versionsCount()).toBe(before);
  });

  it('round-trips: export → import into an empty catalogue yields identical items', async () => {
    const fresh = await buildTestApp({ dialect, seed: ['org'] });
    try {
      const res = await fresh.request({ method: 'POST', url: '/api/v1/catalog/import?publish=true&fileName=catalog.xlsx', payload: exported, headers: { 'content-type': XLSX_MIME }, as: 'admin' });
      expect(res.statusCode).toBe(200);
      expect(res.json().created).toBe(res.json().total);
      const load = async (app: TestApp) =>
        new Map((await tablesOf<CatalogTables>(app.ctx.db).selectFrom('catalog_versions').selectAll().where('status', '=', 'published').execute()).map((r) => [r.code, fieldsOfRow(r)]));
      const a = await load(t);
      const b = await load(fresh);
      expect(b.size).toBe(a.size);
      for (const [code, f] of a) expect(b.get(code), code).toEqual(f);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('creates and versions items from a good file in one go', async () => {
    const res = await upload(await workbook([good('IMP-1'), good('IMP-2', { 事项名称: '导入测试事项二', 跨省通办方式: '全程网办、异地代收代办', 常见问题: '问：能网办吗？\n答：能。' })]), 'editor');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, created: 2 });
    const v = await t.request({ method: 'GET', url: '/api/v1/items/IMP-2/latest', as: 'editor' });
    expect(v.json()).toMatchObject({ status: 'draft', crossProvinceModes: ['full_online', 'proxy'], faqs: [{ question: '能网办吗？', answer: '能。' }] });
    expect(v.json().materials[1]).toMatchObject({ name: '营业执照', form: 'copy', eLicenseReplaceable: true });
    const again = await upload(await workbook([good('IMP-1', { 承诺办结时限: 3 }), good('IMP-2', { 事项名称: '导入测试事项二', 跨省通办方式: '全程网办、异地代收代办', 常见问题: '问：能网办吗？\n答：能。' })]), 'editor');
    expect(again.json()).toMatchObject({ versioned: 1, unchanged: 1 });
  });

  it('reports every error with sheet, row and column and writes nothing', async () => {
    const before = await versionsCount();
    const file = await workbook([
      good('IMP-3'),
      good('IMP-4', { 承诺办结时限: 30 }),
      good('IMP-5', { 网上办理深度: '五级', 事项类型: '行政审批' }),
      good('IMP-3', { 事项名称: '重复编码' }),
      good('IMP-6', { 实施主体: '不存在的局' }),
    ]);
    const res = await upload(file, 'admin');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IMPORT_INVALID');
    const errors = res.json().error.details.errors as Array<{ sheet: string; row: number; column: string; cell: string }>;
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, '承诺办结时限'],
      [4, '事项类型'],
      [4, '网上办理深度'],
      [5, '事项编码'],
      [6, '实施主体'],
    ]);
    expect(errors[0]).toMatchObject({ sheet: '县级事项', cell: 'H3' });
    expect(await versionsCount()).toBe(before);
  });

  it('limits an editor to their own department', async () => {
    const res = await upload(await workbook([good('IMP-7', { 实施主体: '邵东市公安局' })]), 'editor');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors[0].message).toMatch(/本部门/);
    expect((await upload(await workbook([good('IMP-8')]), 'editor', '?publish=true')).statusCode).toBe(403);
    expect((await upload(await workbook([good('IMP-8')]), 'clerk')).statusCode).toBe(403);
  });

  it.each([
    ['a text file', Buffer.from('事项名称,事项编码\n营业执照,1\n')],
    ['a corrupt zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])],
    ['an empty body', Buffer.alloc(0)],
  ])('answers %s with a clear 422', async (_l, body) => {
    const res = await upload(body, 'admin');
    expect(res.statusCode).toBe(422);
    expect(['IMPORT_FILE_INVALID']).toContain(res.json().error.code);
    expect(res.json().error.message).toMatch(/Excel|xlsx/);
  });

  it('answers a workbook without the level sheets with 422', async () => {
    const res = await upload(await workbook([good('IMP-9')], 'Sheet1'), 'admin');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors[0].message).toMatch(/县级事项/);
  });

  it('runs a large import as a job with progress', async () => {
    const rows = Array.from({ length: 260 }, (_, i) => good(`JOB-${i}`, { 事项名称: `批量导入事项${i}` }));
    const start = await upload(await workbook(rows), 'admin', '?async=true&fileName=big.xlsx');
    expect(start.statusCode).toBe(202);
    const id = start.json().id;
    let job = start.json();
    for (let i = 0; i < 200 && !['done', 'failed'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.request({ method: 'GET', url: `/api/v1/catalog/import/${id}`, as: 'admin' })).json();
      expect(job.processed).toBeLessThanOrEqual(job.total || job.processed);
    }
    expect(job).toMatchObject({ status: 'done', total: 260, processed: 260, percent: 100, result: { created: 260 } });
    expect((await t.request({ method: 'GET', url: `/api/v1/catalog/import/${id}`, as: 'editor' })).statusCode).toBe(404);
  });
});
