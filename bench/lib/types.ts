import { pathToFileURL } from 'node:url';
export { mulberry32 } from '../../src/shared/random';

/** One figure of `npm run bench` (the shape every bench file's `run({ quick })` returns). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The SPEC §6 target (null: reported for information). */
  target: number | null;
  /** A baseline measured in the same run (null: none). */
  baseline: number | null;
  ratio: number | null;
  /** 'min': value must be ≥ target (rates); 'max': value must be ≤ target (times, memory). Default by unit. */
  direction?: 'min' | 'max';
  note?: string;
}

export interface BenchOptions {
  quick: boolean;
  dialect: 'sqlite' | 'postgres';
  pgUrl: string;
}

export function directionOf(r: BenchResult): 'min' | 'max' {
  if (r.direction) return r.direction;
  return r.unit === '/s' ? 'min' : 'max';
}

export function verdict(r: BenchResult): 'OK' | 'MISSED' | '' {
  if (r.target === null || !Number.isFinite(r.value)) return '';
  return directionOf(r) === 'min' ? (r.value >= r.target ? 'OK' : 'MISSED') : r.value <= r.target ? 'OK' : 'MISSED';
}

const fmt = (n: number | null) => (n === null ? '—' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n < 1 ? 3 : 1));

/** `name  value unit  (target ≥ t)  baseline b  ratio r  OK|MISSED` */
export function line(r: BenchResult): string {
  const dir = directionOf(r) === 'min' ? '≥' : '≤';
  const target = r.target === null ? 'no target' : `target ${dir} ${fmt(r.target)} ${r.unit}`;
  const base = r.baseline === null ? '' : `  baseline ${fmt(r.baseline)} ${r.unit}`;
  const ratio = r.ratio === null ? '' : `  ratio ${r.ratio.toFixed(2)}x`;
  const v = verdict(r);
  return `${r.name.padEnd(34)} ${`${fmt(r.value)} ${r.unit}`.padStart(16)}  (${target})${base}${ratio}${v ? `  ${v}` : ''}${r.note ? `  — ${r.note}` : ''}`;
}

/** Runs a bench file's `run({ quick })` when the file is started directly (`node --import tsx bench/x.bench.ts`). */
export function runWhenMain(moduleUrl: string, run: (o: { quick: boolean }) => Promise<BenchResult[]>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  run({ quick: process.argv.includes('--quick') }).then(
    (r) => {
      for (const x of r) console.log(line(x));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
