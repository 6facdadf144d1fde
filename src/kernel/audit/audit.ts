import type { KernelAuditLogTable, KernelTables } from '../kernel.tables';
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Clock } from '../clock';
import { dialectOf, type Db, type DbOrTx } from '../db/db';
import { prepared, preparedInsert, preparedInsertMany, type PreparedQuery } from '../db/prepared';
import type { Actor } from '../auth/actor';
import { regionOrDefault } from '../region';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: unknown;
  after?: unknown;
  /**
   * The region whose chain the row joins: the case's, work order's or ticket's county code. Entries
   * without one join the installation's region (kernel/region.ts).
   */
  region?: string | null;
}

const GENESIS = '0'.repeat(64);

/** The columns the hash covers: every column of the row but the chain links themselves. */
type AuditRowForHash = Omit<Selectable<KernelAuditLogTable>, 'prev_hash' | 'hash' | 'chain' | 'chain_seq'>;

/** The hash of a row of the legacy single chain (rows written before 0004_kernel_audit_chains). */
export function auditHash(prevHash: string, row: AuditRowForHash): string {
  return linkHash(prevHash, [row.seq, ...contentOf(row)]);
}

/** What every row's hash covers of its content, in this order (changing it breaks every stored chain). */
function contentOf(row: Omit<AuditRowForHash, 'seq'>): unknown[] {
  return [row.at, row.actor_id ?? null, row.actor_name ?? null, row.ip ?? null, row.action, row.subject_type, row.subject_id, row.before_json ?? null, row.after_json ?? null];
}

function linkHash(prevHash: string, fields: unknown[]): string {
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/**
 * The hash of a row of a region chain. It covers the chain and the row's place in it (so a row cannot be
 * moved to another chain or position) and every content column; not the table-wide `seq`, which the
 * database assigns at insert (a PostgreSQL sequence: no lock held to commit) and only orders the rows of
 * all chains for reading.
 */
export function chainHash(prevHash: string, chain: string, chainSeq: number, row: Omit<AuditRowForHash, 'seq'>): string {
  return linkHash(prevHash, [chain, chainSeq, ...contentOf(row)]);
}

/** The content columns of one audit row (what `chainHash` covers besides the chain and its position). */
function auditRow(at: string, actor: Actor, entry: AuditEntry) {
  return {
    at,
    actor_id: actor.id,
    actor_name: actor.username,
    ip: actor.ip ?? null,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: String(entry.subjectId),
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

/**
 * Appends one hash-chained row to its region's chain inside the caller's transaction. Advancing the
 * chain's head row first takes its row lock on PostgreSQL, so concurrent transactions of one region chain
 * one after another instead of forking, while other regions' heads are other rows: counties never wait
 * on each other. Returns the row's table-wide seq.
 */
export async function recordAudit(tx: DbOrTx, clock: Clock, actor: Actor, entry: AuditEntry): Promise<number> {
  const chain = regionOrDefault(entry.region);
  const head = (await advanceHead.executeTakeFirst(tx, { chain, genesis: GENESIS }))!;
  const chainSeq = Number(head.seq);
  const row = auditRow(clock.now().toISOString(), actor, entry);
  const hash = chainHash(head.hash as string, chain, chainSeq, row);
  const full = { ...row, chain, chain_seq: chainSeq, prev_hash: head.hash as string, hash };
  if (dialectOf(tx) === 'postgres') {
    // One round trip fewer while the head is locked: the row and the head's new hash in one statement.
    const inserted = await insertAndMoveHead.executeTakeFirst(tx, full);
    return Number(inserted!.seq);
  }
  const [inserted] = await insertAuditRow.execute(tx, full);
  await setHeadHash.execute(tx, { chain, hash });
  return Number(inserted.seq);
}

/**
 * Appends several rows inside the caller's transaction, as recordAudit one after another would (same
 * chains, positions, hashes), in a few statements: per chain, its head advanced by the number of rows
 * (one upsert: the head is locked from here to the commit, so call this last), then the rows and the
 * head's new hash (PostgreSQL: one statement; SQLite: two). Group-committed intake writes a batch's
 * audit rows with it.
 */
export async function recordAudits(tx: DbOrTx, clock: Clock, items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (items.length === 0) return;
  const at = clock.now().toISOString();
  const counts = new Map<string, number>();
  const chains = items.map((it) => regionOrDefault(it.entry.region));
  for (const c of chains) counts.set(c, (counts.get(c) ?? 0) + 1);
  // Every chain's head advanced in one statement, in chain order (two batches never wait crosswise).
  const names = [...counts.keys()].sort();
  const headParams: Record<string, unknown> = { genesis: GENESIS };
  names.forEach((c, i) => {
    headParams[`chain${i}`] = c;
    headParams[`n${i}`] = counts.get(c);
  });
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const h of await advanceHeadsQuery(names.length).execute(tx, headParams)) {
    const chain = h.chain as string;
    heads.set(chain, { seq: Number(h.seq) - counts.get(chain)!, hash: h.hash as string });
  }
  const rows = items.map(({ actor, entry }, i) => {
    const chain = chains[i];
    const head = heads.get(chain)!;
    const row = auditRow(at, actor, entry);
    const chainSeq = ++head.seq;
    const hash = chainHash(head.hash, chain, chainSeq, row);
    const full = { ...row, chain, chain_seq: chainSeq, prev_hash: head.hash, hash };
    head.hash = hash;
    return full;
  });
  const params: Record<string, unknown> = {};
  names.forEach((c, i) => {
    params[`chain${i}`] = c;
    params[`hash${i}`] = heads.get(c)!.hash;
  });
  rows.forEach((r, i) => {
    for (const c of AUDIT_COLUMNS) params[`${i}:${c}`] = r[c];
  });
  if (dialectOf(tx) === 'postgres') {
    // The rows and the heads' new hashes in one statement (a data-modifying WITH; SQLite allows only SELECT there).
    await insertRowsAndMoveHeads(rows.length, names.length).execute(tx, params);
  } else {
    await insertAuditRows.execute(tx, rows);
    await moveHeads(names.length).execute(tx, params);
  }
}

// Every state change writes these three statements: compiled once (kernel/db/prepared.ts). The head
// upsert starts a region's chain at 1 on its first row; on conflict it returns the previous row's hash.
const advanceHead = prepared((db, p: { chain: string; genesis: string }) =>
  db
    .insertInto('kernel_audit_chains')
    .values({ chain: p.chain, seq: 1, hash: p.genesis })
    .onConflict((oc) => oc.column('chain').doUpdateSet({ seq: sql`kernel_audit_chains.seq + 1` }))
    .returning(['seq', 'hash']),
);
const insertAuditRow = preparedInsert<{ seq: number }>('kernel_audit_log', { returning: ['seq'] });
type FullAuditRow = Omit<Selectable<KernelAuditLogTable>, 'seq'> & { chain: string; chain_seq: number };
// PostgreSQL: a data-modifying WITH (SQLite allows only SELECT there).
const insertAndMoveHead = prepared((db, p: FullAuditRow) =>
  db
    .with('moved', (d) => d.updateTable('kernel_audit_chains').set({ hash: p.hash }).where('chain', '=', p.chain))
    .insertInto('kernel_audit_log')
    .values({
      at: p.at,
      actor_id: p.actor_id,
      actor_name: p.actor_name,
      ip: p.ip,
      action: p.action,
      subject_type: p.subject_type,
      subject_id: p.subject_id,
      before_json: p.before_json,
      after_json: p.after_json,
      chain: p.chain,
      chain_seq: p.chain_seq,
      prev_hash: p.prev_hash,
      hash: p.hash,
    })
    .returning('seq'),
);
type Params = Record<string, unknown>;
/** Memoises a prepared query per shape (row and chain counts). */
function byShape<R>(build: (...shape: number[]) => PreparedQuery<Params, R>) {
  const cache = new Map<string, PreparedQuery<Params, R>>();
  return (...shape: number[]) => {
    const key = shape.join(',');
    let q = cache.get(key);
    if (!q) cache.set(key, (q = build(...shape)));
    return q;
  };
}
const advanceHeadsQuery = byShape((k) =>
  prepared<Params, Params>((db, p) =>
    db
      .insertInto('kernel_audit_chains')
      .values(Array.from({ length: k }, (_, i) => ({ chain: p[`chain${i}`] as string, seq: p[`n${i}`] as number, hash: p.genesis as string })))
      .onConflict((oc) => oc.column('chain').doUpdateSet({ seq: sql`kernel_audit_chains.seq + excluded.seq` }))
      .returning(['chain', 'seq', 'hash']),
  ),
);
const AUDIT_COLUMNS = ['at', 'actor_id', 'actor_name', 'ip', 'action', 'subject_type', 'subject_id', 'before_json', 'after_json', 'chain', 'chain_seq', 'prev_hash', 'hash'] as const;
const insertAuditRows = preparedInsertMany('kernel_audit_log');
/** `update kernel_audit_chains set hash = case chain when … then … end where chain in (…)`. */
function headsUpdate(db: DbOrTx, p: Params, k: number) {
  const chains = Array.from({ length: k }, (_, i) => p[`chain${i}`] as string);
  const cases = sql.join(
    chains.map((c, i) => sql`when ${c} then ${p[`hash${i}`]}`),
    sql` `,
  );
  return (db as Kysely<KernelTables>).updateTable('kernel_audit_chains').set({ hash: sql<string>`case chain ${cases} end` }).where('chain', 'in', chains);
}
const moveHeads = byShape((k) => prepared<Params, unknown>((db, p) => headsUpdate(db, p, k)));
const insertRowsAndMoveHeads = byShape((n, k) =>
  prepared<Params, unknown>((db, p) =>
    (db as Kysely<KernelTables>)
      .with('moved', () => headsUpdate(db, p, k))
      .insertInto('kernel_audit_log')
      .values(Array.from({ length: n }, (_, i) => Object.fromEntries(AUDIT_COLUMNS.map((c) => [c, p[`${i}:${c}`]])) as unknown as FullAuditRow)),
  ),
);
const setHeadHash = prepared((db, p: { chain: string; hash: string }) => db.updateTable('kernel_audit_chains').set({ hash: p.hash }).where('chain', '=', p.chain));

/** The name verify-audit gives the rows written before the chains were split by region. */
export const LEGACY_CHAIN = 'legacy';

export interface ChainVerification {
  /** A region code, or 'legacy'. */
  chain: string;
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows verified in all chains. */
  checked: number;
  chains: ChainVerification[];
  /** The first broken chain's findings (chain-local seq). */
  brokenChain?: string;
  firstBrokenSeq?: number;
  reason?: string;
}

/**
 * Verifies every chain (the legacy one and each region's), or only `region`'s. Each chain is walked in
 * its own order from the genesis; the first row whose link or content does not match is named.
 */
export async function verifyAuditChain(db: Db, opts: { region?: string; batch?: number } = {}): Promise<AuditVerification> {
  const batch = opts.batch ?? 5000;
  let names: string[];
  if (opts.region !== undefined) {
    names = [opts.region];
  } else {
    const heads = await db.selectFrom('kernel_audit_chains').select('chain').execute();
    const used = await db.selectFrom('kernel_audit_log').select('chain').distinct().where('chain', 'is not', null).execute();
    names = [LEGACY_CHAIN, ...[...new Set([...heads.map((h) => h.chain), ...used.map((u) => u.chain as string)])].sort()];
  }
  const chains: ChainVerification[] = [];
  for (const name of names) chains.push(name === LEGACY_CHAIN ? await verifyLegacy(db, batch) : await verifyRegion(db, name, batch));
  const broken = chains.find((c) => !c.ok);
  const checked = chains.reduce((n, c) => n + c.checked, 0);
  if (broken) return { ok: false, checked, chains, brokenChain: broken.chain, firstBrokenSeq: broken.firstBrokenSeq, reason: broken.reason };
  return { ok: true, checked, chains };
}

/** The single chain of the rows written before 0004 (chain null), closed by the old head row. */
async function verifyLegacy(anyDb: Db, batch: number): Promise<ChainVerification> {
  const db: Kysely<KernelTables> = anyDb;
  const chain = LEGACY_CHAIN;
  let prev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('kernel_audit_log').selectAll().where('chain', 'is', null).where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { chain, ok: false, checked, firstBrokenSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      if (r.prev_hash !== prev) return { chain, ok: false, checked, firstBrokenSeq: seq, reason: `row ${seq} does not link to row ${seq - 1}` };
      if (auditHash(prev, { ...r, seq }) !== r.hash) return { chain, ok: false, checked, firstBrokenSeq: seq, reason: `row ${seq} was altered (hash mismatch)` };
      prev = r.hash;
      expectedSeq++;
      checked++;
    }
  }
  const head = await db.selectFrom('kernel_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return closeChain(chain, checked, prev, head);
}

async function verifyRegion(anyDb: Db, chain: string, batch: number): Promise<ChainVerification> {
  const db: Kysely<KernelTables> = anyDb;
  let prev = GENESIS;
  let expected = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('kernel_audit_log').selectAll().where('chain', '=', chain).where('chain_seq', '>=', expected).orderBy('chain_seq').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const n = Number(r.chain_seq);
      if (n !== expected) return { chain, ok: false, checked, firstBrokenSeq: expected, reason: `row ${expected} is missing` };
      if (r.prev_hash !== prev) return { chain, ok: false, checked, firstBrokenSeq: n, reason: `row ${n} does not link to row ${n - 1}` };
      if (chainHash(prev, chain, n, r) !== r.hash) return { chain, ok: false, checked, firstBrokenSeq: n, reason: `row ${n} was altered (hash mismatch)` };
      prev = r.hash;
      expected++;
      checked++;
    }
  }
  const head = await db.selectFrom('kernel_audit_chains').select(['seq', 'hash']).where('chain', '=', chain).executeTakeFirst();
  if (!head && checked === 0) return { chain, ok: false, checked, reason: `no audit chain for region ${chain}` };
  if (!head) return { chain, ok: false, checked, firstBrokenSeq: checked, reason: `chain has ${checked} rows but no head (head deleted?)` };
  return closeChain(chain, checked, prev, head);
}

/** The rows end where the head says: a deleted tail, or a head rewound to hide it, breaks the chain. */
function closeChain(chain: string, checked: number, last: string, head: { seq: number; hash: string } | undefined): ChainVerification {
  if (head && Number(head.seq) !== checked) {
    return { chain, ok: false, checked, firstBrokenSeq: checked + 1, reason: `chain ends at ${checked} but the head says ${head.seq} (rows deleted?)` };
  }
  if (head && checked > 0 && head.hash !== last) {
    return { chain, ok: false, checked, firstBrokenSeq: checked, reason: `last row ${checked} does not match the head hash` };
  }
  return { chain, ok: true, checked };
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
