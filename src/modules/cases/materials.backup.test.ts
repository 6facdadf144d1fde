import { afterAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { buildTestApp, dialects } from '../../../test/harness';
import { backupDatabase, restoreDatabase } from '../../kernel/backup';
import { at, clockSafeRequest, personApplicant, testModules } from './cases.test-support';
import { SAMPLE_FILES } from '../../kernel/validators/upload-sniff.test-support';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// The material files live in the database (cases.files.ts), so the platform's backup and restore carry
// them: a file uploaded before the backup comes back byte for byte, every version of it.
describe.each(dialects)('电子材料 survive backup and restore on %s', (dialect) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-materials-backup-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('restores every version of every file with its checksum', async () => {
    const t = await buildTestApp({ dialect, now: at('2026-09-24'), modules: testModules });
    const request = clockSafeRequest(t);
    let schema: string | null = null;
    const uploaded: { sha256: string; version: number }[] = [];
    const file = path.join(tmp, dialect === 'sqlite' ? 'backup.db' : 'backup.dump');
    try {
      const no = (await request({ method: 'POST', url: '/api/v1/cases', as: 'citizen', payload: { itemCode: 'T-FOOD', channel: 'online', applicant: personApplicant({ name: '张三' }) } })).json().caseNo;
      for (const body of [SAMPLE_FILES.pdf('第一版'), SAMPLE_FILES.pdf('第二版'), SAMPLE_FILES.png()]) {
        const res = await request({ method: 'POST', url: `/api/v1/cases/${no}/materials/files?material=${encodeURIComponent('经营场所平面布局图')}`, as: 'citizen', payload: body, headers: { 'content-type': 'application/octet-stream' } });
        expect(res.statusCode).toBe(201);
        expect(res.json().sha256).toBe(sha(body));
        uploaded.push({ sha256: sha(body), version: res.json().version });
      }
      if (dialect === 'postgres') schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.opened.db)).rows[0].s;
      const r = await backupDatabase(t.opened, { databaseUrl: inject('pgUrl') ?? '', pgSchema: schema }, file);
      expect(r.bytes).toBeGreaterThan(0);
    } finally {
      await t.close(); // on PostgreSQL this drops the schema: the restore goes into an empty one
    }

    let rows: { version: number; sha256: string; content: Buffer }[];
    if (dialect === 'sqlite') {
      const target = path.join(tmp, 'restored.db');
      await restoreDatabase({ dialect: 'sqlite', databaseUrl: target, pgSchema: null }, file);
      const db = new Database(target, { readonly: true });
      try {
        rows = db.prepare('select version, sha256, content from cases_material_files order by version').all() as typeof rows;
      } finally {
        db.close();
      }
    } else {
      const url = inject('pgUrl')!;
      await restoreDatabase({ dialect: 'postgres', databaseUrl: url, pgSchema: schema }, file);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        rows = (await c.query(`select version, sha256, content from ${schema}.cases_material_files order by version`)).rows;
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    }
    expect(rows.map((r) => Number(r.version))).toEqual(uploaded.map((u) => u.version));
    // The bytes came back: their hash is the checksum recorded at upload.
    for (const [i, r] of rows.entries()) {
      expect(sha(Buffer.from(r.content))).toBe(uploaded[i].sha256);
      expect(r.sha256).toBe(uploaded[i].sha256);
    }
  }, 120_000);
});
