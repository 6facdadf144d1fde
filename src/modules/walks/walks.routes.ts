import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString, PageQuery, pageOf } from '../../kernel/http/schemas';
import { periodOrFail } from '../../kernel/period';
import type { WalksNeedsContext } from './walks.context';
import { CHANNELS, CHANNEL_LABELS, MEASURE_STATUSES, MEASURE_STATUS_LABELS, PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS } from './walks.rules';
import type { WalksService } from './walks.service';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const RECORDERS = ['admin', 'leader', 'reviewer'] as const;
const READERS = ['admin', 'leader', 'supervisor', 'reviewer', 'unit'] as const;
const OWNERS = ['admin', 'leader', 'reviewer', 'unit'] as const;

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const MeasureBody = Type.Object(
  {
    description: Type.String({ maxLength: 2000 }),
    ownerDepartmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    dueOn: Type.Optional(DateString()),
    dueWorkdays: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

const WalkBody = Type.Object(
  {
    walkerName: Type.Optional(Type.String({ maxLength: 64 })),
    walkerTitle: Type.Optional(Type.String({ maxLength: 64 })),
    walkerDepartmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    itemName: Type.String({ maxLength: 200 }),
    channel: lit(CHANNELS),
    walkedOn: DateString(),
    steps: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
    minutes: Type.Integer({ maximum: 100000 }),
    problems: Type.Optional(
      Type.Array(
        Type.Object(
          { category: lit(PROBLEM_CATEGORIES), description: Type.String({ maxLength: 2000 }), measures: Type.Optional(Type.Array(MeasureBody, { maxItems: 10 })) },
          { additionalProperties: false },
        ),
        { maxItems: 30 },
      ),
    ),
  },
  { additionalProperties: false },
);

export function walksRoutes(app: App, ctx: WalksNeedsContext, walks: WalksService) {
  app.get('/walks/meta', { config: { access: 'authenticated' }, schema: { tags: ['walks'], summary: '走流程渠道、堵点类别与整改状态（表单用）' } }, async () => ({
    channels: CHANNELS.map((code) => ({ code, label: CHANNEL_LABELS[code] })),
    categories: PROBLEM_CATEGORIES.map((code) => ({ code, label: PROBLEM_CATEGORY_LABELS[code] })),
    statuses: MEASURE_STATUSES.map((code) => ({ code, label: MEASURE_STATUS_LABELS[code] })),
  }));

  app.post('/walks', { config: { access: [...RECORDERS] }, schema: { tags: ['walks'], summary: '登记一次走流程（含堵点与整改措施）', body: WalkBody } }, async (req, reply) => {
    const r = await walks.recordWalk(req.actor, req.body);
    return reply.status(201).send(await walks.walk(req.actor, r.id));
  });

  app.get(
    '/walks',
    {
      config: { access: [...READERS] },
      schema: { tags: ['walks'], summary: '走流程记录', querystring: Type.Object({ from: Type.Optional(DateString()), to: Type.Optional(DateString()), ...PageQuery }, { additionalProperties: false }) },
    },
    async (req) => {
      const pg = pageOf(req.query);
      return walks.walks(req.actor, { from: req.query.from, to: req.query.to, offset: pg.offset, limit: pg.pageSize });
    },
  );

  app.get(
    '/walks/campaign',
    {
      config: { access: [...READERS] },
      schema: { tags: ['walks'], summary: '走流程活动总览（人数、事项、堵点、措施、整改率）', querystring: Type.Object({ from: Type.Optional(DateString()), to: Type.Optional(DateString()) }, { additionalProperties: false }) },
    },
    async (req) => walks.campaign(periodOrFail(req.query, ctx.calendar.today())),
  );

  app.get(
    '/walks/measures',
    {
      config: { access: [...READERS] },
      schema: {
        tags: ['walks'],
        summary: '堵点整改台账',
        querystring: Type.Object(
          { status: Type.Optional(lit(MEASURE_STATUSES)), overdue: Type.Optional(Type.Boolean()), department: Type.Optional(Type.Integer({ minimum: 1 })), ...PageQuery },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const pg = pageOf(req.query);
      return walks.measures(req.actor, { status: req.query.status, overdue: req.query.overdue, department: req.query.department, offset: pg.offset, limit: pg.pageSize });
    },
  );

  app.get('/walks/:id', { config: { access: [...READERS] }, schema: { tags: ['walks'], summary: '一次走流程的详情', params: IdParams } }, async (req) => walks.walk(req.actor, req.params.id));

  app.post(
    '/walks/problems/:id/measures',
    { config: { access: [...RECORDERS] }, schema: { tags: ['walks'], summary: '为堵点补充整改措施', params: IdParams, body: MeasureBody } },
    async (req, reply) => reply.status(201).send(await walks.addMeasure(req.actor, req.params.id, req.body)),
  );

  app.post(
    '/walks/measures/:id/complete',
    {
      config: { access: [...OWNERS] },
      schema: { tags: ['walks'], summary: '责任部门报送整改完成', params: IdParams, body: Type.Object({ evidence: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }) },
    },
    async (req) => walks.completeMeasure(req.actor, req.params.id, req.body.evidence),
  );

  app.post(
    '/walks/measures/:id/reopen',
    {
      config: { access: ['admin', 'leader', 'supervisor'] },
      schema: { tags: ['walks'], summary: '退回整改', params: IdParams, body: Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }) },
    },
    async (req) => walks.reopenMeasure(req.actor, req.params.id, req.body.reason),
  );
}
