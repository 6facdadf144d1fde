import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { SAMPLE_FILES } from '../../kernel/validators/upload-sniff.test-support';

const MON = '2026-09-21T09:00:00+08:00'; // a Monday
const b64 = (b: Buffer) => b.toString('base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A unit's reply carries files (typed by content) and the record of contacting the caller, both in the timeline. */
describe.each(dialects)('reply files and the contact record on %s', (dialect) => {
  let t: TestApp;
  let id: number;
  const count = async () => Number((await t.ctx.db.selectFrom('hotline_reply_files' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const act = (payload: Record<string, unknown>, as: string) => t.request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as, payload });
  const detail = async (as = 'operator') => (await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as })).json();

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: MON });
    const zj = (await t.ctx.services.org.byName('住建局'))!.id;
    const rs = (await t.ctx.services.org.byName('人社局'))!.id;
    await t.ctx.auth.createUser(systemActor('test'), { username: 'unit2', name: '人社办理', password: 'demo1234', roles: ['unit'], departmentId: rs, isDemo: true });
    const created = await t.request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel: 'phone', category: 'complaint', content: '小区路灯损坏一周无人修。', citizen: { name: '陈八', phone: '13800000011' } } });
    id = created.json().id;
    expect((await act({ action: 'dispatch', unitId: zj }, 'operator')).statusCode).toBe(200);
    expect((await act({ action: 'sign' }, 'unit')).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  const reply = { action: 'reply', content: '已更换路灯灯具，恢复照明。', replyResult: 'resolved' };

  it.each([
    ['an executable named .jpg', [{ name: '现场照片.jpg', contentBase64: b64(SAMPLE_FILES.exe()) }], 415, 'UPLOAD_TYPE_MISMATCH'],
    ['HTML with no claim', [{ name: '说明', contentBase64: b64(SAMPLE_FILES.html()) }], 415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    ['an empty file', [{ name: '空.pdf', contentBase64: '' }], 422, 'UPLOAD_EMPTY'],
    ['a file over 2 MB', [{ name: '大.pdf', contentBase64: b64(Buffer.concat([SAMPLE_FILES.pdf(), Buffer.alloc(2 * 1024 * 1024)])) }], 413, 'UPLOAD_TOO_LARGE'],
    ['four files', Array.from({ length: 4 }, (_, i) => ({ name: `${i}.pdf`, contentBase64: b64(SAMPLE_FILES.pdf()) })), 422, 'REPLY_FILES_TOO_MANY'],
  ])('refuses a reply with %s: nothing written', async (_n, attachments, status, code) => {
    const r = await act({ ...reply, attachments, contact: { method: 'phone' } }, 'unit');
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().error.code).toBe(code);
    expect(await count()).toBe(0);
    expect(await detail()).toMatchObject({ status: 'signed', replyContent: null, replyFiles: [] });
  });

  it('refuses a contact time that is not 时:分', async () => {
    const r = await act({ ...reply, contact: { method: 'phone', time: '25:00' } }, 'unit');
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'CONTACT_TIME_INVALID', details: { field: 'contact.time' } });
  });

  it('keeps the files and the contact (时间, 方式, 结果), shows both in the timeline, serves the files to whoever sees the order', async () => {
    const pdf = SAMPLE_FILES.pdf('路灯维修单');
    const png = SAMPLE_FILES.png();
    const r = await act(
      {
        ...reply,
        contact: { method: 'visit', on: '2026-09-21', time: '08:30', note: '上门告知已修复，来电人满意' },
        attachments: [
          { name: '维修单.pdf', contentBase64: b64(pdf) },
          { name: '现场照片', contentBase64: b64(png) },
        ],
      },
      'unit',
    );
    expect(r.statusCode, r.body).toBe(200);
    const d = await detail();
    expect(d.replyContact).toEqual({ method: 'visit', on: '2026-09-21', time: '08:30', note: '上门告知已修复，来电人满意' });
    expect(d.replyFiles).toMatchObject([
      { fileName: '维修单.pdf', mime: 'application/pdf', sizeBytes: pdf.length, sha256: sha(pdf) },
      { fileName: '现场照片.png', mime: 'image/png', sha256: sha(png) },
    ]);
    const ev = d.timeline.find((e: { type: string }) => e.type === 'reply');
    expect(ev.data).toMatchObject({ contact: { method: 'visit', time: '08:30' }, attachments: [{ fileName: '维修单.pdf', sha256: sha(pdf) }, { fileName: '现场照片.png' }] });

    const file = await t.request({ method: 'GET', url: `/api/v1/workorders/${id}/reply-files/${d.replyFiles[0].id}`, as: 'operator' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(sha(file.rawPayload)).toBe(sha(pdf));
    // another unit does not see the order, nor its files
    expect((await t.request({ method: 'GET', url: `/api/v1/workorders/${id}/reply-files/${d.replyFiles[0].id}`, as: 'unit2' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/workorders/${id}/reply-files/999999`, as: 'operator' })).statusCode).toBe(404);
  });
});
