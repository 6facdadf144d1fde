/**
 * The replay's 12345 year (issue 18 item 8): the work orders, calls and 市长信箱 letters of the profile,
 * with the late replies, 不满意 callbacks (sent back to the unit and replied again) and unanswered calls
 * handed out by quota, so that the report's 按时办结率, 回访率, 满意率 and 接通率 come out of the records;
 * the letters finished 5 days after they arrived, the last few still with their unit on the as-of day.
 */
import { bulkInsertHotline, type PlannedCall, type PlannedOrder, type PlannedOrderStep } from '../../modules/hotline';
import { mobile, personName } from './people';
import { at, draw, perDay, plusHours, weighted } from './sampling';
import type { ReplayTargets } from './profiles/shaodong-2022';
import { spread } from './replay-cases';
import type { World } from './world';

type Category = PlannedOrder['category'];
const BATCH = 5000;
const CATEGORIES = weighted<Category>(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'], (_c, i) => [45, 20, 22, 4, 7, 2][i]);

interface Skeleton {
  createdAt: string;
  category: Category;
  channel: PlannedOrder['channel'];
  direct: boolean;
  letter: boolean;
  /** A letter still with its unit on the as-of day. */
  unfinished?: boolean;
}

export interface ReplayHotlineCounts {
  orders: number;
  letters: number;
  dispatchedFinished: number;
  late: number;
  unsatisfied: number;
  calls: number;
  unanswered: number;
}

export async function writeReplayHotline(w: World, t: ReplayTargets): Promise<ReplayHotlineCounts> {
  const { rng, index, staff, hotlineCfg } = w;
  if (w.units.length === 0) throw new Error('replay: no hotline member unit');
  const cutoff = at(w.today, 23);
  // Pass 1: when each order came in, what it is, whether the centre answered it on the spot.
  const sk: Skeleton[] = [];
  const counts = perDay(t.hotlineOrders, w.days.map((d) => (index.isWorkday(d) ? 1 : 0.6)));
  counts[counts.length - 1] += t.hotlineOrders - counts.reduce((a, b) => a + b, 0);
  w.days.forEach((day, di) => {
    for (let k = 0; k < counts[di]; k++) {
      const category = draw(CATEGORIES, rng);
      const channel = rng.chance(0.82) ? 'phone' : rng.chance(0.55) ? 'web' : 'mobile';
      sk.push({ createdAt: at(day, 8 + Math.floor((k / Math.max(1, counts[di])) * 12), rng.int(0, 59)), category, channel, direct: category === 'consult' && rng.chance(0.65), letter: false });
    }
  });
  // Letters: the finished ones spread over 1 January … 31 October, the rest in the as-of week.
  const finishedLetters = w.days.filter((d) => d <= `${t.year}-10-31`);
  for (let k = 0; k < t.letters; k++) {
    const done = k < t.lettersCompleted;
    const day = done ? finishedLetters[Math.floor((k * finishedLetters.length) / t.lettersCompleted)] : w.days[w.days.length - 1 - (k - t.lettersCompleted)];
    sk.push({ createdAt: at(day, 9, rng.int(0, 59)), category: rng.pick<Category>(['complaint', 'suggestion', 'help']), channel: 'mailbox', direct: false, letter: true, unfinished: !done });
  }
  sk.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  // Pass 2: the quotas over the dispatched orders that finish by the as-of day.
  const finishing = sk.filter((s) => !s.direct && !s.unfinished).length;
  const lateQuota = Math.round(finishing * (1 - t.hotlineOnTimeRate));
  const unsatisfiedQuota = Math.round((finishing * (1 - t.satisfactionRate)) / t.satisfactionRate);
  // Late replies only to orders in before 1 October (their late reply and callback stay inside the year).
  const eligible = sk.filter((s) => !s.direct && !s.letter && s.createdAt < at(`${t.year}-10-01`, 0));
  const lateSet = new Set<Skeleton>(eligible.filter((_s, j) => spread(j, lateQuota, eligible.length)));
  const unsatSet = new Set<Skeleton>(eligible.filter((_s, j) => spread((j + (eligible.length >> 1)) % eligible.length, unsatisfiedQuota, eligible.length)));
  const phone = sk.filter((s) => s.channel === 'phone').length;
  const unansweredQuota = Math.round((phone * (1 - t.connectRate)) / t.connectRate);

  const unitSteps = (s: Skeleton, late: boolean, unsatisfied: boolean): PlannedOrderStep[] => {
    const unit = rng.pick(w.units);
    const dispatched = plusHours(s.createdAt, rng.int(1, 4) / 2);
    let signed = plusHours(dispatched, rng.int(1, 6));
    const reply = (on: string, content: string): PlannedOrderStep => ({ action: 'reply', at: on, content, replyResult: 'resolved', actor: { id: null, name: unit.name } });
    const head: PlannedOrderStep[] = [
      { action: 'dispatch', at: dispatched, unitId: unit.id, actor: staff.operator },
      { action: 'sign', at: signed, actor: { id: null, name: unit.name } },
    ];
    if (s.letter) {
      if (s.unfinished) return head;
      // Replied on the third day, called back and closed on the fifth: 5 natural days from receipt.
      return [...head, reply(plusHours(s.createdAt, 72), `${unit.name}已办理并答复：来信反映问题已核实处理`), { action: 'callback', at: plusHours(s.createdAt, 120), reached: true, result: 'satisfied', actor: staff.operator }];
    }
    const limit = hotlineCfg.finishWorkdays[s.category];
    const dispatchDay = dispatched.slice(0, 10);
    const build = (compressed: boolean): PlannedOrderStep[] => {
      let replied: string;
      // Compressed (an order of the last days): signed, replied and called back within two hours.
      if (compressed) {
        signed = plusHours(dispatched, 0.25);
        head[1] = { ...head[1], at: signed };
        replied = plusHours(signed, 0.5);
      }
      else {
        const replyDay = late ? index.addWorkdays(dispatchDay, limit + rng.int(1, 3)) : index.addWorkdays(dispatchDay, rng.int(0, Math.max(0, limit - 1)));
        replied = at(replyDay, 15, rng.int(0, 59));
        if (replied <= signed) replied = plusHours(signed, 1);
      }
      const steps = [...head, reply(replied, `${unit.name}已办理并答复：诉求已办理完毕`)];
      let last = replied;
      if (unsatisfied) {
        // 不满意: back to the unit, replied again the same day, then the second callback is satisfied.
        steps.push({ action: 'callback', at: plusHours(last, 1), reached: true, result: 'unsatisfied', actor: staff.operator });
        steps.push(reply(plusHours(last, 2), `${unit.name}已重新办理并答复`));
        last = plusHours(last, 2);
      }
      steps.push({ action: 'callback', at: plusHours(last, compressed ? 0.25 : 24 * rng.int(1, 2)), reached: true, result: rng.chance(0.92) ? 'satisfied' : 'basically', actor: staff.operator });
      return steps;
    };
    const steps = build(false);
    if (steps[steps.length - 1].at <= cutoff) return steps;
    if (late || unsatisfied) throw new Error(`replay: a late or 不满意 order of ${s.createdAt} would close after the as-of day`);
    const quick = build(true);
    if (quick[quick.length - 1].at > cutoff) throw new Error(`replay: the order of ${s.createdAt} would close after the as-of day`);
    return quick;
  };

  w.progress.phase('hotline', sk.length);
  const out: ReplayHotlineCounts = { orders: 0, letters: 0, dispatchedFinished: finishing, late: lateSet.size, unsatisfied: unsatSet.size, calls: 0, unanswered: 0 };
  let orders: PlannedOrder[] = [];
  let calls: PlannedCall[] = [];
  const flush = async () => {
    if (orders.length === 0) return;
    const [o, c] = [orders, calls];
    orders = [];
    calls = [];
    const r = await w.sink.batch(() => bulkInsertHotline(w.sink, { index, cfg: hotlineCfg, nextOrderSeq: (name) => w.seqs.next(name) }, o, c));
    w.counts.orders += r.orders;
    w.counts.calls += r.calls;
    w.counts.letters += r.letters;
    out.orders += r.orders;
    out.letters += r.letters;
    out.calls += r.calls;
    await w.audit({ action: 'generator.workorders_generated', subjectType: 'workorder_batch', subjectId: `${w.counts.orders - r.orders + 1}…${w.counts.orders}`, after: { orders: r.orders, calls: r.calls, letters: r.letters, profile: 'shaodong-2022' } });
    w.progress.set(out.orders);
  };
  let phoneSeen = 0;
  for (const s of sk) {
    const citizen = { name: personName(rng), phone: mobile(rng) };
    const steps: PlannedOrderStep[] = s.direct ? [{ action: 'answer', at: plusHours(s.createdAt, 0.1), content: '已根据知识库答复来电人', actor: staff.operator }] : unitSteps(s, lateSet.has(s), unsatSet.has(s));
    orders.push({
      channel: s.channel,
      category: s.category,
      urgency: 'normal',
      content: s.letter ? '市长您好：我们小区门前道路破损多年，雨天积水严重，希望有关部门尽快维修。' : `${citizen.name}来电反映：${['咨询社保卡补办流程', '反映噪音扰民', '求助办理低保', '投诉商家拒绝退款', '建议增设公交站点'][rng.int(0, 4)]}`,
      citizen,
      createdAt: s.createdAt,
      createdBy: s.letter ? { id: null, name: '市长信箱' } : staff.operator,
      steps,
      letter: s.letter ? { queryCode: `SD22${String(out.letters + orders.filter((x) => x.letter).length + 1).padStart(6, '0')}`, title: '关于小区门前道路维修的建议', publishConsent: rng.chance(0.5) } : undefined,
    });
    if (s.channel === 'phone') {
      calls.push({ startedAt: plusHours(s.createdAt, -0.05), answered: true, waitSeconds: rng.int(2, 40), durationSeconds: rng.int(60, 600), callerPhone: citizen.phone, operatorId: staff.operator.id, orderIndex: orders.length - 1 });
      // The unanswered calls (接通率 below 100 %): a caller who hung up before an operator answered, then called again.
      if (spread(phoneSeen, unansweredQuota, phone)) {
        calls.push({ startedAt: plusHours(s.createdAt, -0.5), answered: false, waitSeconds: rng.int(30, 90), durationSeconds: null, callerPhone: citizen.phone, operatorId: staff.operator.id });
        out.unanswered++;
      }
      phoneSeen++;
    }
    if (orders.length >= BATCH) await flush();
  }
  await flush();
  return out;
}
