import pg from 'pg';
import type { TestProject } from 'vitest/node';
import fs from 'node:fs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    chromiumPath: string | null;
  }
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

async function pgAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Decides once per run whether the PostgreSQL half and the browser tests run, and says so plainly. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_PG;
  const requirePg = process.env.ONEWINDOW_REQUIRE_POSTGRES === '1';
  const ok = await pgAnswers(url);
  if (!ok && requirePg) throw new Error(`PostgreSQL is required (ONEWINDOW_REQUIRE_POSTGRES=1) but does not answer at ${url}`);
  console.log(
    ok
      ? `[onewindow] PostgreSQL half: RUNNING against ${url.replace(/\/\/[^@]*@/, '//…@')}`
      : `[onewindow] PostgreSQL half: SKIPPED — no server answers at ${url} (set TEST_DATABASE_URL or start PostgreSQL)`,
  );
  project.provide('pgUrl', ok ? url : null);

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const hasChromium = fs.existsSync(chromium);
  if (!hasChromium && process.env.ONEWINDOW_REQUIRE_BROWSER === '1') {
    throw new Error(`browser tests are required (ONEWINDOW_REQUIRE_BROWSER=1) but ${chromium} is missing: apt-get install chromium fonts-noto-cjk`);
  }
  console.log(hasChromium ? `[onewindow] browser tests: RUNNING with ${chromium}` : `[onewindow] browser tests: SKIPPED — ${chromium} not found`);
  project.provide('chromiumPath', hasChromium ? chromium : null);
}
