import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Throw-away PostgreSQL clusters for tests that need a server of their own (a primary and a hot standby):
 * initdb / pg_basebackup under the test's temp folder on free ports, started with pg_ctl, readiness
 * by pg_isready polling. Run as the `postgres` OS user when the test runs as root (initdb refuses root).
 */

/** The newest PostgreSQL server binaries on this machine (Debian's layout), or null. */
export function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')) && fs.existsSync(path.join(base, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Can this process run clusters: binaries present and, as root, a `postgres` user to run them as. */
export function clustersPossible(): boolean {
  if (!findPgBin()) return false;
  if (!asRoot) return true;
  return spawnSync('id', ['-u', 'postgres']).status === 0 && spawnSync('runuser', ['--help']).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Runs a PostgreSQL binary (as `postgres` when we are root); throws with its output on failure. */
async function run(bin: string, args: string[], timeoutMs = 180_000): Promise<string> {
  const exe = path.join(findPgBin()!, bin);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8', PGTZ: 'UTC' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

/** A temp folder the `postgres` user owns (clusters and their sockets live in it). */
export function makeClusterRoot(prefix: string): string {
  // As root, under /tmp: root's own TMPDIR may sit in a folder the postgres user cannot enter.
  const dir = fs.mkdtempSync(path.join(asRoot ? '/tmp' : os.tmpdir(), prefix));
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, uid, gid);
  }
  return dir;
}

/** Clusters this process started: killed if the process exits without its afterAll (a crash, a timeout). */
const live = new Set<Cluster>();
process.once('exit', () => {
  for (const c of live) c.kill();
});

export class Cluster {
  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly root: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get options(): string {
    return `-c port=${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.root}`;
  }

  /** pg_ctl start, then pg_isready until the server accepts connections (a standby accepts reads). */
  async start(): Promise<void> {
    live.add(this);
    await run('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.root, `${this.name}.log`), '-o', this.options, '-w', '-t', '180', 'start']);
    await this.waitReady();
  }

  async waitReady(timeoutMs = 180_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      try {
        await run('pg_isready', ['-h', '127.0.0.1', '-p', String(this.port), '-t', '5']);
        return;
      } catch (err) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`${this.name} not ready: ${(err as Error).message}\n${this.log()}`);
      }
      await pollPause();
    }
  }

  /** fast: a clean shutdown; immediate: like a crash (no checkpoint, WAL recovery on next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
    await run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '120', 'stop']);
  }

  async promote(): Promise<void> {
    await run('pg_ctl', ['-D', this.dataDir, '-w', '-t', '120', 'promote']);
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.root, `${this.name}.log`), 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  async query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> {
    const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    await c.connect();
    try {
      return (await c.query<R>(text, params)).rows;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Kills the postmaster outright if pg_ctl could not stop it (cleanup after a failure). */
  kill(): void {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      /* not running */
    }
  }
}

/** A new primary: initdb (trust auth, its default pg_hba allows local replication) with WAL for a standby. */
export async function initPrimary(root: string, name = 'primary'): Promise<Cluster> {
  const dataDir = path.join(root, name);
  await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    ['', 'wal_level = replica', 'max_wal_senders = 5', 'max_replication_slots = 5', 'wal_keep_size = 256MB', 'hot_standby = on', 'shared_buffers = 32MB', 'max_connections = 60', ''].join('\n'),
  );
  const c = new Cluster(name, dataDir, await freePort(), root);
  await c.start();
  return c;
}

/** A hot standby of `primary` by pg_basebackup (-R: standby.signal and primary_conninfo), streaming. */
export async function initStandby(root: string, primary: Cluster, name = 'standby'): Promise<Cluster> {
  const dataDir = path.join(root, name);
  await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
  // The application_name is what synchronous_standby_names refers to.
  fs.appendFileSync(path.join(dataDir, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres application_name=${name}'\n`);
  const c = new Cluster(name, dataDir, await freePort(), root);
  await c.start();
  return c;
}

/** The pause between two polls of a condition (a poll interval, not a wait for a guessed duration). */
const pollPause = () => new Promise((r) => setTimeout(r, 50));

/** Polls `check` until it returns a truthy value (no fixed sleeps: each round is a real query or request). */
export async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const t0 = Date.now();
  let lastErr: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}${lastErr ? `: ${(lastErr as Error).message}` : ''}`);
    await pollPause();
  }
}
