import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { at, clockSafeRequest, COMPANY_CODE, FOOD_ALL, idNo, PERSON_ID, personApplicant } from '../cases/cases.test-support';
import { importWorkbook, licensesTestModules } from './licenses.test-support';
import { XLSX_MIME } from './licenses.import';

// November 2026: Mon 11-02 is a working day.
describe.each(dialects)('licenses API on %s', (dialect) => {
  let t: TestApp<typeof licensesTestModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let market: number;
  let firstCaseNo = '';
  let foodLicense = '';

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: licensesTestModules });
    request = clockSafeRequest(t);
    market = (await t.ctx.services.org.byCode('430582-001'))!.id;
  });
  afterAll(async () => t?.close());

  const count = async (table: string) => Number((await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const submitFood = async (applicant = personApplicant()) => {
    const r = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant, materials: FOOD_ALL } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const act = async (caseNo: string, payload: Record<string, unknown>, as: string) => {
    const r = await request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });
    return r;
  };

  it('keeps the license types (admin only) and refuses bad ones with a Chinese message', async () => {
    const type = { code: 'JY', name: '食品经营许可证', departmentId: market, holderKind: 'person', validityYears: 5, itemCodes: ['T-FOOD'], replaces: ['食品经营许可证'] };
    expect((await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'clerk', payload: type })).statusCode).toBe(403);
    const bad = await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: { ...type, itemCodes: ['NO-SUCH-ITEM'] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'CATALOG_ITEM_NOT_FOUND' });
    expect((await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: { ...type, code: 'jy-1' } })).json().error.code).toBe('LICENSE_TYPE_CODE_INVALID');
    const ok = await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: type });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: type })).statusCode).toBe(409);
    const yyzz = await request({ method: 'POST', url: '/api/v1/licenses/types', as: 'admin', payload: { ...type, code: 'YYZZ', name: '营业执照', validityYears: null, itemCodes: [], replaces: ['营业执照'] } });
    expect(yyzz.statusCode).toBe(201);
    const list = (await request({ method: 'GET', url: '/api/v1/licenses/types', as: 'reviewer' })).json();
    expect(list.items.map((i: { code: string }) => i.code)).toEqual(['JY', 'YYZZ']);
    expect(await count('licenses_types')).toBe(2);
  });

  it('issues the license in the approving transaction, numbered per type and year, carrying the case number', async () => {
    const c = await submitFood();
    firstCaseNo = c.caseNo;
    expect((await act(c.caseNo, { action: 'accept' }, 'clerk')).statusCode).toBe(200);
    expect(await count('licenses_licenses')).toBe(0);
    const approved = await act(c.caseNo, { action: 'approve' }, 'reviewer');
    expect(approved.statusCode, approved.body).toBe(200);
    const of = (await request({ method: 'GET', url: `/api/v1/licenses/of-case/${c.caseNo}`, as: 'clerk' })).json();
    expect(of.items).toHaveLength(1);
    foodLicense = of.items[0].licenseNo;
    expect(of.items[0]).toMatchObject({ typeCode: 'JY', caseNo: c.caseNo, issueDate: '2026-11-02', validFrom: '2026-11-02', validTo: '2031-11-01', status: 'valid', holderName: '王小明' });
    expect(foodLicense).toBe('JY4305822026000001');
    expect(of.items[0].holderId).not.toBe(PERSON_ID); // masked in lists
    const detail = (await request({ method: 'GET', url: `/api/v1/licenses/${foodLicense}`, as: 'reviewer' })).json();
    expect(detail.signatureValid).toBe(true);
    expect(detail.license.holderId).toBe(PERSON_ID);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['issue']);
    // The next one of the type and year takes the next number.
    const c2 = await submitFood(personApplicant({ name: '李娜', idNumber: idNo('43058219851111002') }));
    await act(c2.caseNo, { action: 'accept' }, 'clerk');
    await act(c2.caseNo, { action: 'approve' }, 'reviewer');
    expect((await request({ method: 'GET', url: `/api/v1/licenses/of-case/${c2.caseNo}`, as: 'clerk' })).json().items[0].licenseNo).toBe('JY4305822026000002');
    expect(await verifyAuditChain(t.opened.db)).toMatchObject({ ok: true });
  });

  it('issues nothing for an item that issues no type', async () => {
    const before = await count('licenses_licenses');
    const r = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-NATURAL', channel: 'window', applicant: personApplicant(), materials: [{ name: '设置申请表', provided: true }] } });
    await act(r.json().caseNo, { action: 'accept' }, 'clerk');
    expect((await act(r.json().caseNo, { action: 'approve' }, 'reviewer')).statusCode).toBe(200);
    expect(await count('licenses_licenses')).toBe(before);
  });

  it('verifies in public by number and holder name or by the QR code, never showing the ID; forged and tampered licenses are invalid', async () => {
    const ok = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&holderName=${encodeURIComponent('王小明')}` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ result: 'valid', signatureValid: true, license: { licenseNo: foodLicense, typeName: '食品经营许可证', holderName: '王小明' } });
    expect(ok.body).not.toContain(PERSON_ID);
    expect(ok.body).not.toContain(PERSON_ID.slice(6, 14));
    const wrongName = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&holderName=${encodeURIComponent('王大明')}` });
    expect(wrongName.statusCode).toBe(404);
    expect(wrongName.json().error).toMatchObject({ code: 'LICENSE_UNKNOWN', details: { result: 'unknown' } });
    expect((await request({ method: 'GET', url: `/api/v1/licenses/verify?no=JY4305822026999999&holderName=x` })).statusCode).toBe(404);

    const print = await request({ method: 'GET', url: `/api/v1/licenses/${foodLicense}/print`, as: 'clerk' });
    expect(print.statusCode, print.body).toBe(200);
    expect(print.json().qrSvg).toContain('<svg');
    const qrPath = print.json().verifyPath as string;
    const qr = new URL(`http://x${qrPath}`);
    const byQr = await request({ method: 'GET', url: `/api/v1/licenses/verify?${qr.searchParams.toString()}` });
    expect(byQr.statusCode, byQr.body).toBe(200);
    expect(byQr.json().result).toBe('valid');
    const sig = qr.searchParams.get('sig')!;
    const forged = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    const bad = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&kid=${qr.searchParams.get('kid')}&sig=${forged}` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'LICENSE_SIGNATURE_INVALID', details: { result: 'invalid' } });

    // Someone edits the record behind the platform's back: its signature no longer verifies.
    await t.opened.db.updateTable('licenses_licenses' as never).set({ valid_to: '2099-12-31' } as never).where('license_no' as never, '=', foodLicense as never).execute();
    const tampered = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&holderName=${encodeURIComponent('王小明')}` });
    expect(tampered.statusCode).toBe(422);
    expect(tampered.json().error.details.result).toBe('invalid');
    await t.opened.db.updateTable('licenses_licenses' as never).set({ valid_to: '2031-11-01' } as never).where('license_no' as never, '=', foodLicense as never).execute();
    expect((await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&holderName=${encodeURIComponent('王小明')}` })).statusCode).toBe(200);
  });

  it('publishes the public keys at a well-known URL', async () => {
    const r = await request({ method: 'GET', url: '/.well-known/onewindow-signing-keys.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
  });

  it('imports an existing library from Excel: all rows checked first, nothing partial', async () => {
    const before = await count('licenses_licenses');
    const bad = await importWorkbook([
      ['YYZZ', 'YYZZ-OLD-0001', '个人', '王小明', PERSON_ID, '2020-05-01', '', '', '有效', ''],
      ['NOPE', '', '单位', '某公司', COMPANY_CODE, '2020-05-01', '', '', '有效', ''],
      ['YYZZ', '', '个人', '赵六', '430582199003071230', '2020-05-01', '', '', '有效', ''],
      ['YYZZ', 'YYZZ-OLD-0001', '个人', '王小明', PERSON_ID, '2020-02-30', '', '', '有效', ''],
    ]);
    const r = await request({ method: 'POST', url: '/api/v1/licenses/import', as: 'admin', payload: bad, headers: { 'content-type': XLSX_MIME } });
    expect(r.statusCode, r.body).toBe(422);
    const errors = r.json().error.details.errors as { row: number; column: string }[];
    expect(errors.map((e) => `${e.row}:${e.column}`)).toEqual(expect.arrayContaining(['3:证照类型代码', '4:证件号码', '5:发证日期', '5:证照编号']));
    expect(await count('licenses_licenses')).toBe(before);
    expect((await request({ method: 'POST', url: '/api/v1/licenses/import', as: 'clerk', payload: bad, headers: { 'content-type': XLSX_MIME } })).statusCode).toBe(403);

    const good = await importWorkbook([
      ['YYZZ', 'YYZZ-OLD-0001', '个人', '王小明', PERSON_ID, '2020-05-01', '', '', '有效', ''],
      ['YYZZ', '', '单位', '邵东市某某商贸有限公司', COMPANY_CODE, '2019-03-15', '', '长期', '已注销', ''],
    ]);
    const ok = await request({ method: 'POST', url: '/api/v1/licenses/import', as: 'admin', payload: good, headers: { 'content-type': XLSX_MIME } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().imported).toBe(2);
    expect(await count('licenses_licenses')).toBe(before + 2);
    const v = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=YYZZOLD0001&holderName=${encodeURIComponent('王小明')}` });
    expect(v.json()).toMatchObject({ result: 'valid' });
  });

  it('reads the library at intake: the valid license stands in for the material and the case records which', async () => {
    const c = await submitFood();
    const served = c.materials.find((m: { name: string }) => m.name === '营业执照');
    expect(served).toMatchObject({ provided: true, servedBy: { kind: 'license', ref: 'YYZZOLD0001' } });
    expect(served.servedBy.label).toContain('营业执照');
    const kpis = await t.ctx.services.licenseLibrary.kpis({ from: '2026-11-01', to: '2026-11-30' }, null);
    // 营业执照 was on three new T-FOOD checklists (two before the import, one after) and served once.
    expect(kpis['licenses.reuseRate']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(kpis['licenses.issued']).toMatchObject({ numerator: 2 });
    expect(kpis['licenses.types']).toMatchObject({ numerator: 2, denominator: 2 });
    expect(kpis['licenses.inLibrary']).toMatchObject({ numerator: 3, denominator: 4 });
    const recs = await t.ctx.services.licenseLibrary.records('licenses.reuseRate', 'numerator', { from: '2026-11-01', to: '2026-11-30', offset: 0, limit: 10 });
    expect(recs).toMatchObject({ total: 1, items: [{ caseNo: c.caseNo, licenseNo: 'YYZZOLD0001' }] });
    expect(firstCaseNo).not.toBe(c.caseNo);
  });

  it('changes, renews and revokes with a reason and a history row; a revoked license verifies as revoked for good', async () => {
    const path = `/api/v1/licenses/${foodLicense}/actions`;
    // The paper printed before the change carries version 1's signature.
    const printed = new URL(`http://x${(await request({ method: 'GET', url: `/api/v1/licenses/${foodLicense}/print`, as: 'clerk' })).json().verifyPath}`).searchParams;
    const scan = () => request({ method: 'GET', url: `/api/v1/licenses/verify?${printed.toString()}` });
    expect((await scan()).json().result).toBe('valid');
    expect((await request({ method: 'POST', url: path, as: 'clerk', payload: { action: 'revoke', reason: 'x' } })).statusCode).toBe(403);
    expect((await request({ method: 'POST', url: path, as: 'reviewer', payload: { action: 'revoke', reason: '  ' } })).json().error.code).toBe('LICENSE_REASON_REQUIRED');
    const changed = await request({ method: 'POST', url: path, as: 'reviewer', payload: { action: 'change', reason: '经营场所门牌号调整', data: { 经营场所: '邵东市大禾塘街道衡宝路 18 号' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, data: { 经营场所: '邵东市大禾塘街道衡宝路 18 号' } });
    const renewed = await request({ method: 'POST', url: path, as: 'reviewer', payload: { action: 'renew', reason: '有效期届满申请延续' } });
    expect(renewed.json()).toMatchObject({ validTo: '2036-11-01', version: 3 });
    // The old paper is genuine but superseded, not forged; a forged signature is still invalid.
    const old = await scan();
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).toMatchObject({ result: 'superseded', resultLabel: '证照已变更，请以最新版本为准', signatureValid: true, license: { licenseNo: foodLicense, validTo: '2036-11-01' } });
    expect(old.body).not.toContain(PERSON_ID);
    const sig = printed.get('sig')!;
    const forged = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&sig=${sig.slice(0, 20)}${sig[20] === 'A' ? 'B' : 'A'}${sig.slice(21)}` });
    expect(forged.json().error.details.result).toBe('invalid');
    // The old signature with another key id does not pass either.
    expect((await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&sig=${sig}&kid=nope` })).statusCode).toBe(422);
    const revoked = await request({ method: 'POST', url: path, as: 'reviewer', payload: { action: 'revoke', reason: '以欺骗手段取得许可，依法吊销' } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    const twice = await request({ method: 'POST', url: path, as: 'reviewer', payload: { action: 'revoke', reason: '重复' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('已吊销');
    t.clock.set(at('2027-01-04'));
    const v = await request({ method: 'GET', url: `/api/v1/licenses/verify?no=${foodLicense}&holderName=${encodeURIComponent('王小明')}` });
    expect(v.json()).toMatchObject({ result: 'revoked', resultLabel: '已吊销', signatureValid: true });
    // A paper printed before the revocation verifies as revoked, not as superseded.
    expect((await scan()).json()).toMatchObject({ result: 'revoked', resultLabel: '已吊销' });
    const detail = (await request({ method: 'GET', url: `/api/v1/licenses/${foodLicense}`, as: 'admin' })).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['issue', 'change', 'renew', 'revoke']);
    expect(detail.history[3].reason).toContain('吊销');
    expect((await request({ method: 'GET', url: `/api/v1/licenses/${foodLicense}/print`, as: 'clerk' })).statusCode).toBe(409);
    const audit = await t.opened.db.selectFrom('kernel_audit_log' as never).select('action' as never).where('subject_id' as never, '=', foodLicense as never).orderBy('seq' as never).execute();
    expect((audit as { action: string }[]).map((a) => a.action)).toEqual(['licenses.issue', 'licenses.change', 'licenses.renew', 'licenses.revoke']);
    expect(await verifyAuditChain(t.opened.db)).toMatchObject({ ok: true });
  });
});
