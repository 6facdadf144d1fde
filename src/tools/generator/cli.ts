import { generate, SCALES, type Scale } from './generator';

const USAGE = 'usage: onewindow generate --scale county-year|small|tiny [--year 2025] [--seed 1] [--db file:…|postgres://…[?schema=name]]';

export interface GenerateArgs {
  scale?: string;
  year?: string;
  seed?: string;
  db?: string;
  quiet: boolean;
}

/** `onewindow generate …` (flags parsed strictly by src/cli.ts): runs the generator, prints the report as one JSON line. */
export async function generateCommand(args: GenerateArgs): Promise<number> {
  const scale = (args.scale ?? 'small') as Scale;
  // The default year is the last complete one: a generated year is history, read "as of" its last day.
  const year = Number(args.year ?? new Date().getUTCFullYear() - 1);
  const seed = Number(args.seed ?? 1);
  if (!(scale in SCALES) || !Number.isInteger(year) || year < 2004 || year > 2100 || !Number.isInteger(seed)) {
    console.error(USAGE);
    return 2;
  }
  const report = await generate({ scale, year, seed, databaseUrl: args.db, progress: !args.quiet });
  console.log(JSON.stringify(report));
  return 0;
}
