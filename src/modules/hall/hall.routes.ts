import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString, PageQuery, pageOf } from '../../kernel/http/schemas';
import type { RouteRateLimit } from '../../kernel/http/rate-limit';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import type { Role } from '../../shared/roles';
import { HELP_ACTIONS, HELP_KINDS, PRIORITY_GROUPS, WINDOW_ACTIONS } from './hall.rules';
import type { HallEvent } from './hall.events';
import type { HallService } from './hall.service';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** A kiosk in the hall takes tickets for many people from one address: a generous per-IP budget. */
const KIOSK_LIMIT: RouteRateLimit = { name: 'hall.kiosk', limit: 600, windowMs: 60_000, key: 'ip' };
const READERS: Role[] = ['admin', 'leader', 'supervisor', 'clerk'];
const HELP_STAFF: Role[] = ['admin', 'leader', 'supervisor', 'clerk', 'operator'];
const Code = Type.String({ pattern: '^[A-Z]$', description: '业务类别代码（号码前缀）' });
// Checked in the service (REGION_INVALID / REGION_UNKNOWN, 422 naming the field).
const Region = Type.String({ maxLength: 12, description: '区县（6 位行政区划代码）：省级平台各区县大厅' });
const Phone = Type.String({ minLength: 7, maxLength: 20, pattern: '^[0-9-]+$' });

export function hallRoutes(app: App, svc: HallService) {
  const tags = ['hall'];

  // --- kiosk, display, live events (public: hall hardware without accounts) -------------------------
  // A province's county halls: each kiosk and display names its county (`region`); absent, the installation's hall.
  const HallQuery = Type.Object({ region: Type.Optional(Region) }, { additionalProperties: false });
  app.get('/hall/kiosk', { config: { access: 'public' }, schema: { tags, summary: '取号机：可取号的业务类别与等候人数', querystring: HallQuery } }, async (req) => svc.reads.kiosk(req.query.region));

  app.post(
    '/hall/tickets',
    {
      config: { access: 'public', rateLimit: KIOSK_LIMIT },
      schema: { tags, summary: '取号机取号', body: Type.Object({ categoryCode: Code, priorityGroup: Type.Optional(lit(PRIORITY_GROUPS)), region: Type.Optional(Region) }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await svc.queue.take(req.actor, req.body)),
  );

  app.post(
    '/hall/appointments/check-in',
    {
      config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup },
      schema: {
        tags,
        summary: '取号机：预约签到（优先叫号）',
        body: Type.Object({ appointmentNo: Type.String({ minLength: 4, maxLength: 24 }), phoneLast4: Type.String({ pattern: '^\\d{4}$' }), region: Type.Optional(Region) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.appointments.checkIn(req.actor, req.body)),
  );

  app.get('/hall/display', { config: { access: 'public' }, schema: { tags, summary: '大厅叫号屏：最近呼叫、窗口状态与等候人数', querystring: HallQuery } }, async (req) => svc.reads.display(req.query.region));

  app.get(
    '/hall/events',
    {
      config: { access: 'public' },
      schema: { tags, summary: '叫号实时事件（server-sent events）', querystring: Type.Object({ screen: lit(['display', 'console', 'kiosk'] as const) }, { additionalProperties: false }) },
    },
    async (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (e: HallEvent) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      const unsubscribe = await svc.events.subscribe(send);
      res.write(`event: ready\ndata: {}\n\n`);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(end);
        if (!res.writableEnded) res.end();
      };
      streams.add(end);
      req.raw.on('close', end);
    },
  );
  const streams = new Set<() => void>();
  // Open streams would hold the server's close() for ever: end them when it begins, then stop listening.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  app.addHook('onClose', async () => svc.events.close());

  // --- window console ------------------------------------------------------------------------------
  app.get('/hall/console', { config: { access: ['clerk'] }, schema: { tags, summary: '窗口叫号台：本窗口状态、当前号码与等候人数' } }, async (req) => svc.reads.console(req.actor));

  app.post(
    '/hall/console/:action',
    {
      config: { access: ['clerk'] },
      schema: {
        tags,
        summary: '窗口叫号台操作：呼叫下一位、重呼、过号、转窗、开始办理、关联办件、办结、暂停/恢复服务',
        params: Type.Object({ action: lit(WINDOW_ACTIONS) }),
        body: Type.Optional(Type.Object({ toWindowNo: Type.Optional(Type.String({ maxLength: 20 })), caseNo: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false })),
      },
    },
    async (req) => svc.queue.act(req.actor, req.params.action, req.body ?? {}),
  );

  app.get(
    '/hall/tickets',
    {
      config: { access: READERS },
      schema: { tags, summary: '取号记录', querystring: Type.Object({ ...PageQuery, day: Type.Optional(DateString()), status: Type.Optional(Type.String({ maxLength: 12 })), windowNo: Type.Optional(Type.String({ maxLength: 20 })), region: Type.Optional(Region) }, { additionalProperties: false }) },
    },
    async (req) => svc.reads.tickets({ day: req.query.day ?? svc.deps.today(), status: req.query.status, windowNo: req.query.windowNo, region: req.query.region, offset: pageOf(req.query).offset, limit: pageOf(req.query).pageSize }),
  );

  // --- set-up --------------------------------------------------------------------------------------
  app.get('/hall/windows', { config: { access: READERS }, schema: { tags, summary: '叫号窗口与业务类别' } }, async () => ({ windows: await svc.reads.windows(), categories: await svc.reads.categories() }));

  app.put(
    '/hall/windows/:windowNo',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: '登记或修改叫号窗口（可办理的业务类别）',
        params: Type.Object({ windowNo: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }), categories: Type.Array(Code, { maxItems: 26 }), region: Type.Optional(Region) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.reads.saveWindow(req.actor, req.params.windowNo, req.body),
  );

  app.put(
    '/hall/categories/:code',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: '登记或修改业务类别（暂停取号、每时段预约名额）',
        params: Type.Object({ code: Type.String({ maxLength: 2 }) }),
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }), active: Type.Boolean(), slotCapacity: Type.Integer({ minimum: 0, maximum: 500 }), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.reads.saveCategory(req.actor, req.params.code, req.body),
  );

  // --- appointments --------------------------------------------------------------------------------
  app.get(
    '/hall/halls',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '可预约的区县大厅（本平台所在区县在前）：只有一个时预约页不问区县',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ region: Type.String(), name: Type.String(), installation: Type.Boolean() })), total: Type.Integer() }) },
      },
    },
    async () => {
      const items = await svc.reads.halls();
      return { items, total: items.length };
    },
  );

  app.get(
    '/hall/appointments/slots',
    {
      config: { access: 'public' },
      schema: { tags, summary: '某区县大厅某业务某日的预约时段与余量', querystring: Type.Object({ category: Code, day: DateString(), region: Type.Optional(Region) }, { additionalProperties: false }) },
    },
    async (req) => svc.appointments.slots(req.query.category, req.query.day, req.query.region),
  );

  app.get(
    '/hall/appointments/days',
    {
      config: { access: 'public' },
      schema: { tags, summary: '某区县大厅某业务可预约的日期（节假日、休息日、约满的日期不可选）', querystring: Type.Object({ category: Code, region: Type.Optional(Region) }, { additionalProperties: false }) },
    },
    async (req) => svc.appointments.days(req.query.category, req.query.region),
  );

  app.post(
    '/hall/appointments',
    {
      config: { access: ['citizen'], rateLimit: RATE_LIMITS.citizenWrite },
      schema: {
        tags,
        summary: '网上预约到大厅办事',
        body: Type.Object(
          {
            categoryCode: Code,
            day: DateString(),
            slot: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
            name: Type.String({ minLength: 1, maxLength: 40 }),
            phone: Phone,
            region: Type.Optional(Type.String({ maxLength: 6, description: '预约的区县大厅（行政区划代码），默认本平台所在区县' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.appointments.book(req.actor, req.body)),
  );

  app.get('/hall/appointments/mine', { config: { access: ['citizen'] }, schema: { tags, summary: '我的预约' } }, async (req) => ({ items: await svc.appointments.mine(req.actor) }));

  app.post(
    '/hall/appointments/:appointmentNo/cancel',
    { config: { access: ['citizen'] }, schema: { tags, summary: '取消预约', params: Type.Object({ appointmentNo: Type.String({ maxLength: 24 }) }) } },
    async (req) => svc.appointments.cancel(req.actor, req.params.appointmentNo),
  );

  app.get(
    '/hall/appointments',
    { config: { access: READERS }, schema: { tags, summary: '某日预约清单', querystring: Type.Object({ ...PageQuery, day: Type.Optional(DateString()), status: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false }) } },
    async (req) => svc.appointments.list({ day: req.query.day ?? svc.deps.today(), status: req.query.status, offset: pageOf(req.query).offset, limit: pageOf(req.query).pageSize }),
  );

  // --- 帮代办 / 上门办 -------------------------------------------------------------------------------
  app.post(
    '/hall/help',
    {
      config: { access: [...HELP_STAFF, 'citizen'], rateLimit: RATE_LIMITS.citizenWrite },
      schema: {
        tags,
        summary: '帮代办/上门办申请（特殊群体）',
        body: Type.Object(
          {
            kind: lit(HELP_KINDS),
            groupCode: lit(PRIORITY_GROUPS),
            citizenName: Type.String({ minLength: 1, maxLength: 40 }),
            phone: Phone,
            address: Type.String({ minLength: 2, maxLength: 200 }),
            itemName: Type.String({ minLength: 1, maxLength: 100 }),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.help.create(req.actor, req.body)),
  );

  app.get(
    '/hall/help',
    { config: { access: [...HELP_STAFF, 'citizen'] }, schema: { tags, summary: '帮代办/上门办清单', querystring: Type.Object({ ...PageQuery, status: Type.Optional(Type.String({ maxLength: 12 })), mine: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (req) => svc.help.list(req.actor, { status: req.query.status, mine: req.query.mine, offset: pageOf(req.query).offset, limit: pageOf(req.query).pageSize }),
  );

  app.get('/hall/help/staff', { config: { access: HELP_STAFF }, schema: { tags, summary: '可分派的工作人员' } }, async () => ({ items: await svc.help.staff() }));

  app.post(
    '/hall/help/:id/actions',
    {
      config: { access: HELP_STAFF },
      schema: {
        tags,
        summary: '帮代办/上门办：分派、预约上门、登记办结、取消',
        params: Type.Object({ id: Type.Integer() }),
        body: Type.Object(
          { action: lit(HELP_ACTIONS), assigneeId: Type.Optional(Type.Integer()), day: Type.Optional(DateString()), caseNo: Type.Optional(Type.String({ maxLength: 40 })), result: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => svc.help.act(req.actor, req.params.id, req.body),
  );
}
