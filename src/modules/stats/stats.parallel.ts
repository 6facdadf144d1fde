/**
 * How many KPI sources one summary, or one yearly report, asks at once (issue 19). Each source is a few independent reads, so on
 * PostgreSQL the summary takes about as long as its slowest sources instead of their sum; bounded so one
 * summary holds at most this many of the pool's connections (10 by default) and other requests still get
 * theirs. SQLite answers one statement at a time whatever the order, so there it changes nothing.
 */
export const SUMMARY_SOURCES_AT_ONCE = 4;

/** `fn` over `items` with at most `limit` running at once; the answers in the items' order (the first failure rejects). */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
