import type { Actor } from '../../kernel/auth/actor';
import { SettingStore } from '../../kernel/settings';
import type { StatsNeedsContext } from './stats.context';

/** The texts of the yearly report the bureau writes itself (overview, problems, measures), editable by admins. */
export const REPORT_TEMPLATES_KEY = 'stats.report_templates';

export interface ReportTexts {
  overview: string;
  problems: string[];
  measures: string[];
}

export const DEFAULT_TEXTS: ReportTexts = {
  overview:
    '本局负责全市政务服务事项的集中受理、审批服务和电子监察，承担政务服务大厅运行管理、12345 政务服务便民热线、“好差评”和政务公开等工作。本报告所列数据均由“一窗通办”平台按统计口径自动生成，每项指标均列明分子和分母。',
  problems: ['部分事项承诺时限压缩空间仍然较大，个别部门按时办结率低于全局平均水平。', '“好差评”主动评价率有待提高，差评整改回访的闭环管理还需加强。', '热线工单按时办结和回访满意度在部分成员单位之间差距较大。'],
  measures: ['持续推进事项“四减”，进一步压缩承诺时限，提高全程网办比例。', '强化电子监察，对红黄牌实行“一案一说明”，纳入部门年度绩效考核。', '加强窗口人员培训和热线知识库建设，提升群众满意度。'],
};

const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.every((t) => typeof t === 'string');

/** The defaults overlaid with what is stored; a stored value of the wrong shape throws (the store then uses the defaults). */
function parseTexts(stored: unknown): ReportTexts {
  if (stored === null) return DEFAULT_TEXTS;
  if (typeof stored !== 'object' || Array.isArray(stored)) throw new Error('report texts must be an object');
  const s = stored as Partial<Record<keyof ReportTexts, unknown>>;
  if (s.overview !== undefined && typeof s.overview !== 'string') throw new Error('overview must be text');
  if ((s.problems !== undefined && !isTexts(s.problems)) || (s.measures !== undefined && !isTexts(s.measures))) throw new Error('problems and measures must be lists of text');
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

  /** Overlays `patch` on the texts in force (a field left out keeps its text). */
  async set(actor: Actor, patch: Partial<ReportTexts>): Promise<ReportTexts> {
    return this.store.save(actor, { ...(await this.store.get()), ...patch });
  }
}
