import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { FOOD_ALL, at, clockSafeRequest, fakeCatalogModule, idNo, personApplicant } from '../cases/cases.test-support';
import { documentsModule } from '.';
import { DEFAULT_TEMPLATES } from './documents.rules';

const modules = [orgModule, fakeCatalogModule, casesModule, documentsModule] as const;

interface Doc {
  id: number;
  docNo: string;
  kind: string;
  title: string;
  issuedOn: string;
  openedAt: string | null;
  receiptDocNo: string | null;
}

describe.each(dialects)('documents (文书) on %s', (dialect) => {
  let t: TestApp<typeof modules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let failNext: string | null = null;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-24'), modules, seed: ['org', 'documents'] });
    request = clockSafeRequest(t);
    // A subscriber after documents that can refuse a step: the notice and its number must roll back with it.
    t.ctx.services.cases.hooks.events.on('test', async (_tx, e) => {
      if (failNext === e.action) {
        failNext = null;
        throw new Error('refused by a later subscriber');
      }
    });
  });
  afterAll(async () => t?.close());

  let n = 0;
  const applicant = (over: Record<string, unknown> = {}) => personApplicant({ idNumber: idNo(`43058219900101${String(100 + n++).padStart(3, '0')}`), ...over });
  const submit = async (payload: Record<string, unknown>, as = 'clerk') => {
    const res = await request({ method: 'POST', url: '/api/v1/cases', as, payload: { itemCode: 'T-FOOD', channel: 'window', applicant: applicant(), ...payload } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { caseNo: string; promisedDueDate: string | null };
  };
  const act = async (caseNo: string, payload: Record<string, unknown>, as = 'clerk', status = 200) => {
    const res = await request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const docs = async (caseNo: string, as = 'clerk') => {
    const res = await request({ method: 'GET', url: `/api/v1/cases/${caseNo}/documents`, as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { electronicConsent: boolean; items: Doc[] };
  };
  const html = async (id: number, as = 'clerk') => request({ method: 'GET', url: `/api/v1/documents/${id}/print.html`, as });

  it('issues the 一次性告知书 on a correction request, listing every missing material with the problem and the form', async () => {
    const c = await submit({ materials: [{ name: '食品经营许可申请书', provided: true }] });
    await act(c.caseNo, { action: 'request_correction', note: '平面布局图须标明操作间面积' });
    const list = await docs(c.caseNo);
    expect(list.items).toHaveLength(1);
    const [d] = list.items;
    expect(d).toMatchObject({ kind: 'correction', title: '补正材料通知书（一次性告知书）', issuedOn: '2026-09-24' });
    expect(d.docNo).toMatch(/^邵市补〔2026〕\d+号$/);
    const page = await html(d.id);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('经营场所平面布局图');
    expect(page.body).toContain('未提交');
    expect(page.body).toContain('原件 1 份');
    expect(page.body).toContain('其他说明：平面布局图须标明操作间面积');
    expect(page.body).toContain('第三十二条第一款第（四）项');
    expect(page.body).toContain('邵东市市场监督管理局');
    expect(page.body).toContain('2026年9月24日');
  });

  it('runs a case through every step: each issues its own notice with the clock dates, numbered per kind', async () => {
    const c = await submit({ materials: [{ name: '食品经营许可申请书', provided: true }] });
    await act(c.caseNo, { action: 'request_correction' });
    await act(c.caseNo, { action: 'supplement', materials: FOOD_ALL });
    const accepted = await act(c.caseNo, { action: 'accept' });
    const [y, m, d] = accepted.promisedDueDate.split('-').map(Number);
    await act(c.caseNo, { action: 'extend', days: 5, reason: '需现场核查经营场所' }, 'leader');
    await act(c.caseNo, { action: 'suspend', reason: '检验' }, 'reviewer');
    await act(c.caseNo, { action: 'resume' }, 'reviewer');
    await act(c.caseNo, { action: 'deny', reason: '经营场所与申请材料不符' }, 'reviewer');
    await act(c.caseNo, { action: 'complete', deliveryMethod: '窗口领取' });

    const list = await docs(c.caseNo);
    expect(list.items.map((x) => x.kind)).toEqual(['correction', 'acceptance', 'extension', 'special', 'denial', 'receipt']);
    const byKind = Object.fromEntries(list.items.map((x) => [x.kind, x]));
    expect(byKind.acceptance.docNo).toMatch(/^邵市受〔2026〕\d+号$/);
    expect(byKind.denial.docNo).toMatch(/^邵市不许〔2026〕\d+号$/);

    const acceptance = (await html(byKind.acceptance.id)).body;
    expect(acceptance).toContain(`${y}年${m}月${d}日前作出决定`);
    expect(acceptance).toContain('决定予以受理');
    const extension = (await html(byKind.extension.id)).body;
    expect(extension).toContain('需现场核查经营场所');
    expect(extension).toContain('李局长');
    expect(extension).toContain('延长5个工作日');
    const special = (await html(byKind.special.id)).body;
    expect(special).toContain('需进行检验');
    expect(special).toContain('第四十五条');
    const denial = (await html(byKind.denial.id)).body;
    expect(denial).toContain('经营场所与申请材料不符');
    expect(denial).toContain('六十日内向邵东市人民政府申请行政复议');
    expect(denial).toContain('六个月内依法向邵东市人民法院提起行政诉讼');
    const receipt = (await html(byKind.receipt.id)).body;
    expect(receipt).toContain(`不予行政许可决定书（${byKind.denial.docNo}）`);
    expect(receipt).toContain('窗口领取');
  });

  it('issues the 不予受理决定书 with the reason, the legal basis and both remedies', async () => {
    const c = await submit({ materials: FOOD_ALL });
    await act(c.caseNo, { action: 'reject', reason: '申请事项依法不需要取得行政许可' });
    const [d] = (await docs(c.caseNo)).items;
    expect(d.docNo).toMatch(/^邵市不受〔2026〕\d+号$/);
    const page = (await html(d.id)).body;
    expect(page).toContain('申请事项依法不需要取得行政许可');
    expect(page).toContain('本事项的设定依据为：相关法律、法规');
    expect(page).toContain('六十日内');
    expect(page).toContain('六个月内');
  });

  it('numbers gaplessly per department, kind and year, also when steps run at once and when a step rolls back', async () => {
    const cases = await Promise.all(Array.from({ length: 6 }, () => submit({ materials: FOOD_ALL })));
    // A later subscriber refuses one acceptance: its notice and its number vanish with it.
    failNext = 'accept';
    const refused = await request({ method: 'POST', url: `/api/v1/cases/${cases[0].caseNo}/actions`, as: 'clerk', payload: { action: 'accept' } });
    expect(refused.statusCode).toBe(500);
    expect((await docs(cases[0].caseNo)).items).toHaveLength(0);
    await Promise.all(cases.map((c) => act(c.caseNo, { action: 'accept' })));
    const rows = await t.opened.db.selectFrom('documents_documents').select(['seq', 'doc_no', 'department_id', 'kind', 'year']).execute();
    const series = new Map<string, number[]>();
    for (const r of rows) series.set(`${r.department_id}.${r.kind}.${r.year}`, [...(series.get(`${r.department_id}.${r.kind}.${r.year}`) ?? []), r.seq]);
    expect(series.size).toBeGreaterThan(1);
    for (const seqs of series.values()) expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.doc_no)).size).toBe(rows.length);
    expect(rows.filter((r) => r.kind === 'acceptance').length).toBeGreaterThanOrEqual(7);
  });

  it('confirms a notice publicly from its QR code without personal data; an unknown key is a 404', async () => {
    const c = await submit({ materials: FOOD_ALL, applicant: applicant({ name: '赵敏感' }) });
    await act(c.caseNo, { action: 'accept' });
    const [d] = (await docs(c.caseNo)).items;
    const row = await t.opened.db.selectFrom('documents_documents').select('verify_token').where('id', '=', d.id).executeTakeFirstOrThrow();
    const page = await html(d.id);
    expect(page.body).toContain('扫码核验文书真伪');
    expect(page.body).toContain(`核验码 ${row.verify_token.slice(0, 8).toUpperCase()}`);
    const res = await request({ method: 'GET', url: `/api/v1/public/documents/${row.verify_token}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ docNo: d.docNo, kind: 'acceptance', kindLabel: '受理通知书', issuedOn: '2026-09-24', caseNo: c.caseNo, itemName: '食品经营许可（新办）', organ: '邵东市市场监督管理局', signatureValid: true });
    expect(res.body).not.toContain('赵敏感');
    const pageRes = await request({ method: 'GET', url: `/api/v1/public/documents/${row.verify_token}/page` });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).toContain(d.docNo);
    expect(pageRes.body).not.toContain('赵敏感');
    expect(pageRes.body).toContain('电子签名</dt><dd>验证通过');
    expect((await request({ method: 'GET', url: `/api/v1/public/documents/${'0'.repeat(32)}` })).statusCode).toBe(404);
    // A row altered in the database no longer matches its signature.
    await t.opened.db.updateTable('documents_documents').set({ issued_on: '2026-09-01' }).where('id', '=', d.id).execute();
    expect((await request({ method: 'GET', url: `/api/v1/public/documents/${row.verify_token}` })).json().signatureValid).toBe(false);
    await t.opened.db.updateTable('documents_documents').set({ issued_on: '2026-09-24' }).where('id', '=', d.id).execute();
    expect((await request({ method: 'GET', url: '/api/v1/public/documents/not-a-key/page' })).statusCode).toBe(404);
  });

  it('downloads a PDF that embeds only a subset of the CJK font', async () => {
    const c = await submit({ materials: [{ name: '食品经营许可申请书', provided: true }] });
    await act(c.caseNo, { action: 'request_correction' });
    const [d] = (await docs(c.caseNo)).items;
    const res = await request({ method: 'GET', url: `/api/v1/documents/${d.id}/document.pdf`, as: 'clerk' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The Noto CJK collection is ~25 MB; a subset of the few hundred glyphs used stays far below 1 MB.
    expect(res.rawPayload.length).toBeLessThan(400 * 1024);
    expect(res.rawPayload.toString('latin1')).toMatch(/FontFile3|FontFile2/);
  });

  it('keeps personal notices to the case: another department, a stranger and a citizen without consent get nothing', async () => {
    const c = await submit({ materials: FOOD_ALL });
    await act(c.caseNo, { action: 'accept' });
    const [d] = (await docs(c.caseNo)).items;
    expect((await html(d.id, 'citizen')).statusCode).toBe(404);
    expect((await request({ method: 'GET', url: `/api/v1/cases/${c.caseNo}/documents`, as: 'citizen' })).statusCode).toBe(404);
    expect((await request({ method: 'GET', url: `/api/v1/documents/999999/print.html`, as: 'clerk' })).statusCode).toBe(404);
  });

  it('delivers electronically with the applicant’s consent and records when they opened it', async () => {
    const c = await submit({ channel: 'online', applicant: applicant({ name: '张三' }), materials: FOOD_ALL }, 'citizen');
    await act(c.caseNo, { action: 'accept' });
    const before = await docs(c.caseNo, 'citizen');
    expect(before).toMatchObject({ electronicConsent: false, items: [] });
    const staffView = await docs(c.caseNo);
    const id = staffView.items[0].id;
    const refused = await html(id, 'citizen');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CONSENT_REQUIRED');

    const consent = await request({ method: 'POST', url: `/api/v1/cases/${c.caseNo}/documents/consent`, as: 'citizen' });
    expect(consent.statusCode, consent.body).toBe(201);
    expect(consent.json().electronicConsent).toBe(true);
    expect((await request({ method: 'POST', url: `/api/v1/cases/${c.caseNo}/documents/consent`, as: 'citizen' })).statusCode).toBe(409);
    expect((await docs(c.caseNo)).items[0].openedAt).toBeNull();
    t.clock.set('2026-09-24T15:30:00+08:00');
    expect((await html(id, 'citizen')).statusCode).toBe(200);
    expect((await docs(c.caseNo)).items[0].openedAt).toBe('2026-09-24T07:30:00.000Z');
    // Staff reading it is not the applicant's receipt, and a second opening keeps the first moment.
    t.clock.set('2026-09-24T16:00:00+08:00');
    expect((await html(id, 'citizen')).statusCode).toBe(200);
    expect((await docs(c.caseNo)).items[0].openedAt).toBe('2026-09-24T07:30:00.000Z');
    const audit = await t.opened.db.selectFrom('kernel_audit_log').select('action').where('action', 'in', ['documents.opened', 'documents.consent']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['documents.consent', 'documents.opened']);
  });

  it('records a paper delivery with its own numbered 送达回证, once', async () => {
    const c = await submit({ materials: FOOD_ALL });
    await act(c.caseNo, { action: 'accept' });
    const [d] = (await docs(c.caseNo)).items;
    const bad = await request({ method: 'POST', url: `/api/v1/documents/${d.id}/paper-delivery`, as: 'clerk', payload: { recipient: '王小明', signedOn: '2026-09-30' } });
    expect(bad.statusCode).toBe(422);
    const res = await request({ method: 'POST', url: `/api/v1/documents/${d.id}/paper-delivery`, as: 'clerk', payload: { recipient: '王小明', signedOn: '2026-09-24' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().receiptDocNo).toMatch(/^邵市送〔2026〕\d+号$/);
    const again = await request({ method: 'POST', url: `/api/v1/documents/${d.id}/paper-delivery`, as: 'clerk', payload: { recipient: '王小明', signedOn: '2026-09-24' } });
    expect(again.statusCode).toBe(409);
    const list = await docs(c.caseNo);
    const receipt = list.items.find((x) => x.kind === 'receipt')!;
    const page = (await html(receipt.id)).body;
    expect(page).toContain(`受理通知书（${d.docNo}）`);
    expect(page).toContain('受送达人 王小明 签收');
    expect((await request({ method: 'POST', url: `/api/v1/documents/${d.id}/paper-delivery`, as: 'citizen', payload: { recipient: 'x', signedOn: '2026-09-24' } })).statusCode).toBe(403);
  });

  it('lets the bureau edit the wording; an unknown field is refused and nothing is written; issued notices keep theirs', async () => {
    const c = await submit({ materials: FOOD_ALL });
    await act(c.caseNo, { action: 'accept' });
    const [old] = (await docs(c.caseNo)).items;

    const bad = await request({ method: 'PUT', url: '/api/v1/documents/templates', as: 'admin', payload: { templates: { acceptance: { title: '受理通知书', body: '{{申请人}}：{{身份证号}}' } } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'TEMPLATE_FIELD_UNKNOWN', details: { unknown: ['身份证号'] } });
    const unknownKind = await request({ method: 'PUT', url: '/api/v1/documents/templates', as: 'admin', payload: { templates: { license: { title: 'x', body: 'y' } } } });
    expect(unknownKind.statusCode).toBe(422);
    expect(await t.opened.db.selectFrom('kernel_settings').select('key').where('key', '=', 'documents.config').executeTakeFirst()).toBeUndefined();

    const ok = await request({ method: 'PUT', url: '/api/v1/documents/templates', as: 'admin', payload: { templates: { acceptance: { title: '受理通知书', body: '{{申请人}}：\n你的“{{事项名称}}”申请已于{{受理日期}}受理，请留意短信。' } } } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await request({ method: 'PUT', url: '/api/v1/documents/templates', as: 'clerk', payload: {} })).statusCode).toBe(403);

    const c2 = await submit({ materials: FOOD_ALL });
    await act(c2.caseNo, { action: 'accept' });
    const [fresh] = (await docs(c2.caseNo)).items;
    expect((await html(fresh.id)).body).toContain('受理，请留意短信');
    expect((await html(old.id)).body).not.toContain('请留意短信');
    expect((await html(old.id)).body).toContain('决定予以受理');
  });

  it('sets the department’s 文号 prefix and seal: not an image or too large is refused', async () => {
    const notImage = await request({ method: 'PUT', url: '/api/v1/documents/issuers/2/seal', as: 'admin', payload: { image: Buffer.from('<svg></svg>').toString('base64') } });
    expect(notImage.statusCode).toBe(422);
    expect(notImage.json().error.code).toBe('SEAL_NOT_IMAGE');
    const big = Buffer.alloc(210 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(big);
    const tooLarge = await request({ method: 'PUT', url: '/api/v1/documents/issuers/2/seal', as: 'admin', payload: { image: big.toString('base64') } });
    expect(tooLarge.statusCode).toBe(422);
    expect(tooLarge.json().error.code).toBe('SEAL_TOO_LARGE');
    expect((await request({ method: 'GET', url: '/api/v1/documents/issuers/2', as: 'admin' })).json()).toMatchObject({ hasSeal: false, prefix: '邵市', prefixIsDefault: true });

    const png = await QRCode.toBuffer('seal', { width: 120 });
    const seal = await request({ method: 'PUT', url: '/api/v1/documents/issuers/2/seal', as: 'admin', payload: { image: png.toString('base64') } });
    expect(seal.statusCode, seal.body).toBe(200);
    expect(seal.json().hasSeal).toBe(true);
    const prefix = await request({ method: 'PUT', url: '/api/v1/documents/issuers/2/prefix', as: 'admin', payload: { prefix: '邵市监' } });
    expect(prefix.json()).toMatchObject({ prefix: '邵市监', prefixIsDefault: false });
    expect((await request({ method: 'PUT', url: '/api/v1/documents/issuers/2/prefix', as: 'admin', payload: { prefix: 'AB' } })).statusCode).toBe(422);
    // Another organ may not print the same prefix: two documents would carry one 文号.
    const taken = await request({ method: 'PUT', url: '/api/v1/documents/issuers/1/prefix', as: 'admin', payload: { prefix: '邵市监' } });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error.code).toBe('PREFIX_TAKEN');

    const c = await submit({ materials: FOOD_ALL });
    await act(c.caseNo, { action: 'accept' });
    const [d] = (await docs(c.caseNo)).items;
    expect(d.docNo).toMatch(/^邵市监受〔2026〕\d+号$/);
    expect((await html(d.id)).body).toContain('<img class="seal" src="data:image/png;base64,');
    const pdf = await request({ method: 'GET', url: `/api/v1/documents/${d.id}/document.pdf`, as: 'clerk' });
    expect(pdf.statusCode).toBe(200);
  });

  it('gives a §32 deemed acceptance its own 受理通知书, dated the day the law says and citing 第（四）项', async () => {
    // The default wording again (an earlier test edited it): it says why the application stands accepted.
    const restored = await request({ method: 'PUT', url: '/api/v1/documents/templates', as: 'admin', payload: { templates: { acceptance: DEFAULT_TEMPLATES.acceptance } } });
    expect(restored.statusCode, restored.body).toBe(200);
    const c = await submit({ materials: FOOD_ALL });
    try {
      // Five working days after 9-24 end on 10-9; 10-10 is a 调休 Saturday, the first working day past them.
      t.clock.set(at('2026-10-10'));
      expect(await t.ctx.services.cases.materializeDeemedAcceptances()).toBeGreaterThanOrEqual(1);
      const list = (await docs(c.caseNo)).items;
      expect(list).toHaveLength(1);
      const [d] = list;
      expect(d).toMatchObject({ kind: 'acceptance', title: '受理通知书', issuedOn: '2026-10-10' });
      expect(d.docNo).toMatch(/^邵市监?受〔2026〕\d+号$/);
      const page = (await html(d.id)).body;
      expect(page).toContain('视为受理');
      expect(page).toContain('第三十二条第一款第（四）项');
      expect(page).toContain('自收到申请材料之日（2026年9月24日）起即为受理');
      expect(page).not.toContain('申请材料齐全、符合法定形式');
      const row = await t.opened.db.selectFrom('documents_documents').select(['step']).where('id', '=', d.id).executeTakeFirstOrThrow();
      expect(row.step).toBe('deemed_accept');
      // The job running again issues nothing more.
      await t.ctx.services.cases.materializeDeemedAcceptances();
      expect((await docs(c.caseNo)).items).toHaveLength(1);
    } finally {
      t.clock.set(at('2026-09-24'));
    }
  });
});
