/**
 * Place-dependent figures of the cases module (SPEC: configuration with defaults, never buried
 * constants). Overridable from the environment so that a county can change them without a release.
 */
import { LIMITS } from '../../shared/limits';

export interface CasesSettings {
  /** 行政许可法 §32: working days the window has to accept, correct or reject (default 5). */
  intakeWindowWorkdays: number;
  /** Used when an item version states no extension allowance (行政许可法 §42: 10). */
  defaultExtensionAllowance: number;
  /** Public progress lookups per client IP per minute. */
  progressPerIpPerMinute: number;
  /** Wrong last-4 answers per case number per 15 minutes before the case number is locked for a while. */
  progressFailuresPerCase: number;
  /** Rows one Excel export of the 办件清单 may hold; more → 422 EXPORT_TOO_LARGE (narrow the filter). */
  exportMaxRows: number;
}

type Env = Record<string, string | undefined>;

const int = (v: string | undefined, fallback: number, min = 0) => {
  const n = v === undefined || v === '' ? fallback : Number(v);
  return Number.isInteger(n) && n >= min ? n : fallback;
};

export function loadCasesSettings(env: Env = process.env): CasesSettings {
  return {
    intakeWindowWorkdays: int(env.ONEWINDOW_CASES_INTAKE_WORKDAYS, 5, 1),
    defaultExtensionAllowance: int(env.ONEWINDOW_CASES_EXTENSION_ALLOWANCE, 10),
    progressPerIpPerMinute: int(env.ONEWINDOW_PROGRESS_PER_MINUTE, 30, 1),
    progressFailuresPerCase: int(env.ONEWINDOW_PROGRESS_FAILURES, 5, 1),
    exportMaxRows: int(env.ONEWINDOW_EXPORT_MAX_ROWS, LIMITS.exportRows, 1),
  };
}
