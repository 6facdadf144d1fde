import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { LIMITS } from '../../shared/limits';
import { at, clockSafeRequest, personApplicant, testModules } from './cases.test-support';
import { SAMPLE_FILES } from '../../kernel/validators/upload-sniff.test-support';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(dialects)('电子材料 on %s', (dialect) => {
  let t: TestApp<typeof testModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-24'), modules: testModules });
    request = clockSafeRequest(t);
    await t.ctx.auth.createUser(systemActor('test'), { username: 'citizen2', name: '李四', password: 'demo1234', roles: ['citizen'], departmentId: null, isDemo: true });
  });
  afterAll(async () => t?.close());

  const apply = async (as = 'citizen') => {
    const res = await request({ method: 'POST', url: '/api/v1/cases', as, payload: { itemCode: 'T-FOOD', channel: 'online', applicant: personApplicant({ name: '张三' }) } });
    expect(res.statusCode).toBe(201);
    return res.json().caseNo as string;
  };
  const upload = (caseNo: string, material: string, body: Buffer, as = 'citizen', fileName = 'scan.pdf') =>
    request({ method: 'POST', url: `/api/v1/cases/${caseNo}/materials/files?material=${encodeURIComponent(material)}`, as, payload: body, headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(fileName) } });
  const materials = (caseNo: string, as = 'citizen') => request({ method: 'GET', url: `/api/v1/cases/${caseNo}/materials`, as });
  const act = (caseNo: string, payload: Record<string, unknown>, as = 'clerk') => request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });
  const fileCount = async () => Number((await t.opened.db.selectFrom('cases_material_files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('takes a file per material typed by content, ticks it, keeps the checksum and shows what is still missing', async () => {
    const no = await apply();
    const before = (await materials(no)).json();
    expect(before.missing).toEqual(['食品经营许可申请书', '经营场所平面布局图']);
    expect(before.canUpload).toBe(true);
    // 营业执照 is served by the e-license library: never asked for.
    expect(before.materials.find((m: { name: string }) => m.name === '营业执照')).toMatchObject({ missing: false });

    const pdf = SAMPLE_FILES.pdf();
    const up = await upload(no, '食品经营许可申请书', pdf, 'citizen', '申请书.pdf');
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ materialName: '食品经营许可申请书', version: 1, mime: 'application/pdf', sizeBytes: pdf.length, sha256: sha(pdf), source: 'upload', fileName: '申请书.pdf' });
    // A Word file named .pdf is stored as what it is.
    const docx = await upload(no, '经营场所平面布局图', SAMPLE_FILES.docx(), 'citizen', '平面图.pdf');
    expect(docx.json()).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', fileName: '平面图.docx' });

    const after = (await materials(no)).json();
    expect(after.missing).toEqual([]);
    const c = (await request({ method: 'GET', url: `/api/v1/cases/${no}`, as: 'citizen' })).json();
    expect(c.missingMaterials).toEqual([]);

    // The reviewer of the department opens it inside the case; bytes and checksum match.
    const file = await request({ method: 'GET', url: `/api/v1/cases/${no}/materials/files/${up.json().id}`, as: 'reviewer' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(sha(file.rawPayload)).toBe(sha(pdf));
  });

  it('refuses forbidden types by content, oversize and empty files, unknown materials: nothing written', async () => {
    const no = await apply();
    const n0 = await fileCount();
    const exe = await upload(no, '食品经营许可申请书', SAMPLE_FILES.exe(), 'citizen', '申请书.pdf');
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(exe.json().error.message).toContain('只接受');
    expect((await upload(no, '食品经营许可申请书', SAMPLE_FILES.plainZip(), 'citizen', 'a.docx')).json().error).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect((await upload(no, '食品经营许可申请书', SAMPLE_FILES.html(), 'citizen', 'a.png')).statusCode).toBe(415);
    const big = Buffer.concat([SAMPLE_FILES.pdf(), Buffer.alloc(LIMITS.materialFileBytes)]);
    expect((await upload(no, '食品经营许可申请书', big)).statusCode).toBe(413);
    expect((await upload(no, '食品经营许可申请书', Buffer.alloc(0))).statusCode).toBeGreaterThanOrEqual(400);
    const unknown = await upload(no, '户口本', SAMPLE_FILES.pdf());
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'MATERIAL_UNKNOWN' });
    expect(await fileCount()).toBe(n0);
  });

  it('never serves or takes files of another applicant (404), and refuses uploads once decided (409)', async () => {
    const no = await apply();
    const id = (await upload(no, '食品经营许可申请书', SAMPLE_FILES.png(), 'citizen', 'a.png')).json().id;
    expect((await request({ method: 'GET', url: `/api/v1/cases/${no}/materials/files/${id}`, as: 'citizen2' })).statusCode).toBe(404);
    expect((await materials(no, 'citizen2')).statusCode).toBe(404);
    expect((await upload(no, '食品经营许可申请书', SAMPLE_FILES.pdf(), 'citizen2')).statusCode).toBe(404);
    // A file id of another case is not found through this case.
    const other = await apply('citizen2');
    expect((await request({ method: 'GET', url: `/api/v1/cases/${other}/materials/files/${id}`, as: 'citizen2' })).statusCode).toBe(404);
    // Reviewers read; they do not upload.
    expect((await upload(no, '食品经营许可申请书', SAMPLE_FILES.pdf(), 'reviewer')).statusCode).toBe(403);

    // The clerk scans the last one at the window, accepts, approves: no more uploads.
    const scan = await upload(no, '经营场所平面布局图', SAMPLE_FILES.jpeg(), 'clerk', '扫描件.jpg');
    expect(scan.json()).toMatchObject({ source: 'window' });
    expect((await act(no, { action: 'accept' })).statusCode).toBe(200);
    expect((await act(no, { action: 'approve' }, 'reviewer')).statusCode).toBe(200);
    const n0 = await fileCount();
    const late = await upload(no, '食品经营许可申请书', SAMPLE_FILES.pdf());
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'CASE_DECIDED' });
    expect((await materials(no)).json().canUpload).toBe(false);
    expect(await fileCount()).toBe(n0);
  });

  it('补正: refuses an empty supplement, keeps earlier versions of a replaced file, restarts the window only with the files', async () => {
    t.clock.set(at('2026-09-24'));
    const no = await apply();
    await upload(no, '食品经营许可申请书', SAMPLE_FILES.pdf('v1'));
    const first = (await upload(no, '经营场所平面布局图', SAMPLE_FILES.pdf('模糊'))).json();
    // The clerk finds the floor plan unreadable and asks for it again.
    const corr = await act(no, { action: 'request_correction', missing: ['经营场所平面布局图'] });
    expect(corr.statusCode).toBe(200);
    expect(corr.json().missingMaterials).toEqual(['经营场所平面布局图']);

    // 材料已补齐 with nothing uploaded: refused, status and clock untouched.
    const empty = await act(no, { action: 'supplement' }, 'citizen');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error).toMatchObject({ code: 'SUPPLEMENT_INCOMPLETE', details: { missing: ['经营场所平面布局图'] } });
    // The applicant's own tick does not stand in for the file.
    expect((await act(no, { action: 'supplement', materials: [{ name: '经营场所平面布局图', provided: true }] }, 'citizen')).statusCode).toBe(422);
    const still = (await request({ method: 'GET', url: `/api/v1/cases/${no}`, as: 'citizen' })).json();
    expect(still.status).toBe('correction_requested');
    expect(still.timeline.filter((e: { action: string }) => e.action === 'supplement')).toHaveLength(0);

    t.clock.set(at('2026-09-28'));
    const second = (await upload(no, '经营场所平面布局图', SAMPLE_FILES.pdf('清晰'))).json();
    expect(second.version).toBe(2);
    const sup = await act(no, { action: 'supplement' }, 'citizen');
    expect(sup.statusCode).toBe(200);
    expect(sup.json()).toMatchObject({ status: 'submitted', clock: { intakeDueDate: '2026-10-10' } });
    const supEvent = sup.json().timeline.find((e: { action: string }) => e.action === 'supplement');
    expect(JSON.stringify(supEvent)).toContain('经营场所平面布局图');

    const plan = (await materials(no, 'reviewer')).json().materials.find((m: { name: string }) => m.name === '经营场所平面布局图');
    expect(plan.files.map((f: { version: number; current: boolean }) => [f.version, f.current])).toEqual([[2, true], [1, false]]);
    // The earlier version stays readable.
    const old = await request({ method: 'GET', url: `/api/v1/cases/${no}/materials/files/${first.id}`, as: 'reviewer' });
    expect(sha(old.rawPayload)).toBe(first.sha256);
  });

  it('at the window a clerk who received the paper ticks it; a supplement with nothing ticked or uploaded is refused', async () => {
    const res = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: [{ name: '食品经营许可申请书', provided: true }] } });
    const no = res.json().caseNo;
    await act(no, { action: 'request_correction', missing: ['原件核验'] });
    const empty = await act(no, { action: 'supplement' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.code).toMatch(/^SUPPLEMENT_(EMPTY|INCOMPLETE)$/);
    const ok = await act(no, { action: 'supplement', materials: [{ name: '经营场所平面布局图', provided: true }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('submitted');
  });
});
