import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';

const NOW = '2026-09-30T09:00:00+08:00';
const Y = 2026;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

describe.each(dialects)('performance on %s', (dialect) => {
  let t: TestApp;
  let budgetId: number;
  let manualId: number;

  const count = async (table: string) => Number((await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const table = async () => (await t.request({ method: 'GET', url: `/api/v1/performance/years/${Y}`, as: 'leader' })).json();
  const add = (payload: Record<string, unknown>, as = 'leader') => t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/indicators`, as, payload });
  const budgetIndicator = { level1: '产出', level2: '成本', name: '预算执行率', direction: '>=', target: 95, unit: '%', floor: 80, weight: 60, source: 'kpi', kpiKey: 'performance.budgetExecutionRate' };
  const manualIndicator = { level1: '效益', level2: '可持续影响', name: '电子政务外网联通乡镇', direction: '=', target: 26, unit: '个', weight: 30, source: 'manual' };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
  });
  afterAll(async () => t?.close());

  it('refuses a target without unit or direction, an unknown KPI and a unit that does not fit it — nothing written', async () => {
    const before = await count('performance_indicators');
    for (const [patch, code] of [
      [{ unit: '' }, 'TARGET_UNIT_REQUIRED'],
      [{ direction: undefined }, 'TARGET_DIRECTION_REQUIRED'],
      [{ kpiKey: 'cases.nonsense' }, 'KPI_UNKNOWN'],
      [{ unit: '项' }, 'UNIT_MISMATCH'],
      [{ level2: '社会效益' }, 'LEVEL2_INVALID'],
    ] as const) {
      const r = await add({ ...budgetIndicator, ...patch });
      expect(r.statusCode, code).toBe(422);
      expect(r.json().error.code).toBe(code);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await count('performance_indicators')).toBe(before);
    expect(await count('performance_tables')).toBe(0);
    expect((await add(budgetIndicator, 'finance')).statusCode).toBe(403);
  });

  it('sets targets; weights must sum to 100 at submit', async () => {
    const a = await add(budgetIndicator);
    expect(a.statusCode).toBe(201);
    budgetId = a.json().id;
    const b = await add(manualIndicator);
    manualId = b.json().id;
    expect(b.json()).toMatchObject({ outcome: 'no_data', score: 0, met: false });
    const r = await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/submit`, as: 'leader' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'WEIGHTS_NOT_100', details: { sum: 90 } });
    expect((await table()).status).toBe('draft');
    const fix = await t.request({ method: 'PUT', url: `/api/v1/performance/indicators/${manualId}`, as: 'leader', payload: { ...manualIndicator, weight: 40 } });
    expect(fix.statusCode).toBe(200);
  });

  it('takes the actual of a bound KPI from the records with numerator and denominator', async () => {
    const line = await t.request({ method: 'POST', url: '/api/v1/performance/budget', as: 'finance', payload: { year: Y, category: 'project', name: '政务服务中心运行经费', budget: 1000, adjustment: 0, executed: 900 } });
    expect(line.statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v1/performance/budget', as: 'leader', payload: { year: Y, category: 'basic', name: 'x', budget: 1, adjustment: 0, executed: 1 } })).statusCode).toBe(403);
    const v = await table();
    const ind = v.indicators.find((i: { id: number }) => i.id === budgetId);
    // 90 % against ≥ 95 %: 60 × 90 / 95
    expect(ind).toMatchObject({ actual: 90, numerator: 900, denominator: 1000, outcome: 'partial', score: 56.84, met: false });
    const summary = await t.request({ method: 'GET', url: `/api/v1/stats/summary?from=${Y}-01-01&to=${Y}-09-30`, as: 'leader' });
    expect(summary.json().kpis['performance.budgetExecutionRate']).toEqual({ value: 0.9, numerator: 900, denominator: 1000 });
  });

  it('refuses a manual actual without evidence or with a file that is not a document', async () => {
    const url = `/api/v1/performance/indicators/${manualId}/actual`;
    const before = await count('performance_evidence');
    const none = await t.request({ method: 'PUT', url, as: 'finance', payload: { value: 26, note: '26 个乡镇全部联通' } });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('EVIDENCE_REQUIRED');
    const exe = await t.request({ method: 'PUT', url, as: 'finance', payload: { value: 26, note: '26 个乡镇全部联通', file: { name: '联通清单.pdf', contentBase64: Buffer.from('MZ not a pdf').toString('base64') } } });
    expect(exe.json().error.code).toBe('UPLOAD_TYPE_NOT_ALLOWED');
    expect(await count('performance_evidence')).toBe(before);
    const ok = await t.request({ method: 'PUT', url, as: 'finance', payload: { value: 26, note: '26 个乡镇全部联通', file: { name: '联通清单.pdf', contentBase64: PDF } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ actual: 26, outcome: 'met', score: 40, authorName: '钱财务', evidence: { fileName: '联通清单.pdf', mime: 'application/pdf' } });
    const file = await t.request({ method: 'GET', url: `/api/v1/performance/evidence/${ok.json().evidence.id}`, as: 'leader' });
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('signs off only with a 偏差原因 for each missed indicator, then locks the table', async () => {
    expect((await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/sign`, as: 'leader' })).json().error.code).toBe('TABLE_STATE');
    expect((await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/submit`, as: 'leader' })).statusCode).toBe(200);
    const refused = await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/sign`, as: 'leader' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'DEVIATION_REASON_REQUIRED', details: { indicators: [budgetId] } });
    expect(refused.json().error.message).toContain('预算执行率');
    expect((await table()).status).toBe('submitted');
    expect((await t.request({ method: 'PUT', url: `/api/v1/performance/indicators/${budgetId}/deviation`, as: 'leader', payload: { reason: ' ' } })).statusCode).toBe(422);
    const explained = await t.request({ method: 'PUT', url: `/api/v1/performance/indicators/${budgetId}/deviation`, as: 'leader', payload: { reason: '平台建设项目尚未完成验收，尾款未支付' } });
    expect(explained.statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/sign`, as: 'supervisor' })).statusCode).toBe(403);
    const signed = await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/sign`, as: 'leader' });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', totalScore: 96.84, grade: '优', signedByName: '李局长', revision: 1 });

    // locked: targets, reasons and manual actuals are refused, nothing written
    const edit = await t.request({ method: 'PUT', url: `/api/v1/performance/indicators/${budgetId}`, as: 'leader', payload: { ...budgetIndicator, target: 90 } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('TABLE_SIGNED');
    expect((await add(manualIndicator)).json().error.code).toBe('TABLE_SIGNED');
    expect((await t.request({ method: 'DELETE', url: `/api/v1/performance/indicators/${manualId}`, as: 'leader' })).statusCode).toBe(409);
    expect((await t.request({ method: 'PUT', url: `/api/v1/performance/indicators/${budgetId}/deviation`, as: 'leader', payload: { reason: '改' } })).statusCode).toBe(409);
    const row = await t.opened.db.selectFrom('performance_indicators').selectAll().where('id', '=', budgetId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ target: 95 });

    // the yearly report prints the signed table with its scores and 偏差原因
    const doc = await t.request({ method: 'GET', url: `/api/v1/stats/report.docx?year=${Y}`, as: 'leader' });
    expect(doc.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('（六）绩效目标完成情况');
    expect(xml).toContain('自评得分 96.84 分，等级为“优”');
    expect(xml).toContain('平台建设项目尚未完成验收，尾款未支付');

    // the signed table reads as signed, even when the records move on
    await t.request({ method: 'PUT', url: `/api/v1/performance/budget/${(await t.request({ method: 'GET', url: `/api/v1/performance/budget?year=${Y}`, as: 'finance' })).json().items[0].id}`, as: 'finance', payload: { year: Y, category: 'project', name: '政务服务中心运行经费', budget: 1000, adjustment: 0, executed: 1000 } });
    const after = await table();
    expect(after.totalScore).toBe(96.84);
    expect(after.indicators.find((i: { id: number }) => i.id === budgetId).actual).toBe(90);
  });

  it('changes a signed table only as a new revision, listed with who, when and why', async () => {
    const noReason = await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/revisions`, as: 'leader', payload: { reason: '' } });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('REVISION_REASON_REQUIRED');
    const r = await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/revisions`, as: 'leader', payload: { reason: '年中预算调整，目标随之调整' } });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'draft', revision: 2 });
    // live again: the budget is now fully executed
    expect(r.json().indicators.find((i: { id: number }) => i.id === budgetId)).toMatchObject({ actual: 100, met: true, score: 60 });
    const list = (await t.request({ method: 'GET', url: `/api/v1/performance/years/${Y}/revisions`, as: 'supervisor' })).json();
    expect(list.total).toBe(2);
    expect(list.items[0]).toMatchObject({ revision: 2, reason: '年中预算调整，目标随之调整', openedByName: '李局长', signedAt: null });
    expect(list.items[1]).toMatchObject({ revision: 1, reason: '初始编制', signedByName: '李局长', totalScore: 96.84, grade: '优' });
    expect((await t.request({ method: 'POST', url: `/api/v1/performance/years/${Y}/revisions`, as: 'leader', payload: { reason: 'again' } })).statusCode).toBe(409);
    const trail = await auditTrailOf(t.opened.db, 'performance_table', Y);
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining(['performance.indicator_added', 'performance.submitted', 'performance.deviation_explained', 'performance.signed', 'performance.revised', 'performance.actual_entered']),
    );
  });

  it('keeps the procurement plan and the asset register with its 盘点 as KPIs', async () => {
    const p = await t.request({ method: 'POST', url: '/api/v1/performance/procurements', as: 'finance', payload: { year: Y, item: '自助叫号机', method: '公开招标', planned: 400, purchased: 380, purchasedOn: '2026-06-15' } });
    expect(p.statusCode).toBe(201);
    await t.request({ method: 'POST', url: '/api/v1/performance/procurements', as: 'finance', payload: { year: Y, item: '评价器', method: '询价', planned: 100 } });
    const a1 = (await t.request({ method: 'POST', url: '/api/v1/performance/assets', as: 'finance', payload: { code: 'GZ-1', name: 'LED 屏', category: '通用设备', value: 1000, acquiredOn: '2020-01-01', location: '大厅', keeper: '陈' } })).json().id;
    const a2 = (await t.request({ method: 'POST', url: '/api/v1/performance/assets', as: 'finance', payload: { code: 'GZ-2', name: '电脑', category: '通用设备', value: 500, acquiredOn: '2021-01-01', location: '综合股', keeper: '钱' } })).json().id;
    const dup = await t.request({ method: 'POST', url: '/api/v1/performance/assets', as: 'finance', payload: { code: 'GZ-2', name: '电脑', category: '通用设备', value: 500, acquiredOn: '2021-01-01', location: '综合股', keeper: '钱' } });
    expect(dup.json().error.code).toBe('ASSET_CODE_TAKEN');
    expect((await t.request({ method: 'POST', url: `/api/v1/performance/assets/${a2}/check`, as: 'finance', payload: { year: Y, result: 'mismatch' } })).json().error.code).toBe('CHECK_NOTE_REQUIRED');
    await t.request({ method: 'POST', url: `/api/v1/performance/assets/${a1}/check`, as: 'finance', payload: { year: Y, result: 'match' } });
    await t.request({ method: 'POST', url: `/api/v1/performance/assets/${a2}/check`, as: 'finance', payload: { year: Y, result: 'mismatch', note: '存放地点与台账不符' } });
    const kpis = (await t.request({ method: 'GET', url: `/api/v1/stats/summary?from=${Y}-01-01&to=${Y}-09-30`, as: 'leader' })).json().kpis;
    expect(kpis['performance.procurementExecutionRate']).toEqual({ value: 0.76, numerator: 380, denominator: 500 });
    expect(kpis['performance.assetMatchRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    const drill = await t.request({ method: 'GET', url: `/api/v1/stats/drilldown?kpi=performance.assetMatchRate&part=numerator&from=${Y}-01-01&to=${Y}-09-30`, as: 'leader' });
    expect(drill.json()).toMatchObject({ kind: 'asset', total: 1 });
  });
});
