/**
 * 北京时间 (UTC+8, no daylight saving) as wall-clock parts, computed by arithmetic on the instant — never
 * through the browser's time zone, so a hall screen whose PC is set to UTC or Europe/Berlin still shows
 * Beijing's date and time. Plain functions: the web app's server-clock hook and the server both use them.
 */
const OFFSET_MS = 8 * 3600_000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export interface BeijingParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm:ss */
  time: string;
  /** 星期一 … 星期日 */
  weekday: string;
  /** 2026年9月30日 */
  dateCn: string;
}

export function beijingParts(epochMs: number): BeijingParts {
  const d = new Date(epochMs + OFFSET_MS);
  const iso = d.toISOString();
  return {
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    weekday: `星期${WEEKDAYS[d.getUTCDay()]}`,
    dateCn: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
  };
}

/** How far the server's clock is ahead of this machine's: the server's instant minus the local one. */
export function clockOffset(serverIso: string, localMsAtReceipt: number): number {
  const server = Date.parse(serverIso);
  return Number.isFinite(server) ? server - localMsAtReceipt : 0;
}
