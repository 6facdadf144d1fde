/**
 * The yearly 部门整体支出绩效自评报告 as data (issue 18 item 5): sections of paragraphs, tables and figures.
 * The .docx, the annex workbook, the CLI and the web preview all render this one model, so a figure reads
 * the same everywhere and each can be traced to the records behind it. Shared by server and web.
 */

/** How a figure's value reads: 96.87% · 2,042 项 · 平均 5 天. */
export type FigureFormat = 'percent' | 'count' | 'average';

/** Where the records behind a figure are: the web page that lists them and the API list URL. */
export interface FigureDrill {
  /** Web route (the report preview opens the records drawer for this figure). */
  web: string;
  /** API list of the numerator's records (part=denominator for the other half). */
  api: string;
}

export interface ReportFigure {
  /** KPI name (`cases.onTimeRate`) or a derived figure (`cases.received`). */
  id: string;
  /** Chinese label, never a raw key. */
  label: string;
  format: FigureFormat;
  /** The ratio (percent, average) or the count; null when there is no data (denominator 0). */
  value: number | null;
  /** The value to the report's precision with its unit: 96.87% · 2,042 项 · 平均 5 天 · 暂无数据. */
  display: string;
  unit: string | null;
  /** Numerator and denominator of a rate or an average (null for a plain count). */
  numerator: number | null;
  denominator: number | null;
  numeratorLabel: string | null;
  denominatorLabel: string | null;
  /** What the counts are made of: "分子 1,234 / 分母 1,274" or "办理天数合计 520 ÷ 办结来信 104 件". */
  breakdown: string | null;
  definition: string | null;
  /** A flow over a period (from..to) or a stock as of a date (asOf); periodText says which. */
  from: string | null;
  to: string | null;
  asOf: string | null;
  periodText: string;
  /** Null when no module lists the records behind the figure. */
  drill: FigureDrill | null;
}

/** A run of text or a figure placed inline (rendered as its display, clickable in the preview). */
export type ReportRun = { text: string } | { figure: string };

export interface ReportParagraph {
  runs: ReportRun[];
}

export interface ReportTable {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface ReportSection {
  id: string;
  /** The heading as printed: 一、部门（单位）基本概况 · （五）预算执行与资产管理. */
  heading: string;
  level: 1 | 2;
  paragraphs: ReportParagraph[];
  /** The figure ids the section quotes, in order (its figure table in the .docx). */
  figures: string[];
  tables: ReportTable[];
  children: ReportSection[];
}

export interface ReportSweep {
  /** When the supervision sweep ran before this report (ISO), and how many new cards it raised. */
  ranAt: string;
  issued: number;
}

export interface YearReportModel {
  year: number;
  title: string;
  bureau: string;
  region: string;
  /** The year's counting period: 1 January to 31 December or today. */
  from: string;
  to: string;
  generatedAt: string;
  /** Null when the platform runs without supervision (no cards to be stale). */
  sweep: ReportSweep | null;
  sections: ReportSection[];
  figures: Record<string, ReportFigure>;
}

/**
 * The texts of the yearly report the bureau writes itself (admins edit them; each may quote figures as
 * `{{figure id}}`, src/shared/report-template.ts): the overview and the organisation facts the platform
 * does not keep (编制, 人员, 内设机构, 主要职能) for 一; the bureau's additions to the drafted problems of 三;
 * the measures of 四.
 */
export interface ReportTexts {
  overview: string;
  /** 机构编制 (e.g. 行政编制 12 名、事业编制 30 名). */
  establishment: string;
  /** 人员情况 (e.g. 在编 38 人、编外 20 人). */
  staff: string;
  internalUnits: string[];
  functions: string[];
  /** Added after the problems drafted from the records. */
  problems: string[];
  measures: string[];
}
