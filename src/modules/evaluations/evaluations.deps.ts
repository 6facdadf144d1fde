import { AppError } from '../../kernel/errors';
import { SettingStore } from '../../kernel/settings';
import type { EvaluationsNeedsContext } from './evaluations.context';
import { EVALUATIONS_SETTING, type EvaluationsConfig } from './evaluations.config';
import { evaluationsTables, type EvaluationsDb } from './evaluations.tables';

/**
 * What every use case of the module shares, built once per app: the kernel context, the module's typed
 * tables, its configuration (the kernel's SettingStore) and the day on the injected clock.
 */
export class EvaluationsDeps {
  readonly db: EvaluationsDb;
  readonly settings: SettingStore<EvaluationsConfig>;

  constructor(readonly ctx: EvaluationsNeedsContext) {
    this.db = evaluationsTables(ctx.db);
    this.settings = new SettingStore(ctx, EVALUATIONS_SETTING);
  }

  /** The configuration in force (defaults and the stored override, cached on the clock). */
  config(): Promise<EvaluationsConfig> {
    return this.settings.get();
  }

  today(): string {
    return this.ctx.calendar.today();
  }

  nowIso(): string {
    return this.ctx.clock.now().toISOString();
  }

  readonly addWorkdays = (date: string, n: number): string => this.ctx.calendar.current.addWorkdays(date, n);

  /** Ratings are about cases: without the cases module there is nothing to rate (and no case to read). */
  get caseReads() {
    return this.ctx.services.caseReads;
  }

  async deptNames(): Promise<Map<number, string>> {
    return new Map((await this.ctx.services.org.all()).map((d) => [d.id, d.name]));
  }
}

export const fail = (code: string, status: AppError['status'], message: string, details?: Record<string, unknown>) => new AppError(code, status, message, details);
