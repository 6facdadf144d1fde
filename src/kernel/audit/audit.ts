import type { KernelAuditLogTable, KernelTables } from '../kernel.tables';
import { createHash } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type QueryCreator, type Selectable } from 'kysely';
import type { Clock } from '../clock';
import { dialectOf, nextSequenceBlocks, type Db, type DbOrTx } from '../db/db';
import { prepared, preparedInsert, preparedInsertMany, type PreparedQuery } from '../db/prepared';
import { serverPrepared } from '../db/server-prepared';
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
 * Positions taken at the heads of region chains (`reserveAudits`) for rows the same transaction writes
 * afterwards (`writeReservedAudits`). Between the two, the heads are locked (PostgreSQL) and their stored
 * hash is still the one before the block, so nothing else may append to those chains in between.
 */
export interface AuditReservation {
  /** Per chain: the position and hash of the row before the block. */
  readonly heads: ReadonlyMap<string, { seq: number; hash: string }>;
  /** Per chain: how many positions were taken. */
  readonly counts: ReadonlyMap<string, number>;
}

/**
 * Takes one position per entry of `regions` at the head of its region's chain (one upsert advancing every
 * head of the batch, in chain order, so two batches never wait on each other crosswise) and, when
 * `sequences` is given, the number blocks of those counters as `nextSequenceBlocks` does. On PostgreSQL both
 * are one statement (one round trip while they are locked; the counters first, as a caller that took them
 * with nextSequenceBlocks before its audit heads would); on SQLite two. The counters' rows and the chains'
 * heads are locked from here to the commit: do every read the transaction needs before this.
 */
export async function reserveAudits(
  tx: DbOrTx,
  regions: readonly (string | null | undefined)[],
  sequences: ReadonlyMap<string, number> = new Map(),
): Promise<{ audit: AuditReservation; blocks: Map<string, number> }> {
  const counts = new Map<string, number>();
  for (const r of regions) {
    const c = regionOrDefault(r);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const names = [...counts.keys()].sort();
  const seqNames = [...sequences.keys()].sort();
  const heads = new Map<string, { seq: number; hash: string }>();
  const blocks = new Map<string, number>();
  if (names.length === 0) return { audit: { heads, counts }, blocks: seqNames.length > 0 ? await nextSequenceBlocks(tx, sequences) : blocks };
  let headRows: Params[];
  if (seqNames.length > 0 && dialectOf(tx) === 'postgres') {
    const params: unknown[] = [GENESIS];
    for (const n of seqNames) params.push(n, sequences.get(n));
    for (const c of names) params.push(c, counts.get(c));
    const rows = (await tx.executeQuery<Params>(CompiledQuery.raw(serverPrepared(sequencesAndHeadsSql(seqNames.length, names.length)), params))).rows;
    for (const r of rows) if (Number(r.kind) === 0) blocks.set(r.name as string, Number(r.n) - sequences.get(r.name as string)! + 1);
    headRows = rows.filter((r) => Number(r.kind) === 1).map((r) => ({ chain: r.name, seq: r.n, hash: r.hash }));
  } else {
    if (seqNames.length > 0) for (const [n, v] of await nextSequenceBlocks(tx, sequences)) blocks.set(n, v);
    const headParams: Params = { genesis: GENESIS };
    names.forEach((c, i) => {
      headParams[`chain${i}`] = c;
      headParams[`n${i}`] = counts.get(c);
    });
    headRows = await advanceHeadsQuery(names.length).execute(tx, headParams);
  }
  for (const h of headRows) {
    const chain = h.chain as string;
    heads.set(chain, { seq: Number(h.seq) - counts.get(chain)!, hash: h.hash as string });
  }
  return { audit: { heads, counts }, blocks };
}

/**
 * Writes the rows of a reservation, as recordAudit one after another would (same chains, positions,
 * hashes: each row's hash links to the one before it, computed here), and moves the heads' hashes to the
 * last rows: one statement on PostgreSQL (a data-modifying WITH), two on SQLite. `items` must fill the
 * reservation exactly (the same number of rows per chain), or the chain would have holes.
 */
export async function writeReservedAudits(tx: DbOrTx, clock: Clock, reservation: AuditReservation, items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (items.length === 0 && reservation.counts.size === 0) return;
  await writeAuditRows(tx, reservedAuditWrite(clock, reservation, items));
}

/** Writes a `reservedAuditWrite`: one statement on PostgreSQL, two on SQLite. */
export async function writeAuditRows(tx: DbOrTx, w: ReservedAuditWrite): Promise<void> {
  if (dialectOf(tx) === 'postgres') {
    // The rows and the heads' new hashes in one statement (a data-modifying WITH; SQLite allows only SELECT there).
    await insertRowsAndMoveHeads(w.rows.length, w.chains).execute(tx, w.params);
  } else {
    await insertAuditRows.execute(tx, w.rows);
    await moveHeads(w.chains).execute(tx, w.params);
  }
}

/**
 * The rows of a reservation, hashed as recordAudit one after another would hash them (each links to the
 * one before it), and the parameters of the statement that writes them and moves the heads' hashes to the
 * last rows (`withAuditWrite`, keys prefixed `audit:`). `items` must fill the reservation exactly (the
 * same number of rows per chain), or the chains would have holes.
 */
export function reservedAuditWrite(clock: Clock, reservation: AuditReservation, items: readonly { actor: Actor; entry: AuditEntry }[]): ReservedAuditWrite {
  const chains = items.map((it) => regionOrDefault(it.entry.region));
  const filled = new Map<string, number>();
  for (const c of chains) filled.set(c, (filled.get(c) ?? 0) + 1);
  if (filled.size !== reservation.counts.size || [...filled].some(([c, n]) => reservation.counts.get(c) !== n)) {
    throw new Error('writeReservedAudits: the rows do not fill the reserved chain positions');
  }
  const at = clock.now().toISOString();
  const heads = new Map([...reservation.heads].map(([c, h]) => [c, { ...h }]));
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
  const names = [...reservation.counts.keys()].sort();
  const params: Params = {};
  names.forEach((c, i) => {
    params[`${AP}chain${i}`] = c;
    params[`${AP}hash${i}`] = heads.get(c)!.hash;
  });
  rows.forEach((r, i) => {
    for (const c of AUDIT_COLUMNS) params[`${AP}${i}:${c}`] = r[c];
  });
  return { rows, chains: names.length, params };
}

/** What `reservedAuditWrite` prepares: the hashed rows, how many chains they advance, the statement's parameters. */
export interface ReservedAuditWrite {
  readonly rows: readonly FullAuditRow[];
  readonly chains: number;
  readonly params: Readonly<Params>;
}

/**
 * PostgreSQL: adds the audit rows of a `reservedAuditWrite` (`rows` rows over `chains` chains, parameters
 * from `p`) and the heads' new hashes to a caller's statement as two data-modifying WITH clauses, so a
 * module's own insert and its audit rows cost one round trip while the heads are locked. For
 * `prepared` queries: the SQL text depends only on `rows` and `chains`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller's CTEs are its own tables
export function withAuditWrite(qc: QueryCreator<any>, p: Params, rows: number, chains: number): QueryCreator<any> {
  return qc
    .with('audit_moved', (d) => headsUpdate(d as unknown as DbOrTx, p, chains))
    .with('audit_rows', (d) => (d as unknown as Kysely<KernelTables>).insertInto('kernel_audit_log').values(auditValues(p, rows)));
}

/**
 * Appends several rows inside the caller's transaction, as recordAudit one after another would (same
 * chains, positions, hashes), in a few statements: per chain, its head advanced by the number of rows
 * (one upsert: the head is locked from here to the commit, so call this last), then the rows and the
 * head's new hash (PostgreSQL: one statement; SQLite: two).
 */
export async function recordAudits(tx: DbOrTx, clock: Clock, items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (items.length === 0) return;
  const { audit } = await reserveAudits(
    tx,
    items.map((it) => it.entry.region),
  );
  await writeReservedAudits(tx, clock, audit, items);
}

/**
 * PostgreSQL: the counters' blocks and the chains' heads in one statement. The main query reads the
 * counters' CTE before the heads' (and the heads' insert waits for every counter row through its filter),
 * so the locks are taken in the order nextSequenceBlocks-then-recordAudits takes them.
 */
const sequencesAndHeads = new Map<string, string>();
function sequencesAndHeadsSql(k: number, m: number): string {
  const key = `${k},${m}`;
  let text = sequencesAndHeads.get(key);
  if (!text) {
    let i = 2;
    const seqValues = Array.from({ length: k }, () => `($${i++}, $${i++})`).join(', ');
    const headValues = Array.from({ length: m }, () => `($${i++}::varchar, $${i++}::integer)`).join(', ');
    text =
      `with s as (insert into kernel_sequences (name, value) values ${seqValues} ` +
      `on conflict (name) do update set value = kernel_sequences.value + excluded.value returning name, value), ` +
      `h as (insert into kernel_audit_chains (chain, seq, hash) select v.chain, v.n, $1::varchar from (values ${headValues}) as v(chain, n) ` +
      `where (select count(*) from s) = ${k} ` +
      `on conflict (chain) do update set seq = kernel_audit_chains.seq + excluded.seq returning chain, seq, hash) ` +
      `select 0 as kind, name::varchar as name, value as n, null::varchar as hash from s ` +
      `union all select 1, chain::varchar, seq, hash from h`;
    sequencesAndHeads.set(key, text);
  }
  return text;
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
  const chains = Array.from({ length: k }, (_, i) => p[`${AP}chain${i}`] as string);
  const cases = sql.join(
    chains.map((c, i) => sql`when ${c} then ${p[`${AP}hash${i}`]}`),
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
      .values(auditValues(p, n)),
  ),
);
function auditValues(p: Params, n: number): FullAuditRow[] {
  return Array.from({ length: n }, (_, i) => Object.fromEntries(AUDIT_COLUMNS.map((c) => [c, p[`${AP}${i}:${c}`]])) as unknown as FullAuditRow);
}
/** The prefix of the audit write's parameters (kept apart from a caller's own in `withAuditWrite`). */
const AP = 'audit:';
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
