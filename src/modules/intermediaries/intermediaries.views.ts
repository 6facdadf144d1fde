/** How projects read: the public (公示 and results, the seed once drawn) and the owner's or registrant's own view. */
import type { Actor } from '../../kernel/auth/actor';
import { parseJson } from '../../kernel/db/db';
import { maskName } from '../../kernel/validators';
import { MODE_LABELS, STATUS_LABELS, type Criterion, type Mode, type ProjectStatus } from './intermediaries.rules';
import { toYuan, type MarketEnv } from './intermediaries.env';
import type { ProjectRow } from './intermediaries.projects';
import type { ProjectSelection, ProjectView } from '../../shared/intermediaries.types';
export type { ProjectView } from '../../shared/intermediaries.types';


export class ProjectViews {
  constructor(private readonly env: MarketEnv) {}

  async views(actor: Actor | null, rows: ProjectRow[]): Promise<ProjectView[]> {
    if (rows.length === 0) return [];
    const db = this.env.db;
    const ids = rows.map((r) => r.id);
    const names = await this.env.serviceNames();
    const signups = await db.selectFrom('intermediaries_signups').select(['project_id', 'agency_id', 'bid_cents']).where('project_id', 'in', ids).execute();
    const objections = await db.selectFrom('intermediaries_objections').selectAll().where('project_id', 'in', ids).orderBy('id').execute();
    const agencyIds = [...new Set(rows.map((r) => r.selected_agency_id).filter((x): x is number => x !== null))];
    const agencies = agencyIds.length ? await db.selectFrom('intermediaries_agencies').select(['id', 'name']).where('id', 'in', agencyIds).execute() : [];
    const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
    const mine = actor?.id != null ? await db.selectFrom('intermediaries_agencies').select('id').where('user_id', '=', actor.id).executeTakeFirst() : undefined;
    return rows.map((r) => {
      const own = signups.filter((s) => s.project_id === r.id);
      const mySignup = mine ? own.find((s) => s.agency_id === mine.id) : undefined;
      return {
        projectNo: r.project_no,
        title: r.title,
        scope: r.scope,
        ownerName: r.owner_name,
        ownerKind: r.owner_kind,
        serviceId: r.service_id,
        serviceName: names.get(r.service_id) ?? '',
        requiredQualification: r.required_qualification,
        requiredLevel: r.required_level,
        budget: toYuan(r.budget_cents)!,
        mode: r.mode,
        modeLabel: MODE_LABELS[r.mode as Mode] ?? r.mode,
        criteria: parseJson<Criterion[]>(r.criteria_json, []),
        minCandidates: r.min_candidates,
        signupFrom: r.signup_from,
        signupTo: r.signup_to,
        bidDeadline: r.bid_deadline,
        deliveryWorkdays: r.delivery_workdays,
        status: r.status,
        statusLabel: STATUS_LABELS[r.status as ProjectStatus] ?? r.status,
        seedHash: r.seed_hash,
        seed: r.selection_json !== null ? r.seed : null,
        selection: parseJson<ProjectSelection | null>(r.selection_json, null),
        selectedAgency: r.selected_agency_id !== null ? { id: r.selected_agency_id, name: agencyName.get(r.selected_agency_id) ?? '' } : null,
        selectedOn: r.selected_on,
        publicityTo: r.publicity_to,
        price: toYuan(r.price_cents),
        contractNo: r.contract_no,
        contractedOn: r.contracted_on,
        deliveryDue: r.delivery_due,
        deliveredOn: r.delivered_on,
        onTime: r.delivered_on !== null && r.delivery_due !== null ? r.delivered_on <= r.delivery_due : null,
        reportNo: r.report_no,
        acceptedOn: r.accepted_on,
        rating: r.rating,
        ratingComment: r.rating_comment,
        cancelReason: r.cancel_reason,
        signupCount: own.length,
        objections: objections
          .filter((o) => o.project_id === r.id)
          .map((o) => ({ id: o.id, byName: maskName(o.by_name), text: o.text, at: o.at, status: o.status, answer: o.answer })),
        viewer: {
          owner: actor?.id != null && r.owner_user_id === actor.id,
          signedUp: mySignup !== undefined,
          bidMade: mySignup?.bid_cents != null,
          selected: mine !== undefined && r.selected_agency_id === mine.id,
        },
        createdOn: r.created_on,
      };
    });
  }

  async list(actor: Actor | null, q: { status?: string; mode?: string; mine?: boolean; page: number; pageSize: number }) {
    let query = this.env.db.selectFrom('intermediaries_projects');
    if (q.status) query = query.where('status', '=', q.status);
    if (q.mode) query = query.where('mode', '=', q.mode);
    if (q.mine && actor?.id != null) {
      const agency = await this.env.db.selectFrom('intermediaries_agencies').select('id').where('user_id', '=', actor.id).executeTakeFirst();
      const signedUp = agency ? (await this.env.db.selectFrom('intermediaries_signups').select('project_id').where('agency_id', '=', agency.id).execute()).map((s) => s.project_id) : [];
      const ownerId = actor.id;
      query = query.where((eb) => {
        const ors = [eb('owner_user_id', '=', ownerId)];
        if (agency) ors.push(eb('selected_agency_id', '=', agency.id));
        if (signedUp.length) ors.push(eb('id', 'in', signedUp));
        return eb.or(ors);
      });
    }
    const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await query
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return { items: await this.views(actor, rows), total };
  }
}
