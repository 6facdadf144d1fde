/**
 * 双随机一公开: a department draws inspectors from its 执法人员 registry and subjects from the subjects it
 * supervises (those of its 监管任务). The draw is committed first (the SHA-256 of a random seed and the
 * pools are published), then run (the seed is revealed and the picks recorded): anyone can recompute the
 * picks from the seed and the pool sizes. Then 检查记录 with outcome and 整改期限, and 风险核查.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound, unprocessable } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import { nextSequence, parseJson } from '../../kernel/db/db';
import { pageOf } from '../../kernel/http/schemas';
import type { RegulationNeedsContext } from './regulation.context';
import type { RegulationDb, RegulationTables } from './regulation.tables';
import type { RegistryService } from './regulation.registry';
import type { TasksService } from './regulation.tasks';
import { EXPIRED_KIND_LABELS, type ExpiredLicenseCheck } from './regulation.expired';
import { maskSubjectKey, publicSubjectName, readScope, writableOrMissing, writeScope } from './regulation.access';
import { NEEDS_RECTIFICATION, OUTCOME_LABELS, drawFrom, seedHash, type Outcome } from './regulation.rules';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import { supervisedSubjects } from './regulation.rollups';

interface Pool {
  inspectors: { id: number; name: string; certNo: string }[];
  subjects: { key: string; name: string }[];
}
interface DrawResult {
  inspectors: number[];
  subjects: number[];
}

/** The picks (indices into the published pools) a seed gives: the one rule the run and any checker use. */
export function picksOf(seed: string, inspectorPool: number, subjectPool: number, inspectors: number, subjects: number): DrawResult {
  const idx = (n: number) => Array.from({ length: n }, (_, i) => i);
  return { inspectors: drawFrom(seed, 'inspectors', idx(inspectorPool), inspectors), subjects: drawFrom(seed, 'subjects', idx(subjectPool), subjects) };
}

export class DrawsService {
  private readonly db: RegulationDb;
  constructor(
    private readonly ctx: RegulationNeedsContext,
    private readonly registry: RegistryService,
    private readonly tasks: TasksService,
    private readonly expired: ExpiredLicenseCheck,
  ) {
    this.db = tablesOf<RegulationTables>(ctx.db);
  }

  /** How many subjects are supervised (not revoked at their latest step), per department or in all. */
  async supervisedCount(departments: DepartmentScope): Promise<number> {
    return supervisedSubjects(this.db, departments);
  }

  /** Subjects a department supervises: those of its tasks, one per subject key, latest name, in key order. */
  async subjectPool(departmentId: number): Promise<Pool['subjects']> {
    const rows = await this.db
      .selectFrom('regulation_tasks')
      .select(['subject_key', 'subject_name', 'event', 'id'])
      .where('department_id', '=', departmentId)
      .orderBy('id')
      .execute();
    const m = new Map<string, { name: string; revoked: boolean }>();
    for (const r of rows) m.set(r.subject_key, { name: r.subject_name, revoked: r.event === 'revoke' });
    return [...m.entries()].filter(([, v]) => !v.revoked).map(([key, v]) => ({ key, name: v.name })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Commits a draw: the pools are frozen and the seed's hash published; nothing is picked yet. */
  async commit(actor: Actor, input: { title: string; inspectors: number; subjects: number; departmentId?: number | null }, seed = randomBytes(32).toString('hex')) {
    const departmentId = writeScope(actor, input.departmentId);
    const today = this.ctx.calendar.today();
    const inspectors = (await this.registry.validInspectors(departmentId, today)).map((i) => ({ id: i.id, name: i.name, certNo: i.cert_no }));
    const subjects = await this.subjectPool(departmentId);
    if (input.inspectors > inspectors.length)
      throw unprocessable('DRAW_TOO_FEW_INSPECTORS', `本部门持有效执法证的执法人员只有 ${inspectors.length} 名，少于要抽取的 ${input.inspectors} 名`, { field: 'inspectors', available: inspectors.length });
    if (input.subjects > subjects.length)
      throw unprocessable('DRAW_TOO_FEW_SUBJECTS', `本部门可抽取的检查对象只有 ${subjects.length} 个，少于要抽取的 ${input.subjects} 个`, { field: 'subjects', available: subjects.length });
    const now = this.ctx.clock.now().toISOString();
    return this.db.transaction().execute(async (tx) => {
      const year = today.slice(0, 4);
      const drawNo = `SSJ${year}${String(await nextSequence(tx, `regulation.draw.${year}`)).padStart(4, '0')}`;
      const pool: Pool = { inspectors, subjects };
      await tx
        .insertInto('regulation_draws')
        .values({
          draw_no: drawNo,
          department_id: departmentId,
          title: input.title.trim(),
          seed_hash: seedHash(seed),
          seed,
          inspectors_wanted: input.inspectors,
          subjects_wanted: input.subjects,
          pool_json: JSON.stringify(pool),
          status: 'committed',
          created_by: actor.id,
          created_at: now,
        })
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.draw_commit', subjectType: 'regulation_draw', subjectId: drawNo, after: { seedHash: seedHash(seed), inspectors: input.inspectors, subjects: input.subjects, poolSizes: [inspectors.length, subjects.length] } });
      return { drawNo, seedHash: seedHash(seed) };
    });
  }

  /** Runs a committed draw: the picks follow from the committed seed; the seed becomes public. */
  async run(actor: Actor, drawNo: string) {
    const row = await this.db.selectFrom('regulation_draws').selectAll().where('draw_no', '=', drawNo).executeTakeFirst();
    writableOrMissing(actor, row?.department_id, 'DRAW_NOT_FOUND', `抽查 ${drawNo} 不存在`);
    if (!row) throw notFound('DRAW_NOT_FOUND', `抽查 ${drawNo} 不存在`);
    if (row.status !== 'committed') throw new AppError('DRAW_STATE', 409, '该抽查已完成抽取，结果不可更改', { status: row.status });
    const pool = parseJson<Pool>(row.pool_json, { inspectors: [], subjects: [] });
    const result = picksOf(row.seed!, pool.inspectors.length, pool.subjects.length, row.inspectors_wanted, row.subjects_wanted);
    await this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('regulation_draws')
        .set({ status: 'drawn', result_json: JSON.stringify(result), drawn_at: this.ctx.clock.now().toISOString() })
        .where('id', '=', row.id)
        .where('status', '=', 'committed')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError('DRAW_STATE', 409, '该抽查已完成抽取，结果不可更改', { status: 'drawn' });
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.draw_run', subjectType: 'regulation_draw', subjectId: drawNo, before: { status: 'committed' }, after: { status: 'drawn', seed: row.seed, result } });
    });
    return this.detail(drawNo, true);
  }

  /** A draw as published: the seed only once drawn; subjects' IDs masked, persons' names masked. */
  async detail(drawNo: string, staff = false) {
    const row = await this.db.selectFrom('regulation_draws').selectAll().where('draw_no', '=', drawNo).executeTakeFirst();
    if (!row) throw notFound('DRAW_NOT_FOUND', `抽查 ${drawNo} 不存在`);
    const pool = parseJson<Pool>(row.pool_json, { inspectors: [], subjects: [] });
    const result = row.result_json ? parseJson<DrawResult>(row.result_json, { inspectors: [], subjects: [] }) : null;
    const dept = await this.ctx.services.org.byId(row.department_id);
    const subject = (s: Pool['subjects'][number]) => ({ name: staff ? s.name : publicSubjectName(s.name, s.key), key: maskSubjectKey(s.key) });
    return {
      drawNo: row.draw_no,
      title: row.title,
      departmentId: row.department_id,
      departmentName: dept?.name ?? null,
      status: row.status as 'committed' | 'drawn',
      statusLabel: row.status === 'drawn' ? '已抽取' : '已公示种子摘要，待抽取',
      createdAt: row.created_at,
      drawnAt: row.drawn_at,
      seedHash: row.seed_hash,
      seed: row.status === 'drawn' ? row.seed : null,
      inspectorsWanted: row.inspectors_wanted,
      subjectsWanted: row.subjects_wanted,
      inspectorPool: pool.inspectors.map((i) => ({ name: i.name, certNo: i.certNo })),
      subjectPool: pool.subjects.map(subject),
      result: result
        ? {
            inspectors: result.inspectors.map((i) => ({ index: i, id: staff ? pool.inspectors[i].id : undefined, name: pool.inspectors[i].name, certNo: pool.inspectors[i].certNo })),
            subjects: result.subjects.map((i) => ({ index: i, ...subject(pool.subjects[i]), subjectKey: staff ? pool.subjects[i].key : undefined })),
          }
        : null,
    };
  }

  /** Draws of a department (staff) or every drawn draw (public page). */
  async list(actor: Actor | null, q: { departmentId?: number; page?: number; pageSize?: number }) {
    const dept = actor ? readScope(actor, q.departmentId) : (q.departmentId ?? null);
    let base = this.db.selectFrom('regulation_draws');
    if (dept !== null) base = base.where('department_id', '=', dept);
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const { pageSize, offset } = pageOf(q);
    const rows = await base.select(['draw_no', 'title', 'department_id', 'status', 'created_at', 'drawn_at', 'seed_hash', 'inspectors_wanted', 'subjects_wanted']).orderBy('id', 'desc').limit(pageSize).offset(offset).execute();
    const names = new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.name]));
    return {
      items: rows.map((r) => ({
        drawNo: r.draw_no,
        title: r.title,
        departmentName: names.get(r.department_id) ?? null,
        status: r.status,
        statusLabel: r.status === 'drawn' ? '已抽取' : '待抽取',
        createdAt: r.created_at,
        drawnAt: r.drawn_at,
        seedHash: r.seed_hash,
        inspectorsWanted: r.inspectors_wanted,
        subjectsWanted: r.subjects_wanted,
      })),
      total,
    };
  }

  // ---- 检查记录 ------------------------------------------------------------------------------------------

  async recordInspection(
    actor: Actor,
    input: { drawNo?: string; subjectKey: string; inspectorIds: number[]; inspectedOn: string; outcome: Outcome; rectifyDue?: string; note?: string; departmentId?: number | null },
  ) {
    const departmentId = writeScope(actor, input.departmentId);
    const today = this.ctx.calendar.today();
    if (input.inspectedOn > today) throw unprocessable('INSPECTED_IN_FUTURE', '检查日期不能晚于今天', { field: 'inspectedOn' });
    let drawId: number | null = null;
    if (input.drawNo) {
      const d = await this.db.selectFrom('regulation_draws').selectAll().where('draw_no', '=', input.drawNo).where('department_id', '=', departmentId).executeTakeFirst();
      if (!d) throw notFound('DRAW_NOT_FOUND', `抽查 ${input.drawNo} 不存在`);
      if (d.status !== 'drawn') throw new AppError('DRAW_STATE', 409, '该抽查尚未抽取', { status: d.status });
      const pool = parseJson<Pool>(d.pool_json, { inspectors: [], subjects: [] });
      const res = parseJson<DrawResult>(d.result_json ?? '', { inspectors: [], subjects: [] });
      if (!res.subjects.some((i) => pool.subjects[i].key === input.subjectKey)) throw unprocessable('SUBJECT_NOT_DRAWN', '该检查对象不在本次抽取结果中', { field: 'subjectKey' });
      drawId = d.id;
    }
    const subject = (await this.subjectPool(departmentId)).find((s) => s.key === input.subjectKey);
    if (!subject) throw unprocessable('SUBJECT_UNKNOWN', '检查对象不在本部门监管对象中', { field: 'subjectKey' });
    const valid = new Set((await this.registry.validInspectors(departmentId, input.inspectedOn)).map((i) => i.id));
    if (input.inspectorIds.length < 2) throw unprocessable('TOO_FEW_INSPECTORS', '现场检查应有两名以上执法人员', { field: 'inspectorIds' });
    if (input.inspectorIds.some((id) => !valid.has(id))) throw unprocessable('INSPECTOR_INVALID', '执法人员不属于本部门或执法证已过期', { field: 'inspectorIds' });
    const needs = NEEDS_RECTIFICATION.includes(input.outcome);
    if (needs && (!input.rectifyDue || input.rectifyDue <= input.inspectedOn))
      throw unprocessable('RECTIFY_DUE_REQUIRED', `检查结果为“${OUTCOME_LABELS[input.outcome]}”时须填写晚于检查日期的整改期限`, { field: 'rectifyDue' });
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('regulation_inspections')
        .values({
          draw_id: drawId,
          department_id: departmentId,
          subject_name: subject.name,
          subject_key: subject.key,
          inspector_ids_json: JSON.stringify(input.inspectorIds),
          inspected_on: input.inspectedOn,
          outcome: input.outcome,
          rectify_due: needs ? input.rectifyDue! : null,
          note: input.note?.trim() || null,
          created_by: actor.id,
          created_at: this.ctx.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.inspection_record', subjectType: 'regulation_inspection', subjectId: row.id, after: { drawNo: input.drawNo ?? null, outcome: input.outcome, inspectedOn: input.inspectedOn, rectifyDue: needs ? input.rectifyDue : null } });
      return { id: row.id };
    });
  }

  async markRectified(actor: Actor, id: number, on: string) {
    const row = await this.db.selectFrom('regulation_inspections').selectAll().where('id', '=', id).executeTakeFirst();
    writableOrMissing(actor, row?.department_id, 'INSPECTION_NOT_FOUND', `检查记录 ${id} 不存在`);
    if (!row) throw notFound('INSPECTION_NOT_FOUND', `检查记录 ${id} 不存在`);
    if (!row.rectify_due) throw new AppError('INSPECTION_STATE', 409, '该检查未责令整改', { outcome: row.outcome });
    if (row.rectified_on) throw new AppError('INSPECTION_STATE', 409, '该检查已整改到位', { rectifiedOn: row.rectified_on });
    if (on < row.inspected_on || on > this.ctx.calendar.today()) throw unprocessable('RECTIFIED_ON_INVALID', '整改日期应在检查日期与今天之间', { field: 'on' });
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('regulation_inspections').set({ rectified_on: on }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'regulation.inspection_rectified', subjectType: 'regulation_inspection', subjectId: id, before: { rectifiedOn: null }, after: { rectifiedOn: on } });
    });
    return { id, rectifiedOn: on };
  }

  async listInspections(actor: Actor, q: { departmentId?: number; page?: number; pageSize?: number }) {
    const dept = readScope(actor, q.departmentId);
    let base = this.db.selectFrom('regulation_inspections as i').leftJoin('regulation_draws as d', 'd.id', 'i.draw_id');
    if (dept !== null) base = base.where('i.department_id', '=', dept);
    const total = Number((await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const { pageSize, offset } = pageOf(q);
    const rows = await base.selectAll('i').select('d.draw_no').orderBy('i.inspected_on', 'desc').orderBy('i.id', 'desc').limit(pageSize).offset(offset).execute();
    const today = this.ctx.calendar.today();
    return {
      items: rows.map((r) => ({
        id: r.id,
        drawNo: r.draw_no ?? null,
        subjectName: r.subject_name,
        subjectKey: maskSubjectKey(r.subject_key),
        inspectedOn: r.inspected_on,
        outcome: r.outcome,
        outcomeLabel: OUTCOME_LABELS[r.outcome as Outcome] ?? r.outcome,
        rectifyDue: r.rectify_due,
        rectifiedOn: r.rectified_on,
        rectifyOverdue: r.rectify_due !== null && r.rectified_on === null && r.rectify_due < today,
        note: r.note,
      })),
      total,
    };
  }

  /** Inspections that found a problem whose rectification deadline passed without rectification. */
  async rectifyOverdue(today: string) {
    return this.db.selectFrom('regulation_inspections').selectAll().where('rectify_due', 'is not', null).where('rectified_on', 'is', null).where('rectify_due', '<', today).execute();
  }

  /** 风险核查: every open flag, each also a supervision card (regulation.cards.ts). */
  async risks(actor: Actor, departmentId?: number) {
    const dept = readScope(actor, departmentId);
    const today = this.ctx.calendar.today();
    const unclaimed = (await this.tasks.unclaimedLate(today, true)).filter((t) => dept === null || t.department_id === dept);
    const rectify = (await this.rectifyOverdue(today)).filter((r) => dept === null || r.department_id === dept);
    const expired = (await this.expired.flags(today)).filter((f) => dept === null || f.departmentId === dept);
    const names = new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.shortName ?? d.name]));
    const items = [
      ...unclaimed.map((t) => ({
        kind: 'license_unclaimed',
        kindLabel: '证照已发放但监管任务未认领',
        subject: t.subject_name,
        reference: t.license_no ?? t.task_no,
        departmentName: names.get(t.department_id) ?? null,
        since: t.claim_due,
      })),
      ...rectify.map((r) => ({
        kind: 'rectify_overdue',
        kindLabel: '检查发现问题逾期未整改',
        subject: r.subject_name,
        reference: `检查记录 ${r.id}`,
        departmentName: names.get(r.department_id) ?? null,
        since: r.rectify_due!,
      })),
      ...expired.map((f) => ({
        kind: f.kind,
        kindLabel: EXPIRED_KIND_LABELS[f.kind],
        subject: f.subjectName,
        reference: `${f.licenseNo}（${f.reference}）`,
        departmentName: names.get(f.departmentId) ?? null,
        since: f.validTo,
      })),
    ];
    return { items, total: items.length };
  }

  async inspectionCount(from: string, to: string, departments: DepartmentScope) {
    const q = this.db.selectFrom('regulation_inspections').where('inspected_on', '>=', from).where('inspected_on', '<=', to).where(inDepartments('department_id', departments));
    return Number((await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
  }
}
