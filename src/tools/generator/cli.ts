import { generate, SCALES, type Scale } from './generator';
import { PROFILES, replay, type Profile } from './replay';

const USAGE =
  'usage: onewindow generate --scale county-year|small|tiny [--year 2025] [--seed 1] [--db file:…|postgres://…[?schema=name]]\n' +
  '       onewindow generate --profile shaodong-2022 [--scale full|small] [--seed 1] [--db …]   the 2022 report replayed';

export interface GenerateArgs {
  profile?: string;
  scale?: string;
  year?: string;
  seed?: string;
  db?: string;
  quiet: boolean;
}

/** `onewindow generate …` (flags parsed strictly by src/cli.ts): runs the generator, prints the report as one JSON line. */
export async function generateCommand(args: GenerateArgs): Promise<number> {
  if (args.profile !== undefined) return profileCommand(args);
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
