import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { openDb } from './db';

const pgUrl = inject('pgUrl');
const newSchemaName = (what: string) => `t_${what}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

describe.skipIf(!pgUrl)('PostgreSQL introspection (the migrator) sees only the current schema', () => {
  it('lists this schema’s tables and is not upset by other schemas dropped meanwhile', async () => {
    const schema = newSchemaName('own');
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const opened = openDb({ dialect: 'postgres', url: pgUrl!, schema, poolSize: 2 });
    // Another installation or test run on the same server, creating and dropping its schemas meanwhile:
    // Kysely's own introspector failed with `schema "<theirs>" does not exist`.
    let churning = true;
    const theirs: string[] = [];
    const churn = (async () => {
      while (churning) {
        const other = newSchemaName('other');
        theirs.push(other);
        await admin.query(`create schema ${other}`);
        for (let i = 0; i < 10; i++) await admin.query(`create table ${other}.t${i} (id serial primary key, note text)`);
        await admin.query(`drop schema ${other} cascade`);
      }
    })();
    try {
      await sql`create table cases (id serial primary key, title text not null, note text)`.execute(opened.db);
      const failures: string[] = [];
      let scans = 0;
      const until = Date.now() + 3_000;
      let tables: Awaited<ReturnType<typeof opened.db.introspection.getTables>> = [];
      while (Date.now() < until) {
        try {
          tables = await opened.db.introspection.getTables({ withInternalKyselyTables: true });
          scans++;
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
      expect(failures).toEqual([]);
      expect(scans).toBeGreaterThan(0);
      expect(theirs.length).toBeGreaterThan(1);
      expect(tables.map((t) => [t.schema, t.name])).toEqual([[schema, 'cases']]);
      expect(tables[0].columns.map((c) => [c.name, c.dataType, c.isNullable, c.isAutoIncrementing])).toEqual([
        ['id', 'int4', false, true],
        ['title', 'text', false, false],
        ['note', 'text', true, false],
      ]);
    } finally {
      churning = false;
      await churn;
      await opened.close();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});
