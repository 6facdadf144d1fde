/**
 * The system's default rating (默认评价, SPEC §2.5): a completed case nobody rated within its rating window
 * gets the configured level on the 'system' channel, never counted as active. The job walks completed
 * cases through the cases module (`caseReads.completedUpTo`) from a cursor kept in kernel_settings.
 */
import { systemActor } from '../../kernel/auth/actor';
import { parseJson } from '../../kernel/db/db';
import type { CompletedCursor } from '../cases';
import type { EvaluationsDeps } from './evaluations.deps';
import { handlingClerk, isUniqueViolation, type Rating } from './evaluations.rating';
import { ratingDeadline } from './evaluations.rules';

/** kernel_settings key of the default-evaluation walk's cursor (the job's state, not configuration). */
const DEFAULTS_CURSOR_KEY = 'evaluations.defaults_cursor';

export class DefaultRatings {
  constructor(
    private readonly deps: EvaluationsDeps,
    private readonly rating: Rating,
  ) {}

  /**
   * Gives every completed case whose rating window has passed without any rating the system's default
   * evaluation (never active). Idempotent: the unique (case, channel) index holds even when two
   * instances run the job at once — the loser's insert is skipped.
   */
  async apply(batch = 500): Promise<number> {
    const { deps } = this;
    const caseReads = deps.caseReads;
    if (!caseReads) return 0;
    const cfg = await deps.config();
    const today = deps.today();
    const idx = deps.ctx.calendar.current;
    // Cases completed on or before this day have a rating deadline before today (see ratingDeadline).
    const cutoff = idx.addNaturalDays(idx.addWorkdays(today, -cfg.ratingWindowWorkdays), -1);
    const sys = systemActor('evaluations.default');
    let created = 0;
    // Cases before the cursor all have a rating or a default already: completions are recorded on the
    // day they happen, so no case can later appear behind a cursor that trails today.
    let cursor = await this.cursor();
    for (;;) {
      const cases = await caseReads.completedUpTo(cutoff, cursor, batch);
      if (cases.length === 0) break;
      const rated = new Set(
        (await deps.db.selectFrom('evaluations_evaluations').select('case_id').where('case_id', 'in', cases.map((c) => c.id)).execute()).map((r) => Number(r.case_id)),
      );
      let progressed = 0;
      for (const c of cases) {
        const completedOn = c.completedOn;
        if (completedOn === null) break; // not answered by completedUpTo (completed cases only)
        const deadline = ratingDeadline(deps.addWorkdays, completedOn, cfg);
        if (deadline >= today) break;
        cursor = { completedOn, id: c.id };
        if (rated.has(c.id)) {
          progressed++;
          continue;
        }
        const dayAfter = idx.addNaturalDays(deadline, 1);
        const ratedOn = dayAfter < today ? dayAfter : today;
        const clerk = await handlingClerk(deps.ctx.auth, c);
        const inserted = await deps.db
          .transaction()
          .execute(async (tx) => {
            const exists = await tx.selectFrom('evaluations_evaluations').select('id').where('case_id', '=', c.id).where('channel', '=', 'system').executeTakeFirst();
            if (exists) return false;
            await this.rating.insert(tx, sys, cfg, c, {
              channel: 'system',
              level: cfg.defaultLevel,
              isDefault: true,
              comment: null,
              tags: [],
              indicators: {},
              windowNo: clerk?.windowNo ?? null,
              clerk,
              deviceId: null,
              raterUserId: null,
              recordedBy: null,
              ratedAt: ratedOn === today ? deps.nowIso() : new Date(`${ratedOn}T00:00:00+08:00`).toISOString(),
              ratedOn,
            });
            return true;
          })
          .catch((err) => {
            if (isUniqueViolation(err)) return false;
            throw err;
          });
        progressed++;
        if (inserted) created++;
      }
      if (cursor) await this.saveCursor(cursor);
      if (cases.length < batch || progressed < cases.length) break;
    }
    return created;
  }

  private async cursor(): Promise<CompletedCursor | null> {
    const row = await this.deps.db.selectFrom('kernel_settings').select('value_json').where('key', '=', DEFAULTS_CURSOR_KEY).executeTakeFirst();
    return parseJson<CompletedCursor | null>(row?.value_json, null);
  }

  private async saveCursor(cursor: CompletedCursor): Promise<void> {
    const value = JSON.stringify(cursor);
    const now = this.deps.nowIso();
    await this.deps.db
      .insertInto('kernel_settings')
      .values({ key: DEFAULTS_CURSOR_KEY, value_json: value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now }))
      .execute();
  }
}
