import { modules } from '../../src/modules';
import { computeIdCheckChar } from '../../src/kernel/validators';
import type { Writer } from './server';

/**
 * Case intake (POST /api/v1/cases, as the window clerk) as the crash test's write, once the cases module
 * is registered; until then the test falls back to department creation. The item is the first
 * published catalogue item the demo county offers.
 */
export function intakeWriter(): Writer | null {
  if (!modules.some((m) => m.name === 'cases')) return null;
  let itemCode: Promise<string> | null = null;
  const firstItem = async (url: string, token: string) => {
    const r = await fetch(`${url}/api/v1/items?pageSize=50`, { headers: { authorization: `Bearer ${token}` } });
    const items = ((await r.json()) as { items: Array<{ code: string; status?: string }> }).items;
    const item = items.find((i) => !i.status || i.status === 'published');
    if (!item) throw new Error('no published catalogue item to file cases against');
    return item.code;
  };
  return {
    name: 'cases',
    async write(s, token, client, n) {
      itemCode ??= firstItem(s.url, token);
      const first17 = `430582199${String(client).padStart(1, '0')}0${String((n % 9) + 1)}01${String(n % 1000).padStart(3, '0')}`.slice(0, 17);
      const r = await fetch(`${s.url}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          itemCode: await itemCode,
          channel: 'window',
          applicant: { type: 'person', name: `申请人${client}-${n}`, idNumber: first17 + computeIdCheckChar(first17), phone: '13800000000' },
        }),
      });
      const body = (await r.json().catch(() => ({}))) as { caseNo?: string };
      return r.status === 201 && body.caseNo ? body.caseNo : null;
    },
    async missing(s, token, keys) {
      const gone: string[] = [];
      for (let i = 0; i < keys.length; i += 20) {
        const batch = keys.slice(i, i + 20);
        const answers = await Promise.all(batch.map((k) => fetch(`${s.url}/api/v1/cases/${encodeURIComponent(k)}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)));
        answers.forEach((st, j) => st !== 200 && gone.push(batch[j]));
      }
      return gone;
    },
  };
}
