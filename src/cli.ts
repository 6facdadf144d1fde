import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './kernel/config';
import { ensureSchema, openConfiguredDb } from './kernel/db/db';
import { BackupError, backupDatabase, pgDumpArgs, pgRestoreArgs, restoreDatabase } from './kernel/backup';
import { migrateToLatest } from './kernel/db/migrator';
import { verifyAuditChain } from './kernel/audit/audit';
import { allMigrations, buildApp, seedIfEmpty } from './app';
import { modules } from './modules';
import { systemActor } from './kernel/auth/actor';
import type { Role } from './shared/roles';

const USAGE = `onewindow <command>
  serve                      start the server (what npm start runs)
  migrate                    apply database migrations
  seed                       seed the demo county into an empty database
  generate --scale county-year|small [--year Y] [--seed N] [--db URL]   a generated year for benchmarks
  verify-audit               check the audit hash chain (exit 1 and name the first broken row)
  backup <file>              online backup: SQLite backup API while serving; PostgreSQL via pg_dump
  restore <file>             restore a backup into an EMPTY database (refuses a non-empty one)
  user add <username> <name> <role[,role]> [departmentCode]   (password from ONEWINDOW_PASSWORD)
  user passwd <username>     (new password from ONEWINDOW_PASSWORD)
  report --year <yyyy> [--out file.docx]  the yearly performance self-evaluation report (.docx)
  calendar import <year.json>  enter a year's holiday schedule (holiday-cn JSON: { year, days: [{ name, date, isOffDay }] })
  help`;

export async function runCli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case 'serve': {
      const { serve } = await import('./main');
      await serve();
      return -1; // keep running
    }
    case 'migrate': {
      const config = loadConfig();
      const opened = openConfiguredDb(config);
      await ensureSchema(opened, config.pgSchema);
      const applied = await migrateToLatest(opened.db, allMigrations(modules));
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      await opened.close();
      return 0;
    }
    case 'seed': {
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
    }
    case 'generate':
      return (await import('./tools/generator/cli')).generateCommand(rest);
    case 'verify-audit': {
      const config = loadConfig();
      const opened = openConfiguredDb(config);
      const res = await verifyAuditChain(opened.db);
      await opened.close();
      if (res.ok) {
        console.log(`audit chain intact: ${res.checked} rows`);
        return 0;
      }
      console.error(`audit chain BROKEN at row ${res.firstBrokenSeq}: ${res.reason} (${res.checked} rows verified before it)`);
      return 1;
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) {
        console.error(USAGE);
        return 2;
      }
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
    case 'user': {
      const [sub, username, name, roles, deptCode] = rest;
      const password = process.env.ONEWINDOW_PASSWORD;
      if (!password || !username || (sub === 'add' && (!name || !roles))) {
        console.error(USAGE);
        return 2;
      }
      const config = loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' });
      const built = await buildApp({ config, serveWeb: false });
      const auth = built.ctx.auth;
      try {
        if (sub === 'add') {
          const dept = deptCode ? await built.ctx.db.selectFrom('kernel_departments').select('id').where('code', '=', deptCode).executeTakeFirst() : null;
          const u = await auth.createUser(systemActor('cli'), { username, name, password, roles: roles.split(',') as Role[], departmentId: dept ? Number(dept.id) : null });
          console.log(`created ${u.username} (${u.roles.join(',')})`);
        } else if (sub === 'passwd') {
          const row = await built.ctx.db.selectFrom('kernel_users').select('id').where('username', '=', username).executeTakeFirst();
          if (!row) throw new Error(`no user ${username}`);
          await auth.changePassword(systemActor('cli'), Number(row.id), null, password);
          console.log(`password changed for ${username}; their sessions are revoked`);
        } else {
          console.error(USAGE);
          return 2;
        }
      } catch (err) {
        console.error((err as Error).message);
        return 1;
      } finally {
        await built.close();
      }
      return 0;
    }
    case 'calendar': {
      const [sub, file] = rest;
      if (sub !== 'import' || !file) {
        console.error('usage: onewindow calendar import <year.json>   (holiday-cn format: { year, days: [{ name, date, isOffDay }] })');
        return 2;
      }
      const data = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
      const config = loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' });
      const built = await buildApp({ config, serveWeb: false });
      try {
        const res = await built.ctx.calendar.importYear(systemActor('cli'), { year: Number(data.year), days: data.days ?? [] });
        console.log(`imported ${res.year}: ${res.workdays} working days, status ${res.status}`);
      } catch (err) {
        console.error((err as Error).message);
        return 1;
      } finally {
        await built.close();
      }
      return 0;
    }
    case 'report': {
      const yi = rest.indexOf('--year');
      const year = Number(yi >= 0 ? rest[yi + 1] : NaN);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) {
        console.error('usage: onewindow report --year 2026 [--out report.docx]');
        return 2;
      }
      const oi = rest.indexOf('--out');
      const out = oi >= 0 && rest[oi + 1] ? rest[oi + 1] : `report-${year}.docx`;
      const built = await buildApp({ config: loadConfig({ ...process.env, ONEWINDOW_JOBS: '0' }), serveWeb: false });
      try {
        fs.writeFileSync(out, await built.ctx.services.stats.yearReport(year));
        console.log(`wrote ${out}`);
      } finally {
        await built.close();
      }
      return 0;
    }
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command: ${cmd}\n${USAGE}`);
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
