/**
 * Demo 好差评 data: a rating device for window A01 with a fixed demo key, ratings on the completed demo
 * cases with a realistic spread (≈97 % good, like the bureau's report), default ratings for cases left
 * unrated past their window, a few 差评 in every state of the loop, and ranking snapshots of past months.
 */
import type { EvaluationsNeedsContext } from './evaluations.context';
import { systemActor } from '../../kernel/auth/actor';
import type { PublicUser } from '../../kernel/auth/auth.service';
import { recordAudit } from '../../kernel/audit/audit';
import type { CaseForRating } from '../cases';
import { ratingDeadline, transition, type Channel, type ReviewActionInput, type ReviewState } from './evaluations.rules';
import { columnsOf, stateOf, type EvaluationsService } from './evaluations.service';
import { evaluationsTables } from './evaluations.tables';
import { deviceKeyHash } from './evaluations.devices';

/** The demo tablet's key (README): `X-Device-Key: demo-window-A01`. Never seeded in production. */
export const DEMO_DEVICE_KEY = 'demo-window-A01';

const COMMENTS: Record<number, string[]> = {
  5: ['办事效率高，一次就办好了', '窗口工作人员很耐心', '全程指导，非常满意', '材料一次告知，不用来回跑', '网上申报很方便', ''],
  4: ['整体不错', '等候时间稍长，其他都好', '办理顺利', ''],
  3: ['基本满意，排队有点久', '指引还可以更清楚一些', ''],
  2: ['等了一个多小时才轮到', '材料要求前后说法不一致'],
  1: ['窗口人员态度生硬，电话13807391234也打不通', '跑了三趟还没办好'],
};

/** Deterministic pseudo-random numbers so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function levelOf(r: number): number {
  if (r < 0.66) return 5;
  if (r < 0.88) return 4;
  if (r < 0.97) return 3;
  if (r < 0.99) return 2;
  return 1;
}

/** How far each seeded 差评 got through the loop (cycled so that every state is present). */
const LOOP_PLANS: ReviewActionInput[][] = [
  [],
  [{ action: 'verify', verdict: 'valid', reason: '经调取窗口录像，情况属实' }],
  [{ action: 'verify', verdict: 'invalid', reason: '评价人误触评价器，已电话确认' }],
  [
    { action: 'verify', verdict: 'valid', reason: '情况属实' },
    { action: 'rectify', measures: '对窗口人员开展服务规范再培训，优化叫号分流' },
  ],
  [
    { action: 'verify', verdict: 'valid', reason: '情况属实' },
    { action: 'rectify', measures: '增设高峰时段弹性窗口，材料清单统一口径' },
    { action: 'callback', reached: true, satisfaction: 'satisfied', note: '群众对整改表示认可' },
  ],
  [
    { action: 'verify', verdict: 'valid', reason: '情况基本属实' },
    { action: 'appeal', reason: '当日系统故障导致等候，非窗口人员原因' },
  ],
];

const ROLE_OF: Record<ReviewActionInput['action'], 'supervisor' | 'rated_clerk' | 'operator'> = {
  verify: 'supervisor',
  appeal: 'rated_clerk',
  decide_appeal: 'supervisor',
  rectify: 'supervisor',
  callback: 'operator',
};

export async function seedEvaluations(ctx: EvaluationsNeedsContext, svc: EvaluationsService): Promise<void> {
  const auth = ctx.auth;
  const db = evaluationsTables(ctx.db);
  const sys = systemActor('seed');
  const now = ctx.clock.now().toISOString();
  await db
    .insertInto('evaluations_devices')
    .values({ window_no: 'A01', name: '一号综合窗口评价器', department_id: null, key_hash: deviceKeyHash(DEMO_DEVICE_KEY), key_hint: DEMO_DEVICE_KEY.slice(-4), active: 1, created_at: now })
    .execute();
  const caseReads = ctx.services.caseReads;
  if (!caseReads) return;

  const cfg = await svc.config();
  const idx = ctx.calendar.current;
  const today = ctx.calendar.today();
  const add = (d: string, n: number) => idx.addWorkdays(d, n);
  const cases = await caseReads.completed();
  const rand = rng(20260930);
  const users = new Map<number, PublicUser | null>();
  const userOf = async (id: number | null) => {
    if (id === null) return null;
    if (!users.has(id)) users.set(id, await auth.me(id).catch(() => null));
    return users.get(id)!;
  };
  const clerkOf = async (c: CaseForRating) => {
    for (const id of [c.createdBy, c.completedBy]) {
      const u = await userOf(id);
      if (u?.roles.includes('clerk')) return u;
    }
    return null;
  };

  const badIds: number[] = [];
  let n = 0;
  for (const c of cases) {
    if (!c.completedOn) continue;
    n++;
    const r = rand();
    const deadline = ratingDeadline(add, c.completedOn, cfg);
    // ≈ 4 % never rated: the default job covers those whose window has passed.
    if (r < 0.04) continue;
    // Guarantee a handful of 差评 in small demo data so that every loop state shows up.
    const level = n % 29 === 7 ? 2 : n % 53 === 19 ? 1 : levelOf(rand());
    const channel: Channel = c.applicantUserId !== null ? (rand() < 0.6 ? 'web' : 'mobile') : rand() < 0.7 ? 'window_device' : rand() < 0.6 ? 'sms' : 'hotline';
    const lag = channel === 'window_device' ? 0 : Math.floor(rand() * 3);
    let ratedOn = lag === 0 ? c.completedOn : add(c.completedOn, lag);
    if (ratedOn > deadline) ratedOn = deadline;
    if (ratedOn > today) ratedOn = today;
    const clerk = await clerkOf(c);
    const comments = COMMENTS[level];
    const comment = comments[Math.floor(rand() * comments.length)] || null;
    const indicators: Record<string, number> = channel === 'web' || channel === 'mobile' || channel === 'sms'
      ? { overall: level, efficiency: level, guideAccuracy: level, convenience: level, usability: level }
      : { overall: level, efficiency: level, competence: level, attitude: level };
    const hour = 9 + Math.floor(rand() * 8);
    const id = await db.transaction().execute((tx) =>
      svc.insertEvaluation(tx, sys, cfg, c, {
        channel,
        level,
        isDefault: false,
        comment,
        tags: level <= 2 ? ['等候时间长'] : [],
        indicators,
        windowNo: channel === 'window_device' ? 'A01' : (clerk?.windowNo ?? null),
        clerk,
        deviceId: null,
        raterUserId: c.applicantUserId,
        recordedBy: null,
        ratedAt: new Date(`${ratedOn}T${String(hour).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00+08:00`).toISOString(),
        ratedOn,
      }),
    );
    if (level <= 2) badIds.push(id);
  }

  // Walk each seeded 差评 through its planned steps, one working day apart, never past today.
  for (let i = 0; i < badIds.length; i++) {
    const row = await db.selectFrom('evaluations_reviews').selectAll().where('evaluation_id', '=', badIds[i]).executeTakeFirst();
    if (!row) continue;
    let state: ReviewState = stateOf(row);
    let day = state.ratedOn;
    for (const input of LOOP_PLANS[i % LOOP_PLANS.length]) {
      const next = add(day, 1);
      if (next > today) break;
      day = next;
      const res = transition(state, input, { today: day, roles: [ROLE_OF[input.action]], addWorkdays: add, cfg });
      if (!res.ok) break;
      const before = state;
      state = res.state;
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('evaluations_reviews')
          .set({ ...columnsOf(state), updated_at: now })
          .where('id', '=', row.id)
          .execute();
        await recordAudit(tx, ctx.clock, sys, {
          action: `evaluation.review_${input.action}`,
          subjectType: 'evaluation_review',
          subjectId: Number(row.id),
          before: { status: before.status },
          after: { status: state.status, verdict: state.verdict, on: day },
        });
      });
    }
  }

  await svc.applyDefaults();

  // Ranking history: a snapshot of every past month that has ratings.
  const months = await db.selectFrom('evaluations_evaluations').select('rated_on').distinct().execute();
  const past = [...new Set(months.map((m) => m.rated_on.slice(0, 7)))].filter((m) => m < today.slice(0, 7)).sort();
  for (const m of past) await svc.snapshotRanking(sys, m);
}
