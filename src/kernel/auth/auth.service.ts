import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { escapeLike, type Db } from '../db/db';
import { prepared } from '../db/prepared';
import { AppError, unauthorized } from '../errors';
import { recordAudit } from '../audit/audit';
import { MemoryRateLimitStore, RateLimiter, type RateLimitStore } from '../http/rate-limit';
import { ROLES, type Role } from '../../shared/roles';
import type { PublicUser, SessionInfo } from '../../shared/auth.types';
import type { Actor } from './actor';
import { hashPassword, passwordPolicyViolation, verifyPassword } from './password';
import { validateIdNumber, validateMobile } from '../validators';
import { shanghaiDate } from '../clock';
import { TtlCache } from '../ttl-cache';

export type { PublicUser, SessionInfo } from '../../shared/auth.types';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * How long a session read from the database is trusted without reading it again. A logout, a password
 * change or a deactivation made through this instance drops the session (or all the account's sessions)
 * from the cache at once; made through another instance on the same database, it takes effect here
 * within this bound. Expiry is checked on every request against the cached expiry time.
 */
export const SESSION_CACHE_MS = 2_000;
/** At most this many sessions are held (the oldest go first); a busy county has a few hundred staff. */
const SESSION_CACHE_ENTRIES = 10_000;

type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionByTokenHash.executeTakeFirst>>>;

export function parseRoles(raw: string): Role[] {
  return raw
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

export class AuthService {
  readonly perAccount: RateLimiter;
  readonly perIp: RateLimiter;
  /** Sessions by token hash (only those that were valid when read: unknown, revoked or inactive are read each time). */
  private readonly sessions = new TtlCache<string, SessionRow>(SESSION_CACHE_MS, SESSION_CACHE_ENTRIES);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    rateLimits: RateLimitStore = new MemoryRateLimitStore(),
  ) {
    this.perAccount = new RateLimiter(clock, 5, 15 * 60_000, rateLimits, 'login.account');
    this.perIp = new RateLimiter(clock, 30, 15 * 60_000, rateLimits, 'login.ip');
  }

  private async loadUser(where: { id?: number; username?: string }) {
    let q = this.db
      .selectFrom('kernel_users as u')
      .leftJoin('kernel_departments as d', 'd.id', 'u.department_id')
      .select(['u.id', 'u.username', 'u.name', 'u.roles', 'u.department_id', 'u.password_hash', 'u.active', 'u.window_no', 'd.name as department_name']);
    if (where.id !== undefined) q = q.where('u.id', '=', where.id);
    if (where.username !== undefined) q = q.where('u.username', '=', where.username);
    return q.executeTakeFirst();
  }

  private toPublic(row: { id: number; username: string; name: string; roles: string; department_id: number | null; department_name: string | null; window_no: string | null }): PublicUser {
    return {
      id: Number(row.id),
      username: row.username,
      name: row.name,
      roles: parseRoles(row.roles),
      departmentId: row.department_id === null ? null : Number(row.department_id),
      departmentName: row.department_name ?? null,
      windowNo: row.window_no ?? null,
    };
  }

  async login(username: string, password: string, ip: string): Promise<SessionInfo> {
    const accountKey = `acct:${username.toLowerCase()}`;
    const ipKey = `ip:${ip}`;
    const wait = Math.max(await this.perAccount.retryAfter(accountKey), await this.perIp.retryAfter(ipKey));
    if (wait > 0) {
      throw new AppError('LOGIN_THROTTLED', 429, `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, { retryAfter: wait });
    }
    const row = await this.loadUser({ username });
    const ok = row && Number(row.active) === 1 && (await verifyPassword(password, row.password_hash));
    if (!row || !ok) {
      await this.perAccount.hit(accountKey);
      await this.perIp.hit(ipKey);
      throw new AppError('INVALID_CREDENTIALS', 401, '用户名或密码错误');
    }
    await this.perAccount.reset(accountKey);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(18).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3600_000).toISOString();
    const user = this.toPublic(row);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('kernel_sessions')
        .values({ token_hash: sha256(token), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, ip })
        .execute();
      await recordAudit(tx, this.clock, { kind: 'user', id: user.id, username: user.username, name: user.name, roles: user.roles, departmentId: user.departmentId, ip }, {
        action: 'auth.login',
        subjectType: 'user',
        subjectId: user.id,
      });
    });
    return { token, csrfToken, expiresAt, user };
  }

  /** Resolves a bearer or cookie token; null when unknown, expired or revoked. */
  async authenticate(token: string): Promise<{ actor: Actor; user: PublicUser; csrfToken: string; sessionId: number } | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = sha256(token);
    const row = await this.sessions.get(tokenHash, async () => {
      const r = await sessionByTokenHash.executeTakeFirst(this.db, { tokenHash });
      return r && !r.revoked_at && Number(r.active) === 1 ? r : undefined;
    });
    if (!row || row.revoked_at || Number(row.active) !== 1) return null;
    if (row.expires_at <= this.clock.now().toISOString()) return null;
    const user = this.toPublic(row);
    return {
      user,
      csrfToken: row.csrf_token,
      sessionId: Number(row.session_id),
      actor: { kind: 'user', id: user.id, username: user.username, name: user.name, roles: user.roles, departmentId: user.departmentId },
    };
  }

  async logout(token: string, actor: Actor): Promise<void> {
    const tokenHash = sha256(token);
    this.sessions.delete(tokenHash);
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.updateTable('kernel_sessions').set({ revoked_at: this.clock.now().toISOString() }).where('token_hash', '=', tokenHash).execute();
        await recordAudit(tx, this.clock, actor, { action: 'auth.logout', subjectType: 'user', subjectId: actor.id ?? 0 });
      });
    } finally {
      // Again after the commit: a request that read the session while the revocation was under way.
      this.sessions.delete(tokenHash);
    }
  }

  /**
   * Forgets every cached session of an account: called when its sessions are revoked or what a session
   * carries (roles, department, active) changes, before and after the transaction that changes it.
   */
  forgetSessionsOf(userId: number): void {
    this.sessions.deleteWhere((row) => Number(row.id) === userId);
  }

  async me(userId: number): Promise<PublicUser> {
    const row = await this.loadUser({ id: userId });
    if (!row) throw unauthorized();
    return this.toPublic(row);
  }

  /**
   * One page of accounts (admin list), with their contact data for the caller to mask. Filters: `q` in the
   * username or name, one role, one department. Citizens register themselves, so the list can be long.
   */
  async listUsers(f: { q?: string; role?: Role; departmentId?: number; offset: number; limit: number }): Promise<{ items: Array<PublicUser & { phone: string | null; idNumber: string | null; active: boolean }>; total: number }> {
    let q = this.db.selectFrom('kernel_users as u').leftJoin('kernel_departments as d', 'd.id', 'u.department_id');
    const text = f.q?.trim();
    if (text) {
      const like = `%${escapeLike(text)}%`;
      q = q.where(sql<boolean>`(u.username like ${like} escape '\\' or u.name like ${like} escape '\\')`);
    }
    // roles is a comma-separated list: match the whole name between commas.
    if (f.role) q = q.where(sql<boolean>`',' || u.roles || ',' like ${`%,${f.role},%`}`);
    if (f.departmentId !== undefined) q = q.where('u.department_id', '=', f.departmentId);
    const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .select(['u.id', 'u.username', 'u.name', 'u.roles', 'u.department_id', 'u.window_no', 'u.phone', 'u.id_number', 'u.active', 'd.name as department_name'])
      .orderBy('u.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute();
    return { items: rows.map((r) => ({ ...this.toPublic(r), phone: r.phone ?? null, idNumber: r.id_number ?? null, active: Number(r.active) === 1 })), total };
  }

  /** An account's contact data, unmasked: callers mask it or record the view (recordPersonalDataView). */
  async contactOf(userId: number): Promise<{ phone: string | null; idNumber: string | null }> {
    const row = await this.db.selectFrom('kernel_users').select(['phone', 'id_number']).where('id', '=', userId).executeTakeFirst();
    if (!row) throw new AppError('USER_NOT_FOUND', 404, '用户不存在');
    return { phone: row.phone ?? null, idNumber: row.id_number ?? null };
  }

  /** Changing a password revokes every session of that account. */
  async changePassword(actor: Actor, userId: number, current: string | null, next: string, opts: { skipPolicy?: boolean } = {}): Promise<void> {
    const row = await this.loadUser({ id: userId });
    if (!row) throw new AppError('USER_NOT_FOUND', 404, '用户不存在');
    if (current !== null && !(await verifyPassword(current, row.password_hash))) {
      throw new AppError('INVALID_CREDENTIALS', 401, '原密码错误');
    }
    const violation = opts.skipPolicy ? null : passwordPolicyViolation(next);
    if (violation) throw new AppError('PASSWORD_POLICY', 422, violation, { field: 'newPassword' });
    const hash = await hashPassword(next);
    const now = this.clock.now().toISOString();
    this.forgetSessionsOf(userId);
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.updateTable('kernel_users').set({ password_hash: hash, password_changed_at: now, is_demo: 0 }).where('id', '=', userId).execute();
        await tx.updateTable('kernel_sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
        await recordAudit(tx, this.clock, actor, { action: 'user.password_changed', subjectType: 'user', subjectId: userId });
      });
    } finally {
      this.forgetSessionsOf(userId);
    }
  }

  async createUser(
    actor: Actor,
    input: {
      username: string;
      name: string;
      password: string;
      roles: Role[];
      departmentId: number | null;
      windowNo?: string | null;
      isDemo?: boolean;
      passwordHash?: string;
      phone?: string | null;
      idNumber?: string | null;
    },
  ): Promise<PublicUser> {
    let phone: string | null = null;
    let idNumber: string | null = null;
    if (input.phone) {
      const r = validateMobile(input.phone);
      if (!r.ok) throw new AppError('PHONE_INVALID', 422, r.message, { field: 'phone' });
      phone = r.value;
    }
    if (input.idNumber) {
      const r = validateIdNumber(input.idNumber, shanghaiDate(this.clock.now()));
      if (!r.ok) throw new AppError('ID_NUMBER_INVALID', 422, r.message, { field: 'idNumber' });
      idNumber = r.value;
    }
    if (!input.isDemo) {
      const violation = passwordPolicyViolation(input.password);
      if (violation) throw new AppError('PASSWORD_POLICY', 422, violation, { field: 'password' });
    }
    const exists = await this.db.selectFrom('kernel_users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (exists) throw new AppError('USERNAME_TAKEN', 409, `用户名 ${input.username} 已存在`);
    if (input.departmentId !== null) {
      const dept = await this.db.selectFrom('kernel_departments').select('id').where('id', '=', input.departmentId).executeTakeFirst();
      if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', 422, '部门不存在', { field: 'departmentId' });
    }
    const hash = input.passwordHash ?? (await hashPassword(input.password));
    const now = this.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('kernel_users')
        .values({
          username: input.username,
          name: input.name,
          password_hash: hash,
          roles: input.roles.join(','),
          department_id: input.departmentId,
          window_no: input.windowNo ?? null,
          phone,
          id_number: idNumber,
          active: 1,
          is_demo: input.isDemo ? 1 : 0,
          created_at: now,
          password_changed_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.clock, actor, {
        action: 'user.created',
        subjectType: 'user',
        subjectId: Number(row.id),
        // The audit row says that contact data was given, never the values (the trail is read widely).
        after: { username: input.username, name: input.name, roles: input.roles, departmentId: input.departmentId, hasPhone: phone !== null, hasIdNumber: idNumber !== null },
      });
      return Number(row.id);
    });
    return this.me(id);
  }
}

// Every authenticated request runs this join: compiled once (kernel/db/prepared.ts).
const sessionByTokenHash = prepared((db, p: { tokenHash: string }) =>
  db
    .selectFrom('kernel_sessions as s')
    .innerJoin('kernel_users as u', 'u.id', 's.user_id')
    .leftJoin('kernel_departments as d', 'd.id', 'u.department_id')
    .select(['s.id as session_id', 's.csrf_token', 's.expires_at', 's.revoked_at', 'u.id', 'u.username', 'u.name', 'u.roles', 'u.department_id', 'u.active', 'u.window_no', 'd.name as department_name'])
    .where('s.token_hash', '=', p.tokenHash),
);
