import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { globMatch, runCli } from './cli';
import { openConfiguredDb } from './kernel/db/db';
import { loadConfig } from './kernel/config';
import { rollupState } from './kernel/rollup/daily-rollup';

describe('job-name patterns', () => {
  it.each([
    ['hotline.daily', 'hotline.daily', true],
    ['hotline.daily', 'hotline.daily2', false],
    ['*daily*', 'supervision.case_daily', true],
    ['*daily*', 'outbox.deliver', false],
    ['cases.*', 'cases.received_daily', true],
    ['cases.*', 'casesXreceived', false],
    ['a+b', 'a+b', true],
    ['a+b', 'aab', false],
  ])('%s against %s → %s', (pattern, name, want) => expect(globMatch(pattern, name)).toBe(want));
});

// `jobs list` and `jobs run` on a real (temporary) SQLite database.
describe('onewindow jobs', () => {
  let dir: string;
  let log: MockInstance;
  let error: MockInstance;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-cli-jobs-'));
    process.env.DATABASE_URL = `file:${path.join(dir, 'ow.db')}`;
    process.env.ONEWINDOW_SIGNING_KEYS_DIR = path.join(dir, 'keys');
    log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.env = { ...saved };
    log.mockRestore();
    error.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const out = (m: MockInstance) => m.mock.calls.map((c) => String(c[0])).join('\n');

  it('lists the jobs with their period, runs the daily roll-ups now, and refuses a name that matches nothing', async () => {
    expect(await runCli(['jobs', 'list'])).toBe(0);
    expect(out(log)).toMatch(/hotline\.daily\s+every 5 min/);
    expect(out(log)).toMatch(/outbox\.deliver\s+every 5 s/);

    log.mockClear();
    expect(await runCli(['jobs', 'run', '*daily*'])).toBe(0);
    const ran = out(log);
    for (const name of ['hotline.daily', 'evaluations.daily', 'cases.received_daily', 'supervision.case_daily', 'regulation.tasks_daily']) expect(ran).toContain(`${name}: done in`);
    expect(ran).not.toContain('outbox.deliver');

    // The roll-ups now say they are rolled through yesterday.
    const opened = openConfiguredDb(loadConfig());
    try {
      const state = await rollupState(opened.db, 'hotline.orders-daily');
      expect(state.through).not.toBeNull();
    } finally {
      await opened.close();
    }

    expect(await runCli(['jobs', 'run', 'no.such.job'])).toBe(2);
    expect(out(error)).toContain('no job matches no.such.job');
  }, 120_000);

  it('needs at least one job name', async () => {
    expect(await runCli(['jobs', 'run'])).toBe(2);
    expect(out(error)).toContain('usage: onewindow jobs run');
  });
});
