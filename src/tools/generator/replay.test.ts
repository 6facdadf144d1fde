import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { openDb } from '../../kernel/db/db';
import type { Kpi } from '../../shared/kpi';
import { generateCommand } from './cli';
import { replayTargets, scaleCount, SHAODONG_2022 } from './profiles/shaodong-2022';
import { replay, type ReplayReport } from './replay';
import { depthCounts } from './replay-catalog';
import { replaySummary } from './replay-summary';

/**
 * The 2022 replay at --scale small: the KPI summary of the written year (read through the statistics
 * service, as the report reads it) carries the profile's scaled counts, and each rate the report gives
 * without counts is the one the generated records make.
 */
const pgUrl = inject('pgUrl');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-replay-'));
const pgSchema = `replay_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${pgSchema} cascade`);
    await c.end();
  }
});

const t = replayTargets('small');
const FROM = '2022-01-01';

/** The numerator and denominator of a KPI. */
const nd = (k: Kpi | undefined) => [k?.numerator, k?.denominator];

async function checkYear(url: string): Promise<{ report: ReplayReport; kpis: Record<string, Kpi> }> {
  const report = await replay({ profile: 'shaodong-2022', scale: 'small', seed: 7, databaseUrl: url, progress: false });
  const kpis = await replaySummary(url, FROM, t.asOf, report.asOf);
  const completed = t.casesReceived - t.casesOpen;
  // 电子监察: received and completed 1 Jan … 24 Nov, 45 red and 13 yellow cards (kept exact at this scale).
  expect(nd(kpis['cases.completionRate'])).toEqual([completed, t.casesReceived]);
  expect(kpis['supervision.redCards'].numerator).toBe(45);
  expect(kpis['supervision.yellowCards'].numerator).toBe(13);
  expect(nd(kpis['cases.onTimeRate'])).toEqual([completed - 45, completed]);
  // 法定提速率: the rate the generated histories make (Σ legal − Σ used) / Σ legal, as planned.
  expect(nd(kpis['cases.statutorySpeedupRate'])).toEqual([report.cases.legalSum - report.cases.usedSum, report.cases.legalSum]);
  // 好差评: evaluations, active, good (level ≥ 3), the 2 valid 差评 rectified.
  expect(nd(kpis['evaluations.activeRate'])).toEqual([t.activeEvaluations, t.evaluations]);
  expect(nd(kpis['evaluations.goodRate'])).toEqual([t.activeEvaluations - 2, t.activeEvaluations]);
  expect(nd(kpis['evaluations.actualGoodRate'])).toEqual([t.activeEvaluations - 2, t.activeEvaluations]);
  expect(nd(kpis['evaluations.rectificationRate'])).toEqual([2, 2]);
  // 12345 and 市长信箱: orders received, the quotas' late replies and 不满意 callbacks, 104 of 108 letters in 5 days.
  const h = report.hotline;
  expect(kpis['hotline.directAnswerRate'].denominator).toBe(t.hotlineOrders + t.letters);
  expect(nd(kpis['hotline.onTimeRate'])).toEqual([h.dispatchedFinished - h.late, h.dispatchedFinished]);
  expect(nd(kpis['hotline.callbackRate'])).toEqual([h.dispatchedFinished, h.dispatchedFinished]);
  expect(nd(kpis['hotline.satisfactionRate'])).toEqual([h.dispatchedFinished, h.dispatchedFinished + h.unsatisfied]);
  expect(nd(kpis['hotline.connectRate'])).toEqual([h.calls - h.unanswered, h.calls]);
  expect(nd(kpis['mailbox.completionRate'])).toEqual([104, 108]);
  expect(nd(kpis['mailbox.averageDays'])).toEqual([520, 104]);
  // 走流程 and the hall's honours (small counts: exact at every scale).
  expect([kpis['walks.people'].value, kpis['walks.items'].value, kpis['walks.problems'].value, kpis['walks.measures'].value]).toEqual([118, 648, 77, 48]);
  expect([kpis['hall.honours.redFlagWindows'].value, kpis['hall.honours.serviceStars'].value, kpis['hall.honours.partyPioneers'].value]).toEqual([27, 26, 13]);
  // 政务公开: articles published, interpretations, consultations, opinions.
  expect([kpis['disclosure.published'].numerator, kpis['disclosure.interpretations'].numerator, kpis['disclosure.consultations'].numerator, kpis['disclosure.opinions'].numerator]).toEqual([t.disclosure.published, 16, 4, 2]);
  // The catalogue (2022-11): 三化 counts, 就近办 and 跨省通办 items, 网办深度 and 承诺压缩率 at the report's
  // two decimals, the 实施清单 filled and published in full (exact at every scale).
  const c = t.catalog;
  const inForce = c.county + c.township + c.village;
  expect(nd(kpis['catalog.countyItems'])).toEqual([c.county, inForce]);
  expect(nd(kpis['catalog.townshipItems'])).toEqual([c.township, inForce]);
  expect(nd(kpis['catalog.villageItems'])).toEqual([c.village, inForce]);
  expect(kpis['catalog.nearbyItems'].numerator).toBe(c.nearby);
  expect(kpis['catalog.crossProvinceItems'].numerator).toBe(c.crossProvince);
  const pct = (k: Kpi) => Math.round(((k.numerator ?? 0) / (k.denominator ?? 1)) * 10_000) / 100;
  expect(pct(kpis['catalog.onlineCapableRate'])).toBe(100);
  expect([pct(kpis['catalog.level3PlusRate']), pct(kpis['catalog.level3Rate']), pct(kpis['catalog.fullOnlineRate'])]).toEqual([96.87, 23.17, 73.7]);
  expect(pct(kpis['catalog.promiseCompressionRate'])).toBe(82);
  expect(pct(kpis['catalog.fillRate'])).toBe(100);
  expect(pct(kpis['catalog.publishRate'])).toBe(100);
  // 一件事 bundles in force, 绿色通道 cases (12万余 ÷ 1000), partner counties with an agreement in the year.
  expect(kpis['cases.bundlesInForce'].numerator).toBe(t.bundlesInForce);
  expect(nd(kpis['cases.greenChannelCases'])).toEqual([t.greenChannelCases, t.casesReceived]);
  expect(report.cases.green).toBe(t.greenChannelCases);
  expect(kpis['cases.crossProvincePartners'].numerator).toBe(t.crossProvincePartners);
  // 电子政务外网 (26 townships, 580 villages, 100+ attacks handled) and the year's trainings, kept exact.
  expect(nd(kpis['egov.townshipsConnected'])).toEqual([26, 26]);
  expect(nd(kpis['egov.villagesConnected'])).toEqual([580, 580]);
  expect(nd(kpis['egov.incidentsHandled'])).toEqual([t.egov.incidentsHandled, t.egov.incidentsHandled]);
  expect(nd(kpis['egov.trainingAttendees'])).toEqual([report.egov.attendees, t.egov.trainings]);
  // 电子证照: 20 types; the library in force at the year's end (30余万 ÷ 1000), this year's and earlier years'.
  expect(nd(kpis['licenses.types'])).toEqual([20, 20]);
  expect(report.library.inForce).toBe(t.libraryLicenses);
  expect(kpis['licenses.inLibrary'].numerator).toBeGreaterThanOrEqual(t.libraryLicenses);
  // The quotas are the report's rates at this scale's counts.
  expect(h.late).toBe(Math.round(h.dispatchedFinished * (1 - SHAODONG_2022.hotlineOnTimeRate)));
  return { report, kpis };
}

describe('generate --profile shaodong-2022 --scale small', () => {
  it('scales the large counts by 1/1000 and keeps the small ones', () => {
    expect(t).toMatchObject({ bundlesInForce: 245, greenChannelCases: 120, crossProvincePartners: 7, libraryLicenses: 300, casesReceived: 602, casesOpen: 50, casesLate: 45, nearDue: 13, evaluations: 982, activeEvaluations: 982, validBadReviews: 2, hotlineOrders: 63, letters: 108 });
    expect(replayTargets('full')).toMatchObject({ casesReceived: 602_320, evaluations: 982_454, activeEvaluations: 982_083, hotlineOrders: 62_892 });
    expect([scaleCount(45, 'small'), scaleCount(2042, 'small'), scaleCount(2042, 'full')]).toEqual([45, 2, 2042]);
  });

  it('finds the 网办深度 counts whose rates print as the report\'s at two decimals, or none', () => {
    expect(depthCounts(2205, 0.2317, 0.737)).toEqual({ c3: 511, c4: 1625 });
    // 2,217 依申请 items: 514 / 2,217 = 23.18 %, so no count gives 23.17 %, 73.70 % and 96.87 % at once.
    expect(depthCounts(2217, 0.2317, 0.737)).toBeNull();
    expect(depthCounts(10_000, 0.2317, 0.737)).toEqual({ c3: 2317, c4: 7370 });
  });

  let onSqlite: Record<string, Kpi>;
  it('writes the year on SQLite with the report counts, the audit chain intact', { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'replay.db');
    onSqlite = (await checkYear(`file:${file}`)).kpis;
    const opened = openDb({ dialect: 'sqlite', url: file });
    try {
      const audit = await verifyAuditChain(opened.db);
      expect(audit.ok, audit.reason).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it.skipIf(!pgUrl)('writes the same year on PostgreSQL', { timeout: 300_000 }, async () => {
    const { kpis } = await checkYear(`${pgUrl}${pgUrl?.includes('?') ? '&' : '?'}schema=${pgSchema}`);
    expect(kpis).toEqual(onSqlite);
  });

  it('refuses an unknown profile, a wrong scale or a --year with the usage and exit code 2', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const args of [{ profile: 'x' }, { profile: 'shaodong-2022', scale: 'tiny' }, { profile: 'shaodong-2022', year: '2023' }]) {
        expect(await generateCommand({ ...args, quiet: true })).toBe(2);
      }
      expect(error).toHaveBeenCalledWith(expect.stringContaining('--profile shaodong-2022'));
    } finally {
      error.mockRestore();
    }
  });
});
