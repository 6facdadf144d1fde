import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString, PageQuery } from '../../kernel/http/schemas';
import type { SupervisionService } from './supervision.service';
import { periodOrFail } from '../../kernel/period';

const Color = Type.Union([Type.Literal('yellow'), Type.Literal('red')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('acknowledged')]);

/** Who reads cards: the bureau readers everywhere, department staff their own department's (service scope). */
const CARD_READERS = ['admin', 'leader', 'supervisor', 'reviewer', 'unit'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const CardSchema = Type.Object({
  id: Type.Integer(),
  color: Color,
  rule: Type.String(),
  ruleLabel: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  subjectLabel: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.String(),
  issuedOn: Type.String(),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  detail: Type.Record(Type.String(), Type.Unknown()),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedByName: Type.Union([Type.String(), Type.Null()]),
  explanation: Type.Union([Type.String(), Type.Null()]),
});

export function supervisionRoutes(app: App, svc: SupervisionService, today: () => string) {
  app.post(
    '/supervision/sweep',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: { tags: ['supervision'], summary: '立即执行一次电子监察扫描', response: { 200: Type.Object({ issued: Type.Integer() }) } },
    },
    async () => svc.sweep(),
  );

  app.get(
    '/supervision/cards',
    {
      config: { access: [...CARD_READERS], reads: 'replica' },
      schema: {
        tags: ['supervision'],
        summary: '红黄牌列表（按颜色、规则、部门、区县、月份、状态筛选）',
        querystring: Type.Object(
          {
            color: Type.Optional(Color),
            rule: Type.Optional(Type.String({ maxLength: 40 })),
            department: Type.Optional(Type.Integer({ minimum: 1 })),
            region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '区县行政区划代码（6 位）：只列该区县所属部门的牌（与 department 同给时取交集）' })),
            month: Type.Optional(Type.String({ maxLength: 7, description: 'YYYY-MM' })),
            from: Type.Optional(DateString('发牌日期起（含）')),
            to: Type.Optional(DateString('发牌日期止（含）')),
            status: Type.Optional(Status),
            subjectType: Type.Optional(Type.String({ maxLength: 24 })),
            subjectId: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(CardSchema), total: Type.Integer() }) },
      },
    },
    async (req) => svc.list(req.actor, req.query),
  );

  app.get(
    '/supervision/cards/:id',
    { config: { access: [...CARD_READERS] }, schema: { tags: ['supervision'], summary: '监察牌详情', params: IdParams, response: { 200: CardSchema } } },
    async (req) => svc.get(req.actor, req.params.id),
  );

  app.post(
    '/supervision/cards/:id/acknowledge',
    {
      config: { access: ['admin', 'supervisor', 'reviewer', 'unit'] },
      schema: {
        tags: ['supervision'],
        summary: '说明纠错（确认监察牌）',
        params: IdParams,
        body: Type.Object({ explanation: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: CardSchema },
      },
    },
    async (req) => svc.acknowledge(req.actor, req.params.id, req.body.explanation),
  );

  app.post(
    '/supervision/cards/acknowledge',
    {
      config: { access: ['admin', 'supervisor', 'reviewer', 'unit'] },
      schema: {
        tags: ['supervision'],
        summary: '批量说明纠错：一段说明用于多张监察牌（全部成功或全部不写）',
        body: Type.Object(
          { ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200 }), explanation: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ acknowledged: Type.Integer() }) },
      },
    },
    async (req) => svc.acknowledgeMany(req.actor, req.body.ids, req.body.explanation),
  );

  app.get(
    '/supervision/rules',
    {
      config: { access: [...CARD_READERS] },
      schema: { tags: ['supervision'], summary: '发牌规则一览：办件、工单、差评及各模块登记的规则，含颜色与启用状态' },
    },
    async () => ({ items: await svc.rules() }),
  );

  app.get(
    '/supervision/counts',
    {
      config: { access: [...CARD_READERS], reads: 'replica' },
      schema: {
        tags: ['supervision'],
        summary: '红黄牌按部门、按月统计（可限一个区县）',
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ maxLength: 10 })),
            to: Type.Optional(Type.String({ maxLength: 10 })),
            department: Type.Optional(Type.Integer({ minimum: 1 })),
            region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '区县行政区划代码（6 位）：只统计该区县所属部门的牌（与 department 同给时取交集）' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const p = periodOrFail(req.query, today());
      return svc.counts(req.actor, p.from, p.to, req.query.department, req.query.region);
    },
  );

  app.get(
    '/supervision/config',
    { config: { access: ['admin', 'leader', 'supervisor'] }, schema: { tags: ['supervision'], summary: '监察规则配置（默认值 + kernel_settings 覆盖）' } },
    async () => svc.config(),
  );

  app.put(
    '/supervision/config',
    {
      config: { access: ['admin'] },
      schema: { tags: ['supervision'], summary: '修改监察规则与阈值', body: Type.Record(Type.String(), Type.Unknown()) },
    },
    async (req) => svc.setConfig(req.actor, req.body),
  );
}
