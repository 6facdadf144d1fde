import { Type, type TSchema } from 'typebox';
import type { Actor } from '../../kernel/auth/actor';
import type { App } from '../../kernel/module';
import { DateString, PageQuery, pageOf } from '../../kernel/http/schemas';
import { readsAllDepartments } from '../../kernel/auth/actor';
import type { Role } from '../../shared/roles';
import { AGENCY_STATUSES, LEVELS, MODES, PROJECT_STATUSES } from './intermediaries.rules';
import type { IntermediariesService } from './intermediaries.service';
import type { CasesService } from '../cases';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

/** 审批局 staff who run the market (review, suspend, credit). */
const ADMINS: Role[] = ['admin'];
/** Who posts a purchase: an enterprise (citizen account) or a department's staff. */
const OWNERS: Role[] = ['citizen', 'reviewer', 'clerk', 'unit'];
const FLAG_READERS: Role[] = ['admin', 'leader', 'supervisor', 'reviewer', 'clerk'];

const ProjectNo = Type.Object({ projectNo: Str(24) }, { additionalProperties: false });
const AgencyId = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const Note = Type.Object({ note: Str(500) }, { additionalProperties: false });

const Qualification = Type.Object(
  { name: Str(100), level: lit(LEVELS), certNo: Str(60), expiresOn: DateString('资质有效期至') },
  { additionalProperties: false },
);

const tags = ['intermediaries'];

/** 中介服务超市 (issue 17): the service list, the registry, projects from posting to rating, the 体外循环 flags. */
export function intermediariesRoutes(app: App, svc: IntermediariesService, cases: Pick<CasesService, 'get'> | undefined) {
  const base = '/intermediaries';

  app.get(`${base}/services`, { config: { access: 'public' }, schema: { tags, summary: '中介服务类型' } }, async () => {
    const items = await svc.registry.services();
    return { items, total: items.length };
  });
  app.post(
    `${base}/services`,
    {
      config: { access: ADMINS },
      schema: { tags, summary: '新增中介服务类型', body: Type.Object({ code: Str(40), name: Str(60), category: Str(20) }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await svc.registry.createService(req.actor, req.body)),
  );
  app.get(`${base}/item-services`, { config: { access: 'public' }, schema: { tags, summary: '中介服务事项清单' } }, async () => {
    const items = await svc.registry.itemServices();
    return { items, total: items.length };
  });
  app.post(
    `${base}/item-services`,
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: '将事项所需中介服务列入清单',
        body: Type.Object(
          { itemCode: Str(60), serviceId: Type.Integer({ minimum: 1 }), materialName: Type.Optional(Type.String({ maxLength: 200 })), legalBasis: Str(500), selfAllowed: Type.Boolean() },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.registry.addItemService(req.actor, req.body) }),
  );

  // ---- 中介机构 ----
  app.get(
    `${base}/agencies`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '中介机构名录（公众看已入驻机构；管理人员可按状态查）',
        querystring: Type.Object(
          { ...PageQuery, status: Type.Optional(lit(AGENCY_STATUSES)), serviceId: Type.Optional(Type.Integer({ minimum: 1 })), keyword: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => svc.registry.list(req.actor, { ...req.query, ...pageOf(req.query), all: readsAllDepartments(req.actor) }),
  );
  app.get(`${base}/agencies/mine`, { config: { access: ['citizen'] }, schema: { tags, summary: '本账号登记的中介机构' } }, async (req) => {
    const row = await svc.registry.agencyOfUser(req.actor.id);
    return { agency: row ? await svc.registry.view(req.actor, row.id) : null };
  });
  app.get(`${base}/agencies/:id`, { config: { access: 'public' }, schema: { tags, summary: '中介机构详情', params: AgencyId } }, async (req) => {
    const v = await svc.registry.view(req.actor, req.params.id);
    if (v.status !== 'listed' && !v.mine && !readsAllDepartments(req.actor)) return { ...v, qualifications: [] };
    return v;
  });
  app.get(`${base}/agencies/:id/credit`, { config: { access: 'public' }, schema: { tags, summary: '中介机构信用记录', params: AgencyId } }, async (req) => {
    const items = await svc.registry.credit(req.params.id);
    return { items, total: items.length };
  });
  app.post(
    `${base}/agencies`,
    {
      config: { access: ['citizen', 'admin'] },
      schema: {
        tags,
        summary: '中介机构登记入驻',
        body: Type.Object(
          {
            uscc: Str(30),
            name: Str(100, 2),
            contact: Str(40),
            phone: Str(20),
            office: Str(200),
            staffCount: Type.Integer({ minimum: 1, maximum: 100000 }),
            serviceIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20 }),
            qualifications: Type.Array(Qualification, { maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.registry.register(req.actor, req.body)),
  );
  app.put(
    `${base}/agencies/:id`,
    {
      config: { access: ['citizen', 'admin'] },
      schema: {
        tags,
        summary: '修改中介机构登记信息（联系人、办公地址、人员、服务类型）',
        params: AgencyId,
        body: Type.Object(
          { contact: Str(40), phone: Str(20), office: Str(200), staffCount: Type.Integer({ minimum: 1, maximum: 100000 }), serviceIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => svc.registry.update(req.actor, req.params.id, req.body),
  );
  app.post(
    `${base}/agencies/:id/qualifications`,
    { config: { access: ['citizen', 'admin'] }, schema: { tags, summary: '登记资质', params: AgencyId, body: Qualification } },
    async (req, reply) => reply.status(201).send(await svc.registry.addQualification(req.actor, req.params.id, req.body)),
  );
  app.post(
    `${base}/agencies/:id/review`,
    {
      config: { access: ADMINS },
      schema: { tags, summary: '入驻审核', params: AgencyId, body: Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) },
    },
    async (req) => svc.registry.review(req.actor, req.params.id, req.body.approve, req.body.note ?? null),
  );
  app.post(`${base}/agencies/:id/suspend`, { config: { access: ADMINS }, schema: { tags, summary: '暂停', params: AgencyId, body: Note } }, async (req) =>
    svc.registry.suspend(req.actor, req.params.id, req.body.note),
  );
  app.post(`${base}/agencies/:id/resume`, { config: { access: ADMINS }, schema: { tags, summary: '恢复', params: AgencyId, body: Note } }, async (req) =>
    svc.registry.resume(req.actor, req.params.id, req.body.note),
  );
  app.post(
    `${base}/agencies/:id/credit`,
    {
      config: { access: ['admin', 'supervisor'] },
      schema: { tags, summary: '记录违规或投诉', params: AgencyId, body: Type.Object({ kind: lit(['violation', 'complaint'] as const), note: Str(1000) }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await svc.registry.recordCredit(req.actor, req.params.id, req.body.kind, req.body.note)),
  );

  // ---- 采购项目 ----
  app.get(
    `${base}/projects`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '采购项目（报名中、公示、结果）',
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(lit(PROJECT_STATUSES)), mode: Type.Optional(lit(MODES)), mine: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.views.list(req.actor, { ...req.query, ...pageOf(req.query) }),
  );
  app.get(`${base}/projects/eligible`, { config: { access: ['citizen'] }, schema: { tags, summary: '本机构可报名的项目（按服务类型，附不能报名的原因）' } }, async (req) =>
    svc.desk.eligible(req.actor),
  );
  app.get(`${base}/projects/:projectNo/signups`, { config: { access: [...OWNERS, 'admin'] }, schema: { tags, summary: '报名情况（业主；报价在截止后才显示）', params: ProjectNo } }, async (req) => {
    const items = await svc.desk.signups(req.actor, req.params.projectNo);
    return { items, total: items.length };
  });
  app.get(`${base}/projects/:projectNo`, { config: { access: 'public' }, schema: { tags, summary: '项目详情与公示', params: ProjectNo } }, async (req) =>
    svc.project(req.actor, req.params.projectNo),
  );
  app.post(
    `${base}/projects`,
    {
      config: { access: OWNERS },
      schema: {
        tags,
        summary: '发布采购项目',
        body: Type.Object(
          {
            serviceId: Type.Integer({ minimum: 1 }),
            title: Str(200, 2),
            scope: Str(2000),
            requiredQualification: Type.Optional(Type.String({ maxLength: 100 })),
            requiredLevel: Type.Optional(lit(LEVELS)),
            budget: Type.Number({ exclusiveMinimum: 0, maximum: 20_000_000 }),
            mode: lit(MODES),
            criteria: Type.Optional(Type.Array(Type.Object({ name: Str(40), weight: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }), { maxItems: 10 })),
            signupTo: DateString('报名截止日'),
            bidDeadline: Type.Optional(Type.String({ maxLength: 40, description: '竞价选取的报价截止时间（ISO）' })),
            deliveryWorkdays: Type.Integer({ minimum: 1, maximum: 250 }),
            ownerCode: Type.Optional(Type.String({ maxLength: 30 })),
            ownerName: Type.Optional(Type.String({ maxLength: 100 })),
            agencyId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.project(req.actor, await svc.projects.post(req.actor, req.body))),
  );
  const act = <B extends Record<string, unknown>>(path: string, access: Role[], summary: string, body: TSchema, run: (actor: Actor, no: string, b: B) => Promise<unknown>) => {
    app.post(`${base}/projects/:projectNo/${path}`, { config: { access }, schema: { tags, summary, params: ProjectNo, body } }, async (req) => {
      await run(req.actor, (req.params as { projectNo: string }).projectNo, req.body as B);
      return svc.project(req.actor, (req.params as { projectNo: string }).projectNo);
    });
  };
  const Empty = Type.Object({}, { additionalProperties: false });
  act('signup', ['citizen'], '中介机构报名', Empty, (a, no) => svc.projects.signup(a, no));
  act<{ price: number }>('bid', ['citizen'], '竞价报价（密封）', Type.Object({ price: Type.Number({ exclusiveMinimum: 0, maximum: 20_000_000 }) }, { additionalProperties: false }), (a, no, b) =>
    svc.projects.bid(a, no, b.price),
  );
  act<{ scores?: { agencyId: number; scores: Record<string, number> }[] }>(
    'select',
    OWNERS,
    '选取中介机构（随机抽取/开标/择优评分）',
    Type.Object(
      {
        scores: Type.Optional(
          Type.Array(Type.Object({ agencyId: Type.Integer({ minimum: 1 }), scores: Type.Record(Type.String({ maxLength: 40 }), Type.Number({ minimum: 0, maximum: 100 })) }, { additionalProperties: false }), { maxItems: 100 }),
        ),
      },
      { additionalProperties: false },
    ),
    (a, no, b) => svc.projects.select(a, no, b),
  );
  act<{ text: string }>('objections', ['citizen', 'admin', 'leader', 'supervisor', 'reviewer', 'clerk', 'unit'], '公示期内提出异议', Type.Object({ text: Str(2000, 5) }, { additionalProperties: false }), (a, no, b) =>
    svc.projects.object(a, no, b.text),
  );
  app.post(
    `${base}/projects/:projectNo/objections/:id/answer`,
    {
      config: { access: [...OWNERS, 'admin'] },
      schema: { tags, summary: '答复异议', params: Type.Object({ projectNo: Str(24), id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ upheld: Type.Boolean(), answer: Str(2000) }, { additionalProperties: false }) },
    },
    async (req) => {
      await svc.projects.resolveObjection(req.actor, req.params.projectNo, req.params.id, req.body.upheld, req.body.answer);
      return svc.project(req.actor, req.params.projectNo);
    },
  );
  act<{ contractNo: string; price?: number }>(
    'contract',
    OWNERS,
    '签订合同',
    Type.Object({ contractNo: Str(60), price: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 20_000_000 })) }, { additionalProperties: false }),
    (a, no, b) => svc.delivery.contract(a, no, b),
  );
  act<{ reportNo: string }>('deliver', ['citizen'], '提交服务成果', Type.Object({ reportNo: Str(60) }, { additionalProperties: false }), (a, no, b) => svc.delivery.deliver(a, no, b.reportNo));
  act('accept', OWNERS, '验收', Empty, (a, no) => svc.delivery.accept(a, no));
  act<{ rating: number; comment?: string }>(
    'rate',
    OWNERS,
    '业主评价中介机构',
    Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
    (a, no, b) => svc.delivery.rate(a, no, b.rating, b.comment ?? null),
  );
  act<{ reason: string }>('cancel', OWNERS, '终止项目', Type.Object({ reason: Str(500) }, { additionalProperties: false }), (a, no, b) => svc.projects.cancel(a, no, b.reason));

  // ---- 体外循环 ----
  app.get(
    `${base}/cases/:caseNo`,
    { config: { access: 'authenticated' }, schema: { tags, summary: '办件所需中介服务的来源（中介服务超市项目或体外循环）', params: Type.Object({ caseNo: Str(40) }, { additionalProperties: false }) } },
    async (req) => {
      await cases?.get(req.actor, req.params.caseNo);
      const items = await svc.desk.caseChecks(req.params.caseNo);
      return { items, total: items.length };
    },
  );
  app.get(
    `${base}/flags`,
    {
      config: { access: FLAG_READERS },
      schema: { tags, summary: '体外循环预警（本部门；局领导、监察看全部）', querystring: Type.Object({ ...PageQuery, from: Type.Optional(DateString()), to: Type.Optional(DateString()) }, { additionalProperties: false }) },
    },
    async (req) => svc.checks.flags({ ...req.query, ...pageOf(req.query), departmentId: readsAllDepartments(req.actor) ? null : (req.actor.departmentId ?? -1) }),
  );
}
