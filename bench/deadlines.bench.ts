/**
 * Deadline computation benchmark (SPEC §6: ≥ 1,000,000 due dates/s on the precomputed working-day index).
 *
 *   node --import tsx bench/deadlines.bench.ts [--quick]
 *
 * The baseline is a naive day-by-day loop over Date objects and a holiday map, measured in the same run,
 * so the ratio is meaningful on a noisy machine; it also cross-checks the index's answers.
 */
import { mulberry32, runWhenMain, type BenchResult } from './lib/types';
import {
  WorkdayIndex,
  chineseDaysEntries,
  computeCaseClock,
  computeDueDate,
  fromDayNumber,
  toDayNumber,
  provisionalHolidays,
  type CaseClockInput,
  type LimitUnit,
} from '../src/kernel/calendar/index';

const DUE_DATE_TARGET = 1_000_000;
const MS_PER_DAY = 86_400_000;

interface Inputs {
  starts: string[];
  limits: Uint8Array;
  units: LimitUnit[];
}

function makeInputs(count: number, random: () => number): Inputs {
  const first = toDayNumber('2025-01-01');
  const days = toDayNumber('2026-12-31') - first + 1;
  const starts = new Array<string>(count);
  const limits = new Uint8Array(count);
  const units = new Array<LimitUnit>(count);
  for (let i = 0; i < count; i++) {
    starts[i] = fromDayNumber(first + Math.floor(random() * days));
    limits[i] = Math.floor(random() * 61);
    units[i] = random() < 0.5 ? 'workday' : 'natural';
  }
  return { starts, limits, units };
}

/** The obvious implementation: walk the calendar one Date at a time. */
function makeNaive(entries: { date: string; kind: string }[], publishedYears: number[]) {
  const work = new Map<string, boolean>();
  for (const e of entries) work.set(e.date, e.kind === 'workday' || e.kind === 'adjusted_workday');
  for (let y = 2000; y <= 2045; y++) {
    if (publishedYears.includes(y)) continue;
    for (const h of provisionalHolidays(y)) if (!work.has(h.date)) work.set(h.date, false);
  }
  const isWork = (t: number): boolean => {
    const d = new Date(t);
    const known = work.get(d.toISOString().slice(0, 10));
    if (known !== undefined) return known;
    const dow = d.getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return (start: string, limit: number, unit: LimitUnit): string => {
    if (limit === 0) return start;
    let t = Date.parse(`${start}T00:00:00Z`);
    if (unit === 'workday') {
      for (let c = 0; c < limit; ) {
        t += MS_PER_DAY;
        if (isWork(t)) c++;
      }
    } else {
      t += limit * MS_PER_DAY;
      while (!isWork(t)) t += MS_PER_DAY;
    }
    return new Date(t).toISOString().slice(0, 10);
  };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const seed = chineseDaysEntries();
  const buildStart = performance.now();
  const index = new WorkdayIndex({ entries: seed.entries, publishedYears: seed.years });
  const buildMs = performance.now() - buildStart;

  const random = mulberry32(20260930);
  const poolSize = 1 << 18;
  const mask = poolSize - 1;
  const inputs = makeInputs(poolSize, random);
  const dueIterations = quick ? 1_000_000 : 5_000_000;
  const naiveIterations = quick ? 20_000 : 100_000;

  // Warm-up lets the JIT settle before timing.
  let checksum = 0;
  for (let k = 0; k < 200_000; k++) {
    const j = k & mask;
    checksum += computeDueDate(index, { start: inputs.starts[j], limit: inputs.limits[j], unit: inputs.units[j] }).charCodeAt(9);
  }

  let t = performance.now();
  for (let k = 0; k < dueIterations; k++) {
    const j = k & mask;
    checksum += computeDueDate(index, { start: inputs.starts[j], limit: inputs.limits[j], unit: inputs.units[j] }).charCodeAt(9);
  }
  const dueRate = dueIterations / ((performance.now() - t) / 1000);

  const naive = makeNaive(seed.entries, seed.years);
  const naiveAnswers = new Array<string>(naiveIterations);
  t = performance.now();
  for (let k = 0; k < naiveIterations; k++) {
    const j = k & mask;
    naiveAnswers[k] = naive(inputs.starts[j], inputs.limits[j], inputs.units[j]);
  }
  const naiveRate = naiveIterations / ((performance.now() - t) / 1000);
  for (let k = 0; k < naiveIterations; k++) {
    const j = k & mask;
    const fast = computeDueDate(index, { start: inputs.starts[j], limit: inputs.limits[j], unit: inputs.units[j] });
    if (fast !== naiveAnswers[k]) {
      throw new Error(`Mismatch for ${inputs.starts[j]} + ${inputs.limits[j]} ${inputs.units[j]}: index ${fast}, naive ${naiveAnswers[k]}`);
    }
  }

  // Case clocks: a realistic mix of plain, suspended (closed and open) and extended cases.
  const clockCount = 1 << 14;
  const clocks: CaseClockInput[] = [];
  for (let i = 0; i < clockCount; i++) {
    const acceptedOn = inputs.starts[i];
    const a = toDayNumber(acceptedOn);
    const promisedLimit = inputs.limits[i] % 21;
    const r = random();
    const suspensions = r < 0.2
      ? [{ from: fromDayNumber(a + 3), to: r < 0.1 ? fromDayNumber(a + 10) : null, reason: '专家评审' }]
      : [];
    const extensions = random() < 0.1 ? [{ days: 10 }] : [];
    const completed = random() < 0.5;
    clocks.push({
      acceptedOn, promisedLimit, legalLimit: promisedLimit + 10, unit: inputs.units[i], suspensions, extensions,
      completedOn: completed ? fromDayNumber(a + 1 + Math.floor(random() * 40)) : null,
      today: fromDayNumber(a + Math.floor(random() * 60)),
    });
  }
  const clockIterations = quick ? 200_000 : 1_000_000;
  for (let k = 0; k < 50_000; k++) checksum += computeCaseClock(index, clocks[k & (clockCount - 1)]).workdaysLeft;
  t = performance.now();
  for (let k = 0; k < clockIterations; k++) checksum += computeCaseClock(index, clocks[k & (clockCount - 1)]).workdaysLeft;
  const clockRate = clockIterations / ((performance.now() - t) / 1000);

  const ratio = dueRate / naiveRate;
  console.log(`deadlines.indexBuildMs ${buildMs.toFixed(1)} ms (${index.size.toLocaleString('en-US')} days)`);
  console.log(`deadlines.dueDatesPerSec ${fmt(dueRate)} /s (target ≥ ${fmt(DUE_DATE_TARGET)} /s; ${fmt(dueIterations)} due dates)`);
  console.log(`deadlines.naiveDueDatesPerSec ${fmt(naiveRate)} /s (baseline: day-by-day loop, ${fmt(naiveIterations)} due dates, same answers)`);
  console.log(`deadlines.dueDatesSpeedup ${ratio.toFixed(1)}x over the baseline`);
  console.log(`deadlines.caseClocksPerSec ${fmt(clockRate)} /s (${fmt(clockIterations)} case clocks)`);
  console.log(`(checksum ${checksum})`);

  return [
    { name: 'deadlines.dueDatesPerSec', value: dueRate, unit: '/s', target: DUE_DATE_TARGET, baseline: naiveRate, ratio },
    { name: 'deadlines.caseClocksPerSec', value: clockRate, unit: '/s', target: null, baseline: null, ratio: null },
    { name: 'deadlines.indexBuildMs', value: buildMs, unit: 'ms', target: null, baseline: null, ratio: null },
  ];
}

runWhenMain(import.meta.url, run);
