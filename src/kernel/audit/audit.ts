import type { KernelAuditLogTable } from '../kernel.tables';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../clock';
import type { Db, DbOrTx } from '../db/db';
import { prepared, preparedInsert } from '../db/prepared';
import type { Actor } from '../auth/actor';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);

/** The columns the hash covers: every column of the row but the chain links themselves. */
type AuditRowForHash = Omit<KernelAuditLogTable, 'prev_hash' | 'hash'>;

export function auditHash(prevHash: string, row: AuditRowForHash): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_id ?? null,
    row.actor_name ?? null,
    row.ip ?? null,
    row.action,
    row.subject_type,
    row.subject_id,
    row.before_json ?? null,
    row.after_json ?? null,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * Appends one hash-chained row inside the caller's transaction. Bumping the single head row first takes
 * its row lock on PostgreSQL, so concurrent transactions chain one after another instead of forking.
 */
export async function recordAudit(tx: DbOrTx, clock: Clock, actor: Actor, entry: AuditEntry): Promise<number> {
  const head = (await advanceHead.executeTakeFirst(tx, {}))!;
  const row: AuditRowForHash = {
    seq: Number(head.seq),
    at: clock.now().toISOString(),
    actor_id: actor.id,
    actor_name: actor.username,
    ip: actor.ip ?? null,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: String(entry.subjectId),
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
  const hash = auditHash(head.hash as string, row);
  await insertAuditRow.execute(tx, { ...row, prev_hash: head.hash, hash });
  await setHeadHash.execute(tx, { hash });
  return row.seq;
}

// Every state change writes these three statements: compiled once (kernel/db/prepared.ts).
const advanceHead = prepared((db) => db.updateTable('kernel_audit_head').set({ seq: sql`seq + 1` }).where('id', '=', 1).returning(['seq', 'hash']));
const insertAuditRow = preparedInsert('kernel_audit_log');
const setHeadHash = prepared((db, p: { hash: string }) => db.updateTable('kernel_audit_head').set({ hash: p.hash }).where('id', '=', 1));

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
}

/** Walks the whole chain in seq order; names the first row whose link or content does not match. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<AuditVerification> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('kernel_audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, checked, firstBrokenSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBrokenSeq: seq, reason: `row ${seq} does not link to row ${seq - 1}` };
      const h = auditHash(prev, { ...r, seq } as AuditRowForHash);
      if (h !== r.hash) return { ok: false, checked, firstBrokenSeq: seq, reason: `row ${seq} was altered (hash mismatch)` };
      prev = r.hash as string;
      expectedSeq++;
      checked++;
    }
  }
  const head = await db.selectFrom('kernel_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && Number(head.seq) !== checked) {
    return { ok: false, checked, firstBrokenSeq: checked + 1, reason: `chain ends at ${checked} but the head says ${head.seq} (rows deleted?)` };
  }
  if (head && checked > 0 && head.hash !== prev) {
    return { ok: false, checked, firstBrokenSeq: checked, reason: `last row ${checked} does not match the head hash` };
  }
  return { ok: true, checked };
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorName: string | null;
  ip: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export async function auditTrailOf(db: DbOrTx, subjectType: string, subjectId: string | number): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('kernel_audit_log')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', String(subjectId))
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actorName: r.actor_name,
    ip: r.ip,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    before: r.before_json ? JSON.parse(r.before_json) : null,
    after: r.after_json ? JSON.parse(r.after_json) : null,
  }));
}
