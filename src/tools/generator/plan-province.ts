/**
 * A province-year (issue 19): `--scale province-year --counties N` writes N county-years into one database,
 * each county at the seed report's volumes, as a province running one installation for its counties would
 * hold them. The first county is the installation's own (the seeded demo county); every other one gets a
 * copy of the demo county's department tree under its own 行政区划代码, created through the org service.
 *
 * A county's cases are filed under its copy of the handling department, so `OrgService.regionOf` gives the
 * county, and are numbered per region and day exactly as intake numbers them (`caseSequenceName`: the
 * installation's county keeps `case:<day>`, the others count in `case:<region>:<day>`); 一件事 likewise.
 * Their catalogue versions stay the installation's (one catalogue per installation). Work orders belong to
 * their county too, numbered as the hotline numbers them (`orderSequenceName`: `GD<day><seq>` for the
 * installation's county, `GD<region>-<day>-<seq>` for the others) and dispatched to that county's units.
 *
 * Counties are written one after another (each batch commits, counters are saved after each county, and
 * memory holds one county's plans at a time); SIGTERM stops after the county being written, then the
 * indexes, roll-ups and ANALYZE finish as usual, so a stopped run leaves complete counties behind.
 */
import type { ItemVersion } from '../../shared/catalog.types';
import type { Department } from '../../shared/org.types';
import { systemActor } from '../../kernel/auth/actor';
import { writeCases } from './plan-cases';
import { writeHotline } from './plan-hotline';
import { Rng } from './rng';
import { weighted } from './sampling';
import type { World } from './world';

/** Counties of 邵阳市, then of 娄底市 (6-digit 行政区划代码, name, the short form used inside names). */
export const PROVINCE_COUNTIES: readonly { code: string; name: string; short: string }[] = [
  { code: '430582', name: '邵东市', short: '邵东' },
  { code: '430502', name: '双清区', short: '双清' },
  { code: '430503', name: '大祥区', short: '大祥' },
  { code: '430511', name: '北塔区', short: '北塔' },
  { code: '430522', name: '新邵县', short: '新邵' },
  { code: '430523', name: '邵阳县', short: '邵阳县' },
  { code: '430524', name: '隆回县', short: '隆回' },
  { code: '430525', name: '洞口县', short: '洞口' },
  { code: '430527', name: '绥宁县', short: '绥宁' },
  { code: '430528', name: '新宁县', short: '新宁' },
  { code: '430529', name: '城步苗族自治县', short: '城步' },
  { code: '430581', name: '武冈市', short: '武冈' },
  { code: '431302', name: '娄星区', short: '娄星' },
  { code: '431321', name: '双峰县', short: '双峰' },
  { code: '431322', name: '新化县', short: '新化' },
  { code: '431381', name: '冷水江市', short: '冷水江' },
  { code: '431382', name: '涟源市', short: '涟源' },
];

export interface CountyReport {
  region: string;
  name: string;
  departments: number;
  cases: number;
  evaluations: number;
  orders: number;
  seconds: number;
  cpuSeconds: number;
  rssMb: number;
}

/** The counties of an N-county run, the installation's own first. */
export function provinceCounties(installation: string, n: number): { code: string; name: string; short: string }[] {
  const own = PROVINCE_COUNTIES.find((c) => c.code === installation) ?? { code: installation, name: '邵东市', short: '邵东' };
  const rest = PROVINCE_COUNTIES.filter((c) => c.code !== installation);
  if (!Number.isInteger(n) || n < 1 || n > rest.length + 1) throw new RangeError(`--counties must be 1…${rest.length + 1}`);
  return [own, ...rest.slice(0, n - 1)];
}

/** Parents before children. */
function treeOrder(depts: Department[]): Department[] {
  const ids = new Set(depts.map((d) => d.id));
  const out: Department[] = [];
  const done = new Set<number>();
  let left = depts;
  while (left.length > 0) {
    const next = left.filter((d) => d.parentId !== null && ids.has(d.parentId) && !done.has(d.parentId));
    for (const d of left) if (!next.includes(d)) (out.push(d), done.add(d.id));
    if (next.length === left.length) throw new Error('department tree has a cycle');
    left = next;
  }
  return out;
}

/**
 * Copies the installation county's departments (bureau, departments, townships, villages) to `county`:
 * codes and region codes get the county's prefix, names its name. Returns old id → new id. A department
 * already there (same code) is reused, so a second run over the same database does not fail on it.
 */
async function copyDepartments(w: World, from: { code: string; name: string; short: string }, to: { code: string; name: string; short: string }): Promise<Map<number, number>> {
  const org = w.ctx.services.org;
  const all = await org.all();
  const own: Department[] = [];
  for (const d of all) if (d.active && (await org.regionOf(d.id)) === from.code) own.push(d);
  const map = new Map<number, number>();
  const sys = systemActor('generator');
  const recode = (code: string) => (code.startsWith(from.code) ? to.code + code.slice(from.code.length) : `${to.code}-${code}`);
  const rename = (name: string) => name.replaceAll(from.name, to.name).replaceAll(from.short, to.short);
  for (const d of treeOrder(own)) {
    const code = recode(d.code);
    const existing = await org.byCode(code);
    const copy =
      existing ??
      (await org.create(sys, {
        code,
        name: rename(d.name),
        shortName: d.shortName === null ? null : rename(d.shortName),
        kind: d.kind,
        parentId: d.parentId === null ? null : (map.get(d.parentId) ?? null),
        regionCode: d.regionCode === null ? null : d.regionCode.startsWith(from.code) ? to.code + d.regionCode.slice(from.code.length) : to.code,
        hotlineUnit: d.hotlineUnit,
      }));
    map.set(d.id, copy.id);
  }
  return map;
}

/** Points the world at county `k`: its region, its own random stream, its departments' items and units. */
async function enterCounty(w: World, k: number, county: { code: string; name: string; short: string }, demo: { code: string; name: string; short: string }, base: Pick<World, 'itemDraw' | 'bundles' | 'units'>): Promise<number> {
  if (k === 0) {
    let own = 0;
    for (const d of await w.ctx.services.org.all()) if (d.active && (await w.ctx.services.org.regionOf(d.id)) === county.code) own++;
    return own;
  }
  const map = await copyDepartments(w, demo, county);
  const rng = new Rng(w.opts.seed + 7919 * k);
  const moved = (it: ItemVersion): ItemVersion => ({ ...it, departmentId: map.get(it.departmentId) ?? it.departmentId });
  const items = base.itemDraw.items.map(moved);
  // The county's own popularity order of the same catalogue.
  const draw = weighted(items, (_t, i) => 1 / Math.pow(i + 1, 0.9));
  draw.items = rng.shuffle([...items]);
  const units = await w.ctx.services.org.all();
  const mine = new Set(map.values());
  w.region = county.code;
  w.rng = rng;
  w.itemDraw = draw;
  w.bundles = base.bundles.map((b) => ({ id: b.id, items: b.items.map(moved) }));
  w.units = units.filter((d) => mine.has(d.id) && d.hotlineUnit && d.active);
  return map.size;
}

/** Writes the N counties one after another; returns what each one took. */
export async function writeProvince(w: World, n: number): Promise<CountyReport[]> {
  const installation = w.ctx.config.regionCode;
  const counties = provinceCounties(installation, n);
  const base = { itemDraw: w.itemDraw, bundles: w.bundles, units: w.units };
  const out: CountyReport[] = [];
  let stop = false;
  const onTerm = () => {
    stop = true;
    process.stderr.write('generate: SIGTERM — stopping after the county being written\n');
  };
  process.on('SIGTERM', onTerm);
  try {
    for (let k = 0; k < counties.length && !stop; k++) {
      const county = counties[k];
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const before = { ...w.counts };
      const departments = await enterCounty(w, k, county, counties[0], base);
      process.stderr.write(`generate county ${k + 1}/${counties.length} ${county.code} ${county.name}: ${departments} departments\n`);
      await writeCases(w);
      await writeHotline(w);
      await w.seqs.save();
      const r: CountyReport = {
        region: county.code,
        name: county.name,
        departments,
        cases: w.counts.cases - before.cases,
        evaluations: w.counts.evaluations - before.evaluations,
        orders: w.counts.orders - before.orders,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
        cpuSeconds: Math.round(((c) => (c.user + c.system) / 1e5)(process.cpuUsage(cpu0))) / 10,
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
      out.push(r);
      w.progress.done();
      process.stderr.write(`generate county ${k + 1}/${counties.length} done ${JSON.stringify(r)}\n`);
    }
  } finally {
    process.off('SIGTERM', onTerm);
  }
  return out;
}
