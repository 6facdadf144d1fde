/**
 * Account administration beyond creation: roles, department and window of an account, and its
 * deactivation and reactivation (issue 20 item 8). A deactivated account cannot log in and every one of its
 * sessions is revoked in the same transaction, so it is locked out at once; the last active administrator
 * can neither be deactivated nor lose the admin role, so the platform always keeps one.
 */
import { sql } from 'kysely';
import type { Clock } from '../clock';
import type { Db, DbOrTx } from '../db/db';
import { AppError } from '../errors';
import { recordAudit } from '../audit/audit';
import { ROLES, type Role } from '../../shared/roles';
import type { Actor } from './actor';
import { parseRoles } from './auth.service';

export interface AccountChange {
  roles?: string[];
  departmentId?: number | null;
  windowNo?: string | null;
}

type Account = { id: number; username: string; roles: Role[]; departmentId: number | null; windowNo: string | null; active: boolean };

async function loadOrFail(tx: DbOrTx, id: number): Promise<Account> {
  const row = await tx.selectFrom('kernel_users').select(['id', 'username', 'roles', 'department_id', 'window_no', 'active']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('USER_NOT_FOUND', 404, '用户不存在');
  return {
    id: Number(row.id),
    username: row.username,
    roles: parseRoles(row.roles),
    departmentId: row.department_id === null ? null : Number(row.department_id),
    windowNo: row.window_no ?? null,
    active: Number(row.active) === 1,
  };
}

/** Active administrators other than `exceptId`. */
async function otherActiveAdmins(tx: DbOrTx, exceptId: number): Promise<number> {
  const r = await tx
    .selectFrom('kernel_users')
    .select(sql<number>`count(*)`.as('n'))
    .where('active', '=', 1)
    .where('id', '<>', exceptId)
    .where(sql<boolean>`',' || roles || ',' like '%,admin,%'`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The roles as given, checked: known names only, at least one, no duplicates kept. */
export function checkedRoles(given: readonly string[]): Role[] {
  const unknown = given.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new AppError('ROLE_UNKNOWN', 422, `没有这个角色：${unknown.join('、')}`, { field: 'roles', unknown });
  const roles = [...new Set(given)] as Role[];
  if (roles.length === 0) throw new AppError('ROLES_EMPTY', 422, '账号至少要有一个角色', { field: 'roles' });
  return roles;
}

export class AccountAdmin {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Drops an account's cached sessions (AuthService.forgetSessionsOf): they carry its roles and state. */
    private readonly forgetSessionsOf: (userId: number) => void = () => {},
  ) {}

  /** Runs a change of the account, its cached sessions forgotten before and after the commit. */
  private async changing<T>(id: number, change: () => Promise<T>): Promise<T> {
    this.forgetSessionsOf(id);
    try {
      return await change();
    } finally {
      this.forgetSessionsOf(id);
    }
  }

  /** Changes roles, department and window; taking the admin role from the last active admin is refused. */
  async update(actor: Actor, id: number, change: AccountChange): Promise<Account> {
    const roles = change.roles === undefined ? undefined : checkedRoles(change.roles);
    return this.changing(id, () => this.db.transaction().execute(async (tx) => {
      const before = await loadOrFail(tx, id);
      if (change.departmentId !== undefined && change.departmentId !== null) {
        const dept = await tx.selectFrom('kernel_departments').select('id').where('id', '=', change.departmentId).executeTakeFirst();
        if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', 422, '部门不存在', { field: 'departmentId' });
      }
      if (roles && before.roles.includes('admin') && !roles.includes('admin') && before.active && (await otherActiveAdmins(tx, id)) === 0) {
        throw new AppError('LAST_ADMIN', 409, '这是最后一个启用的系统管理员账号，不能取消其管理员角色');
      }
      const after = {
        roles: roles ?? before.roles,
        departmentId: change.departmentId === undefined ? before.departmentId : change.departmentId,
        windowNo: change.windowNo === undefined ? before.windowNo : change.windowNo?.trim() || null,
      };
      await tx.updateTable('kernel_users').set({ roles: after.roles.join(','), department_id: after.departmentId, window_no: after.windowNo }).where('id', '=', id).execute();
      await recordAudit(tx, this.clock, actor, {
        action: 'user.updated',
        subjectType: 'user',
        subjectId: id,
        before: { roles: before.roles, departmentId: before.departmentId, windowNo: before.windowNo },
        after,
      });
      return { ...before, ...after };
    }));
  }

  /**
   * Deactivates (sessions revoked in the same transaction) or reactivates an account. Deactivating the
   * last active admin, or oneself, is refused: either would lock the bureau out of its own platform.
   */
  async setActive(actor: Actor, id: number, active: boolean, reason: string | null): Promise<Account> {
    return this.changing(id, () => this.db.transaction().execute(async (tx) => {
      const before = await loadOrFail(tx, id);
      if (before.active === active) throw new AppError(active ? 'ALREADY_ACTIVE' : 'ALREADY_INACTIVE', 409, active ? '该账号已是启用状态' : '该账号已停用');
      const now = this.clock.now().toISOString();
      if (!active) {
        if (actor.id === id) throw new AppError('CANNOT_DEACTIVATE_SELF', 409, '不能停用自己正在使用的账号');
        if (before.roles.includes('admin') && (await otherActiveAdmins(tx, id)) === 0) {
          throw new AppError('LAST_ADMIN', 409, '这是最后一个启用的系统管理员账号，不能停用');
        }
        await tx.updateTable('kernel_sessions').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
      }
      await tx.updateTable('kernel_users').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
      await recordAudit(tx, this.clock, actor, {
        action: active ? 'user.reactivated' : 'user.deactivated',
        subjectType: 'user',
        subjectId: id,
        before: { active: before.active },
        after: { active, ...(reason ? { reason } : {}) },
      });
      return { ...before, active };
    }));
  }
}
