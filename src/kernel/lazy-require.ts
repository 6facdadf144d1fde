import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use, not at start-up. An idle server then holds neither its code nor
 * what it builds on load (pg's type tables, chinese-days' lunar data, sanitize-html's parser): each costs
 * 2–4 MB of resident memory that a county's server, mostly idle, would carry for nothing (issue 19's
 * idle-RSS target; docs/operations.md, "Memory"). Synchronous, so sync code paths can use it; for ESM-only
 * packages use `await import()` inside the async function that needs them.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireCjs(id) as T);
}
