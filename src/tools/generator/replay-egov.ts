/**
 * The replay's 电子政务外网 and 业务培训 (issue 18 item 8), through the org and egov modules' services: the
 * county's villages (the demo has a handful; 邵东 has 580 on the extranet) added as 村（社区） under their
 * townships, every township and village connected, the year's security incidents recorded and handled, and
 * one training session a month for the township centres and village stations with its attendance.
 */
import type { FixedClock } from '../../kernel/clock';
import { at } from './sampling';
import type { World } from './world';

export interface EgovTargets {
  townships: number;
  villages: number;
  incidentsHandled: number;
  trainings: number;
}

export interface EgovCounts extends EgovTargets {
  villagesAdded: number;
  attendees: number;
}

/** Village-name stems: with 村 / 社区 and the township's name they give distinct names. */
const STEMS = ['新民', '和平', '红星', '光明', '长乐', '东风', '永兴', '太平', '金龙', '石桥', '荷塘', '桃源', '青山', '白竹', '枫林', '双江', '高峰', '平安', '建新', '富强', '柳山', '新田', '油塘', '水口', '黄泥', '大坪', '杉树', '松林'];
const TARGETS = ['政务外网出口防火墙', '县政务服务网', '乡镇政务中心接入交换机', '一体化政务服务平台前置机', '电子证照前置库', '政府门户网站'];
const MEASURES = ['封堵攻击源 IP，更新防火墙策略', '升级补丁并复测', '修改弱口令，启用双因素认证', '隔离受感染终端，全盘查杀'];

export async function writeReplayEgov(w: World, clock: FixedClock, t: EgovTargets): Promise<EgovCounts> {
  const { org, egov } = w.ctx.services;
  const admin = w.staff.admin;
  const year = w.opts.year;
  const workdays = w.days.filter((d) => w.index.isWorkday(d));
  w.progress.phase('egov', t.villages);
  // The villages the demo does not have, added in the first working days of the year, spread over the townships.
  clock.set(at(workdays[0], 9));
  const all = await org.all();
  const towns = all.filter((d) => d.active && d.kind === 'township').slice(0, t.townships);
  if (towns.length < t.townships) throw new Error(`replay: ${towns.length} townships, ${t.townships} wanted`);
  const have = all.filter((d) => d.active && d.kind === 'village');
  const codes = new Set(all.map((d) => d.code));
  const names = new Set(all.map((d) => d.name));
  let added = 0;
  for (let k = 0; have.length + added < t.villages; k++) {
    const town = towns[k % towns.length];
    const n = Math.floor(k / towns.length);
    const short = `${STEMS[n % STEMS.length]}${n >= STEMS.length ? Math.floor(n / STEMS.length) + 1 : ''}${k % 5 === 0 ? '社区' : '村'}`;
    const name = `${town.name}${short}`;
    let v = 100 + n;
    while (codes.has(`${town.code.slice(0, 9)}${String(v).padStart(3, '0')}`)) v++;
    const code = `${town.code.slice(0, 9)}${String(v).padStart(3, '0')}`;
    if (names.has(name)) continue;
    await org.create(admin, { code, name, shortName: short, kind: 'village', parentId: town.id, regionCode: code });
    codes.add(code);
    names.add(name);
    added++;
  }
  // Every township and village on the extranet: the township lines (100 Mbps) first, the villages (20 Mbps)
  // connected over the first half of the year.
  const units = (await org.all()).filter((d) => d.active && (d.kind === 'township' || d.kind === 'village'));
  const firstHalf = workdays.filter((d) => d < `${year}-07-01`);
  for (const [i, u] of units.entries()) {
    const day = u.kind === 'township' ? workdays[0] : firstHalf[Math.floor((i * firstHalf.length) / units.length)];
    clock.set(at(day, 10));
    await egov.saveConnection(admin, { departmentId: u.id, bandwidthMbps: u.kind === 'township' ? 100 : 20, connectedOn: day });
    if (i % 50 === 0) w.progress.set(i);
  }
  // The attacks handled: spread over the year, each handled on its day or the next working day.
  for (let k = 0; k < t.incidentsHandled; k++) {
    const on = workdays[Math.floor((k * workdays.length) / t.incidentsHandled)];
    const handledOn = k % 3 === 0 && on < w.today ? w.index.addWorkdays(on, 1) : on;
    clock.set(at(handledOn > w.today ? on : handledOn, 17));
    await egov.recordIncident(admin, {
      occurredOn: on,
      category: k % 5 === 4 ? 'malware' : 'attack',
      severity: 'minor',
      target: TARGETS[k % TARGETS.length],
      description: '安全设备告警：境外 IP 对外网出口发起端口扫描和口令爆破',
      status: 'handled',
      handledOn: handledOn > w.today ? on : handledOn,
      measures: MEASURES[k % MEASURES.length],
    });
  }
  // 乡镇政务中心 业务培训: one session a month; the township centres send two people each, the village
  // stations one 代办员 each (alternating months).
  const villages = units.filter((u) => u.kind === 'village').length;
  let attendees = 0;
  for (let m = 0; m < t.trainings; m++) {
    const month = `${year}-${String(m + 1).padStart(2, '0')}`;
    const day = workdays.find((d) => d.startsWith(month) && d >= `${month}-10`) ?? workdays.filter((d) => d.startsWith(month)).pop();
    if (!day) continue;
    clock.set(at(day, 15));
    const village = m % 2 === 1;
    const people = village ? villages : towns.length * 2;
    await egov.recordTraining(admin, {
      title: village ? '村（社区）便民服务站代办员培训' : '乡镇（街道）政务服务中心业务培训',
      heldOn: day,
      audience: village ? 'village' : 'township_center',
      organiserDepartmentId: null,
      attendees: people,
      hours: 3,
      place: '市政务服务中心三楼培训室',
    });
    attendees += people;
  }
  clock.set(at(w.today, 23));
  const c = await egov.connections();
  return { townships: c.townships.connected, villages: c.villages.connected, incidentsHandled: t.incidentsHandled, trainings: t.trainings, villagesAdded: added, attendees };
}
