import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { openDb, type OpenedDb } from './db';
import { WalSyncer } from './sqlite-durable';

const dirs: string[] = [];
const opened: OpenedDb[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-durable-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const o of opened.splice(0)) await o.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** fdatasync calls, each held until released, so a test decides when the disk "answers". */
function heldSyncs() {
  const pending: Array<() => void> = [];
  const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
    pending.push(() => cb(null));
  }) as typeof fs.fdatasync);
  return { spy, pending, releaseAll: () => pending.splice(0).forEach((f) => f()) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WalSyncer', () => {
  it('a caller waits for a sync that starts after it asks; everyone who asks during a sync shares the next one', async () => {
    const file = tempFile();
    fs.writeFileSync(`${file}-wal`, 'x');
    const syncer = new WalSyncer(`${file}-wal`);
    const held = heldSyncs();
    let done = 0;
    const first = syncer.barrier().then(() => done++);
    expect(held.spy).toHaveBeenCalledTimes(1);
    // Asked while the first sync runs: their commits may be after it started, so they need the next one.
    const later = Array.from({ length: 20 }, () => syncer.barrier().then(() => done++));
    await tick();
    expect(held.spy).toHaveBeenCalledTimes(1);
    held.releaseAll();
    await first;
    await tick();
    expect(done).toBe(1);
    expect(held.spy).toHaveBeenCalledTimes(2);
    held.releaseAll();
    await Promise.all(later);
    expect(done).toBe(21);
    expect(syncer.syncs).toBe(2);
    syncer.close();
  });

  it('has nothing to sync before the WAL file exists', async () => {
    const syncer = new WalSyncer(path.join(tempFile() + '-wal'));
    const spy = vi.spyOn(fs, 'fdatasync');
    await syncer.barrier();
    expect(spy).not.toHaveBeenCalled();
  });

  it('a failed sync fails the callers waiting on it, and the next caller gets a fresh sync', async () => {
    const file = tempFile();
    fs.writeFileSync(`${file}-wal`, 'x');
    const syncer = new WalSyncer(`${file}-wal`);
    let fail = true;
    vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      setImmediate(() => cb(fail ? Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }) : null));
    }) as typeof fs.fdatasync);
    await expect(syncer.barrier()).rejects.toThrow(/EIO/);
    fail = false;
    await expect(syncer.barrier()).resolves.toBeUndefined();
    syncer.close();
  });
});

describe('a durable SQLite database (synchronous FULL)', () => {
  it('answers a write only after a WAL sync that started after its commit; reads never wait for the disk', async () => {
    const o = openDb({ dialect: 'sqlite', url: tempFile() });
    opened.push(o);
    await sql`create table t (id integer primary key, v text)`.execute(o.db);
    const held = heldSyncs();
    held.releaseAll();
    const before = held.spy.mock.calls.length;

    let answered = false;
    const write = o.db.insertInto('t').values({ v: 'a' }).execute().then(() => (answered = true));
    await tick();
    expect(held.spy.mock.calls.length).toBe(before + 1);
    expect(answered).toBe(false);
    // The row is committed (another reader sees it) while the writer still waits for the disk.
    expect(o.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
    const read = await o.db.selectFrom('t').selectAll().execute();
    expect(read).toHaveLength(1);
    expect(answered).toBe(false);
    held.releaseAll();
    await write;
    expect(answered).toBe(true);

    const reads = held.spy.mock.calls.length;
    await o.db.selectFrom('t').selectAll().execute();
    expect(held.spy.mock.calls.length).toBe(reads);
  });

  it('a transaction is answered after its sync, and the connection is free for others meanwhile', async () => {
    const o = openDb({ dialect: 'sqlite', url: tempFile() });
    opened.push(o);
    await sql`create table t (id integer primary key, v text)`.execute(o.db);
    const held = heldSyncs();
    let committed = false;
    const tx = o.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('t').values({ v: 'a' }).execute();
        await trx.insertInto('t').values({ v: 'b' }).execute();
      })
      .then(() => (committed = true));
    await tick();
    expect(committed).toBe(false);
    // Another unit of work gets the connection while the first waits for its sync.
    expect(await o.db.selectFrom('t').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2 });
    held.releaseAll();
    await tx;
    expect(committed).toBe(true);
  });

  it('NORMAL and in-memory databases do not sync', async () => {
    const spy = vi.spyOn(fs, 'fdatasync');
    for (const o of [openDb({ dialect: 'sqlite', url: tempFile(), sqliteSynchronous: 'NORMAL' }), openDb({ dialect: 'sqlite', url: ':memory:' })]) {
      opened.push(o);
      await sql`create table t (id integer primary key, v text)`.execute(o.db);
      await o.db.insertInto('t').values({ v: 'a' }).execute();
    }
    expect(spy).not.toHaveBeenCalled();
  });
});
