/**
 * The yearly report's routes (issue 18 item 5): the model as JSON (the web preview), the .docx and the
 * annex workbook rendered from it, and the texts the bureau writes itself. Each run of the report runs the
 * supervision sweep first (409 SUPERVISION_SWEEP_FAILED when it fails), so none prints stale cards.
 */
import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { unprocessable } from '../../kernel/errors';

import type { Role } from '../../shared/roles';
import type { StatsContext } from './stats.context';

/**
 * Who may run the report: it runs the supervision sweep and speaks for the bureau. The report routes read
 * the primary (never `reads: 'replica'`): they write the sweep's cards and must then see them.
 */
export const REPORT_READERS: readonly Role[] = ['leader', 'admin'];

const YearQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '年度，默认今年' })),
    region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '区县行政区划代码（6 位）：只含该区县的指标、图表和部门表' })),
  },
  { additionalProperties: false },
);

export function reportRoutes(app: App, ctx: StatsContext) {
  const stats = ctx.services.stats;
  const yearOf = (q: { year?: number }) => {
    const thisYear = Number(ctx.calendar.today().slice(0, 4));
    const year = q.year ?? thisYear;
    if (year > thisYear) throw unprocessable('REPORT_YEAR_NOT_STARTED', `${year} 年度尚未开始，不能生成自评报告`, { field: 'year' });
    return year;
  };
  const countyOf = (q: { region?: string }) => (q.region === undefined ? null : stats.county(q.region));

  app.get(
    '/stats/report',
    {
      config: { access: REPORT_READERS },
      schema: { tags: ['stats'], summary: '年度绩效自评报告的内容（章节、段落、每项指标的数值、分子分母、统计区间和明细链接）；先运行电子监察扫描', querystring: YearQuery },
    },
    async (req) => stats.yearReportModel(req.actor, yearOf(req.query), await countyOf(req.query)),
  );

  app.get(
    '/stats/report.docx',
    { config: { access: REPORT_READERS }, schema: { tags: ['stats'], summary: '年度绩效自评报告（.docx）；先运行电子监察扫描', querystring: YearQuery } },
    async (req, reply) => {
      const year = yearOf(req.query);
      const county = await countyOf(req.query);
      const buf = await stats.yearReport(req.actor, year, county);
      const name = encodeURIComponent(`${year}年度绩效自评报告${county ? `_${county.region}` : ''}.docx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="report-${year}.docx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  app.get(
    '/stats/report-annex.xlsx',
    {
      config: { access: REPORT_READERS },
      schema: { tags: ['stats'], summary: '年度绩效自评报告附件（Excel）：指标明细（数值、分子、分母、口径、统计区间）与办件明细', querystring: YearQuery },
    },
    async (req, reply) => {
      const year = yearOf(req.query);
      const county = await countyOf(req.query);
      const buf = await stats.yearReportAnnex(req.actor, year, county);
      const name = encodeURIComponent(`${year}年度绩效自评报告附件${county ? `_${county.region}` : ''}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="report-annex-${year}.xlsx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  app.get(
    '/stats/report-templates',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['stats'], summary: '年度报告中由本局撰写的文字（概况、编制人员、内设机构、主要职能、补充问题、措施与建议）' } },
    async () => stats.reportTemplates.get(),
  );

  app.put(
    '/stats/report-templates',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['stats'],
        summary: '修改年度报告文字模板',
        body: Type.Object(
          {
            overview: Type.Optional(Type.String({ maxLength: 20000 })),
            establishment: Type.Optional(Type.String({ maxLength: 2000 })),
            staff: Type.Optional(Type.String({ maxLength: 2000 })),
            internalUnits: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
            functions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 30 })),
            problems: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 30 })),
            measures: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 30 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => stats.reportTemplates.set(req.actor, req.body, await stats.report.figureIds()),
  );
}
