/**
 * The hall's 办不成事 window (issue 20 item 6): a clerk registers the applicant's complaint about a case
 * that cannot get done. The complaint is an ordinary work order (channel `banbucheng`, linked to the case
 * number) that the hotline centre dispatches, the unit answers and the centre calls back as any other;
 * the case page lists it (ordersForCase). It belongs to the case's county (the first six digits of the case
 * number): numbered from that county's counter and audited in its chain.
 */
import type { Actor } from '../../kernel/auth/actor';
import { regionOfCaseNo } from '../cases';
import { AppError } from '../../kernel/errors';
import type { WorkOrderDeps } from './hotline.context';
import type { OrderIntake } from './orders.intake';
import type { OrderReads } from './orders.reads';

export interface BlockedCaseInput {
  caseNo: string;
  /** What the applicant says blocks the case. */
  content: string;
  category?: string;
  citizen?: { name?: string; phone?: string };
}

export class BlockedCaseWindow {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly intake: OrderIntake,
    private readonly reads: OrderReads,
  ) {}

  /** Registers the complaint on the case the clerk can see (404/403 from cases otherwise); answers the case's list entry. */
  async register(actor: Actor, input: BlockedCaseInput) {
    const caseNo = input.caseNo.trim();
    const cases = this.deps.ctx.services.cases;
    const view = await cases.get(actor, caseNo);
    const { id } = await this.deps.db.transaction().execute((tx) =>
      this.intake.create(actor, { channel: 'banbucheng', category: input.category ?? 'complaint', content: input.content, title: `办不成事：${view.itemName}`.slice(0, 200), citizen: input.citizen, caseNo: view.caseNo, region: regionOfCaseNo(view.caseNo) }, tx),
    );
    const entry = (await this.reads.ordersForCase(view.caseNo)).find((o) => o.id === id);
    if (!entry) throw new AppError('ORDER_NOT_FOUND', 404, '工单不存在');
    return entry;
  }
}
