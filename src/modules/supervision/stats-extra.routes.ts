/**
 * Statistics endpoints beyond the summary (which the stats module serves): drill-down from any KPI to its
 * records, monthly series, the department table, open overdue cases, the Excel export and the yearly
 * report. They live here until the stats module is committed, then move there unchanged.
 */
import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import type { SupervisionContext } from './supervision.context';
import { unprocessable } from '../../kernel/errors';
import { PageQuery, pageOf } from '../../kernel/http/schemas';
import { KPI_READERS } from '../../shared/roles';
import type { OrgService } from '../org';
import type { CaseKpiService } from './case-kpis.service';
import type { Kpi } from './case-kpis.rules';
import { periodOrFail } from '../../kernel/period';
import { summaryWorkbook } from './stats.excel';
import { ReportTemplates } from './stats.report.templates';

const PeriodQuery = {
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  department: Type.Optional(Type.Integer()),
};

export async function resolveQuery(ctx: SupervisionContext, q: { from?: string; to?: string; department?: number }) {
  const p = periodOrFail(q, ctx.calendar.today());
  if (q.department !== undefined && !(await (ctx.services.org).byId(q.department))) {
    throw unprocessable('DEPARTMENT_NOT_FOUND', `部门 ${q.department} 不存在`, { field: 'department' });
  }
  return { from: p.from, to: p.to, departmentId: q.department ?? null };
}

/** The summary of every provider (stats module) or, without it, the case and supervision KPIs alone. */
export async function summaryOf(ctx: SupervisionContext, from: string, to: string, departmentId: number | null) {
  const stats = ctx.services.stats;
  if (stats) return stats.summary({ from, to, department: departmentId ?? undefined });
  const kpis = (await ctx.services.caseKpis?.kpis({ from, to }, departmentId)) ?? {};
  return { from, to, department: departmentId, kpis };
}

export function statsExtraRoutes(app: App, ctx: SupervisionContext) {
  const caseKpis = () => {
    const svc = ctx.services.caseKpis;
    if (!svc) throw new Error('the statistics routes are registered only with the cases module');
    return svc;
  };
  const templates = new ReportTemplates(ctx);

  app.get(
    '/stats/drilldown',
    {
      config: { access: KPI_READERS },
      schema: {
        tags: ['stats'],
        summary: '指标明细：某个指标分子或分母背后的记录（分页）',
        querystring: Type.Object(
          { kpi: Type.String({ maxLength: 60 }), part: Type.Union([Type.Literal('numerator'), Type.Literal('denominator')]), ...PeriodQuery, ...PageQuery },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const q = await resolveQuery(ctx, req.query);
      const { offset, pageSize } = pageOf(req.query);
      for (const { source } of ctx.extensions.kpiSources) {
        if (!source.records) continue;
        const r = await source.records(req.query.kpi, req.query.part, { ...q, offset, limit: pageSize });
        if (r) return { kpi: req.query.kpi, part: req.query.part, from: q.from, to: q.to, department: q.departmentId, ...r };
      }
      throw unprocessable('KPI_UNKNOWN', `指标 ${req.query.kpi} 没有明细`, { field: 'kpi' });
    },
  );

  app.get(
    '/stats/series',
    {
      config: { access: KPI_READERS },
      schema: { tags: ['stats'], summary: '按月指标序列（图表用）', querystring: Type.Object(PeriodQuery, { additionalProperties: false }) },
    },
    async (req) => {
      const q = await resolveQuery(ctx, req.query);
      return { from: q.from, to: q.to, department: q.departmentId, months: await caseKpis().series(q.from, q.to, q.departmentId) };
    },
  );

  app.get(
    '/stats/departments',
    {
      config: { access: KPI_READERS },
      schema: { tags: ['stats'], summary: '部门排名表：各部门办件指标与红黄牌', querystring: Type.Object({ from: PeriodQuery.from, to: PeriodQuery.to }, { additionalProperties: false }) },
    },
    async (req) => {
      const q = await resolveQuery(ctx, req.query);
      const items = await caseKpis().byDepartment(q.from, q.to);
      return { from: q.from, to: q.to, items: items.map(({ counts: _c, ...rest }) => rest), total: items.length };
    },
  );

  app.get(
    '/stats/overdue-cases',
    {
      config: { access: KPI_READERS },
      schema: { tags: ['stats'], summary: '超期未办结办件', querystring: Type.Object({ department: PeriodQuery.department, ...PageQuery }, { additionalProperties: false }) },
    },
    async (req) => {
      const { offset, pageSize } = pageOf(req.query);
      return caseKpis().openOverdue(offset, pageSize, req.query.department ?? null);
    },
  );

  app.get(
    '/stats/export.xlsx',
    {
      config: { access: KPI_READERS },
      schema: { tags: ['stats'], summary: '导出指标汇总与部门表（Excel）', querystring: Type.Object(PeriodQuery, { additionalProperties: false }) },
    },
    async (req, reply) => {
      const q = await resolveQuery(ctx, req.query);
      const summary = await summaryOf(ctx, q.from, q.to, q.departmentId);
      const deps = await caseKpis().byDepartment(q.from, q.to);
      const buf = await summaryWorkbook(summary, deps);
      const name = encodeURIComponent(`指标汇总_${q.from}_${q.to}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="stats.xlsx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  app.get(
    '/stats/report.docx',
    {
      config: { access: KPI_READERS },
      schema: { tags: ['stats'], summary: '年度绩效自评报告（.docx）', querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }) },
    },
    async (req, reply) => {
      const year = req.query.year ?? Number(ctx.calendar.today().slice(0, 4));
      // docx loads on first use (it adds ~0.1 s to start-up otherwise).
      const { buildYearReport } = await import('./stats.report');
      const buf = await buildYearReport(ctx, year);
      const name = encodeURIComponent(`${year}年度绩效自评报告.docx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="report-${year}.docx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  app.get(
    '/stats/report-templates',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['stats'], summary: '年度报告中由本局撰写的文字（存在的问题、措施与建议）' } },
    async () => templates.get(),
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
            problems: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 30 })),
            measures: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 30 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => templates.set(req.actor, req.body),
  );
}
