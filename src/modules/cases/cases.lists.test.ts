import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { FOOD_ALL, at, clockSafeRequest, idNo, personApplicant, testModules } from './cases.test-support';

/** 办件清单: search, filters, the overdue filter, the Excel export and the refusals of bad filters. */
describe.each(dialects)('cases list filters and export on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  const nos: Record<string, string> = {};
  let foodDept = 0;
  let policeDept = 0;

  const submit = async (itemCode: string, name: string, channel = 'window', materials: unknown[] = []) => {
    const res = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode, channel, applicant: personApplicant({ name }), materials } });
    expect(res.statusCode).toBe(201);
    return res.json().caseNo as string;
  };
  const list = async (qs: string, as = 'clerk') => {
    const res = await request({ method: 'GET', url: `/api/v1/cases?pageSize=100&${qs}`, as });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ caseNo: string }>).map((c) => c.caseNo).sort();
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-01'), modules: testModules });
    request = clockSafeRequest(t);
    foodDept = (await t.ctx.services.org.byCode('430582-001'))!.id;
    policeDept = (await t.ctx.services.org.byCode('430582-002'))!.id;
    // A food case accepted on 09-01 (promised 5 working days: due 09-08) and left open: overdue later.
    nos.late = await submit('T-FOOD', '赵晓燕', 'window', FOOD_ALL);
    await request({ method: 'POST', url: `/api/v1/cases/${nos.late}/actions`, as: 'clerk', payload: { action: 'accept', materials: FOOD_ALL } });
    t.clock.set(at('2026-09-10'));
    nos.police = await submit('T-POLICE', '钱多多');
    nos.online = await submit('T-FOOD', '孙建国', 'online');
    t.clock.set(at('2026-09-15'));
  });
  afterAll(async () => t?.close());

  it('finds a case by its number (with or without dashes), the applicant (part of the name) and the item', async () => {
    expect(await list(`q=${nos.police}`)).toEqual([nos.police]);
    expect(await list(`q=${nos.police.replaceAll('-', '')}`)).toEqual([nos.police]);
    expect(await list(`q=${encodeURIComponent('赵晓燕')}`)).toEqual([nos.late]);
    expect(await list(`q=${encodeURIComponent('建国')}`)).toEqual([nos.online]);
    expect(await list(`q=${encodeURIComponent('食品经营')}`)).toEqual([nos.late, nos.online].sort());
    expect(await list(`q=${encodeURIComponent('不存在的人')}`)).toEqual([]);
  });

  it('filters by department, channel, status, submission dates and 超期', async () => {
    expect(await list(`department=${policeDept}`)).toEqual([nos.police]);
    expect(await list(`department=${foodDept}&channel=online`)).toEqual([nos.online]);
    expect(await list('status=accepted')).toEqual([nos.late]);
    expect(await list('from=2026-09-10&to=2026-09-10')).toEqual([nos.police, nos.online].sort());
    expect(await list('to=2026-09-09')).toEqual([nos.late]);
    expect(await list('overdue=true')).toEqual([nos.late]);
    expect(await list('overdue=false')).toEqual([nos.police, nos.online].sort());
    // The reviewer's scope still holds under every filter.
    expect(await list(`department=${policeDept}`, 'reviewer')).toEqual([]);
  });

  it.each([
    ['an unknown department', 'department=99999', 'DEPARTMENT_NOT_FOUND', 'department'],
    ['an inverted date range', 'from=2026-09-20&to=2026-09-01', 'INVALID_DATE_RANGE', 'from'],
    ['a date that does not exist', 'from=2026-02-30', 'INVALID_DATE_RANGE', 'from'],
  ])('refuses %s with 422 and a Chinese message, on the list and the export', async (_label, qs, code, field) => {
    for (const url of [`/api/v1/cases?${qs}`, `/api/v1/cases/export.xlsx?${qs}`]) {
      const res = await request({ method: 'GET', url, as: 'clerk' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code, details: { field } });
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('exports exactly the filtered list to Excel, and refuses an export over the row limit', async () => {
    const res = await request({ method: 'GET', url: `/api/v1/cases/export.xlsx?department=${foodDept}&sort=submitted`, as: 'clerk' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('办件清单')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('办件号');
    const rows = sheet.getSheetValues().slice(3).map((r) => (r as unknown[])[1]);
    expect(rows.sort()).toEqual([nos.late, nos.online].sort());
    const late = sheet.getSheetValues().slice(3).find((r) => (r as unknown[])[1] === nos.late) as unknown[];
    expect(late).toContain('赵晓燕');
    expect(late).toContain('超期');

    // Citizens and hotline operators cannot export the bureau's cases.
    expect((await request({ method: 'GET', url: '/api/v1/cases/export.xlsx', as: 'citizen' })).statusCode).toBe(403);

    const settings = t.ctx.services.cases.settings;
    const before = settings.exportMaxRows;
    settings.exportMaxRows = 2;
    try {
      const big = await request({ method: 'GET', url: '/api/v1/cases/export.xlsx', as: 'clerk' });
      expect(big.statusCode).toBe(422);
      expect(big.json().error).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { total: 3, maxRows: 2 } });
      expect(big.json().error.message).toContain('超过单次导出上限 2 条');
      // Narrowed to fit, the same export goes through.
      expect((await request({ method: 'GET', url: `/api/v1/cases/export.xlsx?department=${foodDept}`, as: 'clerk' })).statusCode).toBe(200);
    } finally {
      settings.exportMaxRows = before;
    }
  });

  it('keeps ID numbers out of the export', async () => {
    const other = idNo('43058219851111222');
    const res = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-POLICE', channel: 'window', applicant: personApplicant({ name: '李四', idNumber: other }) } });
    expect(res.statusCode).toBe(201);
    const x = await request({ method: 'GET', url: `/api/v1/cases/export.xlsx?q=${encodeURIComponent('李四')}`, as: 'clerk' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.getWorksheet('办件清单')!.getSheetValues());
    expect(text).toContain('李四');
    expect(text).not.toContain(other);
  });

  it('收件即受理: a complete walk-in application is accepted in the same step; an incomplete one is refused, nothing written', async () => {
    const count = async () => Number((await t.opened.db.selectFrom('cases_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const incomplete = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant({ name: '褚一' }), materials: [FOOD_ALL[0]], acceptNow: true } });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error).toMatchObject({ code: 'MATERIALS_INCOMPLETE', details: { field: 'materials', missing: ['经营场所平面布局图'] } });
    expect(incomplete.json().error.message).toContain('经营场所平面布局图');
    const online = await request({ method: 'POST', url: '/api/v1/cases', as: 'citizen', payload: { itemCode: 'T-FOOD', channel: 'online', applicant: personApplicant({ name: '褚一' }), materials: FOOD_ALL, acceptNow: true } });
    expect(online.json().error.code).toBe('ACCEPT_NOW_NOT_ALLOWED');
    expect(await count()).toBe(before);

    const ok = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant({ name: '褚一' }), materials: FOOD_ALL, acceptNow: true } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'accepted', acceptedOn: '2026-09-15' });
    expect(ok.json().timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept']);
    expect(await count()).toBe(before + 1);
  });
});
