/**
 * The yearly report's model (issue 18 item 5): every figure from the modules' KPI sources with its counts,
 * period and drill link; the organisation, the indicator table, the budget lines and the department table
 * through the services stats declares in its Needs (never their tables). The .docx, the annex workbook,
 * the CLI and the web preview all render what this returns.
 */
import type { Actor } from '../../kernel/auth/actor';
import { conflict } from '../../kernel/errors';
import type { KpiRecordsQuery, KpiSource } from '../../kernel/module';
import { departmentInScope } from '../../kernel/db/department-scope';
import { SettingStore } from '../../kernel/settings';
import type { Kpi } from '../../shared/kpi.types';
import { kpiLabel, type KpiLabel } from '../../shared/kpi-labels';
import type { ReportFigure, ReportSweep, YearReportModel } from '../../shared/report.types';
import { beijingText, buildFigure } from './report.rules';
import type { StatsNeedsContext } from './stats.context';
import { reportSections } from './stats.report.sections';
import type { CountyScope, StatsService } from './stats.service';
import { inParallel, SUMMARY_SOURCES_AT_ONCE } from './stats.parallel';

/** When the report last ran the supervision sweep, and how it went (a setting, so every instance sees it). */
export const REPORT_SWEEP_KEY = 'stats.report_sweep';

export interface ReportSweepRecord {
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
}

const EMPTY_SWEEP: ReportSweepRecord = { lastRunAt: null, lastOkAt: null, lastError: null };

function parseSweep(stored: unknown): ReportSweepRecord {
  if (stored === null) return EMPTY_SWEEP;
  if (typeof stored !== 'object' || Array.isArray(stored)) throw new Error('report sweep record must be an object');
  return { ...EMPTY_SWEEP, ...(stored as Partial<ReportSweepRecord>) };
}

/** Figures derived from a KPI's counts: the received and completed cases behind 办结率. */
const DERIVED: Record<string, { from: string; part: 'numerator' | 'denominator'; meta: KpiLabel }> = {
  'cases.received': { from: 'cases.completionRate', part: 'denominator', meta: { label: '受理办件', format: 'count', unit: '件', numerator: '期内收件', denominator: '期内收件' } },
  'cases.completed': { from: 'cases.completionRate', part: 'numerator', meta: { label: '办结办件', format: 'count', unit: '件', numerator: '期内办结', denominator: '期内收件' } },
};

export interface ReportPeriod {
  from: string;
  to: string;
}

/** The year's counting period: 1 January to 31 December, or to today while the year runs. */
export function reportPeriod(year: number, today: string): ReportPeriod {
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  const to = end < today ? end : today;
  return { from, to: to < from ? from : to };
}

export class ReportModelBuilder {
  private readonly sweepStore: SettingStore<ReportSweepRecord>;

  constructor(
    private readonly ctx: StatsNeedsContext,
    private readonly stats: StatsService,
  ) {
    this.sweepStore = new SettingStore(ctx, { key: REPORT_SWEEP_KEY, parse: parseSweep, auditAction: 'stats.report_sweep' });
  }

  async lastSweep(): Promise<ReportSweepRecord> {
    return this.sweepStore.get();
  }

  /**
   * Runs the supervision sweep before the figures are read, so the report never prints red and yellow
   * cards that a late case has not raised yet; if the sweep fails, refuses (409) saying when it last ran.
   */
  async sweepFirst(actor: Actor): Promise<ReportSweep | null> {
    const supervision = this.ctx.services.supervision;
    if (!supervision) return null;
    const before = await this.sweepStore.get();
    const ranAt = this.ctx.clock.now().toISOString();
    try {
      const { issued } = await supervision.sweep();
      await this.sweepStore.save(actor, { lastRunAt: ranAt, lastOkAt: ranAt, lastError: null });
      return { ranAt, issued };
    } catch (err) {
      this.ctx.log.error({ err }, 'supervision sweep before the yearly report failed');
      await this.sweepStore.save(actor, { ...before, lastRunAt: ranAt, lastError: (err as Error).message.slice(0, 500) });
      const last = before.lastOkAt ? `上次成功扫描于 ${beijingText(before.lastOkAt)}` : '此前没有成功扫描的记录';
      throw conflict('SUPERVISION_SWEEP_FAILED', `电子监察扫描失败，为避免报告打印过期的红黄牌数字，报告暂不生成；${last}。请稍后重试或联系系统管理员。`, {
        lastSweepAt: before.lastOkAt,
      });
    }
  }

  /**
   * The figure ids a report text may quote: every KPI the installed modules count (their names do not
   * depend on the data: a KPI without records is still listed, with no value) and the derived figures.
   */
  async figureIds(): Promise<Set<string>> {
    const { from, to } = reportPeriod(Number(this.ctx.calendar.today().slice(0, 4)), this.ctx.calendar.today());
    const ids = new Set(Object.keys(DERIVED));
    for (const { source } of this.ctx.extensions.kpiSources) for (const name of Object.keys(await source.kpis({ from, to }, null))) ids.add(name);
    return ids;
  }

  /** The model of `year` after the sweep (`sweep`), with the monthly series the .docx chart draws. */
  async build(year: number, sweep: ReportSweep | null, county: CountyScope = null): Promise<{ model: YearReportModel; months: Array<{ month: string; kpis: Record<string, Kpi> }> }> {
    const { from, to } = reportPeriod(year, this.ctx.calendar.today());
    const s = this.ctx.services;
    const kpis: Record<string, Kpi> = {};
    const drillable = new Set<string>();
    const scope = county?.departments ?? null;
    const region = county?.region ?? null;
    // The sources a few at a time, as the summary asks them; merged in the sources' order.
    const answers = await inParallel(this.ctx.extensions.kpiSources, SUMMARY_SOURCES_AT_ONCE, async ({ source }) => {
      const mine = await source.kpis({ from, to }, scope, region);
      const withRecords: string[] = [];
      for (const name of Object.keys(mine)) if (await hasRecords(source, name, { from, to, departmentId: scope, region })) withRecords.push(name);
      return { mine, withRecords };
    });
    for (const { mine, withRecords } of answers) {
      Object.assign(kpis, mine);
      for (const name of withRecords) drillable.add(name);
    }
    const figures: Record<string, ReportFigure> = {};
    for (const [id, d] of Object.entries(DERIVED)) {
      const k = kpis[d.from];
      if (!k) continue;
      const count = d.part === 'numerator' ? k.numerator : k.denominator;
      figures[id] = buildFigure({ id, kpi: { value: count, numerator: count, denominator: k.denominator }, meta: d.meta, from, to, year, drillKpi: drillable.has(d.from) ? d.from : null, drillPart: d.part });
    }
    for (const [id, k] of Object.entries(kpis)) figures[id] = buildFigure({ id, kpi: k, meta: kpiLabel(id), from, to, year, drillKpi: drillable.has(id) ? id : null });

    const [texts, org, months, departments, indicators, budget] = await Promise.all([
      this.stats.reportTemplates.get(),
      s.org.all(),
      s.caseKpis ? s.caseKpis.series(from, to, scope) : Promise.resolve([]),
      s.caseKpis ? s.caseKpis.byDepartment(from, to).then((rows) => rows.filter((d) => departmentInScope(d.departmentId, scope))) : Promise.resolve([]),
      s.performance ? s.performance.table(year) : Promise.resolve(null),
      s.performanceFinance ? s.performanceFinance.budgetLines(year) : Promise.resolve(null),
    ]);
    const bureau = org.find((d) => d.kind === 'bureau')?.name ?? '行政审批服务局';
    const model: YearReportModel = {
      year,
      title: `${bureau}${year}年度部门整体支出绩效自评报告`,
      bureau,
      region: region ?? org.find((d) => d.kind === 'bureau')?.regionCode ?? '',
      from,
      to,
      generatedAt: this.ctx.clock.now().toISOString(),
      sweep,
      sections: reportSections({ year, from, to, figures, kpis, texts, org, months, departments, indicators, budget, sweep }),
      figures,
    };
    return { model, months };
  }
}

/** Whether a source lists the records behind `name` (a one-row probe; null means not its KPI). */
async function hasRecords(source: KpiSource, name: string, q: Omit<KpiRecordsQuery, 'offset' | 'limit'>): Promise<boolean> {
  if (!source.records) return false;
  return (await source.records(name, 'numerator', { ...q, offset: 0, limit: 1 })) !== null;
}
