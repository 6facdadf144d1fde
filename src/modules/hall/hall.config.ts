/**
 * Hall knobs: the long-wait card, appointment slots and the no-show grace. Local practice, so every figure
 * is configuration stored under the kernel setting `hall.config` (any subset of keys).
 */
import type { SettingSpec } from '../../kernel/settings';

export interface HallConfig {
  /** A ticket waiting longer than this raises a yellow card. */
  longWaitMinutes: number;
  /** Half-hour appointment slots of a working day ('HH:MM' starts). */
  slots: string[];
  /** How many days ahead a citizen may book. */
  bookAheadDays: number;
  /** Minutes after a slot's start an appointment may still check in (later: 爽约). */
  checkInGraceMinutes: number;
}

export const HALL_DEFAULTS: HallConfig = {
  longWaitMinutes: 30,
  slots: ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:30', '15:00', '15:30', '16:00', '16:30'],
  bookAheadDays: 14,
  checkInGraceMinutes: 30,
};

const posInt = (v: unknown, fallback: number, min: number, max: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback);
const fields = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v)) : {});

export function mergeHallConfig(stored: unknown): HallConfig {
  const o = fields(stored);
  const d = HALL_DEFAULTS;
  const slots = Array.isArray(o.slots) && o.slots.length > 0 && o.slots.every((s) => typeof s === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(s)) ? [...(o.slots as string[])].sort() : d.slots;
  return {
    longWaitMinutes: posInt(o.longWaitMinutes, d.longWaitMinutes, 1, 600),
    slots,
    bookAheadDays: posInt(o.bookAheadDays, d.bookAheadDays, 1, 90),
    checkInGraceMinutes: posInt(o.checkInGraceMinutes, d.checkInGraceMinutes, 0, 240),
  };
}

export const HALL_SETTING: SettingSpec<HallConfig> = { key: 'hall.config', parse: mergeHallConfig, auditAction: 'hall.config_set' };
