import v8 from 'node:v8';
import { loadConfig } from './kernel/config';
import { buildApp, isEmptyDatabase, seedIfEmpty } from './app';

/**
 * Process entry: config, database, migrations, listen; on an empty database the demo county is seeded
 * right after listening (the API answers 503 STARTING meanwhile), so the first start is up in seconds.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const built = await buildApp({ config });
  const { app, ctx } = built;
  const seeding = config.seed === 'demo' && (await isEmptyDatabase(built));
  if (seeding) built.setStarting('初始化演示数据');
  const warning = await ctx.calendar.missingNextYearWarning();
  if (warning) ctx.log.warn(warning);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    // A stuck request must not keep a deploy waiting forever: after the timeout, exit anyway (the
    // database is transactional, so whatever did not commit simply did not happen).
    setTimeout(() => {
      ctx.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out: exiting with work still in flight');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    try {
      // Stops accepting connections, lets requests in flight finish (new ones get 503), waits for the
      // job runs in flight, then closes the database.
      await built.close();
      ctx.log.info('shutdown complete');
      process.exit(0);
    } catch (err) {
      ctx.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  if (seeding) {
    const t0 = Date.now();
    try {
      await seedIfEmpty(built);
      ctx.log.info({ ms: Date.now() - t0 }, 'seeded the demo county (accounts: see README, password demo1234)');
    } catch (err) {
      ctx.log.error({ err }, 'demo seed failed');
      process.exit(1);
    }
    built.setStarting(null);
  }
  if (config.jobs) built.jobs.start();
  // Shortly after, not at once: the first moments after listening still build things (the OpenAPI
  // document, the routes' first serializers) whose garbage should go in the same collection.
  setTimeout(releaseStartupGarbage, 500).unref();
  ctx.log.info(`onewindow 一窗通办 serving on http://localhost:${config.port} (${config.dialect}${config.fakeNow ? `, clock starts at ${config.fakeNow.toISOString()}` : ''})`);
}

/**
 * Start-up leaves garbage behind (migrations, schema compilation, the demo seed) that V8 would keep
 * committed until allocation pressure made it collect. `gc` exists only when the process runs with
 * --expose-gc, as `npm start` launches it (scripts/start.mjs); elsewhere this is a no-op.
 *
 * 1. At once, one full collection hands the start-up garbage back (≈ 15–20 MB).
 * 2. A few seconds later, when the server has been quiet, two more:
 *    - A memory-reducing full collection. A plain one frees the garbage but leaves the old generation
 *      fragmented and committed (32–47 MB committed for 25–29 MB live, varying from start to start); a
 *      memory-reducing one compacts it (≈ 26 MB). V8 reduces memory this way only while it optimizes for
 *      size, so that flag is on for this one collection and off again at once: `--optimize-for-size` for
 *      the whole run costs ≈ 35 % more CPU per request (docs/operations.md, "Memory").
 *    - A scavenge. The young generation grew to its maximum (2 × 8 MB) while modules loaded and stays
 *      committed; V8 shrinks it only in a scavenge after ≈ 5 s of low allocation (under 1 KB/ms), hence
 *      the delay. ≈ 14 MB. Under load it grows again as V8 sees fit, and the first scavenge of the next
 *      quiet spell shrinks it again.
 *    Together ≈ 0.1–0.3 s of CPU, once. A request arriving meanwhile is merely delayed by the pause.
 */
function releaseStartupGarbage(): void {
  const gc = (globalThis as { gc?: (opts?: { type: 'major' | 'minor' }) => void }).gc;
  if (!gc) return;
  gc();
  setTimeout(() => {
    v8.setFlagsFromString('--optimize-for-size');
    try {
      gc();
    } finally {
      v8.setFlagsFromString('--no-optimize-for-size');
    }
    // The scavenge shrinks the young generation only if the last 5 s were quiet; a server still busy
    // (the demo seed's notifications go out in the first seconds of a fresh installation) or busy again
    // later tries every 5 s while it is grown. Under load that is one extra scavenge per 5 s, ≈ 1 ms.
    const shrinkYoung = () => {
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      if (young && young.physical_space_size > YOUNG_IDLE_BYTES) gc({ type: 'minor' });
    };
    shrinkYoung();
    setInterval(shrinkYoung, 5000).unref();
  }, SETTLE_AFTER_MS).unref();
}

/** Long enough for V8's 5 s allocation-rate window to see only the quiet server (`releaseStartupGarbage`). */
export const SETTLE_AFTER_MS = 6000;
/** The young generation's idle size is ≈ 1.3 MB committed; above this it has grown. */
const YOUNG_IDLE_BYTES = 4 * 1024 * 1024;
