import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, SIGNING_KEYS_FILE, SigningKeyStore, signingKeyDir } from './signing';

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson('证照')).toBe('"证照"');
  });

  it('refuses what is not plain JSON', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(/有限数值/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/普通 JSON/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/不能签名/);
  });
});

describe('SigningKeyStore', () => {
  const payload = { no: 'L-2026-0001', holder: '张三', validTo: '2031-12-31', n: 3 };

  it('signs and verifies; a changed payload, kid or signature does not verify', () => {
    const s = new SigningKeyStore({ dir: null });
    const { kid, signature } = s.sign(payload);
    expect(kid).toMatch(/^[0-9a-f]{16}$/);
    expect(s.verify(payload, kid, signature)).toBe(true);
    expect(s.verify({ ...payload }, kid, signature)).toBe(true);
    expect(s.verify({ n: 3, validTo: '2031-12-31', holder: '张三', no: 'L-2026-0001' }, kid, signature)).toBe(true);
    expect(s.verify({ ...payload, holder: '李四' }, kid, signature)).toBe(false);
    expect(s.verify(payload, 'ffffffffffffffff', signature)).toBe(false);
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0] ^= 1;
    expect(s.verify(payload, kid, flipped.toString('base64url'))).toBe(false);
    expect(s.verify(payload, kid, 'not-a-signature')).toBe(false);
    expect(s.verify({ n: NaN }, kid, signature)).toBe(false);
    expect(new SigningKeyStore({ dir: null }).verify(payload, kid, signature)).toBe(false);
  });

  it('generates the key on first start in the directory and reuses it on the next start', () => {
    const dir = tmpDir();
    const a = new SigningKeyStore({ dir });
    const file = path.join(dir, SIGNING_KEYS_FILE);
    expect(fs.existsSync(file)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
    const sig = a.sign(payload);
    const b = new SigningKeyStore({ dir });
    expect(b.currentKid).toBe(a.currentKid);
    expect(b.verify(payload, sig.kid, sig.signature)).toBe(true);
  });

  it('rotation signs with a new key, keeps the old public key verifiable and drops the old private key', () => {
    const dir = tmpDir();
    const a = new SigningKeyStore({ dir });
    const before = a.sign(payload);
    const { kid, retired } = a.rotate();
    expect(retired).toBe(before.kid);
    expect(kid).not.toBe(before.kid);
    const after = a.sign(payload);
    expect(after.kid).toBe(kid);
    expect(a.verify(payload, before.kid, before.signature)).toBe(true);
    expect(a.verify(payload, after.kid, after.signature)).toBe(true);

    const stored = JSON.parse(fs.readFileSync(path.join(dir, SIGNING_KEYS_FILE), 'utf8')) as { keys: { kid: string; privateKey?: string }[] };
    expect(stored.keys.map((k) => [k.kid, Boolean(k.privateKey)])).toEqual([[before.kid, false], [kid, true]]);

    const keys = a.listPublicKeys();
    expect(keys.map((k) => [k.kid, k.current])).toEqual([[before.kid, false], [kid, true]]);
    expect(keys[1].jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid, alg: 'EdDSA' });
    expect(keys[1].pem).toContain('BEGIN PUBLIC KEY');
  });

  it('another instance sharing the directory picks a rotation up', () => {
    const dir = tmpDir();
    const a = new SigningKeyStore({ dir });
    const b = new SigningKeyStore({ dir });
    const old = b.sign(payload);
    // A different mtime is what tells b the file changed; make sure the clock moved.
    const file = path.join(dir, SIGNING_KEYS_FILE);
    const { kid } = a.rotate();
    const t = new Date(fs.statSync(file).mtimeMs + 5000);
    fs.utimesSync(file, t, t);
    const fresh = a.sign(payload);
    expect(b.verify(payload, fresh.kid, fresh.signature)).toBe(true);
    expect(b.sign(payload).kid).toBe(kid);
    expect(a.verify(payload, old.kid, old.signature)).toBe(true);
  });

  it('refuses a damaged key file', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, SIGNING_KEYS_FILE), '{"version":1,"keys":[]}');
    expect(() => new SigningKeyStore({ dir })).toThrow(/格式不对/);
    fs.writeFileSync(path.join(dir, SIGNING_KEYS_FILE), 'garbage');
    expect(() => new SigningKeyStore({ dir })).toThrow(/JSON/);
  });
});

describe('signingKeyDir', () => {
  it('uses the env override, else beside the SQLite file, else data/keys; memory databases keep keys in memory', () => {
    expect(signingKeyDir({ dialect: 'postgres', databaseUrl: 'postgres://x' }, { ONEWINDOW_SIGNING_KEYS_DIR: '/srv/keys' })).toBe(path.resolve('/srv/keys'));
    expect(signingKeyDir({ dialect: 'sqlite', databaseUrl: '/var/lib/ow/onewindow.db' }, {})).toBe(path.join('/var/lib/ow', 'keys'));
    expect(signingKeyDir({ dialect: 'sqlite', databaseUrl: ':memory:' }, {})).toBeNull();
    expect(signingKeyDir({ dialect: 'postgres', databaseUrl: 'postgres://x' }, {})).toBe(path.resolve('data', 'keys'));
  });
});
