/**
 * The replay's 走流程 and hall honours (issue 18 item 8), written through the walks and honours services
 * (their volumes are small): 118 people walking 648 items with 77 堵点 and 48 measures, each walk on its
 * day; and each quarter's 讲评会 choosing the 红旗窗口, 服务明星 and 共产党员先锋岗 from the quarter's own
 * figures (the best eligible candidates), 27 / 26 / 13 over the year.
 */
import type { FixedClock } from '../../kernel/clock';
import { WALK_CHANNELS } from '../../modules/walks';
import { HONOUR_KINDS } from '../../modules/honours';

type HonourKind = (typeof HONOUR_KINDS)[number];
import { personName } from './people';
import { spread } from './replay-cases';
import { at } from './sampling';
import type { World } from './world';

export interface WalkTargets {
  people: number;
  walks: number;
  problems: number;
  measures: number;
}

export const SHAODONG_2022_WALKS: WalkTargets = { people: 118, walks: 648, problems: 77, measures: 48 };
export const SHAODONG_2022_HONOURS: Record<HonourKind, number> = { red_flag_window: 27, service_star: 26, party_pioneer: 13 };

const CATEGORIES = ['materials', 'steps', 'system'] as const;

export async function writeReplayWalks(w: World, clock: FixedClock, t: WalkTargets): Promise<{ walks: number; problems: number; measures: number; rectified: number }> {
  const { rng, index, staff } = w;
  const walks = w.ctx.services.walks;
  const depts = (await w.ctx.services.org.all()).filter((d) => d.active);
  const names = new Set<string>();
  const people = Array.from({ length: t.people }, (_v, i) => {
    let name = personName(rng);
    while (names.has(name)) name = personName(rng);
    names.add(name);
    return { name, title: i < 8 ? '局领导' : '部门负责人', departmentId: depts[i % depts.length].id };
  });
  const workdays = w.days.filter((d) => index.isWorkday(d) && d >= `${w.opts.year}-01-04`);
  const out = { walks: 0, problems: 0, measures: 0, rectified: 0 };
  w.progress.phase('walks', t.walks);
  for (let k = 0; k < t.walks; k++) {
    const p = people[k % people.length];
    const walkedOn = workdays[Math.floor((k * workdays.length) / t.walks)];
    const item = w.itemDraw.items[(k * 7) % w.itemDraw.items.length];
    const problem = spread(k, t.problems, t.walks);
    const measure = problem && spread(out.problems, t.measures, t.problems);
    clock.set(at(walkedOn, 16));
    const { id } = await walks.recordWalk(staff.admin, {
      walkerName: p.name,
      walkerTitle: p.title,
      walkerDepartmentId: p.departmentId,
      itemName: item.name,
      channel: rng.pick([...WALK_CHANNELS]),
      walkedOn,
      steps: ['取号咨询', '提交材料', '窗口受理', '领取结果'],
      minutes: rng.int(20, 120),
      problems: problem
        ? [
            {
              category: rng.pick([...CATEGORIES]),
              description: `${item.name}：${['需重复提交已在其他部门提交过的材料', '线下环节多，须往返两个窗口', '网上申报系统与部门系统数据不通'][rng.int(0, 2)]}`,
              measures: measure ? [{ description: '精简材料、并联审批，实行一窗受理', ownerDepartmentId: item.departmentId, dueWorkdays: 10 }] : [],
            },
          ]
        : [],
    });
    out.walks++;
    if (problem) out.problems++;
    if (measure) {
      out.measures++;
      // Rectified within its 10 working days when that falls inside the year so far.
      const doneOn = index.addWorkdays(walkedOn, rng.int(3, 10));
      if (doneOn <= w.today) {
        const view = await walks.walk(staff.admin, id);
        clock.set(at(doneOn, 17));
        await walks.completeMeasure(staff.admin, view.problems[0].measures[0].id, '已印发整改方案，材料精简、并联审批落实到位');
        out.rectified++;
      }
    }
    w.progress.set(out.walks);
  }
  clock.set(at(w.today, 23));
  return out;
}

/**
 * Each quarter's 讲评会: an even split of the year's honours, each to the best eligible candidate the
 * honours service ranks from the quarter's figures. Q4's meets on the as-of day.
 */
export async function writeReplayHonours(w: World, clock: FixedClock, t: Record<HonourKind, number>): Promise<Record<HonourKind, number>> {
  const honours = w.ctx.services.honours;
  const year = w.opts.year;
  const meetings = [`${year}-04-08`, `${year}-07-08`, `${year}-10-10`, w.today];
  const kinds = Object.keys(t) as HonourKind[];
  // Each quarter's eligible candidates, best first (the figures of a quarter do not depend on the others' awards).
  const eligible: Awaited<ReturnType<typeof honours.candidates>>['candidates'][] = [];
  for (let q = 1; q <= 4; q++) {
    clock.set(at(meetings[q - 1], 15));
    const { candidates } = await honours.candidates(`${year}Q${q}`);
    eligible.push({ red_flag_window: candidates.red_flag_window.filter((c) => c.eligible), service_star: candidates.service_star.filter((c) => c.eligible), party_pioneer: candidates.party_pioneer.filter((c) => c.eligible) });
  }
  // The year's count split evenly over the quarters; what a quarter lacks candidates for goes to the others.
  const shares = Object.fromEntries(kinds.map((k) => [k, [0, 0, 0, 0]])) as Record<HonourKind, number[]>;
  for (const k of kinds) {
    let rest = t[k];
    for (let round = 0; rest > 0 && round < t[k]; round++) {
      for (let q = 0; q < 4 && rest > 0; q++) {
        if (shares[k][q] < eligible[q][k].length && shares[k][q] <= round) {
          shares[k][q]++;
          rest--;
        }
      }
    }
  }
  const out: Record<HonourKind, number> = { red_flag_window: 0, service_star: 0, party_pioneer: 0 };
  for (let q = 1; q <= 4; q++) {
    const quarter = `${year}Q${q}`;
    const awards = kinds.flatMap((kind) => eligible[q - 1][kind].slice(0, shares[kind][q - 1]).map((c) => ({ kind, subjectKey: c.key, reasons: `${quarter} 好评率、按时办结率居前，无红黄牌` })));
    for (const a of awards) out[a.kind]++;
    clock.set(at(meetings[q - 1], 15));
    if (awards.length > 0) await honours.decide(w.staff.admin, { quarter, meetingOn: meetings[q - 1], committee: '局党组、纪检组、办公室', awards });
  }
  clock.set(at(w.today, 23));
  return out;
}
