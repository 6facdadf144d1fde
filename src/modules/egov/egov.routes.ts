import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString, PageQuery, pageOf } from '../../kernel/http/schemas';
import { periodOrFail } from '../../kernel/period';
import type { EgovNeedsContext } from './egov.context';
import {
  CONNECTION_STATUSES,
  CONNECTION_STATUS_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  INCIDENT_SEVERITIES,
  INCIDENT_SEVERITY_LABELS,
  TRAINING_AUDIENCES,
  TRAINING_AUDIENCE_LABELS,
} from './egov.rules';
import type { EgovService } from './egov.service';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const options = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((code) => ({ code, label: labels[code] }));

/** The bureau's admins keep the register; leaders and supervisors read it. */
const KEEPERS = ['admin'] as const;
const READERS = ['admin', 'leader', 'supervisor'] as const;
const tags = ['egov'];
const Period = { from: Type.Optional(DateString()), to: Type.Optional(DateString()) };

export function egovRoutes(app: App, ctx: EgovNeedsContext, egov: EgovService) {
  app.get('/egov/meta', { config: { access: [...READERS] }, schema: { tags, summary: '外网接入状态、安全事件类别与等级、培训对象（表单用）' } }, async () => ({
    connectionStatuses: options(CONNECTION_STATUSES, CONNECTION_STATUS_LABELS),
    incidentCategories: options(INCIDENT_CATEGORIES, INCIDENT_CATEGORY_LABELS),
    incidentSeverities: options(INCIDENT_SEVERITIES, INCIDENT_SEVERITY_LABELS),
    trainingAudiences: options(TRAINING_AUDIENCES, TRAINING_AUDIENCE_LABELS),
  }));

  app.get(
    '/egov/connections',
    {
      config: { access: [...READERS] },
      schema: {
        tags,
        summary: '电子政务外网接入台账：各乡镇（街道）、村（社区）的接入情况',
        querystring: Type.Object({ kind: Type.Optional(lit(['township', 'village'] as const)), unconnected: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req) => egov.connections(req.query),
  );

  app.put(
    '/egov/connections/:departmentId',
    {
      config: { access: [...KEEPERS] },
      schema: {
        tags,
        summary: '登记或修改一个乡镇、村的外网接入',
        params: Type.Object({ departmentId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            bandwidthMbps: Type.Integer({ minimum: 1, maximum: 100000 }),
            connectedOn: DateString('接入日期'),
            status: Type.Optional(lit(CONNECTION_STATUSES)),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => egov.saveConnection(req.actor, { departmentId: req.params.departmentId, ...req.body }),
  );

  app.get(
    '/egov/incidents',
    {
      config: { access: [...READERS] },
      schema: { tags, summary: '网络安全事件处置台账', querystring: Type.Object({ ...Period, status: Type.Optional(lit(['open', 'handled'] as const)), ...PageQuery }, { additionalProperties: false }) },
    },
    async (req) => {
      const p = periodOrFail(req.query, ctx.calendar.today());
      const pg = pageOf(req.query);
      return egov.incidents({ from: p.from, to: p.to, status: req.query.status, offset: pg.offset, limit: pg.pageSize });
    },
  );

  app.post(
    '/egov/incidents',
    {
      config: { access: [...KEEPERS] },
      schema: {
        tags,
        summary: '登记一起网络安全事件（已处置的同时写明处置日期和措施）',
        body: Type.Object(
          {
            occurredOn: DateString('发生日期'),
            category: lit(INCIDENT_CATEGORIES),
            severity: lit(INCIDENT_SEVERITIES),
            target: Type.String({ maxLength: 200 }),
            description: Type.String({ maxLength: 2000 }),
            status: lit(['open', 'handled'] as const),
            handledOn: Type.Optional(Type.Union([DateString('处置日期'), Type.Null()])),
            measures: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await egov.recordIncident(req.actor, req.body)),
  );

  app.post(
    '/egov/incidents/:id/handle',
    {
      config: { access: [...KEEPERS] },
      schema: {
        tags,
        summary: '登记事件处置结果',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ handledOn: DateString('处置日期'), measures: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => egov.handleIncident(req.actor, req.params.id, req.body),
  );

  app.get(
    '/egov/trainings',
    { config: { access: [...READERS] }, schema: { tags, summary: '业务培训台账（场次与参训人数）', querystring: Type.Object({ ...Period, ...PageQuery }, { additionalProperties: false }) } },
    async (req) => {
      const p = periodOrFail(req.query, ctx.calendar.today());
      const pg = pageOf(req.query);
      return egov.trainings({ from: p.from, to: p.to, offset: pg.offset, limit: pg.pageSize });
    },
  );

  app.post(
    '/egov/trainings',
    {
      config: { access: [...KEEPERS] },
      schema: {
        tags,
        summary: '登记一次业务培训',
        body: Type.Object(
          {
            title: Type.String({ maxLength: 200 }),
            heldOn: DateString('培训日期'),
            audience: lit(TRAINING_AUDIENCES),
            organiserDepartmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
            attendees: Type.Integer({ maximum: 100000 }),
            hours: Type.Integer({ maximum: 1000 }),
            place: Type.String({ maxLength: 200 }),
            summary: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await egov.recordTraining(req.actor, req.body)),
  );
}
