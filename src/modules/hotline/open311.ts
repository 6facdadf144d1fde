/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) at /open311/v2: the spec is the contract, so
 * this file speaks its shapes, not ours — string ids and codes, W3C datetimes with the +08:00 offset,
 * status open/closed, errors as [{code, description}] with 400/403/404 in JSON and XML, POST bodies as
 * application/x-www-form-urlencoded. A POSTed request becomes a work order (channel open311) and its
 * status follows the order.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../kernel/module';
import type { HotlineNeedsContext } from './hotline.context';
import { AppError } from '../../kernel/errors';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import { shanghaiIso } from '../../kernel/clock';
import { redactText } from '../../kernel/validators';
import { CATEGORIES, CATEGORY_LABELS, type Category } from './hotline.config';
import { STATUS_LABELS } from './hotline.rules';
import type { HotlineServices } from './hotline.routes';
import { hotlineRegions } from './hotline.regions';
import { hotlineTables, type OrderRow } from './hotline.tables';

export const OPEN311_PREFIX = '/open311/v2';
export const DEMO_OPEN311_KEY = 'demo-open311-key';

type Format = 'json' | 'xml';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

const CATEGORY_DESCRIPTIONS: Record<Category, string> = {
  consult: '政策、办事指南等咨询',
  help: '生活困难、紧急情况等求助',
  complaint: '对服务、执法、企业经营等的投诉',
  report: '违法违规行为举报',
  suggestion: '对政府工作的意见建议',
  praise: '对工作人员、单位的表扬',
};

const KEYWORDS: Record<Category, string> = {
  consult: '咨询,政策,办事',
  help: '求助,困难',
  complaint: '投诉,服务',
  report: '举报,违法',
  suggestion: '建议,意见',
  praise: '表扬,感谢',
};

/** Open311 errors are thrown as this and rendered in the request's format. */
class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}

// --- XML -------------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

/** Element per key; arrays repeat the element named by `itemName(parent)`. */
function toXml(name: string, value: XmlValue, itemName: (parent: string) => string): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => toXml(itemName(name), v, itemName)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => toXml(k, v, itemName)).join('')}</${name}>`;
  return `<${name}>${esc(String(value))}</${name}>`;
}

const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};
const itemName = (parent: string) => ITEM_NAMES[parent] ?? 'item';

function send(reply: FastifyReply, format: Format, root: string, body: XmlValue, status = 200) {
  reply.status(status);
  if (format === 'xml') {
    return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${toXml(root, body, itemName)}`);
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, 'errors', [{ code: status, description }], status);
}

/** `services.json` → ['services', 'json']; anything without .json/.xml is not an Open311 resource. */
function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m) throw new Open311Error(404, `unknown format: ${file} (use .json or .xml)`);
  return { name: decodeURIComponent(m[1]), format: m[2].toLowerCase() as Format };
}

const formatOfUrl = (url: string): Format => (/\.xml(\?|$)/i.test(url) ? 'xml' : 'json');

// --- W3C datetimes ---------------------------------------------------------------------------------

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function parseW3c(value: string, field: string): Date {
  if (!W3C.test(value)) throw new Open311Error(400, `${field} must be a W3C datetime such as 2026-09-30T09:00:00+08:00`);
  // A date or a datetime without an offset is read in the jurisdiction's zone (Asia/Shanghai).
  const withZone = value.length === 10 ? `${value}T00:00:00+08:00` : /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}+08:00`;
  const d = new Date(withZone);
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${field} is not a valid datetime`);
  return d;
}

// --- routes ----------------------------------------------------------------------------------------

export async function open311Routes(root: App, ctx: HotlineNeedsContext, s: HotlineServices) {
  const jurisdiction = ctx.config.regionCode;
  const org = () => ctx.services.org;
  const db = hotlineTables(ctx.db);

  const service = (code: Category) => ({
    service_code: code,
    service_name: CATEGORY_LABELS[code],
    description: CATEGORY_DESCRIPTIONS[code],
    metadata: true,
    type: 'realtime',
    keywords: KEYWORDS[code],
    group: '12345政务服务便民热线',
  });

  const definition = (code: Category) => ({
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'urgency',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '一般或紧急（紧急诉求按小时计时）',
        order: 1,
        description: '紧急程度',
        values: [
          { key: 'normal', name: '一般' },
          { key: 'urgent', name: '紧急' },
        ],
      },
      {
        variable: true,
        code: 'title',
        datatype: 'string',
        required: false,
        datatype_description: '不超过200字',
        order: 2,
        description: '诉求标题',
      },
    ],
  });

  /**
   * GeoReport's jurisdiction_id: the installation's code, or (a city or province installation) one of the
   * counties it serves; a request posted with a county's code is that county's work order. Answers the
   * county, undefined when none was named.
   */
  const checkJurisdiction = async (value: string | undefined): Promise<string | undefined> => {
    if (value === undefined || value === '') return undefined;
    if (value === jurisdiction) return undefined;
    if (/^\d{6}$/.test(value) && (await hotlineRegions({ ctx, db })).includes(value)) return value;
    throw new Open311Error(404, `jurisdiction_id ${value} not found`);
  };

  const toRequest = async (r: OrderRow) => {
    const status = r.status;
    const closed = status === 'closed' || status === 'answered';
    const unit = r.unit_id === null ? null : await org().byId(Number(r.unit_id));
    const notes = closed ? (r.reply_content ?? r.answer_content ?? STATUS_LABELS[status]) : STATUS_LABELS[status];
    return {
      service_request_id: String(r.order_no),
      status: closed ? 'closed' : 'open',
      status_notes: redactText(String(notes)),
      service_name: CATEGORY_LABELS[r.category],
      service_code: String(r.category),
      description: redactText(String(r.content)),
      agency_responsible: unit?.name ?? '邵东市12345政务服务便民热线',
      service_notice: '',
      requested_datetime: shanghaiIso(new Date(r.created_at)),
      updated_datetime: shanghaiIso(new Date(r.updated_at)),
      expected_datetime: r.finish_due_at ? shanghaiIso(new Date(r.finish_due_at)) : null,
      address: r.address ?? '',
      address_id: '',
      zipcode: '',
      lat: r.lat === null ? null : Number(r.lat),
      long: r.lng === null ? null : Number(r.lng),
      media_url: r.media_url ?? '',
    };
  };

  await root.register(
    async (app) => {
      // Form bodies only exist on these routes, so the parser is scoped to this plugin.
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        const params = new URLSearchParams(body as string);
        const out: Record<string, string> = {};
        for (const [k, v] of params) if (!(k in out)) out[k] = v;
        done(null, out);
      });

      app.setErrorHandler((err, req, reply) => {
        const format = formatOfUrl(req.url);
        if (err instanceof Open311Error) return sendError(reply, format, err.status, err.description);
        if (err instanceof AppError) return sendError(reply, format, err.status === 404 ? 404 : err.status === 403 || err.status === 401 ? 403 : 400, err.message);
        const status = (err as { statusCode?: number }).statusCode;
        if (status && status >= 400 && status < 500) return sendError(reply, format, status === 404 ? 404 : 400, (err as Error).message);
        req.log.error({ err }, 'open311 error');
        return send(reply, format, 'errors', [{ code: 500, description: 'internal error' }], 500);
      });
      app.setNotFoundHandler((req, reply) => sendError(reply, formatOfUrl(req.url), 404, `no such resource: ${req.method} ${req.url.split('?')[0]}`));

      const opts = { config: { access: 'public' as const }, schema: { hide: true } };

      app.get('/discovery.:format', opts, async (req: FastifyRequest, reply) => {
        const format = (req.params as { format: string }).format as Format;
        if (format !== 'json' && format !== 'xml') throw new Open311Error(404, 'use discovery.json or discovery.xml');
        const base = `${req.protocol}://${req.host}${OPEN311_PREFIX}`;
        return send(reply, format, 'discovery', {
          changeset: '2026-09-01T00:00:00+08:00',
          contact: '邵东市12345政务服务便民热线 电话 12345',
          key_service: '向邵东市行政审批服务局申请 API key',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: base,
              changeset: '2026-09-01T00:00:00+08:00',
              type: 'production',
              formats: ['text/xml', 'application/json'],
            },
          ],
        });
      });

      app.get('/services.:format', opts, async (req: FastifyRequest, reply) => {
        const format = (req.params as { format: string }).format as Format;
        if (format !== 'json' && format !== 'xml') throw new Open311Error(404, 'use services.json or services.xml');
        await checkJurisdiction((req.query as Record<string, string>).jurisdiction_id);
        return send(reply, format, 'services', CATEGORIES.map(service));
      });

      app.get('/services/:file', opts, async (req: FastifyRequest, reply) => {
        const { name, format } = splitFormat((req.params as { file: string }).file);
        await checkJurisdiction((req.query as Record<string, string>).jurisdiction_id);
        if (!(CATEGORIES as readonly string[]).includes(name)) return sendError(reply, format, 404, `service_code ${name} not found`);
        return send(reply, format, 'service_definition', definition(name as Category));
      });

      const postRequests = async (req: FastifyRequest, reply: FastifyReply) => {
        const format = (req.params as { format: string }).format as Format;
        if (format !== 'json' && format !== 'xml') throw new Open311Error(404, 'use requests.json or requests.xml');
        const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
        const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : b[k] === undefined || b[k] === null ? '' : String(b[k]).trim());
        const apiKey = str('api_key');
        if (!apiKey) throw new Open311Error(403, 'api_key is required');
        const key = await db.selectFrom('hotline_open311_keys').select(['id', 'name']).where('key_hash', '=', hashApiKey(apiKey)).where('active', '=', 1).executeTakeFirst();
        if (!key) throw new Open311Error(403, 'api_key is invalid');
        const region = await checkJurisdiction(str('jurisdiction_id') || undefined);
        const code = str('service_code');
        if (!code) throw new Open311Error(400, 'service_code is required');
        if (!(CATEGORIES as readonly string[]).includes(code)) throw new Open311Error(400, `service_code ${code} not found`);
        const latS = str('lat');
        const longS = str('long');
        const address = str('address_string');
        const addressId = str('address_id');
        let lat: number | undefined;
        let long: number | undefined;
        if (latS || longS) {
          lat = Number(latS);
          long = Number(longS);
          if (!latS || !longS || !Number.isFinite(lat) || !Number.isFinite(long) || Math.abs(lat) > 90 || Math.abs(long) > 180) {
            throw new Open311Error(400, 'lat and long must both be given as decimal degrees');
          }
        }
        if (lat === undefined && !address && !addressId) throw new Open311Error(400, 'a location is required: lat & long, address_string or address_id');
        const urgency = str('attribute[urgency]') || 'normal';
        if (urgency !== 'normal' && urgency !== 'urgent') throw new Open311Error(400, 'attribute[urgency] must be normal or urgent');
        const description = str('description');
        const content = description || `${CATEGORY_LABELS[code as Category]}：${address || addressId || `${lat},${long}`}`;
        const name = [str('last_name'), str('first_name')].filter(Boolean).join('') || undefined;
        const phone = str('phone') || undefined;
        const title = str('attribute[title]') || undefined;
        const token = randomBytes(12).toString('hex');
        const now = ctx.clock.now().toISOString();
        let orderId: number;
        try {
          orderId = await db.transaction().execute(async (tx) => {
            const { id, createdOn } = await s.hotline.create(
              { ...req.actor, username: `open311:${key.name}`, name: key.name },
              {
                channel: 'open311',
                category: code,
                content,
                title,
                urgency,
                address: address || (addressId ? `address_id ${addressId}` : undefined),
                lat,
                long,
                citizen: { name, phone, email: str('email') || undefined },
                mediaUrl: str('media_url') || undefined,
                externalAccountId: str('account_id') || str('device_id') || undefined,
                region,
              },
              tx,
            );
            await tx.insertInto('hotline_open311_tokens').values({ token, order_id: id, order_created_on: createdOn, created_at: now }).execute();
            return id;
          });
        } catch (e) {
          // Our own 422s (content too long, phone format …) are a client's bad request in Open311 terms.
          if (e instanceof AppError && e.status < 500) throw new Open311Error(400, e.message);
          throw e;
        }
        const row = await db.selectFrom('hotline_orders').select('order_no').where('id', '=', orderId).executeTakeFirstOrThrow();
        return send(
          reply,
          format,
          'service_requests',
          [
            {
              service_request_id: String(row.order_no),
              token,
              service_notice: '诉求已受理，将按12345热线时限办理，可凭 service_request_id 查询进度。',
              account_id: str('account_id') || null,
            },
          ],
          201,
        );
      };
      app.post('/requests.:format', { ...opts, config: { access: 'public' as const, rateLimit: RATE_LIMITS.open311Post } }, postRequests);

      app.get('/requests.:format', opts, async (req: FastifyRequest, reply) => {
        const format = (req.params as { format: string }).format as Format;
        if (format !== 'json' && format !== 'xml') throw new Open311Error(404, 'use requests.json or requests.xml');
        const q = req.query as Record<string, string | undefined>;
        await checkJurisdiction(q.jurisdiction_id);
        // Only requests that came in through Open311 are public here: other channels carry citizens' own complaints.
        let base = db.selectFrom('hotline_orders').selectAll().where('channel', '=', 'open311');
        const ids = (q.service_request_id ?? '').split(',').map((x) => x.trim()).filter(Boolean);
        if (ids.length) {
          // The spec: service_request_id overrides every other filter.
          base = base.where('order_no', 'in', ids);
        } else {
          const codes = (q.service_code ?? '').split(',').map((x) => x.trim()).filter(Boolean);
          for (const c of codes) if (!(CATEGORIES as readonly string[]).includes(c)) throw new Open311Error(400, `service_code ${c} not found`);
          if (codes.length) base = base.where('category', 'in', CATEGORIES.filter((c) => codes.includes(c)));
          const statuses = (q.status ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
          for (const st of statuses) if (st !== 'open' && st !== 'closed') throw new Open311Error(400, 'status must be open and/or closed');
          if (statuses.length === 1) {
            base = statuses[0] === 'closed' ? base.where('status', 'in', ['closed', 'answered']) : base.where('status', 'not in', ['closed', 'answered']);
          }
          const start = q.start_date ? parseW3c(q.start_date, 'start_date') : null;
          const end = q.end_date ? parseW3c(q.end_date, 'end_date') : null;
          if (start && end && end < start) throw new Open311Error(400, 'end_date must not be before start_date');
          // Without dates the spec returns the most recent 90 days.
          const from = start ?? new Date((end ?? ctx.clock.now()).getTime() - 90 * 86400_000);
          base = base.where('created_at', '>=', from.toISOString());
          if (end) base = base.where('created_at', '<=', end.toISOString());
        }
        const rows = await base.orderBy('created_at', 'desc').limit(1000).execute();
        const items = [];
        for (const r of rows) items.push(await toRequest(r));
        return send(reply, format, 'service_requests', items);
      });

      app.get('/requests/:file', opts, async (req: FastifyRequest, reply) => {
        const { name, format } = splitFormat((req.params as { file: string }).file);
        await checkJurisdiction((req.query as Record<string, string>).jurisdiction_id);
        const row = await db.selectFrom('hotline_orders').selectAll().where('order_no', '=', name).where('channel', '=', 'open311').executeTakeFirst();
        if (!row) return sendError(reply, format, 404, `service_request_id ${name} not found`);
        return send(reply, format, 'service_requests', [await toRequest(row)]);
      });

      app.get('/tokens/:file', opts, async (req: FastifyRequest, reply) => {
        const { name, format } = splitFormat((req.params as { file: string }).file);
        await checkJurisdiction((req.query as Record<string, string>).jurisdiction_id);
        const row = await db
          .selectFrom('hotline_open311_tokens as t')
          .innerJoin('hotline_orders as o', 'o.id', 't.order_id')
          .select(['t.token', 'o.order_no'])
          .where('t.token', '=', name)
          .executeTakeFirst();
        if (!row) return sendError(reply, format, 404, `token ${name} not found`);
        return send(reply, format, 'service_requests', [{ service_request_id: String(row.order_no), token: String(row.token) }]);
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}
