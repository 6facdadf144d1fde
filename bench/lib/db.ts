import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh database for one bench: a temporary SQLite file, or a new schema on the PostgreSQL server. */
export interface FreshDb {
  url: string;
  drop(): Promise<void>;
}

export async function freshDb(dialect: 'sqlite' | 'postgres', pgUrl: string, name: string): Promise<FreshDb> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `onewindow-bench-${name}-`));
    return { url: `file:${path.join(dir, 'bench.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${name.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  const sep = pgUrl.includes('?') ? '&' : '?';
  return {
    url: `${pgUrl}${sep}schema=${schema}`,
    async drop() {
      const d = new pg.Client({ connectionString: pgUrl });
      await d.connect();
      await d.query(`drop schema if exists ${schema} cascade`);
      await d.end();
    },
  };
}
