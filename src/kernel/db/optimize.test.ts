import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { optimizeSqlite } from './db';

describe('optimizeSqlite', () => {
  it('gives the planner statistics, so a date range wins over an equality on a two-valued status', () => {
    const db = new Database(':memory:');
    db.exec(`create table c (id integer primary key, status text not null, due text, done_on text);
      create index c_status_due on c (status, due);
      create index c_done on c (done_on, status);`);
    const ins = db.prepare('insert into c (status, due, done_on) values (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) ins.run(i % 10 ? 'completed' : 'accepted', `2026-${String((i % 12) + 1).padStart(2, '0')}-10`, `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`);
    })();
    const plan = () => (db.prepare(`explain query plan select count(*) from c where status = 'completed' and done_on between '2026-12-31' and '2026-12-31'`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan()).toMatch(/c_status_due/);
    optimizeSqlite(db);
    expect(db.prepare("select count(*) as n from sqlite_master where name = 'sqlite_stat1'").get()).toEqual({ n: 1 });
    expect(plan()).toMatch(/c_done/);
    db.close();
  });
});
