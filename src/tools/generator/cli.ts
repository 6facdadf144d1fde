import { generate, SCALES, type Scale } from './generator';

const USAGE = 'usage: onewindow generate --scale county-year|small|tiny [--year 2025] [--seed 1] [--db file:…|postgres://…[?schema=name]]';

/** `onewindow generate …`: parses the flags, runs the generator, prints the report as one JSON line. */
export async function generateCommand(args: string[]): Promise<number> {
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scale = (flag('scale') ?? 'small') as Scale;
  // The default year is the last complete one: a generated year is history, read "as of" its last day.
  const year = Number(flag('year') ?? new Date().getUTCFullYear() - 1);
  const seed = Number(flag('seed') ?? 1);
  if (!(scale in SCALES) || !Number.isInteger(year) || year < 2004 || year > 2100 || !Number.isInteger(seed)) {
    console.error(USAGE);
    return 2;
  }
  const report = await generate({ scale, year, seed, databaseUrl: flag('db'), progress: !args.includes('--quiet') });
  console.log(JSON.stringify(report));
  return 0;
}
