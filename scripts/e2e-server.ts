// Starts the browser-test server by hand (in-memory demo county, fixed clock, built web app):
//   node --import tsx scripts/e2e-server.ts [--port 3100] [--now 2026-11-30T09:30:00+08:00]
import { startE2eServer } from '../test/e2e/server';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const server = await startE2eServer({ now: arg('now'), port: arg('port') ? Number(arg('port')) : undefined });
console.log(`e2e server on ${server.url} (clock ${server.clock.now().toISOString()}); demo accounts, password demo1234`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void server.close().then(() => process.exit(0));
  });
}
