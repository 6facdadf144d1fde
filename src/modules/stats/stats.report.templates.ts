import type { StatsNeedsContext } from './stats.context';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';

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

export class ReportTemplates {
  constructor(private readonly ctx: StatsNeedsContext) {}

  async get(): Promise<ReportTexts> {
    const row = await this.ctx.db.selectFrom('kernel_settings').select('value_json').where('key', '=', REPORT_TEMPLATES_KEY).executeTakeFirst();
    return { ...DEFAULT_TEXTS, ...(row ? (JSON.parse(row.value_json) as Partial<ReportTexts>) : {}) };
  }

  async set(actor: Actor, patch: Partial<ReportTexts>): Promise<ReportTexts> {
    const before = await this.get();
    const after = { ...before, ...patch };
    const now = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (tx) => {
      const value = JSON.stringify(after);
      await tx
        .insertInto('kernel_settings')
        .values({ key: REPORT_TEMPLATES_KEY, value_json: value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now }))
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'stats.report_templates_set', subjectType: 'setting', subjectId: REPORT_TEMPLATES_KEY, before, after });
    });
    return after;
  }
}

