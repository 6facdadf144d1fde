import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { DEMO_OPEN311_KEY, hashApiKey } from './open311';

const FORMATS = ['json', 'xml'] as const;
const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
/** The text of the first <tag> in an XML body. */
const xmlText = (body: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1];
const xmlAll = (body: string, tag: string) => [...body.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

describe.each(dialects)('Open311 GeoReport v2 on %s', (dialect) => {
  let t: TestApp;
  let zj: number;
  const post = (format: string, fields: Record<string, string>) =>
    t.request({ method: 'POST', url: `/open311/v2/requests.${format}`, payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const valid = { api_key: DEMO_OPEN311_KEY, service_code: 'complaint', lat: '27.2576', long: '111.7437', description: '路灯不亮，夜间行人不便。', first_name: '明', last_name: '张', phone: '13800000002' };

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    await t.opened.db.insertInto('hotline_open311_keys').values({ key_hash: hashApiKey(DEMO_OPEN311_KEY), name: '测试应用', active: 1, created_at: new Date().toISOString() }).execute();
    zj = (await t.ctx.services.org.byName('住建局'))!.id;
  });
  afterAll(async () => t?.close());

  describe.each(FORMATS)('%s', (format) => {
    it('discovery', async () => {
      const r = await t.request({ method: 'GET', url: `/open311/v2/discovery.${format}` });
      expect(r.statusCode).toBe(200);
      if (format === 'json') {
        expect(r.headers['content-type']).toMatch(/application\/json/);
        expect(r.json()).toMatchObject({ endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] }] });
        expect(r.json().endpoints[0].url).toMatch(/\/open311\/v2$/);
      } else {
        expect(r.headers['content-type']).toMatch(/text\/xml/);
        expect(r.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/);
        expect(xmlAll(r.body, 'format')).toEqual(['text/xml', 'application/json']);
      }
    });

    it('services: the hotline categories, codes as strings', async () => {
      const r = await t.request({ method: 'GET', url: `/open311/v2/services.${format}` });
      expect(r.statusCode).toBe(200);
      if (format === 'json') {
        const list = r.json();
        expect(list.map((s: { service_code: string }) => s.service_code)).toEqual(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise']);
        expect(list[2]).toEqual({ service_code: 'complaint', service_name: '投诉', description: expect.any(String), metadata: true, type: 'realtime', keywords: expect.any(String), group: expect.any(String) });
      } else {
        expect(r.body).toContain('<services><service><service_code>consult</service_code><service_name>咨询</service_name>');
        expect(xmlAll(r.body, 'metadata')).toEqual(Array(6).fill('true'));
      }
    });

    it('service definition with attributes; unknown code → 404 in the error format', async () => {
      const r = await t.request({ method: 'GET', url: `/open311/v2/services/complaint.${format}` });
      expect(r.statusCode).toBe(200);
      if (format === 'json') {
        expect(r.json()).toMatchObject({ service_code: 'complaint', attributes: [{ code: 'urgency', datatype: 'singlevaluelist', variable: true, required: false, order: 1, values: [{ key: 'normal' }, { key: 'urgent' }] }, { code: 'title' }] });
      } else {
        expect(r.body).toContain('<service_definition><service_code>complaint</service_code><attributes><attribute><variable>true</variable><code>urgency</code>');
        expect(r.body).toContain('<values><value><key>normal</key><name>一般</name></value>');
      }
      const missing = await t.request({ method: 'GET', url: `/open311/v2/services/nope.${format}` });
      expect(missing.statusCode).toBe(404);
      if (format === 'json') expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('nope') }]);
      else expect(missing.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/);
    });

    it('POST requests (form body, api_key) creates a work order; GET requests/{id} and tokens/{token} follow it', async () => {
      const r = await post(format, { ...valid, 'attribute[urgency]': 'urgent', address_string: '邵东市昭阳大道 1 号' });
      expect(r.statusCode).toBe(201);
      let id: string;
      let token: string;
      if (format === 'json') {
        const body = r.json();
        expect(body).toEqual([{ service_request_id: expect.stringMatching(/^GD\d{12}$/), token: expect.any(String), service_notice: expect.any(String), account_id: null }]);
        id = body[0].service_request_id;
        token = body[0].token;
      } else {
        expect(r.body).toMatch(/<service_requests><request><service_request_id>GD\d{12}<\/service_request_id><token>[0-9a-f]+<\/token><service_notice>[^<]+<\/service_notice><account_id\/><\/request><\/service_requests>/);
        id = xmlText(r.body, 'service_request_id')!;
        token = xmlText(r.body, 'token')!;
      }
      const order = (await t.request({ method: 'GET', url: `/api/v1/workorders?q=${id}`, as: 'operator' })).json().items[0];
      expect(order).toMatchObject({ channel: 'open311', category: 'complaint', urgency: 'urgent', lat: 27.2576, long: 111.7437, citizen: { name: '张*', phone: '138****0002' } });

      const tok = await t.request({ method: 'GET', url: `/open311/v2/tokens/${token}.${format}` });
      expect(tok.statusCode).toBe(200);
      if (format === 'json') expect(tok.json()).toEqual([{ service_request_id: id, token }]);
      else expect(tok.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><token>${token}</token></request></service_requests>`);

      const one = await t.request({ method: 'GET', url: `/open311/v2/requests/${id}.${format}` });
      expect(one.statusCode).toBe(200);
      if (format === 'json') {
        const [req] = one.json();
        expect(req).toMatchObject({ service_request_id: id, status: 'open', service_code: 'complaint', service_name: '投诉', lat: 27.2576, long: 111.7437, address: '邵东市昭阳大道 1 号' });
        expect(req.requested_datetime).toMatch(OFFSET);
        expect(req.updated_datetime).toMatch(OFFSET);
        expect(req.status_notes).toBe('已受理');
      } else {
        expect(xmlText(one.body, 'status')).toBe('open');
        expect(xmlText(one.body, 'requested_datetime')).toMatch(OFFSET);
      }

      // The request follows its work order: when the order closes, Open311 says closed with the reply as notes.
      const act = (payload: Record<string, unknown>, as: string) => t.request({ method: 'POST', url: `/api/v1/workorders/${order.id}/actions`, as, payload });
      await act({ action: 'dispatch', unitId: zj }, 'operator');
      const dispatched = await t.request({ method: 'GET', url: `/open311/v2/requests/${id}.json` });
      expect(dispatched.json()[0]).toMatchObject({ status: 'open', status_notes: '已派单', agency_responsible: '邵东市住房和城乡建设局' });
      expect(dispatched.json()[0].expected_datetime).toMatch(OFFSET);
      await act({ action: 'sign' }, 'unit');
      await act({ action: 'reply', content: '路灯已修复。', replyResult: 'resolved' }, 'unit');
      await act({ action: 'callback', reached: true, result: 'satisfied' }, 'operator');
      const closed = await t.request({ method: 'GET', url: `/open311/v2/requests/${id}.${format}` });
      if (format === 'json') expect(closed.json()[0]).toMatchObject({ status: 'closed', status_notes: '路灯已修复。' });
      else expect([xmlText(closed.body, 'status'), xmlText(closed.body, 'status_notes')]).toEqual(['closed', '路灯已修复。']);
    });

    it('GET requests with its filters', async () => {
      const a = await post('json', { ...valid, service_code: 'help', description: '求助：井盖缺失' });
      const b = await post('json', { ...valid, service_code: 'suggestion', description: '建议：增设停车位' });
      const idA = a.json()[0].service_request_id;
      const idB = b.json()[0].service_request_id;
      const get = async (qs: string) => {
        const r = await t.request({ method: 'GET', url: `/open311/v2/requests.${format}${qs}` });
        expect(r.statusCode).toBe(200);
        return format === 'json' ? r.json().map((x: { service_request_id: string }) => x.service_request_id) : xmlAll(r.body, 'service_request_id');
      };
      expect(await get('')).toEqual(expect.arrayContaining([idA, idB]));
      expect(await get(`?service_request_id=${idA},${idB}&service_code=praise`)).toEqual(expect.arrayContaining([idA, idB]));
      const help = await get('?service_code=help');
      expect(help).toContain(idA);
      expect(help).not.toContain(idB);
      expect(await get('?service_code=help,suggestion')).toEqual(expect.arrayContaining([idA, idB]));
      expect(await get('?status=closed')).not.toContain(idA);
      expect(await get('?status=open')).toContain(idA);
      expect(await get('?status=open,closed')).toContain(idA);
      expect(await get(`?start_date=${encodeURIComponent('2026-09-30T00:00:00+08:00')}&end_date=${encodeURIComponent('2026-09-30T23:59:59+08:00')}`)).toEqual(expect.arrayContaining([idA, idB]));
      expect(await get(`?end_date=${encodeURIComponent('2026-09-29T00:00:00+08:00')}`)).toEqual([]);
      expect(await get('?start_date=2026-10-01')).toEqual([]);
      // orders of other channels are not published through Open311
      const phone = await t.request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel: 'phone', category: 'help', content: '电话求助' } });
      expect(await get(`?service_request_id=${phone.json().orderNo}`)).toEqual([]);
    });

    it.each([
      ['no api_key', { ...valid, api_key: '' }, 403],
      ['a wrong api_key', { ...valid, api_key: 'nope' }, 403],
      ['no service_code', { ...valid, service_code: '' }, 400],
      ['an unknown service_code', { ...valid, service_code: 'pothole' }, 400],
      ['no location', { api_key: DEMO_OPEN311_KEY, service_code: 'complaint', description: 'x' }, 400],
      ['lat without long', { ...valid, long: '' }, 400],
      ['a bad lat', { ...valid, lat: 'north' }, 400],
      ['another jurisdiction', { ...valid, jurisdiction_id: 'sf.gov' }, 404],
      ['a bad urgency', { ...valid, 'attribute[urgency]': 'asap' }, 400],
      ['a description over 4,000 characters', { ...valid, description: '字'.repeat(4001) }, 400],
      ['a bad phone', { ...valid, phone: 'call me' }, 400],
    ])('POST with %s is refused in the Open311 error format, nothing written', async (_l, fields, status) => {
      const before = await t.opened.db.selectFrom('hotline_orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const r = await post(format, fields as Record<string, string>);
      expect(r.statusCode).toBe(status);
      if (format === 'json') expect(r.json()).toEqual([{ code: status, description: expect.any(String) }]);
      else expect(r.body).toContain(`<errors><error><code>${status}</code><description>`);
      const after = await t.opened.db.selectFrom('hotline_orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it.each([
      ['a bad start_date', '?start_date=yesterday', 400],
      ['end before start', '?start_date=2026-09-30&end_date=2026-09-01', 400],
      ['a bad status', '?status=pending', 400],
      ['an unknown service_code', '?service_code=pothole', 400],
      ['another jurisdiction', '?jurisdiction_id=sf.gov', 404],
    ])('GET requests with %s is refused', async (_l, qs, status) => {
      const r = await t.request({ method: 'GET', url: `/open311/v2/requests.${format}${qs}` });
      expect(r.statusCode).toBe(status);
      if (format === 'json') expect(r.json()[0].code).toBe(status);
      else expect(xmlText(r.body, 'code')).toBe(String(status));
    });

    it('unknown ids, tokens and paths → 404 in the error format', async () => {
      for (const url of [`/open311/v2/requests/GD000000000000.${format}`, `/open311/v2/tokens/deadbeef.${format}`, `/open311/v2/nothing.${format}`]) {
        const r = await t.request({ method: 'GET', url });
        expect(r.statusCode).toBe(404);
        if (format === 'json') expect(r.json()[0]).toMatchObject({ code: 404 });
        else expect(r.body).toContain('<errors><error><code>404</code>');
      }
    });
  });

  it('accepts a JSON body too and rejects unknown formats', async () => {
    const r = await t.request({ method: 'POST', url: '/open311/v2/requests.json', payload: { ...valid } });
    expect(r.statusCode).toBe(201);
    expect((await t.request({ method: 'GET', url: '/open311/v2/services.csv' })).statusCode).toBe(404);
  });

  it('keeps its form parser to its own routes', async () => {
    const r = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(415);
  });
});
