/**
 * 采购项目 up to the selection: posting (the random draw's seed hash is committed here), sign-up, sealed bids,
 * selection in the four modes, 公示 with objections, and ending a project early.
 */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { nextSequence, parseJson } from '../../kernel/db/db';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../kernel/errors';
import { validateUscc } from '../../kernel/validators';
import {
  criteriaProblem,
  disqualification,
  draw,
  lowestBid,
  MODE_LABELS,
  projectCheck,
  sha256,
  weightedScore,
  type Criterion,
  type Mode,
  type ProjectAction,
} from './intermediaries.rules';
import { toCents, type MarketEnv, type MarketTx } from './intermediaries.env';
import type { RegistryService } from './intermediaries.registry';
import type { IntermediariesProjectsTable } from './intermediaries.tables';
import type { ProjectSelection } from '../../shared/intermediaries.types';

export type ProjectRow = Selectable<IntermediariesProjectsTable>;

export interface PostInput {
  serviceId: number;
  title: string;
  scope: string;
  requiredQualification?: string;
  requiredLevel?: string;
  budget: number;
  mode: Mode;
  criteria?: Criterion[];
  signupTo: string;
  bidDeadline?: string;
  deliveryWorkdays: number;
  /** An enterprise owner's 统一社会信用代码 and name (a department posts in its own name). */
  ownerCode?: string;
  ownerName?: string;
  /** 直接选取: the intermediary chosen. */
  agencyId?: number;
}

export interface SelectInput {
  agencyId?: number;
  price?: number;
  /** 择优选取: scores 0–100 per criterion, per registrant. */
  scores?: { agencyId: number; scores: Record<string, number> }[];
  reason?: string;
}

export class ProjectsService {
  constructor(
    private readonly env: MarketEnv,
    private readonly registry: RegistryService,
  ) {}

  async rowOrFail(projectNo: string, db = this.env.db): Promise<ProjectRow> {
    const row = await db.selectFrom('intermediaries_projects').selectAll().where('project_no', '=', projectNo).executeTakeFirst();
    if (!row) throw notFound('PROJECT_NOT_FOUND', `项目 ${projectNo} 不存在`);
    return row;
  }

  check(action: ProjectAction, row: ProjectRow) {
    const problem = projectCheck(action, row.status);
    if (problem) throw new AppError('PROJECT_STATE', 409, problem, { status: row.status });
  }

  ownerOrFail(actor: Actor, row: ProjectRow, what: string) {
    if (row.owner_user_id !== actor.id) throw forbidden(`只有项目业主可以${what}`);
  }

  private async audit(tx: MarketTx, actor: Actor, action: string, row: ProjectRow, before: unknown, after: unknown) {
    await recordAudit(tx, this.env.ctx.clock, actor, { action: `intermediaries.${action}`, subjectType: 'intermediary_project', subjectId: row.project_no, before, after });
  }

  async post(actor: Actor, input: PostInput): Promise<string> {
    const service = await this.env.serviceOrFail(input.serviceId);
    const today = this.env.today();
    const now = this.env.now();
    const config = await this.env.settings.get();
    const enterprise = hasRole(actor, 'citizen');
    let ownerCode: string;
    let ownerName: string;
    let ownerDepartmentId: number | null = null;
    if (enterprise) {
      const u = validateUscc(input.ownerCode);
      if (!u.ok) throw unprocessable('INVALID_USCC', `业主统一社会信用代码无效：${u.message}`, { field: 'ownerCode' });
      if (!input.ownerName?.trim()) throw unprocessable('OWNER_NAME_REQUIRED', '请填写业主单位名称', { field: 'ownerName' });
      ownerCode = u.value;
      ownerName = input.ownerName.trim();
    } else {
      if (actor.departmentId === null) throw forbidden('只有企业账号或部门账号可以发布采购项目');
      const dept = await this.env.ctx.services.org.byIdOrFail(actor.departmentId);
      ownerCode = dept.code;
      ownerName = dept.name;
      ownerDepartmentId = dept.id;
    }
    if (!(input.budget > 0)) throw unprocessable('INVALID_BUDGET', '预算金额应大于 0', { field: 'budget' });
    if (input.mode !== 'direct' && input.signupTo < today) throw unprocessable('SIGNUP_WINDOW', '报名截止日不能早于今天', { field: 'signupTo' });
    const criteria = input.mode === 'merit' ? (input.criteria ?? []) : [];
    if (input.mode === 'merit') {
      const problem = criteriaProblem(criteria);
      if (problem) throw unprocessable('INVALID_CRITERIA', problem, { field: 'criteria' });
    }
    let bidDeadline: string | null = null;
    if (input.mode === 'bid') {
      const d = input.bidDeadline ? new Date(input.bidDeadline) : null;
      if (!d || Number.isNaN(d.getTime()) || d.getTime() <= this.env.ctx.clock.now().getTime()) {
        throw unprocessable('BID_DEADLINE', '竞价选取须设定晚于当前时间的报价截止时间', { field: 'bidDeadline' });
      }
      bidDeadline = d.toISOString();
    }
    const req = { serviceId: service.id, qualification: input.requiredQualification?.trim() || null, level: input.requiredLevel ?? null };
    if (input.mode === 'direct') {
      if (input.agencyId === undefined) throw unprocessable('AGENCY_REQUIRED', '直接选取须指定中介机构', { field: 'agencyId' });
      const f = (await this.registry.facts([input.agencyId])).get(input.agencyId);
      if (!f) throw unprocessable('AGENCY_NOT_FOUND', `中介机构 ${input.agencyId} 不存在`, { field: 'agencyId' });
      const why = disqualification(f, req, today);
      if (why) throw unprocessable('NOT_QUALIFIED', why, { field: 'agencyId' });
    }
    const seed = input.mode === 'random' ? randomBytes(16).toString('hex') : null;
    return this.env.db.transaction().execute(async (tx) => {
      const seq = await nextSequence(tx, `intermediaries.project.${today.slice(0, 4)}`);
      const projectNo = `ZJ${today.slice(0, 4)}${String(seq).padStart(5, '0')}`;
      const values = {
        project_no: projectNo,
        owner_kind: enterprise ? 'enterprise' : 'department',
        owner_user_id: actor.id ?? 0,
        owner_department_id: ownerDepartmentId,
        owner_name: ownerName,
        owner_code: ownerCode,
        service_id: service.id,
        title: input.title.trim(),
        scope: input.scope.trim(),
        required_qualification: req.qualification,
        required_level: req.level,
        budget_cents: toCents(input.budget),
        mode: input.mode,
        criteria_json: JSON.stringify(criteria),
        min_candidates: input.mode === 'random' ? config.minCandidates : 1,
        signup_from: today,
        signup_to: input.mode === 'direct' ? today : input.signupTo,
        bid_deadline: bidDeadline,
        delivery_workdays: input.deliveryWorkdays,
        status: 'open',
        seed_hash: seed ? sha256(seed) : null,
        seed,
        selection_json: null,
        selected_agency_id: null,
        selected_on: null,
        publicity_to: null,
        price_cents: null,
        contract_no: null,
        contracted_on: null,
        delivery_due: null,
        delivered_on: null,
        report_no: null,
        accepted_on: null,
        rating: null,
        rating_comment: null,
        cancel_reason: null,
        created_on: today,
        created_at: now,
        updated_at: now,
      };
      await tx.insertInto('intermediaries_projects').values(values).execute();
      const row = await this.rowOrFail(projectNo, tx);
      await this.audit(tx, actor, 'project_posted', row, null, { mode: input.mode, serviceId: service.id, budgetCents: values.budget_cents, seedHash: values.seed_hash });
      if (input.mode === 'direct') await this.publicize(tx, actor, row, input.agencyId!, { mode: 'direct', reason: input.title }, null);
      return projectNo;
    });
  }

  /** The selection result goes on 公示 for the configured number of working days. */
  private async publicize(tx: MarketTx, actor: Actor, row: ProjectRow, agencyId: number, selection: ProjectSelection, priceCents: number | null) {
    const config = await this.env.settings.get(tx);
    const today = this.env.today();
    const publicityTo = this.env.ctx.calendar.current.addWorkdays(today, config.publicityWorkdays);
    await tx
      .updateTable('intermediaries_projects')
      .set({
        status: 'publicity',
        selected_agency_id: agencyId,
        selected_on: today,
        publicity_to: publicityTo,
        selection_json: JSON.stringify(selection),
        price_cents: priceCents,
        updated_at: this.env.now(),
      })
      .where('id', '=', row.id)
      .execute();
    await this.audit(tx, actor, 'project_selected', row, { status: row.status }, { status: 'publicity', agencyId, publicityTo, selection });
  }

  private async myAgencyOrFail(actor: Actor) {
    const agency = await this.registry.agencyOfUser(actor.id);
    if (!agency) throw forbidden('本账号未登记中介机构');
    return agency;
  }

  async signup(actor: Actor, projectNo: string) {
    const row = await this.rowOrFail(projectNo);
    this.check('signup', row);
    const agency = await this.myAgencyOrFail(actor);
    const today = this.env.today();
    if (row.mode === 'direct') throw unprocessable('SIGNUP_CLOSED', '直接选取的项目不接受报名');
    if (today > row.signup_to) throw unprocessable('SIGNUP_CLOSED', `报名已于 ${row.signup_to} 截止`);
    const f = (await this.registry.facts([agency.id])).get(agency.id)!;
    const why = disqualification(f, { serviceId: row.service_id, qualification: row.required_qualification, level: row.required_level }, today);
    if (why) throw unprocessable('NOT_QUALIFIED', why);
    const dup = await this.env.db.selectFrom('intermediaries_signups').select('id').where('project_id', '=', row.id).where('agency_id', '=', agency.id).executeTakeFirst();
    if (dup) throw conflict('ALREADY_SIGNED_UP', '本机构已报名该项目');
    await this.env.db.transaction().execute(async (tx) => {
      await tx.insertInto('intermediaries_signups').values({ project_id: row.id, agency_id: agency.id, at: this.env.now(), bid_cents: null, bid_at: null, score: null, scores_json: null }).execute();
      await this.audit(tx, actor, 'project_signup', row, null, { agencyId: agency.id });
    });
  }

  /** 竞价选取: one sealed bid per registrant until the deadline, not above the budget. */
  async bid(actor: Actor, projectNo: string, price: number) {
    const row = await this.rowOrFail(projectNo);
    this.check('bid', row);
    if (row.mode !== 'bid') throw unprocessable('NOT_A_BID', `本项目为${MODE_LABELS[row.mode as Mode]}，不接受报价`);
    const agency = await this.myAgencyOrFail(actor);
    if (this.env.ctx.clock.now().toISOString() >= row.bid_deadline!) throw unprocessable('BID_CLOSED', '报价已截止，不能再报价', { field: 'price' });
    const signup = await this.env.db.selectFrom('intermediaries_signups').selectAll().where('project_id', '=', row.id).where('agency_id', '=', agency.id).executeTakeFirst();
    if (!signup) throw unprocessable('NOT_SIGNED_UP', '本机构未报名该项目，不能报价');
    const f = (await this.registry.facts([agency.id])).get(agency.id)!;
    const why = disqualification(f, { serviceId: row.service_id, qualification: row.required_qualification, level: row.required_level }, this.env.today());
    if (why) throw unprocessable('NOT_QUALIFIED', why);
    if (signup.bid_cents !== null) throw conflict('BID_EXISTS', '本机构已报价，报价不能修改或重复提交');
    const cents = toCents(price);
    if (!(cents > 0)) throw unprocessable('INVALID_PRICE', '报价应大于 0', { field: 'price' });
    if (cents > row.budget_cents) throw unprocessable('BID_OVER_BUDGET', '报价不能高于项目预算', { field: 'price' });
    await this.env.db.transaction().execute(async (tx) => {
      const n = await tx
        .updateTable('intermediaries_signups')
        .set({ bid_cents: cents, bid_at: this.env.now() })
        .where('id', '=', signup.id)
        .where('bid_cents', 'is', null)
        .executeTakeFirst();
      if (Number(n.numUpdatedRows) !== 1) throw conflict('BID_EXISTS', '本机构已报价，报价不能修改或重复提交');
      // The amount stays sealed: the audit row records that a bid was made, not its price.
      await this.audit(tx, actor, 'project_bid', row, null, { agencyId: agency.id });
    });
  }

  /** The owner selects: random draw, bid opening, weighted scores (择优). 直接选取 was selected on posting. */
  async select(actor: Actor, projectNo: string, input: SelectInput) {
    const row = await this.rowOrFail(projectNo);
    this.check('select', row);
    this.ownerOrFail(actor, row, '组织选取');
    const today = this.env.today();
    const req = { serviceId: row.service_id, qualification: row.required_qualification, level: row.required_level };
    const signups = await this.env.db.selectFrom('intermediaries_signups').selectAll().where('project_id', '=', row.id).orderBy('id').execute();
    const facts = await this.registry.facts(signups.map((s) => s.agency_id));
    const qualified = signups.filter((s) => disqualification(facts.get(s.agency_id)!, req, today) === null);
    if (row.mode === 'bid') {
      if (this.env.ctx.clock.now().toISOString() < row.bid_deadline!) throw unprocessable('BIDDING_OPEN', `报价截止时间（${row.bid_deadline}）未到，不能开标`);
      const bids = qualified.filter((s) => s.bid_cents !== null).map((s) => ({ agencyId: s.agency_id, cents: s.bid_cents!, at: s.bid_at! }));
      const best = lowestBid(bids);
      if (!best) throw unprocessable('NO_BIDS', '没有合格的报价，不能开标');
      await this.env.db.transaction().execute((tx) =>
        this.publicize(tx, actor, row, best.agencyId, { mode: 'bid', bids: bids.map((b) => ({ agencyId: b.agencyId, name: facts.get(b.agencyId)!.name, price: b.cents / 100 })) }, best.cents),
      );
      return;
    }
    if (today <= row.signup_to) throw unprocessable('SIGNUP_OPEN', `报名截止日（${row.signup_to}）未过，不能选取`);
    if (row.mode === 'random') {
      if (qualified.length < row.min_candidates) {
        throw unprocessable('DRAW_TOO_FEW', `符合条件的报名机构只有 ${qualified.length} 家，随机抽取至少需要 ${row.min_candidates} 家`, { qualified: qualified.length, needed: row.min_candidates });
      }
      const d = draw(row.seed!, qualified.map((s) => s.agency_id));
      if (d.seedHash !== row.seed_hash) throw new AppError('SEED_MISMATCH', 500, '抽取种子与公布的摘要不一致');
      const names = d.candidates.map((id) => ({ agencyId: id, name: facts.get(id)!.name }));
      await this.env.db.transaction().execute((tx) => this.publicize(tx, actor, row, d.picked, { mode: 'random', ...d, candidateNames: names }, null));
      return;
    }
    // merit
    const criteria = parseJson<Criterion[]>(row.criteria_json, []);
    if (qualified.length === 0) throw unprocessable('NO_CANDIDATES', '没有符合条件的报名机构');
    const given = new Map((input.scores ?? []).map((s) => [s.agencyId, s.scores]));
    for (const s of qualified) {
      const sc = given.get(s.agency_id);
      if (!sc || criteria.some((c) => typeof sc[c.name] !== 'number' || sc[c.name] < 0 || sc[c.name] > 100)) {
        throw unprocessable('SCORES_REQUIRED', `请按公布的评分标准为“${facts.get(s.agency_id)!.name}”逐项打分（0–100）`, { field: 'scores' });
      }
    }
    const scored = qualified.map((s) => ({ signup: s, agencyId: s.agency_id, total: weightedScore(criteria, given.get(s.agency_id)!) }));
    scored.sort((a, b) => b.total - a.total || a.signup.id - b.signup.id);
    await this.env.db.transaction().execute(async (tx) => {
      for (const s of scored) {
        await tx.updateTable('intermediaries_signups').set({ score: s.total, scores_json: JSON.stringify(given.get(s.agencyId)) }).where('id', '=', s.signup.id).execute();
      }
      await this.publicize(tx, actor, row, scored[0].agencyId, { mode: 'merit', criteria, ranking: scored.map((s) => ({ agencyId: s.agencyId, name: facts.get(s.agencyId)!.name, score: s.total })) }, null);
    });
  }

  /** 公示异议: anyone signed in, until the last day of 公示. */
  async object(actor: Actor, projectNo: string, text: string) {
    const row = await this.rowOrFail(projectNo);
    this.check('object', row);
    if (this.env.today() > row.publicity_to!) throw unprocessable('PUBLICITY_OVER', `公示已于 ${row.publicity_to} 结束`);
    return this.env.db.transaction().execute(async (tx) => {
      const [{ id }] = await tx
        .insertInto('intermediaries_objections')
        .values({ project_id: row.id, by_user_id: actor.id, by_name: actor.name, text: text.trim(), at: this.env.now(), status: 'open', answer: null })
        .returning('id')
        .execute();
      await this.audit(tx, actor, 'objection_filed', row, null, { objectionId: Number(id) });
      return Number(id);
    });
  }

  /** The owner (or the market's admin) answers an objection; an upheld one ends the project for a new selection. */
  async resolveObjection(actor: Actor, projectNo: string, objectionId: number, upheld: boolean, answer: string) {
    const row = await this.rowOrFail(projectNo);
    if (row.owner_user_id !== actor.id && !hasRole(actor, 'admin')) throw forbidden('只有项目业主或管理员可以答复异议');
    const o = await this.env.db.selectFrom('intermediaries_objections').selectAll().where('id', '=', objectionId).where('project_id', '=', row.id).executeTakeFirst();
    if (!o) throw notFound('OBJECTION_NOT_FOUND', `异议 ${objectionId} 不存在`);
    if (o.status !== 'open') throw conflict('OBJECTION_ANSWERED', '该异议已答复', { status: o.status });
    await this.env.db.transaction().execute(async (tx) => {
      await tx.updateTable('intermediaries_objections').set({ status: upheld ? 'upheld' : 'dismissed', answer: answer.trim() }).where('id', '=', o.id).execute();
      if (upheld && row.status === 'publicity') {
        await tx.updateTable('intermediaries_projects').set({ status: 'cancelled', cancel_reason: `异议成立：${answer.trim()}`, updated_at: this.env.now() }).where('id', '=', row.id).execute();
      }
      await this.audit(tx, actor, 'objection_answered', row, { status: 'open' }, { objectionId, upheld });
    });
  }

  async cancel(actor: Actor, projectNo: string, reason: string) {
    const row = await this.rowOrFail(projectNo);
    this.check('cancel', row);
    this.ownerOrFail(actor, row, '终止项目');
    await this.env.db.transaction().execute(async (tx) => {
      await tx.updateTable('intermediaries_projects').set({ status: 'cancelled', cancel_reason: reason.trim(), updated_at: this.env.now() }).where('id', '=', row.id).execute();
      await this.audit(tx, actor, 'project_cancelled', row, { status: row.status }, { status: 'cancelled', reason });
    });
  }
}
