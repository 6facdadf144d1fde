/**
 * Time is injected: rules and services ask a Clock, never Date.now(), so tests and demos can stand on
 * any day of the calendar.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Starts at `start` and then runs on with real time (ONEWINDOW_FAKE_NOW). */
export function offsetClock(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

/** A clock that stands still until moved; for tests. */
export class FixedClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date | string): void {
    this.t = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar day in Asia/Shanghai (no DST there, so a fixed +08:00 offset is exact). */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO-8601 with the +08:00 offset, as citizens and Open311 expect. */
export function shanghaiIso(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

/** Start of a Shanghai calendar day as a UTC instant. */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}
