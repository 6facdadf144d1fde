import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { runCli } from './cli';
import { SigningKeyStore } from './kernel/signing';

// `keys rotate` on a real (temporary) SQLite database and key directory.
describe('onewindow keys', () => {
  let dir: string;
  let log: MockInstance;
  let error: MockInstance;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-cli-keys-'));
    process.env.DATABASE_URL = `file:${path.join(dir, 'ow.db')}`;
    process.env.ONEWINDOW_SIGNING_KEYS_DIR = path.join(dir, 'keys');
    log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.env = { ...saved };
    log.mockRestore();
    error.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rotates the signing key: a new current kid, the old signature still verifies, and lists both', async () => {
    const before = new SigningKeyStore({ dir: path.join(dir, 'keys') });
    const signed = before.sign({ no: 'JY4305822026000001' });
    expect(await runCli(['keys', 'rotate'])).toBe(0);
    expect(String(log.mock.calls.at(-1)?.[0])).toContain(`retired ${signed.kid}`);
    const after = new SigningKeyStore({ dir: path.join(dir, 'keys') });
    expect(after.currentKid).not.toBe(signed.kid);
    expect(after.verify({ no: 'JY4305822026000001' }, signed.kid, signed.signature)).toBe(true);
    log.mockClear();
    expect(await runCli(['keys', 'list'])).toBe(0);
    const out = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(out).toContain(signed.kid);
    expect(out).toContain(`${after.currentKid}`);
    expect(out).toMatch(/current/);
  });
});
