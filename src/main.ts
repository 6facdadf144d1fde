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
 * committed until allocation pressure made it collect: ≈ 15–20 MB of resident memory an idle county server
 * carries for nothing. One full collection once start-up is over hands it back. `gc` exists only when the
 * process runs with --expose-gc, as `npm start` launches it (scripts/start.mjs); elsewhere this is a no-op.
 */
function releaseStartupGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
