import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString } from '../../kernel/http/schemas';
import type { HonoursNeedsContext } from './honours.context';
import { HONOUR_KINDS, HONOUR_LABELS, HONOUR_SUBJECTS } from './honours.rules';
import type { HonoursService } from './honours.service';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const READERS = ['admin', 'leader', 'supervisor'] as const;
const QuarterQuery = Type.Object({ quarter: Type.String({ maxLength: 6 }) }, { additionalProperties: false });

const DecisionBody = Type.Object(
  {
    quarter: Type.String({ maxLength: 6 }),
    meetingOn: DateString(),
    committee: Type.String({ maxLength: 500 }),
    awards: Type.Array(Type.Object({ kind: lit(HONOUR_KINDS), subjectKey: Type.String({ maxLength: 40 }), reasons: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }), {
      maxItems: 60,
    }),
  },
  { additionalProperties: false },
);

export function honoursRoutes(app: App, ctx: HonoursNeedsContext, honours: HonoursService) {
  app.get('/honours/meta', { config: { access: 'public' }, schema: { tags: ['honours'], summary: '荣誉种类' } }, async () => ({
    kinds: HONOUR_KINDS.map((code) => ({ code, label: HONOUR_LABELS[code], subject: HONOUR_SUBJECTS[code] })),
    config: honours.config,
  }));

  app.get('/honours/quarters', { config: { access: [...READERS] }, schema: { tags: ['honours'], summary: '已评定荣誉的季度及各项数量' } }, async () => {
    const items = await honours.quarters();
    return { items, total: items.length };
  });

  app.get(
    '/honours/candidates',
    { config: { access: [...READERS] }, schema: { tags: ['honours'], summary: '季度荣誉候选（由评价、按时办结率、督办牌与叫号数据计算）', querystring: QuarterQuery } },
    async (req) => honours.candidates(req.query.quarter),
  );

  app.post(
    '/honours/decisions',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['honours'], summary: '记录讲评会评定结果（评审委员会与理由）', body: DecisionBody } },
    async (req, reply) => {
      const items = await honours.decide(req.actor, req.body);
      return reply.status(201).send({ items, total: items.length });
    },
  );

  app.get(
    '/honours',
    {
      config: { access: [...READERS] },
      schema: {
        tags: ['honours'],
        summary: '荣誉记录（按季度、年度、种类或对象查询历史）',
        querystring: Type.Object(
          { quarter: Type.Optional(Type.String({ maxLength: 6 })), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), kind: Type.Optional(lit(HONOUR_KINDS)), subjectKey: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const items = await honours.awards(req.query);
      return { items, total: items.length };
    },
  );

  app.get(
    '/honours/years/:year',
    { config: { access: [...READERS] }, schema: { tags: ['honours'], summary: '年度荣誉数量', params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }) } },
    async (req) => ({ year: req.params.year, counts: await honours.yearCounts(req.params.year) }),
  );

  app.get('/honours/public', { config: { access: 'public' }, schema: { tags: ['honours'], summary: '荣誉公示（公开页面与大厅显示屏）' } }, async () => honours.publicBoard());

  app.get(
    '/honours/report.docx',
    { config: { access: [...READERS] }, schema: { tags: ['honours'], summary: '季度讲评会大厅情况报告（.docx）', querystring: QuarterQuery } },
    async (req, reply) => {
      // The .docx writer (docx) loads with the first report asked for, not at start-up.
      const { buildQuarterReport } = await import('./honours.report');
      const buf = await buildQuarterReport(ctx, honours, req.query.quarter);
      const name = encodeURIComponent(`${req.query.quarter}讲评会大厅情况报告.docx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="hall-${req.query.quarter}.docx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );
}
