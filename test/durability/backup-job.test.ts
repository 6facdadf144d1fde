import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openConfiguredDb } from '../../src/kernel/db/db';
import { checkSqliteFile, runScheduledBackup } from '../../src/kernel/backup';

// Scheduled SQLite backups are a kernel job configured by ONEWINDOW_BACKUP_DIR / _EVERY_HOURS / _KEEP:
// each run writes a checked, consistent copy and prunes the oldest beyond KEEP.
describe('scheduled backups (SQLite)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-backupjob-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('registers the job from configuration, writes sound copies and keeps the newest KEEP', async () => {
    const dir = path.join(tmp, 'backups');
    const config = loadConfig({
      NODE_ENV: 'test',
      ONEWINDOW_JOBS: '0',
      DATABASE_URL: `file:${path.join(tmp, 'live.db')}`,
      ONEWINDOW_BACKUP_DIR: dir,
      ONEWINDOW_BACKUP_EVERY_HOURS: '6',
      ONEWINDOW_BACKUP_KEEP: '2',
    });
    const clock = new FixedClock('2026-09-30T09:00:00+08:00');
    const built = await buildApp({ config, clock, opened: openConfiguredDb(config), serveWeb: false });
    try {
      const job = built.jobs.jobs.find((j) => j.name === 'kernel.backup');
      expect(job?.everyMs).toBe(6 * 3600_000);
      for (let i = 0; i < 3; i++) {
        await built.jobs.runOnce(job!);
        clock.advance(6 * 3600_000);
      }
      expect(built.jobs.stats.get('kernel.backup')).toMatchObject({ runs: 3, failures: 0 });
      const files = fs.readdirSync(dir).sort();
      expect(files).toEqual(['onewindow-20260930T070000Z.db', 'onewindow-20260930T130000Z.db']);
      for (const f of files) expect(checkSqliteFile(path.join(dir, f)).migrations).toBeGreaterThan(0);
      // Never overwrites: the same instant twice is an error, not a silent replacement.
      clock.advance(-6 * 3600_000);
      await expect(runScheduledBackup(built.opened, config, built.ctx)).rejects.toThrow(/already exists/);
    } finally {
      await built.close();
    }
  }, 120_000);

  it('has no backup job without ONEWINDOW_BACKUP_DIR', async () => {
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: `file:${path.join(tmp, 'other.db')}` });
    const built = await buildApp({ config, opened: openConfiguredDb(config), serveWeb: false });
    try {
      expect(built.jobs.jobs.map((j) => j.name)).not.toContain('kernel.backup');
    } finally {
      await built.close();
    }
  }, 60_000);
});
