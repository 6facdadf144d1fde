import { useEffect, useState } from 'react';
import { beijingParts, clockOffset, type BeijingParts } from '../../../src/shared/beijing-time';
import { api } from './request';

/** How often the offset to the server's clock is measured again (a PC clock drifts; the demo clock may be moved). */
const RESYNC_MS = 10 * 60_000;

/**
 * The server's time in 北京时间, ticking every second: the offset to the server's clock (GET /system/status,
 * which may be a demo clock) is measured on mount and every 10 minutes; the browser's own clock only
 * counts the seconds in between, and its time zone is never used. For wall screens (the hall's rating
 * display, the queue display): `const { time, dateCn, weekday } = useServerClock();`
 */
export function useServerClock(tickMs = 1000): BeijingParts & { synced: boolean } {
  const [offset, setOffset] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let alive = true;
    const sync = () => {
      const sent = Date.now();
      api.get<{ now: string }>('/system/status').then(
        (s) => {
          // The answer left the server about halfway through the round trip.
          if (alive) setOffset(clockOffset(s.now, (sent + Date.now()) / 2));
        },
        () => undefined,
      );
    };
    sync();
    const r = window.setInterval(sync, RESYNC_MS);
    const t = window.setInterval(() => setNow(Date.now()), tickMs);
    return () => {
      alive = false;
      window.clearInterval(r);
      window.clearInterval(t);
    };
  }, [tickMs]);
  return { ...beijingParts(now + (offset ?? 0)), synced: offset !== null };
}
