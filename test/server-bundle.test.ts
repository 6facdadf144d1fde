/**
 * The server bundle `npm start` runs is pure ASCII. V8 keeps every script's source in its heap, one byte a
 * character only when all are Latin-1; one Chinese character anywhere doubles the 1.3 MB main chunk
 * (docs/operations.md, "Memory"). esbuild escapes strings and templates but leaves regular-expression
 * literals as typed: write `new RegExp('…')` (or `\uXXXX` inside the literal) where one needs Chinese.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BuildOptions } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('server bundle', () => {
  it('has no byte outside ASCII in any chunk', async () => {
    const esbuild = await import('esbuild');
    const { SERVER_BUILD_OPTIONS } = (await import(path.join(ROOT, 'scripts', 'start.mjs') as string)) as { SERVER_BUILD_OPTIONS: BuildOptions };
    const { outputFiles } = await esbuild.build({ ...SERVER_BUILD_OPTIONS, write: false, sourcemap: false, logLevel: 'silent' });
    const code = outputFiles.filter((f) => f.path.endsWith('.mjs'));
    expect(code.length).toBeGreaterThan(1);
    const offending: string[] = [];
    for (const f of code) {
      const at = f.contents.findIndex((b) => b > 0x7f);
      if (at < 0) continue;
      const around = Buffer.from(f.contents.subarray(Math.max(0, at - 60), at + 20)).toString('utf8');
      offending.push(`${path.relative(ROOT, f.path)}: …${around}…`);
    }
    expect(offending).toEqual([]);
  }, 60_000);
});
