/**
 * Window rating devices (评价器/平板, 现场 一次一评): registered by an administrator with a key shown once
 * (only its hash is kept), they rate the cases their window's staff delivered today.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { maskName } from '../../kernel/validators';
import { fail, type EvaluationsDeps } from './evaluations.deps';
import { indicatorsFor, type StoredChannel } from './evaluations.rules';
import { deviceOf, type Device } from './evaluations.views';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The stored hash of a device key (the demo seed registers its tablet with a fixed key). */
export const deviceKeyHash = sha256;

export class RatingDevices {
  constructor(private readonly deps: EvaluationsDeps) {}

  /** Registers a rating device for a window; the key is returned once and only its hash is stored. */
  async register(actor: Actor, input: { windowNo: string; name: string; departmentId?: number }): Promise<{ device: Device; key: string }> {
    const { ctx, db } = this.deps;
    const windowNo = input.windowNo.trim().toUpperCase();
    if (!/^[A-Z0-9-]{1,20}$/.test(windowNo)) throw fail('WINDOW_NO_INVALID', 422, '窗口号只能包含字母、数字和连字符', { field: 'windowNo' });
    if (input.departmentId !== undefined && !(await ctx.services.org.byId(input.departmentId))) {
      throw fail('DEPARTMENT_NOT_FOUND', 422, `部门 ${input.departmentId} 不存在`, { field: 'departmentId' });
    }
    const key = `dev_${randomBytes(24).toString('base64url')}`;
    const device = await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('evaluations_devices')
        .values({
          window_no: windowNo,
          name: input.name.trim(),
          department_id: input.departmentId ?? null,
          key_hash: sha256(key),
          key_hint: key.slice(-4),
          active: 1,
          created_at: this.deps.nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const d = deviceOf(row);
      await recordAudit(tx, ctx.clock, actor, { action: 'evaluations.device_registered', subjectType: 'evaluation_device', subjectId: d.id, after: { windowNo: d.windowNo, name: d.name } });
      return d;
    });
    return { device, key };
  }

  async list(): Promise<Device[]> {
    const rows = await this.deps.db.selectFrom('evaluations_devices').selectAll().orderBy('window_no').orderBy('id').execute();
    return rows.map(deviceOf);
  }

  async revoke(actor: Actor, id: number): Promise<Device> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('evaluations_devices').set({ active: 0 }).where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw fail('DEVICE_NOT_FOUND', 404, `评价器 ${id} 不存在`);
      await recordAudit(tx, this.deps.ctx.clock, actor, { action: 'evaluations.device_revoked', subjectType: 'evaluation_device', subjectId: id });
      return deviceOf(row);
    });
  }

  /** The device a key belongs to; null for an unknown or revoked key. */
  async authenticate(key: string): Promise<Device | null> {
    const { db } = this.deps;
    const row = await db.selectFrom('evaluations_devices').selectAll().where('key_hash', '=', sha256(key)).executeTakeFirst();
    if (!row || Number(row.active) !== 1) return null;
    await db.updateTable('evaluations_devices').set({ last_seen_at: this.deps.nowIso() }).where('id', '=', row.id).execute();
    return deviceOf(row);
  }

  /** Who a device acts as: no user, no roles; the rating path lets it rate on its own channel only. */
  actorOf(d: Device, ip?: string): Actor {
    return { kind: 'device', id: null, username: `device:${d.id}`, name: `${d.windowNo}窗口评价器`, roles: [], departmentId: d.departmentId, ip };
  }

  /** What the tablet shows: today's cases delivered by this window's staff that this window has not rated. */
  async queue(d: Device) {
    const caseReads = this.deps.caseReads;
    const clerks = caseReads ? await this.windowClerkIds(d.windowNo) : [];
    const cases = (await caseReads?.completedBy(clerks, this.deps.today())) ?? [];
    const rated = await this.channelsUsed(cases.map((c) => c.id), 'window_device');
    const pending = cases.filter((c) => !rated.has(c.id));
    return {
      device: { id: d.id, windowNo: d.windowNo, name: d.name },
      indicators: indicatorsFor('window_device'),
      items: pending.map((c) => ({ caseNo: c.caseNo, itemName: c.itemName, applicantName: maskName(c.applicantName), completedOn: c.completedOn })),
    };
  }

  /** The active staff seated at a window (the accounts' window numbers). */
  private async windowClerkIds(windowNo: string): Promise<number[]> {
    const rows = await this.deps.db.selectFrom('kernel_users').select('id').where('window_no', '=', windowNo).where('active', '=', 1).execute();
    return rows.map((r) => Number(r.id));
  }

  private async channelsUsed(caseIds: number[], channel: StoredChannel): Promise<Set<number>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.deps.db.selectFrom('evaluations_evaluations').select('case_id').where('case_id', 'in', caseIds).where('channel', '=', channel).execute();
    return new Set(rows.map((r) => Number(r.case_id)));
  }
}
