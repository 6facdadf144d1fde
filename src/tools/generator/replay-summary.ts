/**
 * The KPI summary of a replayed year, read through the statistics service of an app opened on the
 * replay's database (the test and docs/replay-2022.md compare it with the profile's targets).
 */
import { buildApp } from '../../app';
import { FixedClock } from '../../kernel/clock';
import { modules } from '../../modules';
import type { Kpi } from '../../shared/kpi';
import { generatorConfig } from './generator';

export async function replaySummary(databaseUrl: string, from: string, to: string, asOf: string): Promise<Record<string, Kpi>> {
  const config = generatorConfig({ scale: 'small', year: Number(from.slice(0, 4)), seed: 1, databaseUrl });
  const built = await buildApp({ config, clock: new FixedClock(asOf), modules, serveWeb: false });
  try {
    return (await built.ctx.services.stats.summaryOf({ from, to, departmentId: null })).kpis;
  } finally {
    await built.close();
  }
}
