/**
 * What every phase of the generator works with: the app and its clock, the seeded random stream, the bulk
 * sink and the number sequences, the demo county's staff, the published catalogue with its 一件事 bundles,
 * the modules' configurations, and the running totals of the report.
 */
import { sql } from 'kysely';
import type { BuiltApp } from '../../app';
import type { Clock } from '../../kernel/clock';
import { recordAudit, type AuditEntry } from '../../kernel/audit/audit';
import { systemActor, type Actor } from '../../kernel/auth/actor';
import type { WorkdayIndex } from '../../kernel/calendar';
import { createBulkSink, type BulkSink } from '../../kernel/db/bulk-sink';
import type { Department } from '../../shared/org.types';
import type { ItemVersion } from '../../shared/catalog.types';
import { bundleIdOf, deferCasesIndexes, type BulkActor } from '../../modules/cases';
import { ensureYearPartition, partitionedTables } from '../../kernel/db/partitions';
import { deferEvaluationsIndexes, type BulkEvaluationContext } from '../../modules/evaluations';
import { deferHotlineIndexes, type BulkHotlineContext } from '../../modules/hotline';
import type { PlannedLicense } from '../../modules/licenses';
import type { SigningKeyStore } from '../../kernel/signing';
import type { Progress, Timings } from './progress';
import { Rng } from './rng';
import { weighted, yearDays, type Weighted } from './sampling';

export type Scale = 'county-year' | 'province-year' | 'small' | 'tiny';

export interface Volumes {
  cases: number;
  orders: number;
  letters: number;
  badReviews: number;
  defaults: number;
}

export interface GenerateOptions {
  scale: Scale;
  year: number;
  seed: number;
  /** DATABASE_URL form (file:… or postgres://…[?schema=]); default: the configured database. */
  databaseUrl?: string;
  progress?: boolean;
  /** How many counties (the installation's own first), each a year at the scale's volumes; province-year: 10 by default. */
  counties?: number;
}

/** The totals the report gives besides the rows per table. */
export interface Counts {
  cases: number;
  openCases: number;
  evaluations: number;
  reviews: number;
  orders: number;
  calls: number;
  letters: number;
  /** 电子证照 issued on the year's approvals, and the 监管任务 the approvals pushed. */
  licenses: number;
  tasks: number;
}

/** What the approvals issue and push: license types by item, 监管事项 coverage, the claim limit, the signer. */
export interface IssueBook {
  typesByItem: Map<string, PlannedLicense['type'][]>;
  coverage: Map<string, { id: number; departmentId: number }>;
  claimWorkdays: number;
  signer: SigningKeyStore;
  /** License number sequences (`licenses.<type>.<year>`), raised in the kernel sequences at the end. */
  counters: Map<string, number>;
  /** The demo regulator (claims its department's tasks). */
  regulator: { id: number | null; departmentId: number | null };
}

export interface Staff {
  clerk: BulkActor;
  reviewer: BulkActor;
  leader: BulkActor;
  operator: BulkActor;
  citizen: BulkActor;
  /** Defines the 一件事 bundles through the cases module's own service. */
  admin: Actor;
}

export interface World {
  opts: GenerateOptions;
  vol: Volumes;
  ctx: BuiltApp['ctx'];
  /** The county being written (its 6-digit code): the prefix and counter of its case and 一件事 numbers. */
  region: string;
  index: WorkdayIndex;
  /** The generated year's last day: the history is read as of it. */
  today: string;
  days: string[];
  rng: Rng;
  sink: BulkSink;
  seqs: SequenceBook;
  staff: Staff;
  /** Published application-based items, drawn with Zipf-like weights. */
  itemDraw: Weighted<ItemVersion>;
  bundles: { id: number; items: ItemVersion[] }[];
  evalCfg: BulkEvaluationContext['cfg'];
  hotlineCfg: BulkHotlineContext['cfg'];
  issue: IssueBook;
  /** Active departments that take 12345 work orders. */
  units: Department[];
  counts: Counts;
  progress: Progress;
  timings: Timings;
  /** One audit row for a written batch (inside its own transaction: the hash chain stays intact). */
  audit(entry: AuditEntry): Promise<void>;
}

/** Per-day counters of the kernel's `nextSequence` (case, bundle and order numbers), continued in memory. */
export interface SequenceBook {
  next(name: string): number;
  /** Raises a sequence to at least `value` (numbers a module's bulk writer handed out itself). */
  raise(name: string, value: number): void;
  save(): Promise<void>;
}

async function sequenceBook(built: BuiltApp): Promise<SequenceBook> {
  const rows = await built.ctx.db.selectFrom('kernel_sequences').select(['name', 'value']).execute();
  const seq = new Map<string, number>(rows.map((r) => [String(r.name), Number(r.value)]));
  const touched = new Set<string>();
  return {
    next(name: string): number {
      const v = (seq.get(name) ?? 0) + 1;
      seq.set(name, v);
      touched.add(name);
      return v;
    },
    raise(name: string, value: number) {
      if (value > (seq.get(name) ?? 0)) {
        seq.set(name, value);
        touched.add(name);
      }
    },
    async save() {
      for (const name of touched) {
        const value = seq.get(name)!;
        await built.ctx.db
          .insertInto('kernel_sequences')
          .values({ name, value })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`case when kernel_sequences.value > excluded.value then kernel_sequences.value else excluded.value end` }))
          .execute();
      }
      touched.clear();
    },
  };
}

/** The demo county's accounts who act in the generated histories (a missing one acts without an id). */
async function loadStaff(ctx: BuiltApp['ctx']): Promise<Staff> {
  const users = await ctx.db.selectFrom('kernel_users').select(['id', 'username', 'name']).execute();
  const user = (u: string): BulkActor => {
    const r = users.find((x) => x.username === u);
    return { id: r ? Number(r.id) : null, name: r?.name ?? u };
  };
  const admin: Actor = { kind: 'user', id: user('admin').id, username: 'admin', name: '管理员', roles: ['admin'], departmentId: null };
  return { clerk: user('clerk'), reviewer: user('reviewer'), leader: user('leader'), operator: user('operator'), citizen: user('citizen'), admin };
}

/** Every published application-based item of the catalogue, in code order. */
async function publishedItems(ctx: BuiltApp['ctx']): Promise<ItemVersion[]> {
  const catalog = ctx.services.catalog;
  const codes: string[] = [];
  for (let page = 1; ; page++) {
    const r = await catalog.list({ page, pageSize: 100 });
    codes.push(...r.items.map((i) => i.code));
    if (r.items.length < 100 || codes.length >= r.total) break;
  }
  const items: ItemVersion[] = [];
  for (const code of codes.sort()) {
    const v = await catalog.getPublished(code);
    if (v && v.applicationBased && v.status === 'published') items.push(v);
  }
  if (items.length === 0) throw new Error('the catalogue has no published application-based items: seed it first');
  return items;
}

/** Three 一件事 of two promised items each, defined through the cases module's service (audited there). */
async function defineBundles(ctx: BuiltApp['ctx'], items: readonly ItemVersion[], admin: Actor): Promise<World['bundles']> {
  const promised = items.filter((i) => i.kind !== 'instant');
  const out: World['bundles'] = [];
  for (let b = 0; b < 3 && promised.length >= 2; b++) {
    const pair = [promised[(b * 7) % promised.length], promised[(b * 7 + 3) % promised.length]];
    if (pair[0].departmentId === pair[1].departmentId && pair[0].code === pair[1].code) continue;
    const code = `GEN-YJS-${b + 1}`;
    await ctx.services.bundles.define(admin, { code, name: ['开办餐饮店', '新生儿出生', '不动产登记及水电气过户'][b], itemCodes: pair.map((p) => p.code) });
    out.push({ id: await bundleIdOf(ctx.db, code), items: pair });
  }
  return out;
}

/** The license types by issuing item, the 监管事项 coverage and claim limit, the license counters as the seed left them. */
async function issueBook(built: BuiltApp): Promise<IssueBook> {
  const { ctx } = built;
  const typesByItem = new Map<string, PlannedLicense['type'][]>();
  for (const t of await ctx.services.licenses.listTypes()) {
    if (!t.active) continue;
    const type = { code: t.code, name: t.name, departmentId: t.departmentId, issuer: t.issuer, validityYears: t.validityYears };
    for (const code of t.itemCodes) typesByItem.set(code, [...(typesByItem.get(code) ?? []), type]);
  }
  const rows = await ctx.db.selectFrom('kernel_sequences').select(['name', 'value']).where('name', 'like', 'licenses.%').execute();
  const counters = new Map(rows.map((r) => [String(r.name), Number(r.value)]));
  const regulator = await ctx.db.selectFrom('kernel_users').select(['id', 'department_id']).where('username', '=', 'regulator').executeTakeFirst();
  return {
    typesByItem,
    coverage: await ctx.services.regulation.registry.coverageMap(),
    claimWorkdays: (await ctx.services.regulation.tasks.settings.get()).claimWorkdays,
    signer: ctx.services.signingKeys,
    counters,
    regulator: { id: regulator ? Number(regulator.id) : null, departmentId: regulator?.department_id == null ? null : Number(regulator.department_id) },
  };
}

/** Opens the bulk path on a seeded app and gathers what the phases read. */
export async function prepareWorld(built: BuiltApp, opts: GenerateOptions, vol: Volumes, clock: Clock, progress: Progress, timings: Timings): Promise<World> {
  const { ctx } = built;
  const rng = new Rng(opts.seed);
  const sink = createBulkSink(built.opened);
  // A bulk load touches every index of wide tables: a large page cache keeps the index pages in memory
  // instead of spilling them to the WAL between statements (the default is 2 MB).
  if (built.opened.sqlite) built.opened.sqlite.pragma('cache_size = -262144');
  // PostgreSQL: the generated (usually past) year gets its own partitions instead of filling the DEFAULT ones.
  for (const t of await partitionedTables(ctx.db)) await ensureYearPartition(ctx.db, t.table, t.column, opts.year);
  await deferCasesIndexes(sink);
  await deferEvaluationsIndexes(sink);
  await deferHotlineIndexes(sink);
  const seqs = await sequenceBook(built);
  const sys = systemActor('generator');
  const staff = await loadStaff(ctx);
  const items = await publishedItems(ctx);
  // A few items carry most of the volume (社保, 医保, 不动产, 营业执照 …): Zipf-like weights over a shuffle.
  const itemDraw = weighted(items, (_t, i) => 1 / Math.pow(i + 1, 0.9));
  itemDraw.items = rng.shuffle([...items]);
  const bundles = await defineBundles(ctx, items, staff.admin);
  const evalCfg = await ctx.services.evaluations.config();
  const hotlineCfg = await ctx.services.hotline.config();
  const units = (await ctx.services.org.all()).filter((d) => d.hotlineUnit && d.active);
  const issue = await issueBook(built);
  return {
    opts,
    vol,
    ctx,
    region: ctx.config.regionCode,
    index: ctx.calendar.current,
    today: `${opts.year}-12-31`,
    days: yearDays(opts.year),
    rng,
    sink,
    seqs,
    staff,
    itemDraw,
    bundles,
    evalCfg,
    hotlineCfg,
    issue,
    units,
    counts: { cases: 0, openCases: 0, evaluations: 0, reviews: 0, orders: 0, calls: 0, letters: 0, licenses: 0, tasks: 0 },
    progress,
    timings,
    async audit(entry) {
      await ctx.db.transaction().execute((tx) => recordAudit(tx, clock, sys, entry));
    },
  };
}
