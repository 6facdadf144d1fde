/** Dummy values for path params, so a route pattern can be called without knowing real records. */
function dummyValue(param: string): string {
  const p = param.toLowerCase();
  if (p === 'date' || p.endsWith('date')) return '2026-10-09';
  if (p === 'year') return '2026';
  if (p === 'format') return 'json';
  if (p === 'id' || p.endsWith('id')) return '999999';
  return 'NONE-999999';
}

/** `/api/v1/cases/:caseNo/actions` → `/api/v1/cases/NONE-999999/actions`; `requests.:format` → `requests.json`. */
export function concreteUrl(pattern: string): string {
  return pattern
    .replace(/:([A-Za-z0-9_]+)(\.[a-z]+)?/g, (_m, name: string, ext?: string) => dummyValue(name) + (ext ?? ''))
    .replace(/\*$/, 'x');
}
