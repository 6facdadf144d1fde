import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { AppError } from '../../kernel/errors';
import { DateString, PageQuery } from '../../kernel/http/schemas';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import { LIMITS } from '../../shared/limits';
import type { Role } from '../../shared/roles';
import { OUTCOMES, TASK_RESULTS, TASK_STATUSES, RegulationConfigError, mergeConfig } from './regulation.rules';
import { REGULATION_READERS, REGULATION_WRITERS, ownOrMissing, readScope } from './regulation.access';
import type { RegulationParts } from './regulation.service';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const READERS = [...REGULATION_READERS] as Role[];
const WRITERS = [...REGULATION_WRITERS] as Role[];
const REGULATOR: Role[] = ['regulator'];
const Dept = Type.Optional(Type.Integer({ minimum: 1 }));
const Code = Type.String({ minLength: 1, maxLength: LIMITS.code });

export function regulationRoutes(app: App, p: RegulationParts) {
  const tags = ['regulation'];

  // ---- 监管任务 (审管联动) ----
  app.get(
    '/regulation/tasks',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '监管任务队列（监管部门只见本部门）',
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(lit(TASK_STATUSES)), overdue: Type.Optional(Type.Boolean()), departmentId: Dept, q: Type.Optional(Type.String({ maxLength: LIMITS.title })) }, { additionalProperties: false }),
      },
    },
    async (req) => ({ ...(await p.tasks.list(req.actor, req.query)), counts: await p.tasks.counts(req.actor, req.query.departmentId) }),
  );
  app.get(
    '/regulation/tasks/:taskNo',
    { config: { access: READERS }, schema: { tags, summary: '监管任务详情', params: Type.Object({ taskNo: Code }) } },
    async (req) => p.tasks.get(req.actor, req.params.taskNo),
  );
  app.post(
    '/regulation/tasks/:taskNo/claim',
    { config: { access: REGULATOR }, schema: { tags, summary: '认领监管任务（本部门）', params: Type.Object({ taskNo: Code }) } },
    async (req) => p.tasks.claim(req.actor, req.params.taskNo),
  );
  app.post(
    '/regulation/tasks/:taskNo/close',
    {
      config: { access: REGULATOR },
      schema: { tags, summary: '办结监管任务', params: Type.Object({ taskNo: Code }), body: Type.Object({ result: lit(TASK_RESULTS), note: Type.Optional(Type.String({ maxLength: LIMITS.reason })) }, { additionalProperties: false }) },
    },
    async (req) => p.tasks.close(req.actor, req.params.taskNo, req.body),
  );

  // ---- 认领时限配置 ----
  app.get('/regulation/config', { config: { access: READERS }, schema: { tags, summary: '审管联动配置（认领时限）' } }, async () => p.tasks.settings.get());
  app.put(
    '/regulation/config',
    { config: { access: ['admin'] }, schema: { tags, summary: '设置认领时限（工作日）', body: Type.Object({ claimWorkdays: Type.Integer() }, { additionalProperties: false }) } },
    async (req) => {
      try {
        return await p.tasks.settings.save(req.actor, mergeConfig(req.body));
      } catch (e) {
        if (e instanceof RegulationConfigError) throw new AppError('INVALID_CONFIG', 422, e.message, { field: e.field });
        throw e;
      }
    },
  );

  // ---- 监管事项目录 ----
  app.get(
    '/regulation/items',
    { config: { access: READERS }, schema: { tags, summary: '监管事项目录', querystring: Type.Object({ ...PageQuery, departmentId: Dept }, { additionalProperties: false }) } },
    async (req) => p.registry.listItems(req.actor, req.query),
  );
  app.post(
    '/regulation/items',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: '新增监管事项（主项或子项）',
        body: Type.Object(
          {
            code: Code,
            name: Type.String({ minLength: 1, maxLength: LIMITS.title }),
            parentCode: Type.Optional(Type.Union([Code, Type.Null()])),
            legalBasis: Type.String({ minLength: 1, maxLength: LIMITS.reason }),
            departmentId: Dept,
            itemCodes: Type.Array(Code, { maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await p.registry.createItem(req.actor, req.body)),
  );
  app.put(
    '/regulation/items/:code',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: '修改监管事项（名称、主项、设定依据、监管部门、覆盖的审批事项）',
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: LIMITS.title }),
            parentCode: Type.Optional(Type.Union([Code, Type.Null()])),
            legalBasis: Type.String({ minLength: 1, maxLength: LIMITS.reason }),
            departmentId: Dept,
            itemCodes: Type.Array(Code, { maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => p.registry.updateItem(req.actor, req.params.code, req.body),
  );
  app.put(
    '/regulation/items/:code/coverage',
    { config: { access: WRITERS }, schema: { tags, summary: '设置监管事项覆盖的审批事项', params: Type.Object({ code: Code }), body: Type.Object({ itemCodes: Type.Array(Code, { maxItems: 50 }) }, { additionalProperties: false }) } },
    async (req) => p.registry.setCoverage(req.actor, req.params.code, req.body.itemCodes),
  );

  // ---- 执法人员 ----
  app.get(
    '/regulation/inspectors',
    { config: { access: READERS }, schema: { tags, summary: '执法人员（联系方式脱敏）', querystring: Type.Object({ ...PageQuery, departmentId: Dept }, { additionalProperties: false }) } },
    async (req) => p.registry.listInspectors(req.actor, req.query),
  );
  app.post(
    '/regulation/inspectors',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: '注册执法人员',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: LIMITS.personName }), certNo: Type.String({ minLength: 4, maxLength: 30, pattern: '^[0-9A-Za-z-]+$' }), validTo: DateString(), phone: Type.Optional(Type.String({ maxLength: LIMITS.phone })), departmentId: Dept },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await p.registry.registerInspector(req.actor, req.body)),
  );

  // ---- 双随机 ----
  app.get(
    '/regulation/draws',
    { config: { access: READERS }, schema: { tags, summary: '双随机抽查', querystring: Type.Object({ ...PageQuery, departmentId: Dept }, { additionalProperties: false }) } },
    async (req) => p.draws.list(req.actor, req.query),
  );
  app.get(
    '/regulation/draws/:drawNo',
    { config: { access: READERS }, schema: { tags, summary: '抽查详情（含抽中对象，供录入检查）', params: Type.Object({ drawNo: Code }) } },
    async (req) => {
      const d = await p.draws.detail(req.params.drawNo, true);
      readScope(req.actor);
      ownOrMissing(req.actor, d.departmentId, 'DRAW_NOT_FOUND', `抽查 ${req.params.drawNo} 不存在`);
      return d;
    },
  );
  app.post(
    '/regulation/draws',
    {
      config: { access: REGULATOR },
      schema: {
        tags,
        summary: '发起双随机抽查（先公示随机种子的摘要）',
        body: Type.Object({ title: Type.String({ minLength: 1, maxLength: LIMITS.title }), inspectors: Type.Integer({ minimum: 1, maximum: 50 }), subjects: Type.Integer({ minimum: 1, maximum: 500 }) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await p.draws.commit(req.actor, req.body)),
  );
  app.post(
    '/regulation/draws/:drawNo/run',
    { config: { access: REGULATOR }, schema: { tags, summary: '执行抽取（公开随机种子并记录结果）', params: Type.Object({ drawNo: Code }) } },
    async (req) => p.draws.run(req.actor, req.params.drawNo),
  );
  app.get(
    '/regulation/public/draws',
    { config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup }, schema: { tags, summary: '双随机抽查结果公示', querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }) } },
    async (req) => p.draws.list(null, req.query),
  );
  app.get(
    '/regulation/public/draws/:drawNo',
    { config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup }, schema: { tags, summary: '抽查结果公示详情（随机种子、摘要、抽取池与结果）', params: Type.Object({ drawNo: Code }) } },
    async (req) => p.draws.detail(req.params.drawNo),
  );

  // ---- 检查记录 ----
  app.get(
    '/regulation/inspections',
    { config: { access: READERS }, schema: { tags, summary: '检查记录', querystring: Type.Object({ ...PageQuery, departmentId: Dept }, { additionalProperties: false }) } },
    async (req) => p.draws.listInspections(req.actor, req.query),
  );
  app.post(
    '/regulation/inspections',
    {
      config: { access: REGULATOR },
      schema: {
        tags,
        summary: '录入检查结果',
        body: Type.Object(
          {
            drawNo: Type.Optional(Code),
            subjectKey: Type.String({ minLength: 1, maxLength: LIMITS.idNumber }),
            inspectorIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 10 }),
            inspectedOn: DateString(),
            outcome: lit(OUTCOMES),
            rectifyDue: Type.Optional(DateString()),
            note: Type.Optional(Type.String({ maxLength: LIMITS.reason })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await p.draws.recordInspection(req.actor, req.body)),
  );
  app.post(
    '/regulation/inspections/:id/rectified',
    { config: { access: REGULATOR }, schema: { tags, summary: '整改到位', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ on: DateString() }, { additionalProperties: false }) } },
    async (req) => p.draws.markRectified(req.actor, req.params.id, req.body.on),
  );

  // ---- 风险核查 ----
  app.get(
    '/regulation/risks',
    { config: { access: READERS }, schema: { tags, summary: '风险核查', querystring: Type.Object({ departmentId: Dept }, { additionalProperties: false }) } },
    async (req) => p.draws.risks(req.actor, req.query.departmentId),
  );
}
