// npm start: build what is stale (the web app with Vite, the server bundle with esbuild), then serve.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = path.join(root, 'dist', 'server', 'cli.mjs');

/**
 * How the server process is launched (the bench spawns the bundle with exactly these, so it measures what
 * `npm start` runs). Both cut idle memory without slowing requests (docs/operations.md, "Memory"):
 * - `--max-semi-space-size=8`: V8 otherwise grows the young generation to 2 × 16 MB during start-up
 *   (module loading, schema compilation) and keeps it committed for good; 8 MB semi-spaces hold ≈ 12 MB
 *   less. (4 MB saves ≈ 12 MB more but doubled the scavenge time per request under intake load.)
 * - `MALLOC_ARENA_MAX=2`: glibc gives every thread that allocates (V8's GC and compiler workers, the
 *   libuv pool) its own malloc arena, each keeping freed memory resident; two arenas hold ≈ 10 MB less.
 *   An operator's own MALLOC_ARENA_MAX wins.
 * - `MALLOC_MMAP_THRESHOLD_` / `MALLOC_TRIM_THRESHOLD_` = 128 KiB: glibc otherwise raises both as the
 *   start-up allocates and frees large blocks, and then keeps up to that much freed memory in its heap
 *   instead of returning it. Fixed at its initial value, idle RSS measured 97.7–101 MB against 100–104 MB
 *   without (`npm run bench -- --quick --only server`, 4 runs each at load ≈ 1–2; intake CPU per request
 *   1.7–1.9 ms either way).
 * - `--expose-gc`: the server collects when start-up is over and again once quiet (src/main.ts,
 *   `releaseStartupGarbage`), handing back the start-up garbage, the old generation's fragmentation and
 *   the grown young generation (≈ 40 MB measured) instead of keeping them committed while idle.
 */
export const SERVER_NODE_ARGS = ['--enable-source-maps', '--max-semi-space-size=8', '--expose-gc'];
export const SERVER_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

function newest(dir) {
  if (!fs.existsSync(dir)) return 0;
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

export function webIsStale() {
  const built = path.join(root, 'web', 'dist', 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(newest(path.join(root, 'web', 'src')), mtime(path.join(root, 'web', 'index.html')), mtime(path.join(root, 'web', 'vite.config.ts')), newest(path.join(root, 'src', 'shared')));
  return sources > mtime(built);
}

export function buildWebIfStale() {
  if (!fs.existsSync(path.join(root, 'web', 'index.html')) || !webIsStale()) return;
  console.log('building the web app (vite build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * How esbuild bundles the server. Its output is ASCII: esbuild escapes non-ASCII in strings and templates
 * (default `charset: 'ascii'`) and test/server-bundle.test.ts keeps regular-expression literals, which it
 * leaves as typed, free of it, so V8 holds the source one byte a character (docs/operations.md, "Memory").
 */
export const SERVER_BUILD_OPTIONS = {
  entryPoints: [path.join(root, 'src', 'cli.ts')],
  // Split chunks keep what is imported lazily (exports, the yearly report) out of start-up.
  outdir: path.dirname(SERVER_BUNDLE),
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  sourcesContent: false,
  minifyWhitespace: true,
  logLevel: 'warning',
};

/** The server as bundled ESM (packages stay external): starts in a fraction of tsx's on-the-fly compile. */
export async function buildServerIfStale() {
  if (mtime(SERVER_BUNDLE) > Math.max(newest(path.join(root, 'src')), mtime(path.join(root, 'package.json')), mtime(fileURLToPath(import.meta.url)))) return;
  const esbuild = await import('esbuild');
  fs.rmSync(path.dirname(SERVER_BUNDLE), { recursive: true, force: true });
  await esbuild.build(SERVER_BUILD_OPTIONS);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.chdir(root);
  buildWebIfStale();
  await buildServerIfStale();
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, SERVER_BUNDLE, 'serve', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...SERVER_ENV, ...process.env } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
