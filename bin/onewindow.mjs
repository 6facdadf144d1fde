#!/usr/bin/env node
// The onewindow CLI: runs the server bundle when it is fresh, else the TypeScript sources through tsx.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildServerIfStale, SERVER_BUNDLE, SERVER_NODE_ARGS, SERVER_ENV } = await import(path.join(root, 'scripts', 'start.mjs'));
let args;
try {
  await buildServerIfStale();
  // The same node flags and environment as `npm start` (memory settings: docs/operations.md).
  args = [...SERVER_NODE_ARGS, SERVER_BUNDLE];
} catch {
  args = ['--import', 'tsx', path.join(root, 'src', 'cli.ts')];
}
if (!fs.existsSync(args[args.length - 1])) args = ['--import', 'tsx', path.join(root, 'src', 'cli.ts')];
const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...SERVER_ENV, ...process.env } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
