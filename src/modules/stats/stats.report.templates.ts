import type { Actor } from '../../kernel/auth/actor';
import { SettingStore } from '../../kernel/settings';
import type { ReportTexts } from '../../shared/report.types';
import { AppError } from '../../kernel/errors';
import { parseTemplate, type TemplateProblem } from '../../shared/report-template';
import type { StatsNeedsContext } from './stats.context';

/**
 * The texts of the yearly report the bureau writes itself, editable by admins: the overview and the
 * organisation facts the platform does not keep (编制, 人员, 内设机构, 主要职能) for 一; the bureau's own
 * additions to the drafted problems of 三; the measures of 四.
 */
export const REPORT_TEMPLATES_KEY = 'stats.report_templates';

export type { ReportTexts };

export const DEFAULT_TEXTS: ReportTexts = {
  overview:
    '本局负责全市政务服务事项的集中受理、审批服务和电子监察，承担政务服务大厅运行管理、12345 政务服务便民热线、“好差评”和政务公开等工作。本报告所列数据均由“一窗通办”平台按统计口径自动生成，每项指标均列明分子和分母。',
  // empty until the admin fills them in: the report then says how (stats.report.sections.ts)
  establishment: '',
  staff: '',
  internalUnits: [],
  functions: ['负责全市政务服务事项的集中受理、审批服务和电子监察。', '承担政务服务大厅运行管理、12345 政务服务便民热线、政务服务“好差评”和政务公开工作。'],
  // the problems are drafted from the records (missed indicators, worst departments); these are additions
  problems: [],
  measures: ['持续推进事项“四减”，进一步压缩承诺时限，提高全程网办比例。', '强化电子监察，对红黄牌实行“一案一说明”，纳入部门年度绩效考核。', '加强窗口人员培训和热线知识库建设，提升群众满意度。'],
};

const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.every((t) => typeof t === 'string');

/** The defaults overlaid with what is stored; a stored value of the wrong shape throws (the store then uses the defaults). */
function parseTexts(stored: unknown): ReportTexts {
  if (stored === null) return DEFAULT_TEXTS;
  if (typeof stored !== 'object' || Array.isArray(stored)) throw new Error('report texts must be an object');
  const s = stored as Partial<Record<keyof ReportTexts, unknown>>;
  if (s.overview !== undefined && typeof s.overview !== 'string') throw new Error('overview must be text');
  for (const k of ['establishment', 'staff'] as const) if (s[k] !== undefined && typeof s[k] !== 'string') throw new Error(`${k} must be text`);
  for (const k of ['internalUnits', 'functions', 'problems', 'measures'] as const) if (s[k] !== undefined && !isTexts(s[k])) throw new Error(`${k} must be a list of text`);
  return { ...DEFAULT_TEXTS, ...(s as Partial<ReportTexts>) };
}

export class ReportTemplates {
  private readonly store: SettingStore<ReportTexts>;

  constructor(ctx: StatsNeedsContext) {
    this.store = new SettingStore(ctx, { key: REPORT_TEMPLATES_KEY, parse: parseTexts, auditAction: 'stats.report_templates_set' });
  }

  async get(): Promise<ReportTexts> {
    return this.store.get();
  }

  /**
   * Overlays `patch` on the texts in force (a field left out keeps its text). Every text may quote figures
   * as `{{figure id}}` (src/shared/report-template.ts); a placeholder that is not one of `known` (the
   * report's figure ids) refuses the whole save — 422 REPORT_TEMPLATE_INVALID listing each problem —
   * so a paragraph never prints a placeholder or a number that no record stands behind.
   */
  async set(actor: Actor, patch: Partial<ReportTexts>, known: ReadonlySet<string>): Promise<ReportTexts> {
    const problems = templateProblems(patch, known);
    if (problems.length > 0) {
      throw new AppError('REPORT_TEMPLATE_INVALID', 422, `${FIELD_LABELS[problems[0].field]}：${problems[0].message}${problems.length > 1 ? `（共 ${problems.length} 处问题）` : ''}`, { field: problems[0].field, problems });
    }
    return this.store.save(actor, { ...(await this.store.get()), ...patch });
  }
}

const FIELD_LABELS: Record<keyof ReportTexts, string> = {
  overview: '概况',
  establishment: '机构编制',
  staff: '人员情况',
  internalUnits: '内设机构',
  functions: '主要职能',
  problems: '补充的问题',
  measures: '措施与建议',
};

/** The problems of every text of `patch` (each with its field and, for lists, its line). */
export function templateProblems(patch: Partial<ReportTexts>, known: ReadonlySet<string>) {
  const out: Array<TemplateProblem & { field: keyof ReportTexts; line: number | null }> = [];
  for (const field of Object.keys(FIELD_LABELS) as Array<keyof ReportTexts>) {
    const v = patch[field];
    if (v === undefined) continue;
    const texts = typeof v === 'string' ? [v] : v;
    texts.forEach((t, i) => {
      for (const p of parseTemplate(t, known).problems) out.push({ ...p, field, line: typeof v === 'string' ? null : i + 1 });
    });
  }
  return out;
}
