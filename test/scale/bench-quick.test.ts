/**
 * `npm run bench -- --quick` (issue #8: runs in CI-friendly time and exits 0) stays runnable: every bench
 * produces its figures and the run writes its JSON. Targets are not judged here — the test suite loads the
 * machine, and a benchmark's figures belong to `npm run bench` on a quiet one — but a crashed bench, a
 * missing figure or a non-finite value fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('npm run bench -- --quick', () => {
  it('runs every bench on SQLite, exits 0 and writes every figure', { timeout: 900_000 }, async () => {
    const started = Date.now();
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('exit', (c) => resolve({ code: c, out: text }));
    });
    expect(code, out.slice(-4000)).toBe(0);
    expect(out).not.toMatch(/CRASHED/);
    const file = /results: (\S+\.json)/.exec(out)?.[1];
    expect(file, out.slice(-2000)).toBeTruthy();
    const report = JSON.parse(fs.readFileSync(path.resolve(ROOT, file!), 'utf8')) as { quick: boolean; results: { name: string; value: number; target: number | null }[]; failures: unknown[] };
    fs.rmSync(path.resolve(ROOT, file!), { force: true });
    expect(report.quick).toBe(true);
    expect(report.failures).toEqual([]);
    const names = report.results.map((r) => r.name);
    for (const expected of [
      'generate.smallSeconds',
      'summary.smallYearMs',
      'sweep.sqliteMs',
      'intake.casesPerSec',
      'deadlines.dueDatesPerSec',
      'server.firstStartToHealthzMs',
      'server.restartToHealthzMs',
      'server.idleRssMb',
    ]) {
      expect(names).toContain(expected);
    }
    for (const r of report.results) expect(Number.isFinite(r.value), r.name).toBe(true);
    // "CI-friendly": minutes, not the full run's county-year.
    expect((Date.now() - started) / 1000).toBeLessThan(900);
  });
});
