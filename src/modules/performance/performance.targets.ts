/**
 * 绩效目标与自评 (issue 18 items 1, 2): a year's indicator table in the provincial shape, its actuals
 * (from the records through the statistics summary, or entered by hand with evidence), the scores and
 * grade, 偏差原因, submission, the leader's sign-off that locks it, and revisions.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import { parseJson } from '../../kernel/db/db';
import { kpiLabel } from '../../shared/kpi-labels';
import type { Kpi } from '../../shared/kpi.types';
import { TABLE_STATUS_LABELS, type Direction, type IndicatorView, type Level1, type PerformanceTableView, type RevisionView, type TableStatus } from '../../shared/performance.types';
import type { PerformanceNeedsContext } from './performance.context';
import { assertUpload } from '../../kernel/validators/upload-sniff';
import { checkTable, gradeOf, kpiActual, scoreIndicator, EVIDENCE_KINDS, targetProblem, totalScore, unitProblem, weightSum, type TableAction, type TargetInput } from './performance.rules';
import type { PerformanceDb, PerformanceIndicatorsTable, PerformanceTables, PerformanceTx } from './performance.tables';

export interface IndicatorInput {
  level1: string;
  level2: string;
  name: string;
  direction?: string;
  target?: number | null;
  unit?: string;
  floor?: number | null;
  weight: number;
  source: string;
  kpiKey?: string | null;
}

export interface ManualActualInput {
  value: number;
  note: string;
  /** A new evidence file; without it the indicator's current evidence is kept (refused when it has none). */
  file?: { name: string; contentBase64: string };
}

type IndicatorRow = Selectable<PerformanceIndicatorsTable>;

/** Who sets targets and explains deviations; who signs off; who enters manual actuals. */
const EDITORS = ['leader', 'admin'] as const;
const MANUAL_AUTHORS = ['leader', 'admin', 'finance'] as const;
const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

const round2 = (x: number) => Math.round(x * 100) / 100;

export class PerformanceService {
  private readonly db: PerformanceDb;

  constructor(private readonly ctx: PerformanceNeedsContext) {
    this.db = tablesOf<PerformanceTables>(ctx.db);
  }

  /** The period the KPI actuals of `year` cover: 1 January to 31 December or today; null for a year not begun. */
  periodOf(year: number): { from: string; to: string } | null {
    const today = this.ctx.calendar.today();
    const from = `${year}-01-01`;
    if (from > today) return null;
    const end = `${year}-12-31`;
    return { from, to: end < today ? end : today };
  }

  private async tableRow(year: number, db: PerformanceDb | PerformanceTx = this.db) {
    return db.selectFrom('performance_tables').selectAll().where('year', '=', year).executeTakeFirst();
  }

  private async statusOf(year: number, db: PerformanceDb | PerformanceTx = this.db): Promise<TableStatus> {
    return ((await this.tableRow(year, db))?.status as TableStatus | undefined) ?? 'draft';
  }

  private async mustAllow(action: TableAction, year: number, db: PerformanceDb | PerformanceTx = this.db): Promise<TableStatus> {
    const status = await this.statusOf(year, db);
    const refusal = checkTable(action, status);
    if (refusal) throw conflict(status === 'signed' ? 'TABLE_SIGNED' : 'TABLE_STATE', refusal, { status });
    return status;
  }

  /** Creates the year's table (revision 1, 初始编制) on its first indicator. */
  private async ensureTable(tx: PerformanceTx, actor: Actor, year: number): Promise<void> {
    if (await this.tableRow(year, tx)) return;
    const now = this.ctx.clock.now().toISOString();
    await tx.insertInto('performance_tables').values({ year, status: 'draft', revision: 1, created_at: now, updated_at: now }).execute();
    await tx.insertInto('performance_revisions').values({ year, revision: 1, reason: '初始编制', opened_by_name: actor.name, opened_at: now }).execute();
  }

  /** An edit of the targets returns a submitted table to 编制中 (the weights are checked again at submit). */
  private async touch(tx: PerformanceTx, year: number, backToDraft: boolean): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    const set = backToDraft ? { status: 'draft', submitted_by: null, submitted_by_name: null, submitted_at: null, updated_at: now } : { updated_at: now };
    await tx.updateTable('performance_tables').set(set).where('year', '=', year).execute();
  }

  private checkInput(input: IndicatorInput): void {
    const t: TargetInput = { ...input, unit: input.unit?.trim() };
    const problem = targetProblem(t);
    if (problem) throw unprocessable(problem.code, problem.message, { field: problem.field });
    if (input.source === 'kpi') {
      const meta = kpiLabel(input.kpiKey ?? '');
      if (!meta) throw unprocessable('KPI_UNKNOWN', `平台没有指标“${input.kpiKey}”，请从列表中选择`, { field: 'kpiKey' });
      const unit = unitProblem(meta.format, input.unit ?? '');
      if (unit) throw unprocessable(unit.code, unit.message, { field: unit.field });
    }
  }

  private rowValues(input: IndicatorInput) {
    return {
      level1: input.level1,
      level2: input.level2,
      name: input.name.trim(),
      direction: input.direction as Direction,
      target: input.target as number,
      unit: (input.unit ?? '').trim(),
      floor: input.floor ?? null,
      weight: input.weight,
      source: input.source,
      kpi_key: input.source === 'kpi' ? (input.kpiKey ?? null) : null,
    };
  }

  async addIndicator(actor: Actor, year: number, input: IndicatorInput): Promise<IndicatorView> {
    if (!hasRole(actor, ...EDITORS)) throw forbidden('只有局领导可以设定绩效目标');
    this.checkInput(input);
    const id = await this.db.transaction().execute(async (tx) => {
      const status = await this.mustAllow('edit', year, tx);
      await this.ensureTable(tx, actor, year);
      const last = await tx.selectFrom('performance_indicators').select((eb) => eb.fn.max('sort').as('m')).where('year', '=', year).executeTakeFirst();
      const now = this.ctx.clock.now().toISOString();
      const row = await tx
        .insertInto('performance_indicators')
        .values({ year, sort: Number(last?.m ?? 0) + 1, ...this.rowValues(input), created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.touch(tx, year, status === 'submitted');
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.indicator_added', subjectType: 'performance_table', subjectId: year, after: { id: row.id, ...this.rowValues(input) } });
      return row.id;
    });
    return this.indicatorOrFail(year, id);
  }

  private async indicatorRow(id: number, db: PerformanceDb | PerformanceTx = this.db): Promise<IndicatorRow> {
    const row = await db.selectFrom('performance_indicators').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('INDICATOR_NOT_FOUND', `绩效指标 ${id} 不存在`);
    return row;
  }

  async updateIndicator(actor: Actor, id: number, input: IndicatorInput): Promise<IndicatorView> {
    if (!hasRole(actor, ...EDITORS)) throw forbidden('只有局领导可以设定绩效目标');
    const before = await this.indicatorRow(id);
    this.checkInput(input);
    await this.db.transaction().execute(async (tx) => {
      const status = await this.mustAllow('edit', before.year, tx);
      const values = this.rowValues(input);
      await tx.updateTable('performance_indicators').set({ ...values, updated_at: this.ctx.clock.now().toISOString() }).where('id', '=', id).execute();
      await this.touch(tx, before.year, status === 'submitted');
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.indicator_updated', subjectType: 'performance_table', subjectId: before.year, before: { id, ...this.rowValues({ ...before, kpiKey: before.kpi_key }) }, after: { id, ...values } });
    });
    return this.indicatorOrFail(before.year, id);
  }

  async removeIndicator(actor: Actor, id: number): Promise<void> {
    if (!hasRole(actor, ...EDITORS)) throw forbidden('只有局领导可以设定绩效目标');
    const before = await this.indicatorRow(id);
    await this.db.transaction().execute(async (tx) => {
      const status = await this.mustAllow('edit', before.year, tx);
      await tx.deleteFrom('performance_indicators').where('id', '=', id).execute();
      await this.touch(tx, before.year, status === 'submitted');
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.indicator_removed', subjectType: 'performance_table', subjectId: before.year, before: { id, name: before.name, weight: before.weight } });
    });
  }

  /** A manual actual: value, a note and an evidence file (PDF, PNG or JPG by content); the author is recorded. */
  async enterManualActual(actor: Actor, id: number, input: ManualActualInput): Promise<IndicatorView> {
    if (!hasRole(actor, ...MANUAL_AUTHORS)) throw forbidden('只有局领导或财务人员可以填报手工实际值');
    const row = await this.indicatorRow(id);
    if (row.source !== 'manual') throw unprocessable('INDICATOR_NOT_MANUAL', '该指标的实际值取自平台记录，不能手工填报', { field: 'value' });
    if (!Number.isFinite(input.value)) throw unprocessable('ACTUAL_INVALID', '请填写实际值', { field: 'value' });
    if (!input.note.trim()) throw unprocessable('EVIDENCE_NOTE_REQUIRED', '手工填报的实际值须附说明', { field: 'note' });
    let file: { name: string; body: Buffer; mime: string } | null = null;
    if (input.file) {
      const body = Buffer.from(input.file.contentBase64, 'base64');
      if (body.length === 0) throw unprocessable('EVIDENCE_REQUIRED', '手工填报的实际值须上传佐证材料', { field: 'file' });
      const { mime } = assertUpload(body, { maxBytes: EVIDENCE_MAX_BYTES, accept: EVIDENCE_KINDS, noun: '佐证材料' });
      file = { name: input.file.name.trim() || '佐证材料', body, mime };
    } else if (row.evidence_id === null) {
      throw unprocessable('EVIDENCE_REQUIRED', '手工填报的实际值须上传佐证材料', { field: 'file' });
    }
    await this.db.transaction().execute(async (tx) => {
      await this.mustAllow('explain', row.year, tx);
      const now = this.ctx.clock.now().toISOString();
      let evidenceId = row.evidence_id;
      if (file) {
        const ev = await tx
          .insertInto('performance_evidence')
          .values({ year: row.year, file_name: file.name, mime: file.mime, size: file.body.length, sha256: createHash('sha256').update(file.body).digest('hex'), content: file.body, uploaded_by: actor.id, uploaded_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        evidenceId = ev.id;
      }
      await tx
        .updateTable('performance_indicators')
        .set({ manual_value: input.value, manual_note: input.note.trim(), evidence_id: evidenceId, author_id: actor.id, author_name: actor.name, updated_at: now })
        .where('id', '=', id)
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'performance.actual_entered',
        subjectType: 'performance_table',
        subjectId: row.year,
        before: { id, value: row.manual_value, evidenceId: row.evidence_id },
        after: { id, value: input.value, evidenceId },
      });
    });
    return this.indicatorOrFail(row.year, id);
  }

  /** 偏差原因 of an indicator not met. */
  async explainDeviation(actor: Actor, id: number, reason: string): Promise<IndicatorView> {
    if (!hasRole(actor, ...EDITORS)) throw forbidden('只有局领导可以填写偏差原因');
    const row = await this.indicatorRow(id);
    const text = reason.trim();
    if (!text) throw unprocessable('DEVIATION_REASON_REQUIRED', '请填写偏差原因', { field: 'reason' });
    await this.db.transaction().execute(async (tx) => {
      await this.mustAllow('explain', row.year, tx);
      await tx.updateTable('performance_indicators').set({ deviation_reason: text, updated_at: this.ctx.clock.now().toISOString() }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.deviation_explained', subjectType: 'performance_table', subjectId: row.year, before: { id, reason: row.deviation_reason }, after: { id, reason: text } });
    });
    return this.indicatorOrFail(row.year, id);
  }

  /** Submits the targets: the weights must sum to 100. */
  async submit(actor: Actor, year: number): Promise<PerformanceTableView> {
    if (!hasRole(actor, ...EDITORS)) throw forbidden('只有局领导可以提交绩效目标表');
    await this.db.transaction().execute(async (tx) => {
      await this.mustAllow('submit', year, tx);
      const rows = await tx.selectFrom('performance_indicators').select('weight').where('year', '=', year).execute();
      if (rows.length === 0) throw unprocessable('TABLE_EMPTY', `${year} 年绩效目标表还没有指标`, { field: 'indicators' });
      const sum = weightSum(rows.map((r) => r.weight));
      if (sum !== 100) throw unprocessable('WEIGHTS_NOT_100', `各指标分值合计须为 100，当前为 ${sum}`, { field: 'weight', sum });
      const now = this.ctx.clock.now().toISOString();
      await tx.updateTable('performance_tables').set({ status: 'submitted', submitted_by: actor.id, submitted_by_name: actor.name, submitted_at: now, updated_at: now }).where('year', '=', year).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.submitted', subjectType: 'performance_table', subjectId: year, before: { status: 'draft' }, after: { status: 'submitted', weightSum: sum } });
    });
    return this.table(year);
  }

  /** The leader's sign-off: every missed indicator explained; the scores are frozen and the table locked. */
  async signOff(actor: Actor, year: number): Promise<PerformanceTableView> {
    if (!hasRole(actor, 'leader')) throw forbidden('只有局领导可以签批绩效自评');
    await this.mustAllow('sign', year);
    const view = await this.table(year);
    if (view.missingReasons.length > 0) {
      const names = view.indicators.filter((i) => view.missingReasons.includes(i.id)).map((i) => `“${i.name}”`);
      throw unprocessable('DEVIATION_REASON_REQUIRED', `以下未达成的指标须先填写偏差原因：${names.join('、')}`, { field: 'deviationReason', indicators: view.missingReasons });
    }
    await this.db.transaction().execute(async (tx) => {
      const status = await this.mustAllow('sign', year, tx);
      const now = this.ctx.clock.now().toISOString();
      const t = (await this.tableRow(year, tx))!;
      await tx.updateTable('performance_tables').set({ status: 'signed', signed_by: actor.id, signed_by_name: actor.name, signed_at: now, updated_at: now }).where('year', '=', year).execute();
      await tx
        .updateTable('performance_revisions')
        .set({ signed_by_name: actor.name, signed_at: now, total_score: view.totalScore, grade: view.grade, snapshot_json: JSON.stringify({ from: view.from, to: view.to, indicators: view.indicators }) })
        .where('year', '=', year)
        .where('revision', '=', t.revision)
        .execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.signed', subjectType: 'performance_table', subjectId: year, before: { status }, after: { status: 'signed', revision: t.revision, totalScore: view.totalScore, grade: view.grade } });
    });
    return this.table(year);
  }

  /** Opens a signed table as a new revision (编制中), saying why; the signed revision stays as it was. */
  async revise(actor: Actor, year: number, reason: string): Promise<PerformanceTableView> {
    if (!hasRole(actor, 'leader')) throw forbidden('只有局领导可以发起修订');
    const why = reason.trim();
    if (!why) throw unprocessable('REVISION_REASON_REQUIRED', '请说明修订原因', { field: 'reason' });
    await this.db.transaction().execute(async (tx) => {
      await this.mustAllow('revise', year, tx);
      const t = (await this.tableRow(year, tx))!;
      const now = this.ctx.clock.now().toISOString();
      const revision = t.revision + 1;
      await tx
        .updateTable('performance_tables')
        .set({ status: 'draft', revision, submitted_by: null, submitted_by_name: null, submitted_at: null, signed_by: null, signed_by_name: null, signed_at: null, updated_at: now })
        .where('year', '=', year)
        .execute();
      await tx.insertInto('performance_revisions').values({ year, revision, reason: why, opened_by_name: actor.name, opened_at: now }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'performance.revised', subjectType: 'performance_table', subjectId: year, before: { status: 'signed', revision: t.revision }, after: { status: 'draft', revision, reason: why } });
    });
    return this.table(year);
  }

  async revisions(year: number): Promise<{ items: RevisionView[]; total: number }> {
    const rows = await this.db.selectFrom('performance_revisions').selectAll().where('year', '=', year).orderBy('revision', 'desc').execute();
    const items = rows.map((r) => ({
      revision: r.revision,
      reason: r.reason,
      openedByName: r.opened_by_name,
      openedAt: r.opened_at,
      signedByName: r.signed_by_name,
      signedAt: r.signed_at,
      totalScore: r.total_score,
      grade: (r.grade as RevisionView['grade']) ?? null,
    }));
    return { items, total: items.length };
  }

  /** The signed revision's frozen table (as signed), or null. */
  async signedSnapshot(year: number, revision: number): Promise<{ from: string; to: string; indicators: IndicatorView[] } | null> {
    const r = await this.db.selectFrom('performance_revisions').select('snapshot_json').where('year', '=', year).where('revision', '=', revision).executeTakeFirst();
    return r?.snapshot_json ? parseJson(r.snapshot_json, null) : null;
  }

  /** The year's table with actuals, scores and grade; a signed table reads as it was signed. */
  async table(year: number): Promise<PerformanceTableView> {
    const t = await this.tableRow(year);
    const status = (t?.status as TableStatus | undefined) ?? 'draft';
    const period = this.periodOf(year);
    const snapshot = t && status === 'signed' ? await this.signedSnapshot(year, t.revision) : null;
    const indicators = snapshot ? snapshot.indicators : await this.liveIndicators(year, period);
    const total = totalScore(indicators.map((i) => i.score));
    return {
      year,
      status,
      statusLabel: TABLE_STATUS_LABELS[status],
      revision: t?.revision ?? 1,
      from: snapshot?.from ?? period?.from ?? `${year}-01-01`,
      to: snapshot?.to ?? period?.to ?? `${year}-01-01`,
      weightSum: weightSum(indicators.map((i) => i.weight)),
      totalScore: total,
      grade: gradeOf(total),
      submittedByName: t?.submitted_by_name ?? null,
      submittedAt: t?.submitted_at ?? null,
      signedByName: t?.signed_by_name ?? null,
      signedAt: t?.signed_at ?? null,
      indicators,
      missingReasons: indicators.filter((i) => !i.met && !i.deviationReason).map((i) => i.id),
    };
  }

  private async indicatorOrFail(year: number, id: number): Promise<IndicatorView> {
    const found = (await this.table(year)).indicators.find((i) => i.id === id);
    if (!found) throw new AppError('INDICATOR_NOT_FOUND', 404, `绩效指标 ${id} 不存在`);
    return found;
  }

  private async liveIndicators(year: number, period: { from: string; to: string } | null): Promise<IndicatorView[]> {
    const rows = await this.db.selectFrom('performance_indicators').selectAll().where('year', '=', year).orderBy('sort').orderBy('id').execute();
    const needKpis = period !== null && rows.some((r) => r.source === 'kpi');
    const kpis: Record<string, Kpi> = needKpis ? (await this.ctx.services.stats.summaryOf({ from: period.from, to: period.to, departmentId: null })).kpis : {};
    const evidenceIds = rows.map((r) => r.evidence_id).filter((x): x is number => x !== null);
    const evidence = evidenceIds.length
      ? await this.db.selectFrom('performance_evidence').select(['id', 'file_name', 'mime', 'size']).where('id', 'in', evidenceIds).execute()
      : [];
    return rows.map((r) => {
      const meta = r.kpi_key ? kpiLabel(r.kpi_key) : undefined;
      const k = r.kpi_key ? kpis[r.kpi_key] : undefined;
      const actual = r.source === 'kpi' ? (meta ? kpiActual(meta.format, k) : null) : r.manual_value;
      const s = scoreIndicator({ direction: r.direction as Direction, target: r.target, floor: r.floor, weight: r.weight, actual });
      const ev = evidence.find((e) => e.id === r.evidence_id);
      return {
        id: r.id,
        sort: r.sort,
        level1: r.level1 as Level1,
        level2: r.level2,
        name: r.name,
        direction: r.direction as Direction,
        target: r.target,
        unit: r.unit,
        floor: r.floor,
        weight: round2(r.weight),
        source: r.source as 'kpi' | 'manual',
        kpiKey: r.kpi_key,
        kpiLabel: meta?.label ?? null,
        actual,
        numerator: r.source === 'kpi' && k ? k.numerator : null,
        denominator: r.source === 'kpi' && k ? k.denominator : null,
        manualNote: r.manual_note,
        evidence: ev ? { id: ev.id, fileName: ev.file_name, mime: ev.mime, size: ev.size } : null,
        authorName: r.author_name,
        score: s.score,
        outcome: s.outcome,
        met: s.met,
        deviationReason: r.deviation_reason,
      };
    });
  }

  /** An evidence file, for the readers of the table. */
  async evidenceFile(id: number): Promise<{ fileName: string; mime: string; body: Buffer }> {
    const row = await this.db.selectFrom('performance_evidence').select(['file_name', 'mime', 'content']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('EVIDENCE_NOT_FOUND', `佐证材料 ${id} 不存在`);
    return { fileName: row.file_name, mime: row.mime, body: Buffer.from(row.content) };
  }
}
