import { Type } from 'typebox';
import type { App, AppContext } from '../../kernel/module';
import { AppError } from '../../kernel/errors';
import { RateLimiter } from '../../kernel/http/rate-limit';
import { PageQuery } from '../../kernel/http/schemas';
import { CASE_ACTIONS, CHANNELS, GREEN_CHANNEL_MODES } from './cases.rules';
import type { CasesService } from './cases.service';
import type { BundlesService } from './bundles.service';
import { normalizeCaseNo } from '../../shared/case-no';
import { XLSX_CONTENT_TYPE, attachmentHeader } from '../../kernel/list-export';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Applicant = Type.Object(
  {
    type: lit(['person', 'organization'] as const),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    idNumber: Type.Optional(Type.String({ maxLength: 40 })),
    creditCode: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);

const ProvidedMaterials = Type.Array(
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), provided: Type.Boolean() }, { additionalProperties: false }),
  { maxItems: 200 },
);

const CrossModes = lit(['full_online', 'proxy', 'multi_site'] as const);

const SubmitBody = Type.Object(
  {
    itemCode: Type.String({ minLength: 1, maxLength: 80 }),
    channel: lit(CHANNELS),
    applicant: Applicant,
    materials: Type.Optional(ProvidedMaterials),
    greenChannel: Type.Optional(Type.Union([lit(GREEN_CHANNEL_MODES), Type.Null()])),
    crossProvince: Type.Optional(
      Type.Object(
        {
          partnerRegionCode: Type.String({ pattern: '^\\d{6}$' }),
          mode: CrossModes,
          partnerReference: Type.Optional(Type.String({ maxLength: 80 })),
        },
        { additionalProperties: false },
      ),
    ),
    acceptNow: Type.Optional(Type.Boolean({ description: '收件即受理：窗口当面申请且必要材料齐全时，收件同时受理' })),
  },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    action: lit(CASE_ACTIONS),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    days: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    notice: Type.Optional(Type.String({ maxLength: 4000 })),
    missing: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
    materials: Type.Optional(ProvidedMaterials),
    deliveryMethod: Type.Optional(Type.String({ maxLength: 20 })),
    trackingNo: Type.Optional(Type.String({ maxLength: 60 })),
    method: Type.Optional(Type.String({ maxLength: 20 })),
    partnerReference: Type.Optional(Type.String({ maxLength: 80 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    opinion: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** The case shape of SPEC §4.1; more fields travel along (additionalProperties). */
const CaseSchema = Type.Object(
  {
    caseNo: Type.String(),
    status: Type.String(),
    itemCode: Type.String(),
    itemName: Type.String(),
    versionId: Type.Integer(),
    departmentId: Type.Integer(),
    departmentName: Type.String(),
    channel: Type.String(),
    submittedAt: Type.String(),
    acceptedAt: Type.Union([Type.String(), Type.Null()]),
    promisedDueDate: Type.Union([Type.String(), Type.Null()]),
    legalDueDate: Type.Union([Type.String(), Type.Null()]),
    workdaysUsed: Type.Integer(),
    workdaysLeft: Type.Union([Type.Integer(), Type.Null()]),
    onTime: Type.Union([Type.Boolean(), Type.Null()]),
    explanation: Type.String(),
  },
  { additionalProperties: true },
);

const CaseNoParams = Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 40 }) });

const CASE_READERS = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'citizen'] as const;

export function casesRoutes(app: App, ctx: AppContext, cases: CasesService, bundles: BundlesService) {
  app.post(
    '/cases',
    {
      config: { access: ['clerk', 'citizen', 'admin'], idempotency: { scope: 'cases.submit' } },
      schema: {
        tags: ['cases'],
        summary: '申请办件（窗口收件或网上申请）；Idempotency-Key 头使重试返回首次结果',
        body: SubmitBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 120 })) }),
        response: { 201: CaseSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await cases.submit(req.actor, req.body, req.idempotencyKey)),
  );

  const ListFilter = {
    status: Type.Optional(Type.String({ maxLength: 200 })),
    department: Type.Optional(Type.Integer({ minimum: 1 })),
    itemCode: Type.Optional(Type.String({ maxLength: 80 })),
    q: Type.Optional(Type.String({ maxLength: 100, description: '办件号（可不带连字符）、申请人姓名或名称（可只输部分）、事项名称' })),
    greenChannel: Type.Optional(Type.Boolean()),
    bundleNo: Type.Optional(Type.String({ maxLength: 40 })),
    channel: Type.Optional(lit(CHANNELS)),
    mine: Type.Optional(Type.Boolean()),
    overdue: Type.Optional(Type.Boolean({ description: 'true：超期在办或超期办结' })),
    sort: Type.Optional(lit(['due', 'submitted'] as const)),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '申请日期起（含）' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '申请日期止（含）' })),
  };

  app.get(
    '/cases',
    {
      config: { access: CASE_READERS, reads: 'replica' },
      schema: {
        tags: ['cases'],
        summary: '办件列表（按角色限定范围；sort=due 为按剩余时限排序的工作清单）',
        querystring: Type.Object({ ...PageQuery, ...ListFilter }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(CaseSchema), total: Type.Integer() }) },
      },
    },
    async (req) => {
      const { department, ...q } = req.query;
      return cases.list(req.actor, { ...q, departmentId: department });
    },
  );

  app.get(
    '/cases/export.xlsx',
    {
      config: { access: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'], reads: 'replica' },
      schema: {
        tags: ['cases'],
        summary: '按当前筛选条件导出办件清单（Excel）；超过导出上限 422 EXPORT_TOO_LARGE',
        querystring: Type.Object(ListFilter, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const { department, ...q } = req.query;
      const { buffer } = await cases.exportList(req.actor, { ...q, departmentId: department });
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', attachmentHeader('cases.xlsx', `办件清单_${cases.today()}.xlsx`))
        .send(buffer);
    },
  );

  app.get(
    '/cases/:caseNo',
    {
      config: { access: CASE_READERS },
      schema: { tags: ['cases'], summary: '办件详情（含时限、时间线与材料）', params: CaseNoParams, response: { 200: CaseSchema } },
    },
    async (req) => cases.get(req.actor, req.params.caseNo),
  );

  app.post(
    '/cases/:caseNo/actions',
    {
      config: { access: ['admin', 'leader', 'clerk', 'reviewer', 'citizen'] },
      schema: {
        tags: ['cases'],
        summary: '办件操作：补正、受理、不予受理、中止、恢复、延期、准予、不予许可、办结、撤回、转递',
        params: CaseNoParams,
        body: ActionBody,
        response: { 200: CaseSchema },
      },
    },
    async (req) => cases.act(req.actor, req.params.caseNo, req.body),
  );

  // --- public progress lookup ----------------------------------------------------------------------

  const perIp = new RateLimiter(ctx.clock, cases.settings.progressPerIpPerMinute, 60_000, ctx.rateLimits, 'progress.ip');
  const perCase = new RateLimiter(ctx.clock, cases.settings.progressFailuresPerCase, 15 * 60_000, ctx.rateLimits, 'progress.case');
  app.get(
    '/public/progress',
    {
      config: { access: 'public', reads: 'replica' },
      schema: {
        tags: ['cases'],
        summary: '免登录办件进度查询（办件号 + 证件号后4位），不含个人信息',
        security: [],
        querystring: Type.Object(
          { caseNo: Type.String({ minLength: 6, maxLength: 40 }), last4: Type.String({ pattern: '^[0-9A-Za-z]{4}$' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const ipKey = `ip:${req.ip}`;
      const caseNo = normalizeCaseNo(req.query.caseNo);
      const caseKey = `case:${caseNo}`;
      // Every lookup counts per IP; only failed ones count against the case (guessing its last 4 digits).
      const wait = Math.max(await perIp.take(ipKey), await perCase.retryAfter(caseKey));
      if (wait > 0) throw new AppError('PROGRESS_RATE_LIMITED', 429, `查询过于频繁，请 ${wait} 秒后再试`, { retryAfter: wait });
      const found = await cases.progress(caseNo, req.query.last4);
      if (!found) {
        await perCase.hit(caseKey);
        throw new AppError('CASE_NOT_FOUND', 404, '没有找到办件：请核对办件号和证件号后4位');
      }
      return found;
    },
  );

  // --- 一件事一次办 ---------------------------------------------------------------------------------

  const BundleBody = Type.Object(
    {
      code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,40}$' }),
      name: Type.String({ minLength: 2, maxLength: 100 }),
      description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
      leadDepartmentId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
      itemCodes: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 30 }),
      promisedDays: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 365 }), Type.Null()])),
      active: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  );

  app.get(
    '/bundles',
    {
      config: { access: 'public' },
      schema: { tags: ['bundles'], summary: '“一件事一次办”主题列表（含合并后的材料清单）', security: [], querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) },
    },
    async (req) => bundles.list({ includeInactive: req.query.all === true && req.actor.roles.includes('admin') }),
  );
  app.get(
    '/bundles/:code',
    { config: { access: 'public' }, schema: { tags: ['bundles'], summary: '一件事详情：事项、部门与一次性材料清单', security: [], params: Type.Object({ code: Type.String({ maxLength: 40 }) }) } },
    async (req) => bundles.get(req.params.code),
  );
  app.post(
    '/bundles',
    { config: { access: ['admin'] }, schema: { tags: ['bundles'], summary: '定义或修改“一件事”（跨部门事项组合）', body: BundleBody } },
    async (req, reply) => reply.status(201).send(await bundles.define(req.actor, req.body)),
  );
  app.post(
    '/bundles/:code/applications',
    {
      config: { access: ['clerk', 'citizen', 'admin'] },
      schema: {
        tags: ['bundles'],
        summary: '一件事一次办申请：一张表、一套材料，按事项生成办件',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          {
            channel: lit(CHANNELS),
            applicant: Applicant,
            materials: Type.Optional(ProvidedMaterials),
            greenChannel: Type.Optional(Type.Union([lit(GREEN_CHANNEL_MODES), Type.Null()])),
            greenNote: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await bundles.apply(req.actor, req.params.code, req.body)),
  );
  app.get(
    '/bundle-applications',
    {
      config: { access: CASE_READERS },
      schema: {
        tags: ['bundles'],
        summary: '一件事申请列表；greenChannel=true 为帮代办/上门办工作清单',
        querystring: Type.Object({ ...PageQuery, greenChannel: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req) => bundles.applications(req.actor, req.query),
  );
  app.get(
    '/bundle-applications/:bundleNo',
    { config: { access: CASE_READERS }, schema: { tags: ['bundles'], summary: '一件事申请详情：状态与时限随各办件', params: Type.Object({ bundleNo: Type.String({ maxLength: 40 }) }) } },
    async (req) => bundles.application(req.actor, req.params.bundleNo),
  );

  // --- 跨省通办 ---------------------------------------------------------------------------------------

  const PartnerBody = Type.Object(
    {
      regionCode: Type.String({ pattern: '^\\d{6}$' }),
      name: Type.String({ minLength: 2, maxLength: 60 }),
      province: Type.String({ minLength: 2, maxLength: 30 }),
      contact: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
      items: Type.Array(Type.Object({ itemCode: Type.String({ minLength: 1, maxLength: 80 }), modes: Type.Array(CrossModes, { maxItems: 3 }) }, { additionalProperties: false }), { maxItems: 500 }),
      active: Type.Optional(Type.Boolean()),
      agreedOn: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '协议签订日期' }), Type.Null()])),
    },
    { additionalProperties: false },
  );
  app.get(
    '/partner-regions',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['cross-province'], summary: '跨省通办合作地区及通办事项', querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) },
    },
    async (req) => bundles.partners({ includeInactive: req.query.all === true }),
  );
  app.post(
    '/partner-regions',
    { config: { access: ['admin'] }, schema: { tags: ['cross-province'], summary: '新增或修改跨省通办合作地区（按区划代码）', body: PartnerBody } },
    async (req, reply) => reply.status(201).send(await bundles.upsertPartner(req.actor, req.body)),
  );
}
