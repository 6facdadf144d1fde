import { useEffect, useState } from 'react';
import { PLATFORM_NAME } from '../../app/theme';
import { useServerClock } from '../../app/useServerClock';
import { beijingParts } from '../../../../src/shared/beijing-time';
import { evaluationsApi, pct, type Display } from './evaluations.api';

const BG = '#07142b';
const PANEL = '#0e2145';
const ACCENT = '#4fc3ff';
const LEVEL_COLORS: Record<number, string> = { 5: '#3ddc84', 4: '#8bd34a', 3: '#f5c542', 2: '#ff9a3c', 1: '#ff5a4f' };

function Big({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div style={{ background: PANEL, borderRadius: 12, padding: 'clamp(12px, 3vw, 20px) clamp(14px, 3vw, 24px)', flex: 1, minWidth: 'min(220px, 100%)' }}>
      <div style={{ color: '#9fb3d9', fontSize: 20 }}>{label}</div>
      <div style={{ color: ACCENT, fontSize: 56, fontWeight: 700, lineHeight: 1.2 }}>{value}</div>
      {sub && <div style={{ color: '#9fb3d9', fontSize: 16 }}>{sub}</div>}
    </div>
  );
}

/** The hall's big screen: live totals and anonymised recent comments, refreshed every 15 s, no login. */
export default function HallDisplayPage() {
  const [d, setD] = useState<Display | null>(null);
  const clock = useServerClock();
  useEffect(() => {
    const load = () => evaluationsApi.display().then(setD, () => undefined);
    load();
    const t = window.setInterval(load, 15_000);
    return () => window.clearInterval(t);
  }, []);
  const maxLevel = Math.max(1, ...(d?.levels.map((l) => l.count) ?? [1]));
  return (
    <div style={{ minHeight: '100vh', background: BG, color: '#e6eeff', padding: 'clamp(12px, 3vw, 24px) clamp(12px, 4vw, 36px)', fontFamily: 'inherit' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', flexWrap: 'wrap', gap: 8, marginBottom: 20 }}>
        <div style={{ fontSize: 'clamp(22px, 5vw, 38px)', fontWeight: 700, letterSpacing: 2 }}>政务服务“好差评”实时公示</div>
        <div style={{ fontSize: 'clamp(14px, 2.5vw, 22px)', color: '#9fb3d9' }}>
          {PLATFORM_NAME} · <span data-testid="hall-clock">{clock.dateCn} {clock.weekday} {clock.time}</span>
        </div>
      </div>
      {!d ? (
        <div style={{ fontSize: 28 }}>正在加载…</div>
      ) : (
        <>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 20 }}>
            <Big label="今日评价" value={String(d.today.total)} sub={`好评率 ${pct(d.today.goodRate, 1)}`} />
            <Big label="本月评价" value={String(d.month.total)} sub={`主动评价 ${d.month.active}`} />
            <Big label="本月好评率" value={pct(d.month.goodRate, 2)} sub={`实际好评率 ${pct(d.month.actualGoodRate, 2)}`} />
            <Big label="本年评价" value={String(d.year.total)} sub={`好评率 ${pct(d.year.goodRate, 2)}`} />
          </div>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <div style={{ background: PANEL, borderRadius: 12, padding: 'clamp(12px, 3vw, 24px)', flex: '1 1 min(360px, 100%)' }}>
              <div style={{ fontSize: 24, marginBottom: 16 }}>本月评价分布</div>
              {d.levels.map((l) => (
                <div key={l.level} style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 14, fontSize: 20 }}>
                  <span style={{ width: 110 }}>{l.label}</span>
                  <div style={{ flex: 1, background: '#13305f', borderRadius: 6, height: 26 }}>
                    <div style={{ width: `${(l.count / maxLevel) * 100}%`, background: LEVEL_COLORS[l.level], height: 26, borderRadius: 6, minWidth: l.count ? 4 : 0 }} />
                  </div>
                  <span style={{ width: 60, textAlign: 'right' }}>{l.count}</span>
                </div>
              ))}
            </div>
            <div style={{ background: PANEL, borderRadius: 12, padding: 'clamp(12px, 3vw, 24px)', flex: '2 1 min(600px, 100%)', minWidth: 0 }}>
              <div style={{ fontSize: 24, marginBottom: 16 }}>最新评价</div>
              {d.recent.length === 0 && <div style={{ color: '#9fb3d9', fontSize: 20 }}>暂无评价</div>}
              {d.recent.map((r, i) => (
                <div key={i} style={{ borderBottom: '1px solid #1d3a6e', padding: '10px 0', fontSize: 'clamp(16px, 2.5vw, 20px)', display: 'flex', flexWrap: 'wrap', gap: '4px 16px' }}>
                  <span style={{ color: LEVEL_COLORS[r.level], width: 110, flexShrink: 0 }}>{r.levelLabel}</span>
                  <span style={{ flex: '1 1 160px', minWidth: 0, overflowWrap: 'anywhere' }}>
                    “{r.comment}”
                    <span style={{ color: '#9fb3d9', fontSize: 16 }}>
                      {' '}
                      —— {r.rater} · {r.itemName} · {r.channelLabel}
                    </span>
                  </span>
                  <span style={{ color: '#9fb3d9', fontSize: 16, flexShrink: 0 }}>{beijingParts(Date.parse(r.ratedAt)).date}</span>
                </div>
              ))}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
