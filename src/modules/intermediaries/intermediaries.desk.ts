/**
 * What the desks read beyond the public views: the owner's list of registrants (bids stay sealed until the
 * deadline), the open projects an intermediary may sign up for, the card for late delivery, and which
 * market project stood behind an application's intermediary report.
 */
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { forbidden } from '../../kernel/errors';
import type { CardSource } from '../../kernel/module';
import { disqualification, deliveryOverdue } from './intermediaries.rules';
import { toYuan, type MarketEnv } from './intermediaries.env';
import type { ProjectsService } from './intermediaries.projects';
import type { RegistryService } from './intermediaries.registry';
import type { ProjectViews } from './intermediaries.views';
import type { CaseMarketCheck, ProjectSignup, ProjectView } from '../../shared/intermediaries.types';

export const DELIVERY_LATE_RULE = 'intermediary_delivery_late';

export class DeskReads {
  constructor(
    private readonly env: MarketEnv,
    private readonly projects: ProjectsService,
    private readonly registry: RegistryService,
    private readonly views: ProjectViews,
  ) {}

  /** 报名情况 for the owner (and the market's admin): who signed up, whether they still qualify, bids once opened. */
  async signups(actor: Actor, projectNo: string): Promise<ProjectSignup[]> {
    const row = await this.projects.rowOrFail(projectNo);
    if (row.owner_user_id !== actor.id && !hasRole(actor, 'admin')) throw forbidden('只有项目业主可以查看报名情况');
    const rows = await this.env.db.selectFrom('intermediaries_signups').selectAll().where('project_id', '=', row.id).orderBy('id').execute();
    const facts = await this.registry.facts(rows.map((r) => r.agency_id));
    const today = this.env.today();
    const req = { serviceId: row.service_id, qualification: row.required_qualification, level: row.required_level };
    // A sealed bid's amount is nobody's business until the deadline has passed.
    const opened = row.bid_deadline === null || this.env.now() >= row.bid_deadline;
    return rows.map((s) => {
      const f = facts.get(s.agency_id)!;
      return {
        agencyId: s.agency_id,
        name: f.name,
        at: s.at,
        problem: disqualification(f, req, today),
        bidMade: s.bid_cents !== null,
        bid: opened ? toYuan(s.bid_cents) : null,
        score: s.score,
      };
    });
  }

  /** 可报名项目: open projects of the intermediary's service types, each with why it may not sign up (or null). */
  async eligible(actor: Actor): Promise<{ agencyId: number | null; items: (ProjectView & { problem: string | null })[] }> {
    const agency = await this.registry.agencyOfUser(actor.id);
    if (!agency) return { agencyId: null, items: [] };
    const today = this.env.today();
    const rows = await this.env.db
      .selectFrom('intermediaries_projects')
      .selectAll()
      .where('status', '=', 'open')
      .where('mode', '!=', 'direct')
      .where('signup_to', '>=', today)
      .orderBy('signup_to')
      .orderBy('id')
      .limit(200)
      .execute();
    const f = (await this.registry.facts([agency.id])).get(agency.id)!;
    const mine = rows.filter((r) => f.serviceIds.includes(r.service_id));
    const views = await this.views.views(actor, mine);
    return {
      agencyId: agency.id,
      items: views.map((v, i) => ({ ...v, problem: disqualification(f, { serviceId: mine[i].service_id, qualification: mine[i].required_qualification, level: mine[i].required_level }, today) })),
    };
  }

  /** 中介服务超期未交付: contracted projects past their delivery deadline, a card for the owner's department. */
  cardSource(): CardSource {
    return {
      name: 'intermediaries.delivery',
      candidates: async (_now, today) => {
        const rows = await this.env.db
          .selectFrom('intermediaries_projects')
          .innerJoin('intermediaries_agencies', 'intermediaries_agencies.id', 'intermediaries_projects.selected_agency_id')
          .select([
            'intermediaries_projects.project_no',
            'intermediaries_projects.title',
            'intermediaries_projects.status',
            'intermediaries_projects.delivery_due',
            'intermediaries_projects.owner_department_id',
            'intermediaries_projects.owner_name',
            'intermediaries_agencies.name as agency_name',
          ])
          .where('intermediaries_projects.status', '=', 'contracted')
          .where('intermediaries_projects.delivery_due', '<', today)
          .execute();
        const index = this.env.ctx.calendar.current;
        return rows
          .filter((r) => deliveryOverdue({ status: r.status, deliveryDue: r.delivery_due }, today))
          .map((r) => ({
            subjectType: 'intermediary_project',
            subjectId: r.project_no,
            subjectLabel: `${r.project_no} ${r.title}`,
            rule: DELIVERY_LATE_RULE,
            color: 'yellow' as const,
            departmentId: r.owner_department_id,
            dueAt: r.delivery_due,
            detail: { projectNo: r.project_no, title: r.title, agency: r.agency_name, owner: r.owner_name, deliveryDue: r.delivery_due, workdaysLate: Math.max(0, index.workdaysBetween(r.delivery_due!, today)) },
          }));
      },
    };
  }

  /**
   * The 体外循环 checks of one application, with the market project behind each service found in the market.
   * The route asks the cases service first whether the actor may read the case.
   */
  async caseChecks(caseNo: string): Promise<CaseMarketCheck[]> {
    const rows = await this.env.db
      .selectFrom('intermediaries_checks')
      .leftJoin('intermediaries_projects', 'intermediaries_projects.id', 'intermediaries_checks.project_id')
      .leftJoin('intermediaries_agencies', 'intermediaries_agencies.id', 'intermediaries_projects.selected_agency_id')
      .select([
        'intermediaries_checks.id',
        'intermediaries_checks.service_id',
        'intermediaries_checks.flagged',
        'intermediaries_projects.project_no',
        'intermediaries_projects.title',
        'intermediaries_projects.mode',
        'intermediaries_projects.report_no',
        'intermediaries_projects.accepted_on',
        'intermediaries_projects.rating',
        'intermediaries_agencies.name as agency_name',
      ])
      .where('intermediaries_checks.case_no', '=', caseNo)
      .orderBy('intermediaries_checks.id')
      .execute();
    const names = await this.env.serviceNames();
    return rows.map((r) => ({
      serviceName: names.get(r.service_id) ?? '',
      inMarket: r.flagged === 0,
      project:
        r.project_no !== null
          ? { projectNo: r.project_no, title: r.title ?? '', mode: r.mode ?? '', agencyName: r.agency_name ?? '', reportNo: r.report_no, acceptedOn: r.accepted_on, rating: r.rating }
          : null,
    }));
  }

}
