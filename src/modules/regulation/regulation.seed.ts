/**
 * Demo data of 互联网+监管: 监管事项 covering the demo catalogue's 行政许可 items (one main item per
 * department, one sub-item per 许可事项), registered 执法人员, 监管任务 for the recently finished cases in
 * every state (some unclaimed past their due day, so the queue and the cards are not empty on first start),
 * and a 双随机 draw with its inspections. Everything goes through the module's own commands; a clock the
 * seed moves lets claims happen on past days.
 */
import type { Actor } from '../../kernel/auth/actor';
import { systemActor } from '../../kernel/auth/actor';
import { tablesOf } from '../../kernel/kernel.tables';
import { fromDayNumber, toDayNumber } from '../../kernel/calendar/calendar.days';
import type { AppContext } from '../../kernel/module';
import type { ItemSummary } from '../../shared/catalog.types';
import type { CaseReads } from '../cases';
import type { RegulationNeeds, RegulationNeedsContext } from './regulation.context';
import type { RegulationParts } from './regulation.service';
import type { RegulationTables } from './regulation.tables';
import { TasksService } from './regulation.tasks';
import type { TaskResult } from './regulation.rules';

const LEGAL_BASIS = '《中华人民共和国行政许可法》第六十一条：行政机关应当建立健全监督制度，通过核查反映被许可人从事行政许可事项活动情况的有关材料，履行监督责任。';
/** A trailing （…） of an item name (a string, not a regular-expression literal, so that the bundler escapes it: docs/operations.md, "Memory"). */
const TRAILING_PARENTHESIS = new RegExp('（.*?）$');
const NAMES = ['罗志刚', '曾建华', '谢丽萍', '彭卫东', '唐海燕', '邓文斌', '贺晓军', '申红梅', '李振宇', '刘春华', '肖国平', '王慧敏'];
const LICENSING_TYPE = '01';

export async function seedRegulation(ctx: AppContext<RegulationNeeds & { regulation: RegulationParts }>, parts: RegulationParts): Promise<void> {
  const catalog = ctx.services.catalog;
  if (!catalog.list) return; // test apps with a catalogue fake: no demo county
  const admin: Actor = { ...systemActor('seed:regulation'), roles: ['admin'] };
  const today = ctx.calendar.today();
  const addDays = (day: string, n: number) => fromDayNumber(toDayNumber(day) + n);

  const all: ItemSummary[] = [];
  for (let page = 1; ; page++) {
    const r = await catalog.list({ page, pageSize: 100 });
    all.push(...r.items);
    if (r.items.length < 100 || all.length >= r.total) break;
  }
  const licensing = all.filter((i) => i.type === LICENSING_TYPE && i.level === 4);
  const byDept = new Map<number, ItemSummary[]>();
  for (const i of licensing) byDept.set(i.departmentId, [...(byDept.get(i.departmentId) ?? []), i]);

  // 监管事项: a main item per department, a sub-item per 许可事项 it approves (谁审批谁负责、谁主管谁监管).
  const departments = await ctx.services.org.all();
  let nameIndex = 0;
  for (const [deptId, items] of byDept) {
    const dept = departments.find((d) => d.id === deptId);
    if (!dept) continue;
    const prefix = `JG${dept.code.replace(/\D/g, '').slice(-3)}`;
    const main = `${prefix}-000`;
    await parts.registry.createItem(admin, { code: main, name: `${dept.shortName ?? dept.name}行政许可事项事中事后监管`, legalBasis: LEGAL_BASIS, departmentId: deptId, itemCodes: [] });
    let n = 0;
    for (const item of items) {
      n++;
      await parts.registry.createItem(admin, {
        code: `${prefix}-${String(n).padStart(3, '0')}`,
        name: `对${item.name.replace(TRAILING_PARENTHESIS, '')}被许可人的监督检查`,
        parentCode: main,
        legalBasis: LEGAL_BASIS,
        departmentId: deptId,
        itemCodes: [item.code],
      });
    }
    // 执法人员: four per department, certificates valid for a few more years.
    for (let k = 0; k < 4; k++) {
      const name = NAMES[nameIndex++ % NAMES.length];
      await parts.registry.registerInspector(admin, {
        name,
        certNo: `${dept.code.replace(/\D/g, '')}${String(k + 1).padStart(4, '0')}`,
        validTo: addDays(today, 365 + 200 * k),
        phone: `139${String(7300_0000 + deptId * 10 + k).padStart(8, '0')}`,
        departmentId: deptId,
      });
    }
  }

  // 监管任务 for recently finished cases, created on their approval and claimed on moving days.
  const reads: CaseReads | undefined = ctx.services.caseReads;
  if (!reads) return;
  let nowMs = ctx.clock.now().getTime();
  const seedCtx: RegulationNeedsContext = { ...ctx, clock: { now: () => new Date(nowMs) } };
  const tasks = new TasksService(seedCtx);
  const db = tablesOf<RegulationTables>(ctx.db);
  const cases = (await reads.completed(160)).slice().reverse();
  const reader = systemActor('seed:regulation');
  let index = 0;
  const perDept = new Map<number, number>();
  for (const c of cases) {
    const view = await ctx.services.cases.get(reader, c.caseNo);
    const decidedAt = view.decision?.decidedAt;
    if (!decidedAt || view.timeline.every((e) => e.action !== 'approve')) continue;
    const subjectKey = String((view.applicant as Record<string, unknown>).idNumber ?? (view.applicant as Record<string, unknown>).creditCode ?? '');
    if (!subjectKey) continue;
    const cover = await db
      .selectFrom('regulation_coverage as c')
      .innerJoin('regulation_items as i', 'i.id', 'c.regulation_item_id')
      .select(['i.id', 'i.department_id'])
      .where('c.item_code', '=', view.itemCode)
      .executeTakeFirst();
    nowMs = new Date(decidedAt).getTime();
    const taskNo = await db.transaction().execute((tx) =>
      tasks.createTask(tx, {
        source: 'case',
        event: 'approve',
        departmentId: cover?.department_id ?? view.departmentId,
        regulationItemId: cover?.id ?? null,
        caseNo: view.caseNo,
        itemCode: view.itemCode,
        itemName: view.itemName,
        licenseNo: null,
        subjectName: view.applicant.name,
        subjectKey,
        at: decidedAt,
        actor: reader,
      }),
    );
    const row = await db.selectFrom('regulation_tasks').select(['claim_due', 'created_on', 'department_id']).where('task_no', '=', taskNo).executeTakeFirstOrThrow();
    const deptActor: Actor = { ...systemActor('seed:regulation'), roles: ['regulator'], departmentId: row.department_id };
    index++;
    const k = (perDept.get(row.department_id) ?? 0) + 1;
    perDept.set(row.department_id, k);
    // Recent tasks mostly wait; older ones were claimed (on time, one in five late) and most closed;
    // each department's first older task and one in four after it are still unclaimed past their due day.
    const past = row.claim_due < today;
    if ((past && k % 4 === 1) || (!past && index % 3 !== 0)) continue;
    const claimOn = index % 5 === 0 && past ? addDays(row.claim_due, 2) : addDays(row.created_on, 1 + (index % 3));
    if (claimOn > today) continue;
    nowMs = new Date(`${claimOn}T09:30:00+08:00`).getTime();
    await tasks.claim(deptActor, taskNo);
    if (!past || index % 4 === 0) continue;
    nowMs = new Date(`${addDays(claimOn, 3) > today ? claimOn : addDays(claimOn, 3)}T15:00:00+08:00`).getTime();
    const result: TaskResult = index % 3 === 0 ? 'inspected' : 'filed';
    await tasks.close(deptActor, taskNo, { result, note: result === 'inspected' ? '已到经营场所实地核查，与许可内容一致' : '已纳入日常监管对象库' });
  }

  // 双随机: the market regulator's draw of this quarter, drawn, with two inspections; and one committed.
  const market = departments.find((d) => d.code === '430582-001');
  if (!market) return;
  const regulator: Actor = { ...systemActor('seed:regulation'), roles: ['regulator'], departmentId: market.id };
  const pool = await parts.draws.subjectPool(market.id);
  if (pool.length < 4) return;
  const { drawNo } = await parts.draws.commit(regulator, { title: '食品经营者双随机抽查（第四季度）', inspectors: 2, subjects: Math.min(5, pool.length) });
  const drawn = await parts.draws.run(regulator, drawNo);
  const inspectorIds = drawn.result!.inspectors.map((i) => i.id!);
  const [first, second] = drawn.result!.subjects;
  await parts.draws.recordInspection(regulator, { drawNo, subjectKey: first.subjectKey!, inspectorIds, inspectedOn: addDays(today, -20), outcome: 'rectify', rectifyDue: addDays(today, -5), note: '从业人员健康证过期，责令限期整改' });
  await parts.draws.recordInspection(regulator, { drawNo, subjectKey: second.subjectKey!, inspectorIds, inspectedOn: addDays(today, -18), outcome: 'no_problem' });
  await parts.draws.commit(regulator, { title: '特种设备使用单位双随机抽查', inspectors: 2, subjects: Math.min(3, pool.length) });
}
