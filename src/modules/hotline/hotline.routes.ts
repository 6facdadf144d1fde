import { Type } from 'typebox';
import { LIMITS } from '../../shared/limits';
import type { App } from '../../kernel/module';
import type { HotlineNeedsContext } from './hotline.context';
import { AppError } from '../../kernel/errors';
import { hasRole } from '../../kernel/auth/actor';
import { DateString, PageQuery } from '../../kernel/http/schemas';
import { recordAudit } from '../../kernel/audit/audit';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import { CATEGORIES, CATEGORY_LABELS, CHANNELS, CHANNEL_LABELS, type Channel } from './hotline.config';
import { ACTIONS, STATUSES, STATUS_LABELS } from './hotline.rules';
import type { HotlineService } from './hotline.service';
import type { CallsService } from './calls.service';
import type { KbService } from './kb.service';
import type { MailboxService } from './mailbox.service';
import { hotlineTables } from './hotline.tables';
import { hotlineRegions } from './hotline.regions';
import { installationRegion } from '../../kernel/region';
import { XLSX_CONTENT_TYPE, attachmentHeader } from '../../kernel/list-export';
import { CONTACT_METHODS, REPLY_FILE_MAX_BYTES, REPLY_FILES_MAX, REPLY_RESULTS } from '../../shared/hotline-reply';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const CENTRE = ['operator', 'admin'] as const;
const READERS = ['operator', 'admin', 'leader', 'supervisor'] as const;
const ORDER_READERS = ['operator', 'admin', 'leader', 'supervisor', 'unit', 'citizen'] as const;
const KB_READERS = ['operator', 'admin', 'leader', 'supervisor', 'unit'] as const;

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Period = Type.Object({ from: DateString(), to: DateString(), department: Type.Optional(Type.Integer()) }, { additionalProperties: false });

const CreateOrderBody = Type.Object(
  {
    channel: lit(CHANNELS),
    category: Type.String({ minLength: 1, maxLength: 20 }),
    // The configured limit (default 4,000) is checked in the service with a 422 naming the field.
    content: Type.String({ maxLength: 20000 }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    urgency: Type.Optional(lit(['normal', 'urgent'] as const)),
    line: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    citizen: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String({ maxLength: 64 })), phone: Type.Optional(Type.String({ maxLength: 32 })), email: Type.Optional(Type.String({ maxLength: 200 })) },
        { additionalProperties: false },
      ),
    ),
    deputy: Type.Optional(Type.Union([Type.Null(), Type.Object({ kind: lit(['npc', 'cppcc'] as const), name: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false })])),
    caseNo: Type.Optional(Type.String({ maxLength: 64 })),
    // The format is checked in the service (REGION_INVALID / REGION_UNKNOWN, 422 naming the field).
    region: Type.Optional(Type.String({ maxLength: 12, description: '区县（6 位行政区划代码）；缺省为线路所属区县，再缺省为本平台所在区县' })),
  },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    action: lit(ACTIONS),
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
    content: Type.Optional(Type.String({ maxLength: 20000 })),
    reason: Type.Optional(Type.String({ maxLength: 20000 })),
    days: Type.Optional(Type.Integer()),
    reached: Type.Optional(Type.Boolean()),
    result: Type.Optional(lit(['satisfied', 'basically', 'unsatisfied'] as const)),
    kbEntryId: Type.Optional(Type.Integer({ minimum: 1 })),
    seatId: Type.Optional(Type.Integer({ minimum: 1 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    replyResult: Type.Optional(lit(REPLY_RESULTS)),
    contact: Type.Optional(
      Type.Object(
        { method: lit(CONTACT_METHODS), on: Type.Optional(DateString('联系日期')), time: Type.Optional(Type.String({ maxLength: 5 })), note: Type.Optional(Type.String({ maxLength: 500 })) },
        { additionalProperties: false },
      ),
    ),
    attachments: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ maxLength: 200 }), contentBase64: Type.String({ maxLength: 2 * Math.ceil((REPLY_FILE_MAX_BYTES * 4) / 3) }) }, { additionalProperties: false }), {
        maxItems: REPLY_FILES_MAX + 1,
      }),
    ),
  },
  { additionalProperties: false },
);

const KbBody = Type.Object(
  {
    departmentId: Type.Integer({ minimum: 1 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    content: Type.String({ minLength: 1, maxLength: 20000 }),
    keywords: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 })),
    expiresOn: Type.Optional(Type.Union([DateString(), Type.Null()])),
  },
  { additionalProperties: false },
);

export interface HotlineServices {
  hotline: HotlineService;
  calls: CallsService;
  kb: KbService;
  mailbox: MailboxService;
}

export function hotlineRoutes(app: App, ctx: HotlineNeedsContext, s: HotlineServices) {
  const { hotline, calls, kb, mailbox } = s;
  const db = hotlineTables(ctx.db);

  // --- reference data ----------------------------------------------------------------------------
  app.get(
    '/hotline/meta',
    { config: { access: 'public' }, schema: { tags: ['hotline'], summary: '热线诉求类别、渠道、状态与操作（表单用）' } },
    async () => ({
      categories: CATEGORIES.map((code) => ({ code, label: CATEGORY_LABELS[code] })),
      channels: CHANNELS.map((code) => ({ code, label: CHANNEL_LABELS[code] })),
      statuses: STATUSES.map((code) => ({ code, label: STATUS_LABELS[code] })),
      actions: ACTIONS,
    }),
  );

  app.get(
    '/hotline/config',
    { config: { access: READERS }, schema: { tags: ['hotline'], summary: '热线时限配置（默认值 + kernel_settings 覆盖）' } },
    async () => hotline.config(),
  );

  app.put(
    '/hotline/config',
    {
      config: { access: ['admin'] },
      schema: { tags: ['hotline'], summary: '修改热线时限配置', body: Type.Record(Type.String(), Type.Unknown()) },
    },
    async (req) => hotline.setConfig(req.actor, req.body),
  );

  app.get(
    '/hotline/lines',
    { config: { access: 'authenticated' }, schema: { tags: ['hotline'], summary: '归并热线（专线）及其承办单位' } },
    async () => {
      const rows = await db.selectFrom('hotline_lines').selectAll().where('active', '=', 1).orderBy('code').execute();
      return {
        items: rows.map((r) => ({ code: r.code, name: r.name, description: r.description, unitIds: JSON.parse(r.unit_ids_json) as number[], region: r.region ?? installationRegion() })),
        total: rows.length,
      };
    },
  );

  app.get(
    '/hotline/regions',
    { config: { access: 'authenticated' }, schema: { tags: ['hotline'], summary: '本平台受理工单的区县（行政区划代码，本平台所在区县在前；多于一个时受理表单可选区县）' } },
    async () => {
      const codes = await hotlineRegions({ ctx, db });
      return { items: codes.map((code) => ({ code, installation: code === installationRegion() })), total: codes.length };
    },
  );

  app.get(
    '/hotline/expert-seats',
    { config: { access: READERS }, schema: { tags: ['hotline'], summary: '部门专家坐席' } },
    async () => {
      const rows = await db.selectFrom('hotline_expert_seats').selectAll().where('active', '=', 1).orderBy('id').execute();
      return { items: rows.map((r) => ({ id: Number(r.id), departmentId: Number(r.department_id), name: r.name, topics: r.topics, extension: r.extension })), total: rows.length };
    },
  );

  app.post(
    '/hotline/expert-seats',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['hotline'],
        summary: '新增专家坐席',
        body: Type.Object(
          { departmentId: Type.Integer({ minimum: 1 }), name: Type.String({ minLength: 1, maxLength: 100 }), topics: Type.Optional(Type.String({ maxLength: 300 })), extension: Type.Optional(Type.String({ maxLength: 20 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const dept = await ctx.services.org.byId(b.departmentId);
      if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', 422, '部门不存在', { field: 'departmentId' });
      const row = await db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('hotline_expert_seats')
          .values({ department_id: b.departmentId, name: b.name, topics: b.topics ?? '', extension: b.extension ?? null, active: 1, since: ctx.calendar.today() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(tx, ctx.clock, req.actor, { action: 'hotline.seat.created', subjectType: 'expert_seat', subjectId: Number(r.id), after: b });
        return r;
      });
      return reply.status(201).send({ id: Number(row.id), departmentId: Number(row.department_id), name: row.name, topics: row.topics, extension: row.extension });
    },
  );

  // --- work orders -------------------------------------------------------------------------------
  app.post(
    '/workorders',
    {
      config: { access: ['operator', 'admin', 'citizen'] },
      schema: { tags: ['hotline'], summary: '新建工单（来电、网站、移动端、办不成事窗口…）', body: CreateOrderBody },
    },
    async (req, reply) => {
      const b = req.body;
      const citizen = hasRole(req.actor, 'citizen') && !hasRole(req.actor, 'operator', 'admin');
      if (citizen && !(['web', 'mobile'] as Channel[]).includes(b.channel)) {
        throw new AppError('CHANNEL_NOT_ALLOWED', 422, '群众只能通过网站或移动端提交诉求', { field: 'channel' });
      }
      if (citizen && b.deputy) throw new AppError('DEPUTY_NOT_ALLOWED', 422, '代表委员件由话务员登记', { field: 'deputy' });
      const { order } = await hotline.create(req.actor, { ...b, deputy: b.deputy ? { kind: b.deputy.kind, name: b.deputy.name ?? null } : null });
      return reply.status(201).send(order);
    },
  );

  const OrderFilter = {
    status: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.String({ maxLength: 20 })),
    channel: Type.Optional(Type.String({ maxLength: 20 })),
    unitId: Type.Optional(Type.Integer({ minimum: 1, description: '承办单位（部门 id）' })),
    deputy: Type.Optional(Type.Boolean()),
    caseNo: Type.Optional(Type.String({ maxLength: 64 })),
    region: Type.Optional(Type.String({ maxLength: 12, description: '区县（6 位行政区划代码）' })),
    late: Type.Optional(Type.Boolean({ description: 'true：超时未签收或超时未办结' })),
    extensionPending: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100, description: '工单号、标题或内容中的文字、来电人姓名' })),
    from: Type.Optional(DateString('受理日期起（含）')),
    to: Type.Optional(DateString('受理日期止（含）')),
    sort: Type.Optional(lit(['inbox', 'newest'] as const)),
  };

  app.get(
    '/workorders',
    {
      config: { access: ORDER_READERS, reads: 'replica' },
      schema: {
        tags: ['hotline'],
        summary: '工单列表（成员单位只见本单位工单；群众信息脱敏；sort=inbox 超时、紧急在前，再按期限）',
        querystring: Type.Object({ ...OrderFilter, ...PageQuery }, { additionalProperties: false }),
      },
    },
    async (req) => hotline.list(req.actor, req.query),
  );

  // The hall's 办不成事 window: a clerk registers the complaint on the blocked case; the centre takes it from there.
  app.post(
    '/workorders/banbucheng',
    {
      config: { access: ['clerk', 'operator', 'admin'] },
      schema: {
        tags: ['hotline'],
        summary: '“办不成事”窗口登记反映（关联受阻的办件，按工单流程派发办理）',
        body: Type.Object(
          {
            caseNo: Type.String({ minLength: 6, maxLength: LIMITS.code }),
            content: Type.String({ minLength: 1, maxLength: LIMITS.content }),
            category: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
            citizen: Type.Optional(
              Type.Object({ name: Type.Optional(Type.String({ maxLength: LIMITS.personName })), phone: Type.Optional(Type.String({ maxLength: LIMITS.phone })) }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await hotline.registerBlockedCase(req.actor, req.body)),
  );

  app.get(
    '/workorders/for-case/:caseNo',
    {
      config: { access: ['clerk', 'reviewer', 'operator', 'admin', 'leader', 'supervisor'] },
      schema: { tags: ['hotline'], summary: '办件关联的工单（办不成事反映、投诉；不含个人信息）', params: Type.Object({ caseNo: Type.String({ minLength: 6, maxLength: LIMITS.code }) }) },
    },
    async (req) => {
      const items = await hotline.ordersForCase(req.params.caseNo);
      return { items, total: items.length };
    },
  );

  app.get(
    '/workorders/export.xlsx',
    {
      config: { access: ['operator', 'admin', 'leader', 'supervisor', 'unit'], reads: 'replica' },
      schema: {
        tags: ['hotline'],
        summary: '按当前筛选条件导出工单（Excel，来电人脱敏）；超过导出上限 422 EXPORT_TOO_LARGE',
        querystring: Type.Object(OrderFilter, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const { buffer } = await hotline.exportList(req.actor, req.query);
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', attachmentHeader('workorders.xlsx', `工单清单_${ctx.clock.now().toISOString().slice(0, 10)}.xlsx`))
        .send(buffer);
    },
  );

  app.get(
    '/workorders/late',
    { config: { access: READERS }, schema: { tags: ['hotline'], summary: '超时未签收 / 超时未办结的工单（供电子监察）' } },
    async () => {
      const items = await hotline.lateOrders(ctx.clock.now());
      return { items, total: items.length };
    },
  );

  app.get(
    '/workorders/deputies',
    {
      config: { access: READERS },
      schema: {
        tags: ['hotline'],
        summary: '人大代表、政协委员诉求台账',
        querystring: Type.Object({ kind: Type.Optional(lit(['npc', 'cppcc'] as const)), ...PageQuery }, { additionalProperties: false }),
      },
    },
    async (req) => hotline.deputiesLedger(req.query),
  );

  app.get(
    '/workorders/:id',
    { config: { access: ORDER_READERS }, schema: { tags: ['hotline'], summary: '工单详情（含流转记录、延期、督办、回访）', params: IdParams } },
    async (req) => hotline.get(req.actor, req.params.id, { recordView: true }),
  );

  app.get(
    '/workorders/:id/reply-files/:fileId',
    {
      config: { access: ORDER_READERS },
      schema: { tags: ['hotline'], summary: '承办单位回复的附件（与工单同一可见范围）', params: Type.Object({ id: Type.Integer({ minimum: 1 }), fileId: Type.Integer({ minimum: 1 }) }) },
    },
    async (req, reply) => {
      const f = await hotline.replyFile(req.actor, req.params.id, req.params.fileId);
      return reply
        .header('content-type', f.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .send(f.body);
    },
  );

  app.post(
    '/workorders/:id/actions',
    {
      // A reply may carry up to REPLY_FILES_MAX files as base64.
      bodyLimit: REPLY_FILES_MAX * Math.ceil((REPLY_FILE_MAX_BYTES * 4) / 3) + 256 * 1024,
      config: { access: ['operator', 'admin', 'unit', 'leader'] },
      schema: {
        tags: ['hotline'],
        summary: '工单操作：answer dispatch sign return reply request_extension approve_extension reject_extension supervise transfer_expert callback close reopen',
        params: IdParams,
        body: ActionBody,
      },
    },
    async (req) => hotline.act(req.actor, req.params.id, req.body),
  );

  app.get(
    '/hotline/supervisions',
    {
      config: { access: READERS },
      schema: { tags: ['hotline'], summary: '督办函列表', querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) },
    },
    async (req) => {
      const items = await hotline.supervisions(req.query);
      return { items, total: items.length };
    },
  );

  app.get(
    '/hotline/kpis',
    { config: { access: READERS, reads: 'replica' }, schema: { tags: ['hotline'], summary: '热线与市长信箱指标（分子/分母可追溯）', querystring: Period } },
    async (req) => ({ from: req.query.from, to: req.query.to, department: req.query.department ?? null, kpis: await hotline.kpis({ from: req.query.from, to: req.query.to }, req.query.department) }),
  );

  app.get(
    '/hotline/kpis/units',
    { config: { access: READERS, reads: 'replica' }, schema: { tags: ['hotline'], summary: '各成员单位按时办结率、回访率、满意率', querystring: Period } },
    async (req) => {
      const items = await hotline.kpisByUnit(req.query.from, req.query.to);
      return { from: req.query.from, to: req.query.to, items, total: items.length };
    },
  );

  // --- calls -------------------------------------------------------------------------------------
  app.post(
    '/calls',
    {
      config: { access: CENTRE },
      schema: {
        tags: ['hotline'],
        summary: '话务系统推送通话记录',
        body: Type.Object(
          {
            startedAt: Type.String({ minLength: 10, maxLength: 40 }),
            answered: Type.Boolean(),
            waitSeconds: Type.Integer({ minimum: 0, maximum: 86400 }),
            durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
            callerPhone: Type.Optional(Type.String({ maxLength: 32 })),
            line: Type.Optional(Type.String({ maxLength: 40 })),
            externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            orderId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const r = await calls.record(req.actor, req.body);
      return reply.status(r.created ? 201 : 200).send(r.call);
    },
  );

  app.get(
    '/calls',
    {
      config: { access: READERS },
      schema: {
        tags: ['hotline'],
        summary: '通话记录（来电号码脱敏）',
        querystring: Type.Object({ from: Type.Optional(DateString()), to: Type.Optional(DateString()), answered: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false }),
      },
    },
    async (req) => calls.list(req.query),
  );

  app.get(
    '/calls/stats',
    { config: { access: READERS }, schema: { tags: ['hotline'], summary: '接通率与15秒接通率', querystring: Type.Object({ from: DateString(), to: DateString() }, { additionalProperties: false }) } },
    async (req) => calls.stats(req.query.from, req.query.to),
  );

  // --- knowledge base ----------------------------------------------------------------------------
  app.get(
    '/kb',
    {
      config: { access: KB_READERS },
      schema: {
        tags: ['hotline'],
        summary: '知识库检索（q：中文分词检索已发布且未过期的条目）与管理列表',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 100 })), departmentId: Type.Optional(Type.Integer()), status: Type.Optional(lit(['draft', 'published', 'retired'] as const)), ...PageQuery },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => kb.list(req.actor, req.query),
  );
  app.get('/kb/:id', { config: { access: KB_READERS }, schema: { tags: ['hotline'], summary: '知识库条目', params: IdParams } }, async (req) => kb.get(req.params.id));
  app.post(
    '/kb',
    { config: { access: ['operator', 'unit', 'admin'] }, schema: { tags: ['hotline'], summary: '新建知识库条目（草稿）', body: KbBody } },
    async (req, reply) => reply.status(201).send(await kb.create(req.actor, req.body)),
  );
  app.put(
    '/kb/:id',
    { config: { access: ['operator', 'unit', 'admin'] }, schema: { tags: ['hotline'], summary: '修改知识库条目（回到草稿待审核）', params: IdParams, body: Type.Partial(KbBody) } },
    async (req) => kb.update(req.actor, req.params.id, req.body),
  );
  app.post(
    '/kb/:id/publish',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['hotline'], summary: '审核发布知识库条目', params: IdParams } },
    async (req) => kb.setStatus(req.actor, req.params.id, 'published'),
  );
  app.post(
    '/kb/:id/retire',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['hotline'], summary: '停用知识库条目', params: IdParams } },
    async (req) => kb.setStatus(req.actor, req.params.id, 'retired'),
  );
  app.post(
    '/kb/:id/use',
    { config: { access: CENTRE }, schema: { tags: ['hotline'], summary: '记录一次引用（使用次数 +1）', params: IdParams } },
    async (req) => kb.use(req.params.id),
  );

  // --- 市长信箱 ----------------------------------------------------------------------------------
  app.post(
    '/mailbox',
    {
      config: { access: 'public', rateLimit: RATE_LIMITS.mailbox },
      schema: {
        tags: ['mailbox'],
        summary: '市长信箱来信（无需登录，按 IP 限流），返回查询码',
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 200 }),
            content: Type.String({ maxLength: 20000 }),
            category: Type.Optional(Type.String({ maxLength: 20 })),
            name: Type.String({ minLength: 1, maxLength: 64 }),
            phone: Type.String({ minLength: 1, maxLength: 32 }),
            email: Type.Optional(Type.String({ maxLength: 200 })),
            address: Type.Optional(Type.String({ maxLength: 300 })),
            // A city's 市长信箱 page addressed to one county names it; absent, the installation's county.
            region: Type.Optional(Type.String({ maxLength: 12 })),
            publishConsent: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await mailbox.submit(req.actor, req.body)),
  );
  app.get(
    '/mailbox/public',
    { config: { access: 'public' }, schema: { tags: ['mailbox'], summary: '公开的来信与答复（写信人同意公开的）', querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }) } },
    async (req) => mailbox.publicList(req.query),
  );
  app.get(
    '/mailbox/:code',
    { config: { access: 'public' }, schema: { tags: ['mailbox'], summary: '凭查询码查看来信办理情况', params: Type.Object({ code: Type.String({ minLength: 6, maxLength: 20 }) }) } },
    async (req) => mailbox.byCode(req.params.code),
  );
}
