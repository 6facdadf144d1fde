/**
 * Demo extranet register, incidents and trainings, shaped like the 2022 report (every township and
 * village connected; 100+ attacks handled; 乡镇政务中心 业务培训): all demo townships and villages on
 * the extranet since the spring, about two incidents a week over the last eleven months with all but
 * the two newest handled, and a training session a month. One transaction, one audit row.
 */
import { systemActor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { tablesOf } from '../../kernel/kernel.tables';
import { fromDayNumber, toDayNumber } from '../../kernel/calendar/calendar.days';
import { mulberry32 } from '../../shared/random';
import type { EgovNeedsContext } from './egov.context';
import { connectionKindOf, INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, TRAINING_AUDIENCES } from './egov.rules';
import type { EgovTables } from './egov.tables';

const TARGETS = ['县政务服务网', '一体化政务服务平台前置机', '12345 热线坐席网段', '乡镇政务中心接入交换机', '政务外网出口防火墙', '电子证照前置库', '政府门户网站'];
const MEASURES = ['封堵攻击源 IP，更新防火墙策略', '隔离受感染终端，全盘查杀并重装系统', '升级补丁并复测', '修改弱口令，启用双因素认证', '更换故障设备，恢复链路', '通报责任单位整改并复核'];
const TRAININGS: Array<[string, (typeof TRAINING_AUDIENCES)[number]]> = [
  ['乡镇政务服务中心业务培训', 'township_center'],
  ['“一件事一次办”窗口操作培训', 'window'],
  ['村（社区）便民服务站代办员培训', 'village'],
  ['政务服务“好差评”与电子监察规则培训', 'department'],
  ['12345 热线知识库与工单规范培训', 'hotline'],
  ['电子证照与证照免提交操作培训', 'township_center'],
];

export async function seedEgov(ctx: EgovNeedsContext) {
  const db = tablesOf<EgovTables>(ctx.db);
  if (await db.selectFrom('egov_connections').select('id').limit(1).executeTakeFirst()) return;
  const cal = ctx.calendar.current;
  const today = ctx.calendar.today();
  const rand = mulberry32(1700);
  const now = ctx.clock.now().toISOString();
  const start = toDayNumber(today) - 330;
  const units = (await ctx.services.org.all()).filter((d) => d.active && connectionKindOf(d.kind));
  const bureau = (await ctx.services.org.all()).find((d) => d.kind === 'bureau') ?? null;
  await db.transaction().execute(async (tx) => {
    for (const [i, u] of units.entries()) {
      await tx
        .insertInto('egov_connections')
        .values({ department_id: u.id, kind: u.kind, bandwidth_mbps: u.kind === 'township' ? 100 : 20, connected_on: fromDayNumber(start - 60 + (i % 30)), status: 'connected', note: null, created_at: now, updated_at: now })
        .execute();
    }
    const days: number[] = [];
    for (let d = start; d < toDayNumber(today); d++) if (rand() <= 0.31) days.push(d); // ≈ 2 a week: 100+ in eleven months
    for (const [n, d] of days.entries()) {
      const open = n >= days.length - 2; // the two newest are still being handled
      const handledOn = fromDayNumber(Math.min(d + Math.floor(rand() * 3), toDayNumber(today)));
      const category = rand() < 0.6 ? 'attack' : INCIDENT_CATEGORIES[Math.floor(rand() * INCIDENT_CATEGORIES.length)];
      await tx
        .insertInto('egov_incidents')
        .values({
          occurred_on: fromDayNumber(d),
          category,
          severity: rand() < 0.9 ? 'minor' : INCIDENT_SEVERITIES[1],
          target: TARGETS[Math.floor(rand() * TARGETS.length)],
          description: category === 'attack' ? '安全设备告警：境外 IP 对外网出口发起端口扫描和口令爆破' : '巡检发现异常，按应急预案处置',
          status: open ? 'open' : 'handled',
          handled_on: open ? null : handledOn,
          measures: open ? null : MEASURES[Math.floor(rand() * MEASURES.length)],
          recorded_by: null,
          created_at: now,
        })
        .execute();
    }
    const incidents = days.length;
    let trainings = 0;
    for (let m = 0; m < 11; m++) {
      // The second Thursday-ish working day of each of the last eleven months.
      let d = start + m * 30 + 10;
      while (!cal.isWorkday(fromDayNumber(d))) d++;
      if (d >= toDayNumber(today)) break;
      const [title, audience] = TRAININGS[m % TRAININGS.length];
      await tx
        .insertInto('egov_trainings')
        .values({ title, held_on: fromDayNumber(d), audience, organiser_department_id: bureau?.id ?? null, attendees: 30 + Math.floor(rand() * 60), hours: 3 + (m % 2) * 3, place: '市政务服务中心三楼培训室', summary: null, recorded_by: null, created_at: now })
        .execute();
      trainings++;
    }
    await recordAudit(tx, ctx.clock, systemActor('egov.seed'), { action: 'egov.seed', subjectType: 'egov', subjectId: 'demo', after: { connections: units.length, incidents, trainings } });
  });
}
