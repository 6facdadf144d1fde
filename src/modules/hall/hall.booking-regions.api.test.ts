import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { installationRegion } from '../../kernel/region';
import { orgModule } from '../org';
import { hallModule } from '.';

const NOW = '2026-09-30T09:00:00+08:00';
const DAY = '2026-09-30';
const OTHER = '430581'; // a second county of a province installation
const modules = [orgModule, hallModule] as const;

type Slots = { bookable: boolean; slots: Array<{ slot: string; left: number; available: boolean }> };
type Days = { days: Array<{ day: string; left: number; bookable: boolean }> };

/** A citizen books at one county's hall: the halls to choose from, and each hall's own places. */
describe.each(dialects)('booking at a county hall on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof buildTestApp<typeof modules>>>;
  const req = (as: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => t.request({ method, url: `/api/v1${url}`, as, payload });
  const ok = async <T>(as: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>): Promise<T> => {
    const res = await req(as, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW, modules });
    const depts = await t.ctx.services.org.all();
    await t.opened.db.updateTable('kernel_departments').set({ region_code: `${OTHER}001000` }).where('id', '=', depts[1].id).execute();
    // the county's own bureau names it (the 行政区划 table of kernel/validators knows only the home county)
    await t.ctx.services.org.create(systemActor('test'), { code: `${OTHER}-000`, name: '武冈市行政审批服务局', kind: 'bureau', regionCode: OTHER });
    t.ctx.services.org.invalidate();
    await ok('admin', 'PUT', '/hall/categories/A', { name: '综合受理', active: true, slotCapacity: 2 });
    await ok('admin', 'PUT', '/hall/windows/A01', { name: '1号窗口', categories: ['A'] });
  });
  afterAll(async () => t?.close());

  it('offers one hall while only the installation’s has windows, then each county hall by name', async () => {
    const one = await ok<{ items: Array<{ region: string; installation: boolean; name: string }>; total: number }>(undefined, 'GET', '/hall/halls');
    expect(one.items).toEqual([{ region: installationRegion(), name: '邵东市', installation: true }]);
    await ok('admin', 'PUT', '/hall/windows/K01', { name: '县大厅1号窗口', categories: ['A'], region: OTHER });
    const two = await ok<{ items: Array<{ region: string; installation: boolean; name: string }>; total: number }>(undefined, 'GET', '/hall/halls');
    expect(two.total).toBe(2);
    expect(two.items.map((h) => [h.region, h.installation])).toEqual([
      [installationRegion(), true],
      [OTHER, false],
    ]);
    expect(two.items[1]!.name).toBe('武冈市行政审批服务局');
  });

  it('counts each hall’s places apart in the slots and the days, and books where the citizen chose', async () => {
    const before = await ok<Days>(undefined, 'GET', `/hall/appointments/days?category=A&region=${OTHER}`);
    for (let i = 0; i < 2; i++) {
      const a = await ok<{ region: string; appointmentNo: string }>('citizen', 'POST', '/hall/appointments', { categoryCode: 'A', day: DAY, slot: '15:00', name: '王小明', phone: '13800001234', region: OTHER });
      expect(a.region).toBe(OTHER);
      expect(a.appointmentNo).toMatch(new RegExp(`^YY${OTHER}-20260930-\\d{4}$`));
    }
    const county = await ok<Slots>(undefined, 'GET', `/hall/appointments/slots?category=A&day=${DAY}&region=${OTHER}`);
    expect(county.slots.find((s) => s.slot === '15:00')).toMatchObject({ left: 0, available: false });
    // the installation's hall, named or not: its 15:00 is untouched
    for (const qs of ['', `&region=${installationRegion()}`]) {
      const own = await ok<Slots>(undefined, 'GET', `/hall/appointments/slots?category=A&day=${DAY}${qs}`);
      expect(own.slots.find((s) => s.slot === '15:00')).toMatchObject({ left: 2, available: true });
    }
    const after = await ok<Days>(undefined, 'GET', `/hall/appointments/days?category=A&region=${OTHER}`);
    const own = await ok<Days>(undefined, 'GET', '/hall/appointments/days?category=A');
    const left = (d: Days) => d.days.find((x) => x.day === DAY)!.left;
    expect(left(before) - left(after)).toBe(2);
    expect(left(own)).toBe(left(before));
    const mine = await ok<{ items: Array<{ region: string }> }>('citizen', 'GET', '/hall/appointments/mine');
    expect(mine.items.filter((a) => a.region === OTHER)).toHaveLength(2);
  });

  it.each([
    ['an unknown county', '110101', 'REGION_UNKNOWN'],
    ['a code that is not a county', '4305', 'REGION_INVALID'],
  ])('refuses %s naming the field', async (_what, region, code) => {
    for (const url of [`/hall/appointments/days?category=A&region=${region}`, `/hall/appointments/slots?category=A&day=${DAY}&region=${region}`]) {
      const res = await req(undefined, 'GET', url);
      expect([res.statusCode, res.json().error.code, res.json().error.details.field]).toEqual([422, code, 'region']);
    }
  });
});
