/**
 * Platform signatures (Ed25519 from `node:crypto`) for what the bureau issues: e-licenses, documents.
 *
 * Keys live in one JSON file, `signing-keys.json`, in the key directory (see `signingKeyDir`): generated on
 * first start, rotated by `onewindow keys rotate`. Rotation adds a new key that signs from then on; the
 * retired keys lose their private half but keep their public half, so everything signed before still
 * verifies. Each key has a key id (`kid`, the first 16 hex digits of the SHA-256 of its public key) that a
 * signature names.
 *
 * Several instances (PostgreSQL deployments behind a load balancer) must share ONE key directory — a shared
 * volume mounted on every instance and named by ONEWINDOW_SIGNING_KEYS_DIR — or each would generate its own
 * key on first start and the others could not verify its signatures. The first instance creates the file
 * with an exclusive create (O_EXCL), so instances racing on first start agree on one key; a store re-reads
 * the file when it changed on disk (a rotation by the CLI) before signing and when a signature names a kid it
 * does not know.
 *
 * The signed bytes are the canonical JSON of the payload (`canonicalJson`): object keys sorted, no
 * whitespace, only JSON values — the same payload signs to the same bytes on every instance and version.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

export const SIGNING_KEYS_FILE = 'signing-keys.json';

export interface SignatureRef {
  kid: string;
  /** base64url of the 64-byte Ed25519 signature. */
  signature: string;
}

export interface PublicKeyInfo {
  kid: string;
  alg: 'EdDSA';
  createdAt: string;
  /** The key signing new payloads now; the others only verify. */
  current: boolean;
  /** JSON Web Key (RFC 8037) of the public key. */
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' };
  /** SubjectPublicKeyInfo PEM, for openssl. */
  pem: string;
}

interface StoredKey {
  kid: string;
  createdAt: string;
  /** SPKI DER, base64. */
  publicKey: string;
  /** PKCS#8 PEM; only the current key keeps it. */
  privateKey?: string;
}

interface KeyFile {
  version: 1;
  keys: StoredKey[];
}


/**
 * Canonical JSON: keys sorted by UTF-16 code units, no whitespace, `undefined` object members dropped (as
 * JSON.stringify does). Anything that is not plain JSON (NaN, Infinity, functions, Dates, class instances,
 * undefined in arrays) is refused rather than silently changed, so a signed payload always round-trips.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(v: unknown, at: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new AppError('SIGNING_PAYLOAD_INVALID', 500, `签名内容 ${at} 不是有限数值`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) {
        return `[${v.map((x, i) => {
          if (x === undefined) throw new AppError('SIGNING_PAYLOAD_INVALID', 500, `签名内容 ${at}[${i}] 为 undefined`);
          return write(x, `${at}[${i}]`);
        }).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new AppError('SIGNING_PAYLOAD_INVALID', 500, `签名内容 ${at} 不是普通 JSON 对象`);
      }
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k], `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new AppError('SIGNING_PAYLOAD_INVALID', 500, `签名内容 ${at} 的类型 ${typeof v} 不能签名`);
  }
}

function newKey(now: Date): StoredKey {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    kid: kidOf(spki),
    createdAt: now.toISOString(),
    publicKey: spki.toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function kidOf(spki: Buffer): string {
  return crypto.createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

function parseKeyFile(text: string, file: string): KeyFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('SIGNING_KEYS_INVALID', 500, `签名密钥文件 ${file} 不是有效的 JSON`);
  }
  const f = parsed as KeyFile;
  if (!f || f.version !== 1 || !Array.isArray(f.keys) || f.keys.length === 0) {
    throw new AppError('SIGNING_KEYS_INVALID', 500, `签名密钥文件 ${file} 格式不对`);
  }
  const last = f.keys[f.keys.length - 1];
  if (!last.privateKey) throw new AppError('SIGNING_KEYS_INVALID', 500, `签名密钥文件 ${file} 的当前密钥缺少私钥`);
  return f;
}

function writeAtomic(file: string, data: KeyFile): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export interface SigningKeyStoreOptions {
  /** Directory of `signing-keys.json`; null keeps an ephemeral key in memory (tests, `:memory:` databases). */
  dir: string | null;
  now?: () => Date;
}

export class SigningKeyStore {
  private file: KeyFile;
  private mtimeMs = 0;
  private readonly path: string | null;
  private readonly now: () => Date;
  private privateKey: crypto.KeyObject;
  private readonly publicKeys = new Map<string, crypto.KeyObject>();

  constructor(opts: SigningKeyStoreOptions) {
    this.now = opts.now ?? (() => new Date());
    this.path = opts.dir ? path.join(opts.dir, SIGNING_KEYS_FILE) : null;
    if (!this.path) {
      this.file = { version: 1, keys: [newKey(this.now())] };
    } else {
      fs.mkdirSync(opts.dir!, { recursive: true, mode: 0o700 });
      this.file = this.loadOrCreate(this.path);
    }
    this.privateKey = this.index();
  }

  /** The key signing now. */
  get currentKid(): string {
    return this.file.keys[this.file.keys.length - 1].kid;
  }

  /** Where the keys are kept (null when in memory). */
  get location(): string | null {
    return this.path;
  }

  sign(payload: unknown): SignatureRef {
    this.reloadIfChanged();
    const bytes = Buffer.from(canonicalJson(payload), 'utf8');
    return { kid: this.currentKid, signature: crypto.sign(null, bytes, this.privateKey).toString('base64url') };
  }

  /** True when `signature` is `kid`'s signature of exactly this payload; false for unknown kids and garbage. */
  verify(payload: unknown, kid: string, signature: string): boolean {
    let key = this.publicKeys.get(kid);
    if (!key) {
      this.reloadIfChanged();
      key = this.publicKeys.get(kid);
      if (!key) return false;
    }
    let bytes: Buffer;
    try {
      bytes = Buffer.from(canonicalJson(payload), 'utf8');
    } catch {
      return false;
    }
    const sig = Buffer.from(signature, 'base64url');
    if (sig.length !== 64) return false;
    try {
      return crypto.verify(null, bytes, key, sig);
    } catch {
      return false;
    }
  }

  /** Every public key, oldest first, for the well-known URL. */
  listPublicKeys(): PublicKeyInfo[] {
    this.reloadIfChanged();
    const current = this.currentKid;
    return this.file.keys.map((k) => {
      const key = this.publicKeys.get(k.kid)!;
      const jwk = key.export({ format: 'jwk' }) as { x: string };
      return {
        kid: k.kid,
        alg: 'EdDSA' as const,
        createdAt: k.createdAt,
        current: k.kid === current,
        jwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x: jwk.x, kid: k.kid, use: 'sig' as const, alg: 'EdDSA' as const },
        pem: key.export({ type: 'spki', format: 'pem' }).toString(),
      };
    });
  }

  /**
   * A new current key; the old current key keeps only its public half. Returns the new and retired kids.
   * Instances sharing the directory pick the new key up on their next signature.
   */
  rotate(): { kid: string; retired: string } {
    this.reloadIfChanged();
    const retired = this.currentKid;
    const keys = this.file.keys.map(({ privateKey: _drop, ...rest }) => rest as StoredKey);
    const next: KeyFile = { version: 1, keys: [...keys, newKey(this.now())] };
    if (this.path) {
      writeAtomic(this.path, next);
      this.mtimeMs = fs.statSync(this.path).mtimeMs;
    }
    this.file = next;
    this.privateKey = this.index();
    return { kid: this.currentKid, retired };
  }

  private loadOrCreate(file: string): KeyFile {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      const created: KeyFile = { version: 1, keys: [newKey(this.now())] };
      try {
        fs.writeFileSync(fd, JSON.stringify(created, null, 2));
      } finally {
        fs.closeSync(fd);
      }
      this.mtimeMs = fs.statSync(file).mtimeMs;
      return created;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // Another instance created it: it may still be writing, so retry a short while on an empty file.
    for (let attempt = 0; ; attempt++) {
      const text = fs.readFileSync(file, 'utf8');
      if (text.trim() !== '' || attempt >= 50) {
        this.mtimeMs = fs.statSync(file).mtimeMs;
        return parseKeyFile(text, file);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }

  private reloadIfChanged(): void {
    if (!this.path) return;
    const m = fs.statSync(this.path).mtimeMs;
    if (m === this.mtimeMs) return;
    this.file = parseKeyFile(fs.readFileSync(this.path, 'utf8'), this.path);
    this.mtimeMs = m;
    this.privateKey = this.index();
  }

  private index(): crypto.KeyObject {
    this.publicKeys.clear();
    for (const k of this.file.keys) {
      this.publicKeys.set(k.kid, crypto.createPublicKey({ key: Buffer.from(k.publicKey, 'base64'), format: 'der', type: 'spki' }));
    }
    const cur = this.file.keys[this.file.keys.length - 1];
    return crypto.createPrivateKey(cur.privateKey!);
  }
}

/**
 * The key directory: ONEWINDOW_SIGNING_KEYS_DIR if set (required for several PostgreSQL instances: point it
 * at a directory they all share); else `keys/` beside the SQLite database file; else `data/keys` under the
 * working directory (PostgreSQL, one instance). A `:memory:` SQLite database keeps its key in memory (null).
 */
export function signingKeyDir(
  config: { dialect: 'sqlite' | 'postgres'; databaseUrl: string },
  env: Record<string, string | undefined> = process.env,
): string | null {
  if (env.ONEWINDOW_SIGNING_KEYS_DIR) return path.resolve(env.ONEWINDOW_SIGNING_KEYS_DIR);
  if (config.dialect === 'sqlite') {
    if (config.databaseUrl === ':memory:') return null;
    return path.join(path.dirname(config.databaseUrl), 'keys');
  }
  return path.resolve('data', 'keys');
}
