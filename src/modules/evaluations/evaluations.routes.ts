import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../kernel/module';
import { AppError } from '../../kernel/errors';
import { DateString, PageQuery, pageOf } from '../../kernel/http/schemas';
import type { Role } from '../../shared/roles';
import { CHANNELS, REVIEW_ACTIONS, REVIEW_STATUSES } from './evaluations.rules';
import type { Device, EvaluationsService } from './evaluations.service';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const DEVICE_KEY_HEADER = 'x-device-key';

const READERS: Role[] = ['admin', 'leader', 'supervisor'];
const LOOP_ROLES: Role[] = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'operator'];
const STAFF_READERS: Role[] = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'];

const Level = Type.Integer({ minimum: 1, maximum: 5, description: '5 非常满意 … 1 非常不满意' });

const RateBody = Type.Object(
  {
    caseNo: Type.String({ minLength: 1, maxLength: 40 }),
    level: Level,
    channel: lit(CHANNELS),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
    indicators: Type.Optional(Type.Record(Type.String({ maxLength: 30 }), Type.Integer({ minimum: 1, maximum: 5 }))),
  },
  { additionalProperties: false },
);

const ReviewActionBody = Type.Object(
  {
    action: lit(REVIEW_ACTIONS),
    verdict: Type.Optional(lit(['valid', 'invalid'] as const)),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    upheld: Type.Optional(Type.Boolean()),
    measures: Type.Optional(Type.String({ maxLength: 2000 })),
    reached: Type.Optional(Type.Boolean()),
    satisfaction: Type.Optional(lit(['satisfied', 'basic', 'unsatisfied'] as const)),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

/**
 * Window devices send their key in `X-Device-Key`; the route stays `public` for them and the service
 * decides who may rate. A wrong key is an error rather than falling back to anonymous.
 */
async function deviceOf(req: FastifyRequest, svc: EvaluationsService, required = false): Promise<Device | null> {
  const key = req.headers[DEVICE_KEY_HEADER];
  if (typeof key !== 'string' || key === '') {
    // A missing header is a malformed device call (400); a wrong key is a failed authentication (401).
    if (required) throw new AppError('DEVICE_KEY_REQUIRED', 400, '请在 X-Device-Key 头中提供窗口评价器密钥', { field: 'X-Device-Key', in: 'headers' });
    return null;
  }
  const d = await svc.authenticateDevice(key);
  if (!d) throw new AppError('DEVICE_KEY_INVALID', 401, '窗口评价器密钥无效或已停用');
  return d;
}

export function evaluationsRoutes(app: App, svc: EvaluationsService) {
  const tags = ['evaluations'];

  app.post(
    '/evaluations',
    {
      config: { access: 'public' },
      schema: { tags, summary: '评价办件（申请人本人网上评价、窗口评价器或话务员代录热线评价）', body: RateBody },
    },
    async (req, reply) => {
      const device = await deviceOf(req, svc);
      const actor = device ? svc.deviceActor(device, req.ip) : req.actor;
      return reply.status(201).send(await svc.rate(actor, device, req.body));
    },
  );

  app.get(
    '/evaluations',
    {
      config: { access: ['admin', 'leader', 'supervisor', 'reviewer', 'clerk', 'citizen'] },
      schema: {
        tags,
        summary: '评价列表（按权限范围）',
        querystring: Type.Object(
          {
            ...PageQuery,
            from: Type.Optional(DateString()),
            to: Type.Optional(DateString()),
            department: Type.Optional(Type.Integer()),
            channel: Type.Optional(lit([...CHANNELS, 'system'] as const)),
            level: Type.Optional(Level),
            bad: Type.Optional(Type.Boolean()),
            caseNo: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => svc.list(req.actor, { ...req.query, ...pageOf(req.query) }),
  );

  app.get(
    '/evaluations/mine',
    { config: { access: ['citizen'] }, schema: { tags, summary: '我的已办结办件与评价状态' } },
    async (req) => svc.mine(req.actor),
  );

  app.get(
    '/evaluations/cases/:caseNo',
    {
      config: { access: 'public' },
      schema: { tags, summary: '某办件的评价情况（评价页用）', params: Type.Object({ caseNo: Type.String({ maxLength: 40 }) }) },
    },
    async (req) => {
      // Anonymous callers get the same 404 as for an unknown case: a case number reveals nothing here.
      return svc.forCase(req.actor, await deviceOf(req, svc), req.params.caseNo);
    },
  );

  app.get(
    '/evaluations/device/queue',
    { config: { access: 'public' }, schema: { tags, summary: '窗口评价器：本窗口今日待评价的办件（需 X-Device-Key）' } },
    async (req) => svc.deviceQueue((await deviceOf(req, svc, true))!),
  );

  app.get('/evaluations/devices', { config: { access: ['admin', 'supervisor'] }, schema: { tags, summary: '窗口评价器列表' } }, async () => {
    const items = await svc.listDevices();
    return { items, total: items.length };
  });

  app.post(
    '/evaluations/devices',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: '登记窗口评价器（密钥只显示一次）',
        body: Type.Object(
          { windowNo: Type.String({ minLength: 1, maxLength: 20 }), name: Type.String({ minLength: 1, maxLength: 60 }), departmentId: Type.Optional(Type.Integer()) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.registerDevice(req.actor, req.body)),
  );

  app.post(
    '/evaluations/devices/:id/revoke',
    { config: { access: ['admin'] }, schema: { tags, summary: '停用窗口评价器', params: Type.Object({ id: Type.Integer() }) } },
    async (req) => svc.revokeDevice(req.actor, req.params.id),
  );

  app.get(
    '/evaluations/reviews',
    {
      config: { access: LOOP_ROLES },
      schema: {
        tags,
        summary: '差评处理单（核实、申诉、整改、回访）',
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(lit(REVIEW_STATUSES)), overdue: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.listReviews(req.actor, { ...req.query, ...pageOf(req.query) }),
  );

  app.get(
    '/evaluations/reviews/:id',
    { config: { access: LOOP_ROLES }, schema: { tags, summary: '差评处理单详情与全程留痕', params: Type.Object({ id: Type.Integer() }) } },
    async (req) => svc.getReview(req.actor, req.params.id),
  );

  app.post(
    '/evaluations/reviews/:id/actions',
    {
      config: { access: LOOP_ROLES },
      schema: { tags, summary: '差评处理：verify / appeal / decide_appeal / rectify / callback', params: Type.Object({ id: Type.Integer() }), body: ReviewActionBody },
    },
    async (req) => svc.actOnReview(req.actor, req.params.id, req.body),
  );

  app.get(
    '/evaluations/kpis',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '好差评指标（主动评价率、好评率、实际好评率、差评整改率）',
        querystring: Type.Object({ from: DateString(), to: DateString(), department: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
      },
    },
    async (req) => ({ from: req.query.from, to: req.query.to, kpis: await svc.kpis(req.query, req.query.department) }),
  );

  app.get(
    '/evaluations/rankings',
    {
      config: { access: STAFF_READERS },
      schema: { tags, summary: '月度窗口和人员排名（红旗窗口、服务明星候选）', querystring: Type.Object({ month: Month }, { additionalProperties: false }) },
    },
    async (req) => svc.ranking(req.query.month),
  );

  app.get('/evaluations/rankings/months', { config: { access: STAFF_READERS }, schema: { tags, summary: '已存档排名的月份' } }, async () => ({
    items: await svc.rankingMonths(),
  }));

  app.post(
    '/evaluations/rankings/:month/snapshot',
    { config: { access: ['admin', 'supervisor'] }, schema: { tags, summary: '计算并存档某月排名', params: Type.Object({ month: Month }) } },
    async (req) => svc.snapshotRanking(req.actor, req.params.month),
  );

  app.post(
    '/evaluations/defaults/run',
    { config: { access: ['admin', 'supervisor'] }, schema: { tags, summary: '立即为超过评价期限未评价的办结件生成默认评价' } },
    async () => ({ created: await svc.applyDefaults() }),
  );

  app.get('/evaluations/config', { config: { access: READERS }, schema: { tags, summary: '好差评配置（评价期限、处理时限、排名权重）' } }, async () => svc.config());

  app.put(
    '/evaluations/config',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: '修改好差评配置（任意子集）', body: Type.Record(Type.String(), Type.Unknown()) },
    },
    async (req) => svc.setConfig(req.actor, req.body),
  );

  app.get(
    '/public/evaluations/display',
    { config: { access: 'public' }, schema: { tags, summary: '大厅评价展示屏（无个人信息）' } },
    async () => svc.display(),
  );
}
