/**
 * The year's 12345 work orders, call records and 市长信箱 letters: consultations answered on the spot,
 * the rest dispatched to a unit, signed, replied (≈3 % late), called back, with the abandoned and repeat
 * calls that made no order — written through the hotline module's bulk writer in batches.
 */
import { bulkInsertHotline, type PlannedCall, type PlannedOrder, type PlannedOrderStep } from '../../modules/hotline';
import { mobile, personName } from './people';
import { at, draw, perDay, plusHours, weighted } from './sampling';
import type { World } from './world';

type Category = PlannedOrder['category'];

/** Orders per write batch: one transaction on SQLite, one audit row. */
const BATCH = 5000;

/** Consultations dominate; complaints next; praise is rare. */
const CATEGORIES = weighted<Category>(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'], (_c, i) => [45, 20, 22, 4, 7, 2][i]);

/** A dispatched order's life: dispatch, sign, reply, callback (a missed callback closes it), as far as it got by today. */
function unitSteps(w: World, created: string, category: Category, letter: boolean): PlannedOrderStep[] {
  const { rng, index, staff, hotlineCfg } = w;
  const unit = rng.pick(w.units);
  const dispatched = plusHours(created, rng.int(1, 4) / 2);
  const limitDays = hotlineCfg.finishWorkdays[category];
  const signed = plusHours(dispatched, rng.int(1, 6));
  const late = rng.chance(0.03);
  const replyDay = late ? index.addWorkdays(dispatched.slice(0, 10), limitDays + rng.int(1, 3)) : index.addWorkdays(dispatched.slice(0, 10), rng.int(0, Math.max(0, limitDays - 1)));
  let replied = at(replyDay, 15, rng.int(0, 59));
  if (replied <= signed) replied = plusHours(signed, 1);
  const cb = plusHours(replied, 24 * rng.int(1, 2));
  const plan: PlannedOrderStep[] = [
    { action: 'dispatch', at: dispatched, unitId: unit.id, actor: staff.operator },
    { action: 'sign', at: signed, actor: { id: null, name: unit.name } },
    { action: 'reply', at: replied, content: `${unit.name}已办理并答复：${letter ? '来信反映问题已核实处理' : '诉求已办理完毕'}`, replyResult: 'resolved', actor: { id: null, name: unit.name } },
  ];
  const reached = rng.chance(0.9);
  plan.push(reached ? { action: 'callback', at: cb, reached: true, result: rng.chance(0.92) ? 'satisfied' : 'basically', actor: staff.operator } : { action: 'callback', at: cb, reached: false, actor: staff.operator });
  if (!reached) plan.push({ action: 'close', at: plusHours(cb, 2), actor: staff.operator });
  const steps: PlannedOrderStep[] = [];
  const endOfYear = at(w.today, 18);
  for (const s of plan) {
    if (s.at > endOfYear) break;
    steps.push(s);
  }
  return steps;
}

/** The `k`-th of the day's `n` orders; `made` numbers it in the year (letters are spaced by it). */
function planOrder(w: World, day: string, k: number, n: number, made: number, letter: boolean): PlannedOrder {
  const { rng, staff } = w;
  const created = at(day, 8 + Math.floor((k / Math.max(1, n)) * 12), rng.int(0, 59));
  const category: Category = letter ? rng.pick<Category>(['complaint', 'suggestion', 'help']) : draw(CATEGORIES, rng);
  const channel: PlannedOrder['channel'] = letter ? 'mailbox' : rng.chance(0.82) ? 'phone' : rng.chance(0.55) ? 'web' : 'mobile';
  const urgent = rng.chance(0.01);
  const direct = !letter && category === 'consult' && rng.chance(0.65);
  const steps: PlannedOrderStep[] = direct ? [{ action: 'answer', at: plusHours(created, 0.1), content: '已根据知识库答复来电人', actor: staff.operator }] : unitSteps(w, created, category, letter);
  const order: PlannedOrder = {
    channel,
    category,
    urgency: urgent && !direct ? 'urgent' : 'normal',
    content: letter ? '市长您好：我们小区门前道路破损多年，雨天积水严重，希望有关部门尽快维修。' : `${personName(rng)}来电反映：${['咨询社保卡补办流程', '反映噪音扰民', '求助办理低保', '投诉商家拒绝退款', '建议增设公交站点'][rng.int(0, 4)]}`,
    citizen: { name: personName(rng), phone: mobile(rng) },
    createdAt: created,
    createdBy: letter ? { id: null, name: '市长信箱' } : staff.operator,
    steps,
    region: w.region,
    letter: letter ? { queryCode: `GX${w.opts.seed % 100}${String(made).padStart(7, '0')}`.slice(0, 20), title: '关于小区门前道路维修的建议', publishConsent: rng.chance(0.5) } : undefined,
  };
  if (urgent && !direct) {
    // Urgent orders are on a 24-hour clock: plan the reply inside it (the KPI stays honest).
    order.steps = order.steps.map((s) => (s.action === 'reply' ? { ...s, at: new Date(Math.min(new Date(s.at).getTime(), new Date(created).getTime() + 20 * 3_600_000)).toISOString() } : s));
    order.steps.sort((a, b) => (a.at < b.at ? -1 : 1));
    if (order.steps.findIndex((s) => s.action === 'reply') < order.steps.findIndex((s) => s.action === 'sign')) order.urgency = 'normal';
  }
  return order;
}

/** The call that made a phoned-in order and, for a quarter of them, an earlier call that made none. */
function callsFor(w: World, order: PlannedOrder, orderIndex: number): PlannedCall[] {
  const { rng, staff } = w;
  const calls: PlannedCall[] = [{ startedAt: plusHours(order.createdAt, -0.05), answered: true, waitSeconds: rng.int(2, 40), durationSeconds: rng.int(60, 600), callerPhone: order.citizen.phone, operatorId: staff.operator.id, orderIndex }];
  // Abandoned and repeat calls that made no order: connect rate below 100 %.
  if (rng.chance(0.25)) calls.push({ startedAt: plusHours(order.createdAt, -0.5), answered: rng.chance(0.85), waitSeconds: rng.int(5, 90), durationSeconds: null, callerPhone: order.citizen.phone, operatorId: staff.operator.id });
  return calls;
}

/** Orders and calls waiting for the next write. */
class HotlineBatch {
  orders: PlannedOrder[] = [];
  calls: PlannedCall[] = [];
  /** Orders written before this county's (the progress line counts the county's own). */
  private readonly base: number;

  constructor(private readonly w: World) {
    this.base = w.counts.orders;
  }

  /** Writes the batch in one transaction, then audits it. */
  async write(): Promise<void> {
    if (this.orders.length === 0 && this.calls.length === 0) return;
    const { w } = this;
    const orders = this.orders;
    const calls = this.calls;
    this.orders = [];
    this.calls = [];
    const r = await w.sink.batch(() => bulkInsertHotline(w.sink, { index: w.index, cfg: w.hotlineCfg, nextOrderSeq: (name) => w.seqs.next(name) }, orders, calls));
    w.counts.orders += r.orders;
    w.counts.calls += r.calls;
    w.counts.letters += r.letters;
    await w.audit({ action: 'generator.workorders_generated', subjectType: 'workorder_batch', subjectId: `${w.counts.orders - r.orders + 1}…${w.counts.orders}`, after: { orders: r.orders, calls: r.calls, letters: r.letters, seed: w.opts.seed } });
    w.progress.set(w.counts.orders - this.base);
  }
}

/** Plans and writes the year's work orders, calls and letters, day by day (none without a hotline unit). */
export async function writeHotline(w: World): Promise<void> {
  if (w.units.length === 0) return;
  const { vol, index } = w;
  w.progress.phase('hotline', vol.orders);
  const batch = new HotlineBatch(w);
  // The line is staffed every day; weekends bring fewer calls.
  const counts = perDay(vol.orders, w.days.map((d) => (index.isWorkday(d) ? 1 : 0.6)));
  let lettersLeft = vol.letters;
  const letterEvery = Math.max(1, Math.floor(vol.orders / (vol.letters + 1)));
  // Letters' query codes number the installation's orders: a province's later counties continue them.
  let made = w.counts.orders;
  for (let di = 0; di < w.days.length; di++) {
    const n = counts[di];
    for (let k = 0; k < n; k++) {
      made++;
      const letter = lettersLeft > 0 && made % letterEvery === 0;
      const order = planOrder(w, w.days[di], k, n, made, letter);
      if (letter) lettersLeft--;
      batch.orders.push(order);
      if (order.channel === 'phone') batch.calls.push(...callsFor(w, order, batch.orders.length - 1));
      if (batch.orders.length >= BATCH) await batch.write();
    }
  }
  await batch.write();
}
