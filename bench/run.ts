/**
 * `npm run bench [-- --quick] [--db postgres]`: every SPEC §6 figure on one line with its target and a
 * baseline measured in the same run, results also written to bench/results/<timestamp>.json.
 *
 * Exit code: non-zero only when a bench crashes; a missed target is printed as MISSED, not an error.
 * The machine is shared and noisy: figures are medians where a bench repeats, and every ratio compares
 * two things measured minutes apart on the same load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, type GenerateReport, type Scale } from '../src/tools/generator/generator';
import { freshDb, type FreshDb } from './lib/db';
import { summaryBench } from './lib/summary';
import { sweepBench } from './lib/sweep';
import { serverBench } from './lib/server';
import { line, verdict, type BenchResult } from './lib/types';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const dbArg = args.includes('--db') ? args[args.indexOf('--db') + 1] : 'sqlite';
const dialect: 'sqlite' | 'postgres' = dbArg === 'postgres' || dbArg?.startsWith('postgres') ? 'postgres' : 'sqlite';
const pgUrl = dbArg?.startsWith('postgres://') ? dbArg : process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : null;
const argOf = (name: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? null) : null);

type Bench = { name: string; run: () => Promise<BenchResult[]> };

/** A bench file another engineer owns (bench/<name>.bench.ts exporting run({ quick })), if present. */
async function external(name: string): Promise<((o: { quick: boolean; dialect?: string; pgUrl?: string }) => Promise<BenchResult[]>) | null> {
  const file = path.join(HERE, `${name}.bench.ts`);
  if (!fs.existsSync(file)) return null;
  const mod = (await import(file)) as { run?: (o: { quick: boolean }) => Promise<BenchResult[]> };
  return mod.run ?? null;
}

async function main(): Promise<number> {
  const started = Date.now();
  const results: BenchResult[] = [];
  const failures: { name: string; error: string }[] = [];
  const year = 2025;
  const scale: Scale = quick ? 'small' : 'county-year';
  let generated: (GenerateReport & { db: FreshDb }) | null = null;
  console.log(`onewindow bench — ${quick ? 'quick' : 'full'} run on ${dialect}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${(await import('node:os')).cpus().length} cores (figures are noisy: medians, ratios within this run)`);

  const benches: Bench[] = [
    {
      name: 'generate',
      run: async () => {
        const db = await freshDb(dialect, pgUrl, 'gen');
        const r = await generate({ scale, year, seed: 1, databaseUrl: db.url, progress: true });
        generated = { ...r, db };
        const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
        return [
          {
            name: `generate.${scale}Seconds`,
            value: r.seconds,
            unit: 's',
            target: scale === 'county-year' && dialect === 'sqlite' ? 180 : null,
            baseline: null,
            ratio: null,
            note: `CPU ${r.cpuSeconds.toFixed(0)} s (the generator's own user+system time; wall time grows with other load on the machine); ${r.cases.toLocaleString('en-US')} cases (${r.openCases.toLocaleString('en-US')} open), ${r.evaluations.toLocaleString('en-US')} evaluations (${r.reviews} 差评 loops), ${r.orders.toLocaleString('en-US')} work orders, ${r.calls.toLocaleString('en-US')} calls, ${r.letters} letters; ${rows.toLocaleString('en-US')} rows, ${Math.round(rows / r.seconds).toLocaleString('en-US')} rows/s overall`,
          },
        ];
      },
    },
    {
      name: 'summary',
      run: async () => {
        // The supervision engineer's bench (case KPIs: roll-up vs naive, both dialects) when present, and
        // always the whole summary (every provider) on the generated year, which is the SPEC §6 figure.
        const out: BenchResult[] = [];
        const ext = await external('summary');
        if (ext) out.push(...(await ext({ quick, dialect, pgUrl })));
        if (!generated) throw new Error('no generated year (the generate bench failed)');
        const g = generated as GenerateReport & { db: FreshDb };
        out.push(...(await summaryBench({ url: g.db.url, year: g.year, asOf: g.asOf, runs: quick ? 5 : 9, label: scale === 'county-year' ? 'countyYear' : 'smallYear' })));
        return out;
      },
    },
    {
      name: 'sweep',
      run: async () => {
        const ext = await external('sweep');
        if (ext) return ext({ quick, dialect, pgUrl });
        const db = await freshDb(dialect, pgUrl, 'sweep');
        try {
          return await sweepBench({ url: db.url, openCases: quick ? 20_000 : 100_000, runs: quick ? 5 : 9 });
        } finally {
          await db.drop();
        }
      },
    },
    {
      name: 'intake',
      run: async () => {
        const ext = await external('intake');
        if (!ext) throw new Error('bench/intake.bench.ts is missing');
        return ext({ quick, dialect, pgUrl });
      },
    },
    {
      name: 'deadlines',
      run: async () => {
        const ext = await external('deadlines');
        if (!ext) throw new Error('bench/deadlines.bench.ts is missing');
        return ext({ quick });
      },
    },
    {
      // the hall's kiosk throughput and call-to-display delay (bench/hall.bench.ts)
      name: 'hall',
      run: async () => {
        const ext = await external('hall');
        if (!ext) throw new Error('bench/hall.bench.ts is missing');
        return ext({ quick, dialect, pgUrl });
      },
    },
    {
      // issue 19: summary (province, county), list, export and intake on an existing province database (bench/province.bench.ts)
      name: 'province',
      run: async () => {
        const mod = (await import('./province.bench')) as typeof import('./province.bench');
        return mod.run({ quick, provinceDb: argOf('--province-db'), replicaUrl: argOf('--replica-url'), replicaOnly: args.includes('--replica-only') });
      },
    },
    {
      name: 'server',
      run: async () => {
        const db = await freshDb(dialect, pgUrl, 'server');
        try {
          return await serverBench({ databaseUrl: db.url, quick });
        } finally {
          await db.drop();
        }
      },
    },
  ];

  for (const b of benches) {
    if (only && !only.has(b.name)) continue;
    const t = performance.now();
    process.stdout.write(`\n▶ ${b.name}\n`);
    try {
      const rs = await b.run();
      for (const r of rs) {
        results.push(r);
        console.log(line(r));
      }
      console.log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    } catch (err) {
      const msg = (err as Error)?.stack ?? String(err);
      failures.push({ name: b.name, error: msg });
      console.error(`CRASHED ${b.name}: ${msg}`);
    }
  }
  if (generated) await (generated as { db: FreshDb }).db.drop().catch(() => undefined);

  console.log('\n=== summary (target beside each figure) ===');
  for (const r of results) console.log(line(r));
  const missed = results.filter((r) => verdict(r) === 'MISSED');
  console.log(missed.length ? `\nMISSED ${missed.length} target(s): ${missed.map((r) => r.name).join(', ')}` : '\nall targets met');
  if (failures.length) console.log(`CRASHED: ${failures.map((f) => f.name).join(', ')}`);

  const dir = path.join(HERE, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${dialect}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), quick, dialect, seconds: (Date.now() - started) / 1000, loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(), results, failures }, null, 2),
  );
  console.log(`results: ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
