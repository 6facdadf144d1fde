import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from './kernel/config';
import { ensureSchema, openConfiguredDb } from './kernel/db/db';
import { BackupError, backupDatabase, pgDumpArgs, pgRestoreArgs, restoreDatabase } from './kernel/backup';
import { migrateToLatest } from './kernel/db/migrator';
import { recordAudit, verifyAuditChain } from './kernel/audit/audit';
import { tryLease } from './kernel/jobs/jobs';
import type { SigningKeyStore } from './kernel/signing';
import { allMigrations, buildApp, seedIfEmpty } from './app';
import { modules } from './modules';
import { systemActor } from './kernel/auth/actor';
import type { Role } from './shared/roles';

/**
 * One entry per command: its usage line, its options and how many positionals it takes. Arguments are
 * parsed strictly (`node:util` parseArgs): an unknown option, a missing value or a stray argument exits 2
 * with the command's usage, before anything is opened or written.
 */
interface Command {
  usage: string;
  options?: ParseArgsConfig['options'];
  positionals?: [min: number, max: number];
  run(a: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<number>;
}

class UsageError extends Error {}

const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve                      start the server (what npm start runs)',
    async run() {
      const { serve } = await import('./main');
      await serve();
      return -1; // keep running
    },
  },
  migrate: {
    usage: 'migrate                    apply database migrations',
    async run() {
      const config = loadConfig();
      const opened = openConfiguredDb(config);
      await ensureSchema(opened, config.pgSchema);
      const applied = await migrateToLatest(opened.db, allMigrations(modules));
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      await opened.close();
      return 0;
    },
  },
  seed: {
    usage: 'seed                       seed the demo county into an empty database',
    async run() {
      const config = loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' });
      if (config.env === 'production') {
        console.error('refusing to seed demo accounts when NODE_ENV=production');
        return 2;
      }
      const built = await buildApp({ config, serveWeb: false });
      const seeded = await seedIfEmpty(built);
      console.log(seeded ? 'seeded the demo county' : 'database is not empty: nothing seeded');
      await built.close();
      return 0;
    },
  },
  generate: {
    usage: 'generate --scale county-year|small|tiny [--year Y] [--seed N] [--db URL] [--quiet]   a generated year for benchmarks\n  generate --scale province-year --counties N [--year Y] [--seed N] [--db URL]   N county-years, one region each\n  generate --profile shaodong-2022 [--scale full|small] [--seed N] [--db URL]   the 2022 report replayed',
    options: { profile: { type: 'string' }, scale: { type: 'string' }, year: { type: 'string' }, seed: { type: 'string' }, db: { type: 'string' }, counties: { type: 'string' }, quiet: { type: 'boolean' } },
    async run({ values }) {
      const { generateCommand } = await import('./tools/generator/cli');
      return generateCommand({ profile: str(values.profile), scale: str(values.scale), year: str(values.year), seed: str(values.seed), db: str(values.db), counties: str(values.counties), quiet: values.quiet === true });
    },
  },
  'verify-audit': {
    usage: 'verify-audit [--region C]  check every audit hash chain, or one region\'s (exit 1 and name the first broken row)',
    options: { region: { type: 'string' } },
    async run({ values }) {
      const config = loadConfig();
      const opened = openConfiguredDb(config);
      const region = str(values.region);
      const res = await verifyAuditChain(opened.db, { region });
      await opened.close();
      for (const c of res.chains) {
        if (c.ok) console.log(`  chain ${c.chain}: ${c.checked} rows intact`);
        else console.error(`  chain ${c.chain}: BROKEN at row ${c.firstBrokenSeq ?? '-'}: ${c.reason} (${c.checked} rows verified before it)`);
      }
      if (res.ok) {
        console.log(`audit chain intact: ${res.checked} rows in ${res.chains.length} chain${res.chains.length === 1 ? '' : 's'}`);
        return 0;
      }
      console.error(`audit chain BROKEN in chain ${res.brokenChain} at row ${res.firstBrokenSeq ?? '-'}: ${res.reason}`);
      return 1;
    },
  },
  'partitions list': {
    usage: 'partitions list            PostgreSQL: every yearly partition with its rows and size',
    run: () => withPartitions(async (db) => {
      const { listPartitions } = await import('./kernel/db/partitions');
      const parts = await listPartitions(db);
      if (parts.length === 0) console.log('no partitioned tables (SQLite, or migrations not applied)');
      for (const p of parts) console.log(`${p.table.padEnd(26)} ${p.partition.padEnd(34)} ${String(p.year ?? 'default').padEnd(8)} ${String(p.rows).padStart(10)} rows ${(p.bytes / 1048576).toFixed(1).padStart(9)} MB`);
    }),
  },
  'partitions detach': {
    usage: 'partitions detach --year Y [--table T]   detach a closed year into plain tables for pg_dump (not the current or previous year)',
    options: { year: { type: 'string' }, table: { type: 'string', multiple: true } },
    run: ({ values }) => withPartitions(async (db) => {
      const { detachYear } = await import('./kernel/db/partitions');
      const done = await detachYear(db, yearOption(values.year), new Date().toISOString().slice(0, 10), tableOption(values.table));
      console.log(done.length ? `detached: ${done.join(', ')}
archive each with: pg_dump -Fc -t <table> "$DATABASE_URL" > <table>.dump, then drop table <table>` : 'nothing to detach');
    }),
  },
  'partitions attach': {
    usage: 'partitions attach --year Y [--table T]   attach a detached (or restored) year again',
    options: { year: { type: 'string' }, table: { type: 'string', multiple: true } },
    run: ({ values }) => withPartitions(async (db) => {
      const { attachYear } = await import('./kernel/db/partitions');
      const done = await attachYear(db, yearOption(values.year), tableOption(values.table));
      console.log(done.length ? `attached: ${done.join(', ')}` : 'nothing to attach');
    }),
  },
  backup: {
    usage: 'backup <file>              online backup: SQLite backup API while serving; PostgreSQL via pg_dump',
    positionals: [1, 1],
    run: ({ positionals }) => backupOrRestore('backup', positionals[0]),
  },
  restore: {
    usage: 'restore <file>             restore a backup into an EMPTY database (refuses a non-empty one)',
    positionals: [1, 1],
    run: ({ positionals }) => backupOrRestore('restore', positionals[0]),
  },
  'user add': {
    usage: 'user add <username> <name> <role[,role]> [departmentCode]   (password from ONEWINDOW_PASSWORD)',
    positionals: [3, 4],
    async run({ positionals: [username, name, roles, deptCode] }) {
      return withUserAdmin(async (built, password) => {
        const dept = deptCode ? await built.ctx.db.selectFrom('kernel_departments').select('id').where('code', '=', deptCode).executeTakeFirst() : null;
        if (deptCode && !dept) throw new Error(`no department ${deptCode}`);
        const u = await built.ctx.auth.createUser(systemActor('cli'), { username, name, password, roles: roles.split(',') as Role[], departmentId: dept ? Number(dept.id) : null });
        console.log(`created ${u.username} (${u.roles.join(',')})`);
      });
    },
  },
  'user passwd': {
    usage: 'user passwd <username>     (new password from ONEWINDOW_PASSWORD)',
    positionals: [1, 1],
    async run({ positionals: [username] }) {
      return withUserAdmin(async (built, password) => {
        const row = await built.ctx.db.selectFrom('kernel_users').select('id').where('username', '=', username).executeTakeFirst();
        if (!row) throw new Error(`no user ${username}`);
        await built.ctx.auth.changePassword(systemActor('cli'), Number(row.id), null, password);
        console.log(`password changed for ${username}; their sessions are revoked`);
      });
    },
  },
  report: {
    usage: 'report --year <yyyy> [--out file.docx] [--annex file.xlsx] [--quiet]  the yearly self-evaluation report: prints it, writes the .docx (and the annex)',
    options: { year: { type: 'string' }, out: { type: 'string' }, annex: { type: 'string' }, quiet: { type: 'boolean' } },
    async run({ values }) {
      const year = Number(values.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError('--year must be a year between 2000 and 2100');
      const out = str(values.out) ?? `report-${year}.docx`;
      const built = await buildApp({ config: loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' }), serveWeb: false });
      try {
        // the same model as the API and the web preview: the supervision sweep first, then every figure
        const stats = built.ctx.services.stats;
        const actor = systemActor('cli');
        const { reportText } = await import('./modules/stats');
        const report = await stats.yearReportBuilt(actor, year);
        if (!values.quiet) console.log(reportText(report.model));
        fs.writeFileSync(out, await stats.renderDocx(report));
        console.log(`wrote ${out}`);
        const annex = str(values.annex);
        if (annex) {
          fs.writeFileSync(annex, await stats.renderAnnex(report.model));
          console.log(`wrote ${annex}`);
        }
      } catch (err) {
        const e = err as { code?: string; message: string };
        if (e.code !== 'SUPERVISION_SWEEP_FAILED') throw err;
        console.error(e.message);
        return 1;
      } finally {
        await built.close();
      }
      return 0;
    },
  },
  'calendar import': {
    usage: 'calendar import <year.json>  enter a year\'s holiday schedule (holiday-cn JSON: { year, days: [{ name, date, isOffDay }] })',
    positionals: [1, 1],
    async run({ positionals: [file] }) {
      let data: { year?: unknown; days?: unknown };
      try {
        data = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        console.error(`cannot read ${file}: ${(err as Error).message}`);
        return 1;
      }
      const config = loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' });
      const built = await buildApp({ config, serveWeb: false });
      try {
        const res = await built.ctx.calendar.importYear(systemActor('cli'), { year: Number(data.year), days: Array.isArray(data.days) ? data.days : [] });
        console.log(`imported ${res.year}: ${res.workdays} working days, status ${res.status}`);
      } catch (err) {
        console.error((err as Error).message);
        return 1;
      } finally {
        await built.close();
      }
      return 0;
    },
  },
  'keys rotate': {
    usage: 'keys rotate                a new platform signing key (Ed25519); old public keys stay verifiable',
    run: () => withSigningKeys((store, built) => {
      const r = store.rotate();
      console.log(`signing key rotated: now ${r.kid}, retired ${r.retired} (public key kept) in ${store.location}`);
      return recordAudit(built.ctx.db, built.ctx.clock, systemActor('cli'), { action: 'kernel.signing_key_rotate', subjectType: 'signing_key', subjectId: r.kid, before: { kid: r.retired }, after: { kid: r.kid } }).then(() => undefined);
    }),
  },
  'jobs list': {
    usage: 'jobs list                  the periodic jobs of this installation, with their period',
    async run() {
      const built = await buildApp({ config: loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' }), serveWeb: false });
      try {
        for (const j of built.jobs.jobs) console.log(`${j.name.padEnd(36)} every ${formatPeriod(j.everyMs)}`);
      } finally {
        await built.close();
      }
      return 0;
    },
  },
  'jobs run': {
    usage: "jobs run <name|glob>...    run periodic jobs once now, e.g. '*daily*' rolls up every KPI day after a bulk import",
    positionals: [1, 20],
    async run({ positionals }) {
      const built = await buildApp({ config: loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' }), serveWeb: false });
      try {
        const picked = built.jobs.jobs.filter((j) => positionals.some((p) => globMatch(p, j.name)));
        const unmatched = positionals.filter((p) => !built.jobs.jobs.some((j) => globMatch(p, j.name)));
        if (unmatched.length > 0) {
          console.error(`no job matches ${unmatched.join(', ')} (see: onewindow jobs list)`);
          return 2;
        }
        let failed = 0;
        for (const job of picked) {
          // The same lease as the scheduler: a job another instance is running now is not run twice.
          if (!(await tryLease(built.ctx, job.name, built.jobs.holder, Math.max(job.everyMs - 1000, 1000)))) {
            console.error(`${job.name}: running on another instance now, skipped`);
            failed++;
            continue;
          }
          const t0 = performance.now();
          try {
            const result = await job.run(built.ctx);
            const shown = result === undefined ? '' : ` ${JSON.stringify(result).slice(0, 300)}`;
            console.log(`${job.name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s${shown}`);
          } catch (err) {
            console.error(`${job.name}: failed: ${(err as Error).message}`);
            failed++;
          }
        }
        return failed > 0 ? 1 : 0;
      } finally {
        await built.close();
      }
    },
  },
  'keys list': {
    usage: 'keys list                  the platform signing keys (kid, created, current)',
    run: () => withSigningKeys(async (store) => {
      for (const k of store.listPublicKeys()) console.log(`${k.kid}  ${k.createdAt}${k.current ? '  current' : ''}`);
    }),
  },
  help: {
    usage: 'help                       this list',
    async run() {
      console.log(USAGE);
      return 0;
    },
  },
};

const USAGE = `onewindow <command>\n${Object.entries(COMMANDS)
  .map(([, c]) => `  ${c.usage}`)
  .join('\n')}`;

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

async function backupOrRestore(cmd: 'backup' | 'restore', file: string): Promise<number> {
  const config = loadConfig();
  try {
    if (cmd === 'backup') {
      if (config.dialect === 'postgres') console.log(`running: pg_dump ${pgDumpArgs({ ...config, databaseUrl: '<DATABASE_URL>' }, file).join(' ')}`);
      // A second connection is fine on both dialects: SQLite's backup API reads a consistent
      // snapshot even while the server process writes (WAL).
      if (config.dialect === 'sqlite' && !fs.existsSync(config.databaseUrl)) throw new BackupError(`no database at ${config.databaseUrl}`);
      const opened = openConfiguredDb(config);
      try {
        const r = await backupDatabase(opened, config, file);
        console.log(`backup written: ${r.file} (${r.bytes} bytes, ${r.dialect})`);
      } finally {
        await opened.close();
      }
    } else {
      if (config.dialect === 'postgres') console.log(`running: pg_restore ${pgRestoreArgs({ databaseUrl: '<DATABASE_URL>' }, file).join(' ')}`);
      const r = await restoreDatabase(config, file);
      console.log(`restored ${r.tables} tables from ${file}; run "onewindow verify-audit" and start the server (it applies newer migrations)`);
    }
    return 0;
  } catch (err) {
    if (err instanceof BackupError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

function yearOption(v: unknown): number {
  const year = Number(v);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError('--year must be a year between 2000 and 2100');
  return year;
}

const tableOption = (v: unknown) => (Array.isArray(v) && v.length ? (v as string[]) : undefined);

/** Opens the configured database for a partitions command; a refused detach or attach exits 1 with its reason. */
async function withPartitions(run: (db: import('./kernel/db/db').Db) => Promise<void>): Promise<number> {
  const config = loadConfig();
  const opened = openConfiguredDb(config);
  const { PartitionError } = await import('./kernel/db/partitions');
  try {
    await run(opened.db);
    return 0;
  } catch (err) {
    if (!(err instanceof PartitionError)) throw err;
    console.error(err.message);
    return 1;
  } finally {
    await opened.close();
  }
}

/** The platform's signing keys as the server would open them (ONEWINDOW_SIGNING_KEYS_DIR or beside the database). */
async function withSigningKeys(run: (store: SigningKeyStore, built: Awaited<ReturnType<typeof buildApp>>) => Promise<void>): Promise<number> {
  const built = await buildApp({ config: loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' }), serveWeb: false });
  try {
    const store = built.ctx.services.signingKeys;
    if (!store.location) {
      console.error('signing keys are kept in memory here (an in-memory database or NODE_ENV=test): set ONEWINDOW_SIGNING_KEYS_DIR');
      return 1;
    }
    await run(store, built);
    return 0;
  } finally {
    await built.close();
  }
}

async function withUserAdmin(run: (built: Awaited<ReturnType<typeof buildApp>>, password: string) => Promise<void>): Promise<number> {
  const password = process.env.ONEWINDOW_PASSWORD;
  if (!password) throw new UsageError('set the password in ONEWINDOW_PASSWORD');
  const built = await buildApp({ config: loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' }), serveWeb: false });
  try {
    await run(built, password);
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  } finally {
    await built.close();
  }
}

/** Finds the command (two words first: `user add`), or null. */
export function findCommand(argv: string[]): { name: string; command: Command; rest: string[] } | null {
  const two = argv.slice(0, 2).join(' ');
  if (argv.length >= 2 && COMMANDS[two]) return { name: two, command: COMMANDS[two], rest: argv.slice(2) };
  const one = argv[0] ?? 'serve';
  if (one === '--help' || one === '-h') return { name: 'help', command: COMMANDS.help, rest: argv.slice(1) };
  if (COMMANDS[one]) return { name: one, command: COMMANDS[one], rest: argv.slice(1) };
  return null;
}

/** Parses a command's arguments strictly; throws UsageError with what is wrong. */
export function parseCommandArgs(command: Command, rest: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, strict: true, allowPositionals: true });
  } catch (err) {
    // parseArgs adds advice on '--' positionals to an unknown option; this CLI takes none, so keep the first sentence.
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const [min, max] = command.positionals ?? [0, 0];
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`missing argument${min - n > 1 ? 's' : ''}`);
  if (n > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`);
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

export async function runCli(argv: string[]): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const sub = Object.keys(COMMANDS).filter((k) => k.startsWith(`${argv[0]} `));
    console.error(`onewindow: unknown command: ${argv.slice(0, sub.length ? 2 : 1).join(' ')}\n${sub.length ? sub.map((k) => `  ${COMMANDS[k].usage}`).join('\n') : USAGE}`);
    return 2;
  }
  try {
    return await found.command.run(parseCommandArgs(found.command, found.rest));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`onewindow ${found.name}: ${err.message}\nusage: onewindow ${found.command.usage}`);
    return 2;
  }
}

const isMain = !!process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err) => {
      console.error(err?.message ?? err);
      process.exit(1);
    },
  );
}

/** A job-name pattern: `*` stands for any characters; anything else matches itself. */
export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

function formatPeriod(ms: number): string {
  if (ms % 3600_000 === 0) return `${ms / 3600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
