/**
 * The statistics routes: the summary of every module's KPIs, drill-down from any KPI to its records,
 * monthly series, the department table, open overdue cases, the Excel export and the yearly report.
 */
import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { unprocessable } from '../../kernel/errors';
import { ErrorBody, PageQuery, pageOf } from '../../kernel/http/schemas';
import { KPI_READERS } from '../../shared/roles';
import type { CaseKpiService } from '../supervision';
import type { StatsContext } from './stats.context';
import { summaryWorkbook } from './stats.excel';
import { scopeOf } from './stats.service';
import { departmentInScope } from '../../kernel/db/department-scope';

const KpiSchema = Type.Object({ value: Type.Union([Type.Number(), Type.Null()]), numerator: Type.Number(), denominator: Type.Number() });

const PeriodQuery = {
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  department: Type.Optional(Type.Integer()),
  region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '区县行政区划代码（6 位）：该区县的合计；与 department 二选一' })),
};

/** The KPI summary of every module's declared sources (SPEC §3). */
export function summaryRoutes(app: App, ctx: StatsContext) {
  const stats = ctx.services.stats;
  app.get(
    '/stats/summary',
    {
      config: { access: KPI_READERS, reads: 'replica' },
      schema: {
        tags: ['stats'],
        summary: '指标汇总：每个指标给出分子、分母和比值（分母为 0 时比值为 null）',
        querystring: Type.Object(
          {
            // plain strings: an impossible date must come back as 422 naming the parameter, not a 400
            from: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD，默认当年 1 月 1 日' })),
            to: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD，默认今天' })),
            department: Type.Optional(Type.Integer({ description: '部门、乡镇或村 id' })),
            region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '区县行政区划代码（6 位）：该区县所属部门的合计；与 department 二选一' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            department: Type.Union([Type.Integer(), Type.Null()]),
            region: Type.Union([Type.String(), Type.Null()]),
            kpis: Type.Record(Type.String(), KpiSchema),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (req) => stats.summary(req.query),
  );
}

/**
 * Statistics beyond the summary, over the case KPIs (registered only when cases and supervision are
 * installed): drill-down from any KPI to its records, monthly series, the department table, open overdue
 * cases and the Excel export (the yearly report: stats.report.routes.ts). Each takes `region` (a county of a
 * province installation: the sum of its departments) as the summary does, with the same 422s.
 */
export function caseStatsRoutes(app: App, ctx: StatsContext, caseKpis: CaseKpiService) {
  const stats = ctx.services.stats;

  app.get(
    '/stats/drilldown',
    {
      config: { access: KPI_READERS, reads: 'replica' },
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
      const q = await stats.query(req.query);
      const { offset, pageSize } = pageOf(req.query);
      const r = await stats.records(req.query.kpi, req.query.part, { ...q, offset, limit: pageSize });
      if (r) return { kpi: req.query.kpi, part: req.query.part, from: q.from, to: q.to, department: q.departmentId, region: q.region, ...r };
      throw unprocessable('KPI_UNKNOWN', `指标 ${req.query.kpi} 没有明细`, { field: 'kpi' });
    },
  );

  app.get(
    '/stats/series',
    {
      config: { access: KPI_READERS, reads: 'replica' },
      schema: { tags: ['stats'], summary: '按月指标序列（图表用）', querystring: Type.Object(PeriodQuery, { additionalProperties: false }) },
    },
    async (req) => {
      const q = await stats.query(req.query);
      return { from: q.from, to: q.to, department: q.departmentId, region: q.region, months: await caseKpis.series(q.from, q.to, scopeOf(q)) };
    },
  );

  app.get(
    '/stats/departments',
    {
      config: { access: KPI_READERS, reads: 'replica' },
      schema: { tags: ['stats'], summary: '部门排名表：各部门办件指标与红黄牌（给出 region 时只列该区县的部门）', querystring: Type.Object({ from: PeriodQuery.from, to: PeriodQuery.to, region: PeriodQuery.region }, { additionalProperties: false }) },
    },
    async (req) => {
      const q = await stats.query(req.query);
      const items = (await caseKpis.byDepartment(q.from, q.to)).filter((d) => departmentInScope(d.departmentId, scopeOf(q)));
      return { from: q.from, to: q.to, region: q.region, items: items.map(({ counts: _c, ...rest }) => rest), total: items.length };
    },
  );

  app.get(
    '/stats/overdue-cases',
    {
      config: { access: KPI_READERS, reads: 'replica' },
      schema: { tags: ['stats'], summary: '超期未办结办件', querystring: Type.Object({ department: PeriodQuery.department, region: PeriodQuery.region, ...PageQuery }, { additionalProperties: false }) },
    },
    async (req) => {
      const q = await stats.query({ department: req.query.department, region: req.query.region });
      const { offset, pageSize } = pageOf(req.query);
      return caseKpis.openOverdue(offset, pageSize, scopeOf(q));
    },
  );

  app.get(
    '/stats/export.xlsx',
    {
      config: { access: KPI_READERS, reads: 'replica' },
      schema: { tags: ['stats'], summary: '导出指标汇总与部门表（Excel）', querystring: Type.Object(PeriodQuery, { additionalProperties: false }) },
    },
    async (req, reply) => {
      const q = await stats.query(req.query);
      const summary = await stats.summaryOf(q);
      const deps = (await caseKpis.byDepartment(q.from, q.to)).filter((d) => departmentInScope(d.departmentId, scopeOf(q)));
      const buf = await summaryWorkbook(summary, deps);
      const name = encodeURIComponent(`指标汇总_${q.region ? `${q.region}_` : ''}${q.from}_${q.to}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="stats.xlsx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );
}
