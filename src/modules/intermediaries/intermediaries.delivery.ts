/** After 公示: the contract, delivery on the working-day calendar, acceptance and the owner's rating. */
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { conflict, forbidden, unprocessable } from '../../kernel/errors';
import { toCents, type MarketEnv, type MarketTx } from './intermediaries.env';
import type { ProjectRow, ProjectsService } from './intermediaries.projects';
import type { RegistryService } from './intermediaries.registry';

export class DeliveryService {
  constructor(
    private readonly env: MarketEnv,
    private readonly projects: ProjectsService,
    private readonly registry: RegistryService,
  ) {}

  private async audit(tx: MarketTx, actor: Actor, action: string, row: ProjectRow, before: unknown, after: unknown) {
    await recordAudit(tx, this.env.ctx.clock, actor, { action: `intermediaries.${action}`, subjectType: 'intermediary_project', subjectId: row.project_no, before, after });
  }

  /** After the last day of 公示 with no objection open; the delivery deadline counts working days from signing. */
  async contract(actor: Actor, projectNo: string, input: { contractNo: string; price?: number }) {
    const row = await this.projects.rowOrFail(projectNo);
    this.projects.check('contract', row);
    this.projects.ownerOrFail(actor, row, '签订合同');
    const today = this.env.today();
    if (today <= row.publicity_to!) throw unprocessable('PUBLICITY_RUNNING', `公示期至 ${row.publicity_to}，公示期满后才能签订合同`);
    const open = await this.env.db.selectFrom('intermediaries_objections').select('id').where('project_id', '=', row.id).where('status', '=', 'open').executeTakeFirst();
    if (open) throw conflict('OBJECTION_OPEN', '公示期间收到的异议尚未答复，不能签订合同');
    let price = row.price_cents;
    if (row.mode !== 'bid') {
      if (input.price === undefined) throw unprocessable('PRICE_REQUIRED', '请填写合同金额', { field: 'price' });
      price = toCents(input.price);
      if (!(price > 0)) throw unprocessable('INVALID_PRICE', '合同金额应大于 0', { field: 'price' });
      if (price > row.budget_cents) throw unprocessable('PRICE_OVER_BUDGET', '合同金额不能高于项目预算', { field: 'price' });
    }
    const due = this.env.ctx.calendar.current.addWorkdays(today, row.delivery_workdays);
    await this.env.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('intermediaries_projects')
        .set({ status: 'contracted', contract_no: input.contractNo.trim(), contracted_on: today, price_cents: price, delivery_due: due, updated_at: this.env.now() })
        .where('id', '=', row.id)
        .execute();
      await this.audit(tx, actor, 'project_contracted', row, { status: row.status }, { status: 'contracted', contractNo: input.contractNo, priceCents: price, deliveryDue: due });
    });
  }

  async deliver(actor: Actor, projectNo: string, reportNo: string) {
    const row = await this.projects.rowOrFail(projectNo);
    this.projects.check('deliver', row);
    const agency = await this.registry.agencyOfUser(actor.id);
    if (!agency || agency.id !== row.selected_agency_id) throw forbidden('只有中选的中介机构可以提交成果');
    const today = this.env.today();
    await this.env.db.transaction().execute(async (tx) => {
      await tx.updateTable('intermediaries_projects').set({ status: 'delivered', delivered_on: today, report_no: reportNo.trim(), updated_at: this.env.now() }).where('id', '=', row.id).execute();
      await this.audit(tx, actor, 'project_delivered', row, { status: row.status }, { status: 'delivered', reportNo, onTime: today <= row.delivery_due! });
    });
  }

  async accept(actor: Actor, projectNo: string) {
    const row = await this.projects.rowOrFail(projectNo);
    this.projects.check('accept', row);
    this.projects.ownerOrFail(actor, row, '验收');
    await this.env.db.transaction().execute(async (tx) => {
      await tx.updateTable('intermediaries_projects').set({ status: 'accepted', accepted_on: this.env.today(), updated_at: this.env.now() }).where('id', '=', row.id).execute();
      await this.audit(tx, actor, 'project_accepted', row, { status: row.status }, { status: 'accepted' });
    });
  }

  /** The owner rates the intermediary once (1–5); the rating joins its credit record. */
  async rate(actor: Actor, projectNo: string, rating: number, comment: string | null) {
    const row = await this.projects.rowOrFail(projectNo);
    if (row.owner_user_id !== actor.id) throw forbidden('只有项目业主可以评价中介机构');
    this.projects.check('rate', row);
    if (row.rating !== null) throw conflict('ALREADY_RATED', '该项目已评价');
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw unprocessable('INVALID_RATING', '评价应为 1–5 星', { field: 'rating' });
    const agencyId = row.selected_agency_id!;
    await this.env.db.transaction().execute(async (tx) => {
      const n = await tx
        .updateTable('intermediaries_projects')
        .set({ rating, rating_comment: comment?.trim() || null, updated_at: this.env.now() })
        .where('id', '=', row.id)
        .where('rating', 'is', null)
        .executeTakeFirst();
      if (Number(n.numUpdatedRows) !== 1) throw conflict('ALREADY_RATED', '该项目已评价');
      const a = await tx.selectFrom('intermediaries_agencies').select(['rating_sum', 'rating_count']).where('id', '=', agencyId).executeTakeFirstOrThrow();
      await tx.updateTable('intermediaries_agencies').set({ rating_sum: a.rating_sum + rating, rating_count: a.rating_count + 1 }).where('id', '=', agencyId).execute();
      await this.registry.insertCredit(tx, agencyId, 'rating', `项目 ${row.project_no} 业主评价 ${rating} 星${comment ? `：${comment.trim()}` : ''}`, rating, row.id);
      await this.audit(tx, actor, 'project_rated', row, null, { rating, agencyId });
    });
  }
}
