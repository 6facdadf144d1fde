import { generate, SCALES, type Scale } from './generator';
import { PROVINCE_COUNTIES } from './plan-province';
import { PROFILES, replay, type Profile } from './replay';

const USAGE =
  'usage: onewindow generate --scale county-year|small|tiny [--year 2025] [--seed 1] [--db file:…|postgres://…[?schema=name]]\n' +
  '       onewindow generate --scale province-year [--counties 10] [--year 2025] [--seed 1] [--db …]   N county-years, one region each\n' +
  '       (--counties N with small|tiny: N counties at that scale)\n' +
  '       onewindow generate --profile shaodong-2022 [--scale full|small] [--seed 1] [--db …]   the 2022 report replayed';

export interface GenerateArgs {
  profile?: string;
  scale?: string;
  year?: string;
  seed?: string;
  db?: string;
  counties?: string;
  quiet: boolean;
}

/** `onewindow generate …` (flags parsed strictly by src/cli.ts): runs the generator, prints the report as one JSON line. */
export async function generateCommand(args: GenerateArgs): Promise<number> {
  if (args.profile !== undefined) return profileCommand(args);
  const scale = (args.scale ?? 'small') as Scale;
  // The default year is the last complete one: a generated year is history, read "as of" its last day.
  const year = Number(args.year ?? new Date().getUTCFullYear() - 1);
  const seed = Number(args.seed ?? 1);
  const counties = args.counties === undefined ? undefined : Number(args.counties);
  const maxCounties = PROVINCE_COUNTIES.length;
  // Any scale may be written per county (the tests use tiny ones); province-year is the county-year's.
  const countiesOk = counties === undefined || (Number.isInteger(counties) && counties >= 1 && counties <= maxCounties);
  if (!(scale in SCALES) || !Number.isInteger(year) || year < 2004 || year > 2100 || !Number.isInteger(seed) || !countiesOk) {
    console.error(USAGE);
    return 2;
  }
  const report = await generate({ scale, year, seed, databaseUrl: args.db, progress: !args.quiet, counties });
  console.log(JSON.stringify(report));
  return 0;
}

/** `onewindow generate --profile shaodong-2022 [--scale full|small]`: a report's year replayed (replay.ts). */
async function profileCommand(args: GenerateArgs): Promise<number> {
  const scale = args.scale ?? 'full';
  const seed = Number(args.seed ?? 1);
  if (!(PROFILES as readonly string[]).includes(args.profile!) || !['full', 'small'].includes(scale) || args.year !== undefined || !Number.isInteger(seed)) {
    console.error(USAGE);
    return 2;
  }
  const report = await replay({ profile: args.profile as Profile, scale: scale as 'full' | 'small', seed, databaseUrl: args.db, progress: !args.quiet });
  console.log(JSON.stringify(report));
  return 0;
}
