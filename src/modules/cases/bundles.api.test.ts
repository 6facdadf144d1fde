import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { ALL_MATERIALS, at, clockSafeRequest, personApplicant, testModules } from './cases.test-support';

describe.each(dialects)('一件事一次办 and 跨省通办 on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-10-12'), modules: testModules });
    request = clockSafeRequest(t);
  });
  afterAll(async () => t?.close());

  const act = (caseNo: string, payload: Record<string, unknown>, as = 'clerk') => request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });

  it('lets only admins define a bundle, of published items only', async () => {
    const body = { code: 'YJS-BIRTH', name: '新生儿出生一件事', itemCodes: ['T-BIRTHCERT', 'T-POLICE', 'T-SSCARD'] };
    expect((await request({ method: 'POST', url: '/api/v1/bundles', as: 'clerk', payload: body })).statusCode).toBe(403);
    const bad = await request({ method: 'POST', url: '/api/v1/bundles', as: 'admin', payload: { ...body, itemCodes: ['T-POLICE', 'T-RETIRED'] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'ITEM_NOT_AVAILABLE', details: { field: 'itemCodes.1' } });
    const ok = await request({ method: 'POST', url: '/api/v1/bundles', as: 'admin', payload: body });
    expect(ok.statusCode).toBe(201);
    // 父母身份证 is asked by three items and 居民户口簿 by two: the merged list asks each once.
    const names = ok.json().materials.map((m: { name: string }) => m.name);
    expect(names.filter((n: string) => n === '父母身份证')).toHaveLength(1);
    expect(ok.json().materialsSaved).toBe(3);
    expect(ok.json().departments).toHaveLength(3);
  });

  it('creates one case per item under one bundle number; the bundle follows its cases', async () => {
    const merged = (await request({ method: 'GET', url: '/api/v1/bundles/YJS-BIRTH' })).json().materials as { name: string }[];
    const res = await request({
      method: 'POST',
      url: '/api/v1/bundles/YJS-BIRTH/applications',
      as: 'clerk',
      payload: { channel: 'window', applicant: personApplicant(), materials: merged.map((m) => ({ name: m.name, provided: true })), greenChannel: '帮代办', greenNote: '高龄老人代办' },
    });
    expect(res.statusCode).toBe(201);
    const app = res.json();
    expect(app.bundleNo).toMatch(/^430582-YJS-20261012-\d{4}$/);
    expect(app.cases).toHaveLength(3);
    expect(app).toMatchObject({ status: 'submitted', dueDate: null, greenChannel: '帮代办', casesTotal: 3 });
    // Shared materials were ticked on every case that asks for them.
    for (const c of app.cases) {
      const full = (await request({ method: 'GET', url: `/api/v1/cases/${c.caseNo}`, as: 'clerk' })).json();
      expect(full.missingMaterials).toEqual([]);
      expect(full.bundleNo).toBe(app.bundleNo);
      expect(full.greenChannel).toBe('帮代办');
    }
    for (const c of app.cases) await act(c.caseNo, { action: 'accept' });
    const accepted = (await request({ method: 'GET', url: `/api/v1/bundle-applications/${app.bundleNo}`, as: 'clerk' })).json();
    expect(accepted.status).toBe('processing');
    // The bundle is due when its slowest case is: 社会保障卡 20 working days after 10-12 → 11-9.
    expect(accepted.dueDate).toBe('2026-11-09');
    for (const c of app.cases) {
      const reviewer = c.departmentName === '邵东市市场监督管理局' ? 'reviewer' : 'admin';
      await act(c.caseNo, { action: 'approve' }, reviewer);
      await act(c.caseNo, { action: 'complete', deliveryMethod: '电子证照' });
    }
    const done = (await request({ method: 'GET', url: `/api/v1/bundle-applications/${app.bundleNo}`, as: 'clerk' })).json();
    expect(done).toMatchObject({ status: 'completed', casesCompleted: 3 });
    const green = (await request({ method: 'GET', url: '/api/v1/bundle-applications?greenChannel=true', as: 'clerk' })).json();
    expect(green.items.map((a: { bundleNo: string }) => a.bundleNo)).toContain(app.bundleNo);
    const greenCases = (await request({ method: 'GET', url: '/api/v1/cases?greenChannel=true', as: 'clerk' })).json();
    expect(greenCases.total).toBe(3);
  });

  it('refuses a bundle application with a bad ID and writes nothing', async () => {
    const before = await t.opened.db.selectFrom('cases_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await request({ method: 'POST', url: '/api/v1/bundles/YJS-BIRTH/applications', as: 'clerk', payload: { channel: 'window', applicant: personApplicant({ idNumber: '430582199003071230' }) } });
    expect(res.statusCode).toBe(422);
    const after = await t.opened.db.selectFrom('cases_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('configures partner regions and records 异地代收代办 forwarding and 全程网办 from outside', async () => {
    const partner = { regionCode: '441900', name: '广东省东莞市', province: '广东省', items: [{ itemCode: 'T-POLICE', modes: ['proxy'] }, { itemCode: 'T-SSCARD', modes: ['full_online', 'proxy'] }] };
    expect((await request({ method: 'POST', url: '/api/v1/partner-regions', as: 'clerk', payload: partner })).statusCode).toBe(403);
    expect((await request({ method: 'POST', url: '/api/v1/partner-regions', as: 'admin', payload: { ...partner, regionCode: '999999' } })).json().error.code).toBe('REGION_CODE_INVALID');
    expect((await request({ method: 'POST', url: '/api/v1/partner-regions', as: 'admin', payload: partner })).statusCode).toBe(201);

    const notAgreed = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), crossProvince: { partnerRegionCode: '441900', mode: 'proxy' } } });
    expect(notAgreed.json().error.code).toBe('CROSS_PROVINCE_ITEM_NOT_AGREED');

    const proxy = (await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-POLICE', channel: 'window', applicant: personApplicant(), materials: ALL_MATERIALS['T-POLICE'], crossProvince: { partnerRegionCode: '441900', mode: 'proxy' } } })).json();
    expect(proxy.crossProvince).toMatchObject({ mode: 'proxy', partnerRegionName: '广东省东莞市', forwardedOn: null });
    await act(proxy.caseNo, { action: 'accept' });
    const noTracking = await act(proxy.caseNo, { action: 'forward', method: '邮寄' });
    expect(noTracking.json().error.code).toBe('TRACKING_NO_REQUIRED');
    t.clock.set(at('2026-10-13'));
    const fwd = (await act(proxy.caseNo, { action: 'forward', method: '邮寄', trackingNo: 'EMS9800000001', partnerReference: 'DG-2026-0001' })).json();
    expect(fwd.crossProvince).toMatchObject({ forwardedOn: '2026-10-13', forwardMethod: '邮寄', trackingNo: 'EMS9800000001', partnerReference: 'DG-2026-0001' });
    expect(fwd.status).toBe('accepted');

    const inbound = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-SSCARD', channel: 'cross_province', applicant: personApplicant(), crossProvince: { partnerRegionCode: '441900', mode: 'full_online', partnerReference: 'DG-WB-1' } } });
    expect(inbound.statusCode).toBe(201);
    expect(inbound.json()).toMatchObject({ channel: 'cross_province', crossProvince: { mode: 'full_online', partnerReference: 'DG-WB-1' } });
    const list = (await request({ method: 'GET', url: '/api/v1/cases?channel=cross_province', as: 'clerk' })).json();
    expect(list.total).toBe(1);
    // A normal case cannot be forwarded.
    const plain = (await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: ALL_MATERIALS['T-FOOD'] } })).json();
    await act(plain.caseNo, { action: 'accept' });
    expect((await act(plain.caseNo, { action: 'forward', method: '邮寄', trackingNo: 'x' })).json().error.code).toBe('NOT_A_PROXY_CASE');
  });

  it('dates partner agreements and counts bundles, bundle applications, partners and green-channel and 跨省通办 cases', async () => {
    const partner = { regionCode: '520324', name: '贵州省正安县', province: '贵州省', items: [{ itemCode: 'T-POLICE', modes: ['proxy'] }] };
    const future = await request({ method: 'POST', url: '/api/v1/partner-regions', as: 'admin', payload: { ...partner, agreedOn: '2026-12-01' } });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.code).toBe('AGREED_ON_INVALID');
    expect((await request({ method: 'POST', url: '/api/v1/partner-regions', as: 'admin', payload: { ...partner, agreedOn: '2026-02-30' } })).json().error.code).toBe('AGREED_ON_INVALID');
    expect((await request({ method: 'GET', url: '/api/v1/partner-regions', as: 'admin' })).json().items.some((p: { regionCode: string }) => p.regionCode === '520324')).toBe(false);
    const ok = await request({ method: 'POST', url: '/api/v1/partner-regions', as: 'admin', payload: { ...partner, agreedOn: '2026-09-01' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().agreedOn).toBe('2026-09-01');

    const k = await t.ctx.services.caseFigures.kpis({ from: '2026-10-01', to: '2026-10-31' }, null);
    // Two partners (东莞 undated, 正安 signed 09-01), one bundle, one bundle application of three cases.
    expect(k['cases.crossProvincePartners']).toEqual({ value: 1, numerator: 2, denominator: 2 });
    expect(k['cases.bundlesInForce']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(k['cases.bundleApplications']).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    // October: 3 bundle cases (帮代办) + 2 跨省通办 + 1 plain + earlier tests' cases; green = the 3, cross = 2.
    expect(k['cases.greenChannelCases'].numerator).toBe(3);
    expect(k['cases.crossProvinceCases'].numerator).toBe(2);
    expect(k['cases.greenChannelCases'].denominator).toBeGreaterThanOrEqual(6);
    const before = await t.ctx.services.caseFigures.kpis({ from: '2026-08-01', to: '2026-08-31' }, null);
    expect(before['cases.crossProvincePartners'].numerator).toBe(1);
    expect(before['cases.bundleApplications']).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});
