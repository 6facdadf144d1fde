import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from './config';
import { pgDriver, type OpenedDb } from './db/db';
import type { AppContext, JobDefinition } from './module';

/**
 * Backups. SQLite: better-sqlite3's online backup API copies a consistent snapshot page by page while
 * the server keeps serving (readers and the writer are not blocked for the whole copy). PostgreSQL:
 * pg_dump's custom format (a consistent snapshot too), restored with pg_restore. Restores only go into
 * an empty database, so a mistyped target can never overwrite live data.
 */

export interface BackupResult {
  file: string;
  bytes: number;
  dialect: 'sqlite' | 'postgres';
}

export class BackupError extends Error {}

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => reject(new BackupError(`${cmd} could not be started (${err.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The pg_dump invocation for a configuration: what `onewindow backup` runs and what operators can run by hand. */
export function pgDumpArgs(config: Pick<Config, 'databaseUrl' | 'pgSchema'>, file: string): string[] {
  return ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, ...(config.pgSchema ? [`--schema=${config.pgSchema}`] : []), `--dbname=${config.databaseUrl}`];
}

export function pgRestoreArgs(config: Pick<Config, 'databaseUrl'>, file: string): string[] {
  return ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${config.databaseUrl}`, file];
}

/** Checks a SQLite file is a sound onewindow database (integrity_check and the migration table). */
export function checkSqliteFile(file: string): { tables: number; migrations: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const ok = db.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new BackupError(`${file} fails integrity_check: ${ok}`);
    const tables = (db.prepare(`select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%'`).get() as { n: number }).n;
    const hasMigrations = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kernel_migrations'`).get();
    const migrations = hasMigrations ? (db.prepare('select count(*) as n from kernel_migrations').get() as { n: number }).n : 0;
    return { tables, migrations };
  } finally {
    db.close();
  }
}

export async function backupDatabase(opened: OpenedDb, config: Pick<Config, 'databaseUrl' | 'pgSchema'>, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists: choose a new file name`);
  // Write beside the target and rename at the end: a half-written file never carries the final name.
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  if (opened.dialect === 'sqlite') {
    if (!opened.sqlite) throw new BackupError('no SQLite handle to back up');
    await opened.sqlite.backup(partial);
    // The copy inherits WAL mode from the live file; a backup is one self-contained file, so switch it
    // to a rollback journal (no -wal/-shm beside it). The server sets WAL again on a restored file.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
    checkSqliteFile(partial);
  } else {
    const r = await run('pg_dump', pgDumpArgs(config, partial));
    if (r.code !== 0) {
      fs.rmSync(partial, { force: true });
      throw new BackupError(`pg_dump failed: ${r.stderr.trim()}`);
    }
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, dialect: opened.dialect };
}

async function pgTablesIn(url: string, schema: string): Promise<number> {
  const c = new (pgDriver().Client)({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`select count(*)::int as n from information_schema.tables where table_schema = $1`, [schema]);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

/** Restores a backup into the configured database, which must be empty. */
export async function restoreDatabase(config: Pick<Config, 'dialect' | 'databaseUrl' | 'pgSchema'>, file: string): Promise<{ tables: number }> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new BackupError(`${source} does not exist`);
  if (config.dialect === 'sqlite') {
    const target = config.databaseUrl;
    if (target === ':memory:') throw new BackupError('cannot restore into an in-memory database');
    if (fs.existsSync(target) && fs.statSync(target).size > 0) {
      const { tables } = checkSqliteFile(target);
      if (tables > 0) throw new BackupError(`refusing to restore: ${target} is not empty (${tables} tables); restore into a new file`);
    }
    const { tables, migrations } = checkSqliteFile(source);
    if (migrations === 0) throw new BackupError(`${source} is not a onewindow database (no kernel_migrations)`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const src = new Database(source, { readonly: true });
    try {
      await src.backup(target);
    } finally {
      src.close();
    }
    // The copy keeps the source's journal mode; the server sets WAL again when it opens it.
    return { tables };
  }
  const list = await run('pg_restore', ['--list', source]);
  if (list.code !== 0) throw new BackupError(`pg_restore cannot read ${source}: ${list.stderr.trim()}`);
  const dumpSchema = /\bSCHEMA - (\S+)/.exec(list.stdout)?.[1] ?? 'public';
  const targetSchema = config.pgSchema ?? 'public';
  if (dumpSchema !== targetSchema) {
    throw new BackupError(`the backup holds schema "${dumpSchema}" but the target is "${targetSchema}": set ONEWINDOW_PG_SCHEMA=${dumpSchema} (pg_restore cannot rename a schema)`);
  }
  const existing = await pgTablesIn(config.databaseUrl, targetSchema);
  if (existing > 0) throw new BackupError(`refusing to restore: schema "${targetSchema}" is not empty (${existing} tables)`);
  if (dumpSchema !== 'public') {
    // The archive creates its schema; an empty one left by a previous attempt would make that fail.
    const c = new (pgDriver().Client)({ connectionString: config.databaseUrl });
    await c.connect();
    try {
      await c.query(`drop schema if exists "${dumpSchema.replace(/"/g, '')}"`); // no CASCADE: only an empty schema goes
    } finally {
      await c.end();
    }
  }
  const r = await run('pg_restore', pgRestoreArgs(config, source));
  if (r.code !== 0) throw new BackupError(`pg_restore failed: ${r.stderr.trim()}`);
  return { tables: await pgTablesIn(config.databaseUrl, targetSchema) };
}

const BACKUP_NAME = /^onewindow-\d{8}T\d{6}Z\.db$/;

/** Deletes the oldest scheduled backups beyond `keep` (only files this job named). */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort();
  const doomed = files.slice(0, Math.max(0, files.length - keep));
  for (const f of doomed) fs.rmSync(path.join(dir, f), { force: true });
  return doomed;
}

/**
 * The scheduled SQLite backup (ONEWINDOW_BACKUP_DIR / _EVERY_HOURS / _KEEP) as a kernel job; null when
 * off. PostgreSQL installations schedule pg_dump outside the app (docs/operations.md).
 */
export function backupJob(opened: OpenedDb, config: Config): JobDefinition | null {
  const dir = config.backup.dir;
  if (!dir || opened.dialect !== 'sqlite' || config.databaseUrl === ':memory:') return null;
  return {
    name: 'kernel.backup',
    everyMs: Math.round(config.backup.everyHours * 3600_000),
    run: (ctx: AppContext) => runScheduledBackup(opened, config, ctx),
  };
}

export async function runScheduledBackup(opened: OpenedDb, config: Config, ctx: Pick<AppContext, 'clock' | 'log'>): Promise<BackupResult> {
  const dir = config.backup.dir!;
  const stamp = ctx.clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const result = await backupDatabase(opened, config, path.join(dir, `onewindow-${stamp}.db`));
  const pruned = pruneBackups(dir, config.backup.keep);
  ctx.log.info({ file: result.file, bytes: result.bytes, pruned: pruned.length }, 'scheduled backup written');
  return result;
}
