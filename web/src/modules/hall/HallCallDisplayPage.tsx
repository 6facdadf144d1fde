import { useCallback, useEffect, useRef, useState } from 'react';
import { callAnnouncement } from '../../../../src/shared/hall-calls';
import { api } from '../../app/request';
import { PLATFORM_NAME } from '../../app/theme';
import { hallApi, useHallEvents, type Display, type HallEvent } from './hall.api';
import { useServerClock } from '../../app/useServerClock';

const BG = '#07142b';
const PANEL = '#0e2145';
const ACCENT = '#ffd54f';
const MUTED = '#9fb3d9';
const STATE_COLORS: Record<string, string> = { calling: '#ffd54f', serving: '#3ddc84', idle: '#4fc3ff', paused: '#ff9a3c', closed: '#5b6b8c' };

const synth = (): SpeechSynthesis | null => (typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined' ? window.speechSynthesis : null);

/** Speaks Chinese with a zh-CN voice when the browser has one (else its default voice, told lang zh-CN). */
function speak(text: string): void {
  const s = synth();
  if (!s) return;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 0.9;
  const voices = s.getVoices?.() ?? [];
  const norm = (l: string) => l.replace('_', '-').toLowerCase();
  const voice = voices.find((v) => norm(v.lang) === 'zh-cn') ?? voices.find((v) => norm(v.lang).startsWith('zh'));
  if (voice) u.voice = voice;
  s.speak(u);
}

/**
 * The hall's 叫号 screen: the call being made (large), recent calls, every window's state and the waiting
 * counts, live by server-sent events; each call is spoken in Chinese. A browser plays speech only after a
 * touch or click on the page, so the screen asks for one once.
 */
export default function HallCallDisplayPage() {
  const [d, setD] = useState<Display | null>(null);
  const [flash, setFlash] = useState<HallEvent | null>(null);
  const [voice, setVoice] = useState(false);
  const voiceRef = useRef(false);
  voiceRef.current = voice;
  const now = useServerClock();
  const [honours, setHonours] = useState<Array<{ quarter: string; kindLabel: string; subjectName: string; publicityUntil: string }>>([]);
  useEffect(() => {
    // Honours in 公示 are shown on the hall screen too (absent when the honours module is not installed).
    api.get<{ inPublicity: typeof honours }>('/honours/public', undefined, { handle: true }).then((b) => setHonours(b.inPublicity), () => undefined);
  }, []);
  const load = useCallback(() => hallApi.display().then(setD, () => undefined), []);
  useEffect(() => {
    void load();
    // A safety net when the event stream is down (a proxy dropped it): the screen never goes stale for long.
    const t = window.setInterval(load, 60_000);
    return () => window.clearInterval(t);
  }, [load]);
  const connected = useHallEvents('display', (e) => {
    if (e.type === 'call' && e.ticketNo) {
      setFlash(e);
      if (voiceRef.current) speak(callAnnouncement(e.ticketNo, e.windowName ?? `${e.windowNo}号窗口`, e.callCount ?? 1));
    }
    void load();
  });
  useEffect(() => {
    if (!flash) return;
    const t = window.setTimeout(() => setFlash(null), 15_000);
    return () => window.clearTimeout(t);
  }, [flash]);

  const enableVoice = () => {
    setVoice(true);
    speak('语音播报已开启');
  };
  const latest = flash ? { ticketNo: flash.ticketNo!, windowName: flash.windowName ?? flash.windowNo } : d?.calls[0] ? { ticketNo: d.calls[0].ticketNo, windowName: d.calls[0].windowName } : null;
  const clock = now.synced ? { date: `${now.dateCn} ${now.weekday}`, time: now.time } : null;
  const hasSpeech = synth() !== null;

  return (
    <div style={{ minHeight: '100vh', background: BG, color: '#e6eeff', padding: 'clamp(12px, 2vw, 24px) clamp(12px, 3vw, 36px)' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
        <div style={{ fontSize: 'clamp(24px, 4vw, 40px)', fontWeight: 700, letterSpacing: 2 }}>政务服务大厅 · 叫号</div>
        <div style={{ fontSize: 'clamp(16px, 2vw, 24px)', color: MUTED }} data-testid="beijing-time">
          北京时间 {clock ? `${clock.date} ${clock.time}` : '—'}
        </div>
      </div>

      <div
        data-testid="current-call"
        style={{ background: flash ? '#1b3a78' : PANEL, borderRadius: 16, padding: 'clamp(16px, 3vw, 32px)', textAlign: 'center', marginBottom: 16, transition: 'background .3s', border: flash ? `3px solid ${ACCENT}` : '3px solid transparent' }}
      >
        {latest ? (
          <>
            <div style={{ fontSize: 'clamp(20px, 3vw, 32px)', color: MUTED }}>请</div>
            <div style={{ fontSize: 'clamp(64px, 12vw, 150px)', fontWeight: 800, color: ACCENT, lineHeight: 1.1, letterSpacing: 6 }}>{latest.ticketNo}</div>
            <div style={{ fontSize: 'clamp(24px, 4vw, 48px)', fontWeight: 700 }}>号到 {latest.windowName} 办理</div>
          </>
        ) : (
          <div style={{ fontSize: 'clamp(22px, 3vw, 36px)', color: MUTED, padding: 24 }}>暂无叫号，请取号后留意本屏</div>
        )}
      </div>

      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <div style={{ background: PANEL, borderRadius: 12, padding: 20, flex: '2 1 320px' }}>
          <div style={{ fontSize: 24, marginBottom: 12 }}>窗口</div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 10 }}>
            {d?.windows.map((w) => (
              <div key={w.windowNo} style={{ background: '#13305f', borderRadius: 10, padding: '10px 12px', borderLeft: `6px solid ${STATE_COLORS[w.state] ?? MUTED}` }}>
                <div style={{ fontSize: 18, fontWeight: 600 }}>{w.name}</div>
                <div style={{ fontSize: 28, fontWeight: 700, color: w.currentTicketNo ? ACCENT : MUTED }}>{w.currentTicketNo ?? '—'}</div>
                <div style={{ fontSize: 15, color: STATE_COLORS[w.state] ?? MUTED }}>{w.stateLabel}</div>
              </div>
            ))}
          </div>
          <div style={{ fontSize: 24, margin: '20px 0 10px' }}>最近呼叫</div>
          {d && d.calls.length === 0 && <div style={{ color: MUTED, fontSize: 20 }}>今日尚未叫号</div>}
          {d?.calls.map((c) => (
            <div key={c.id} style={{ display: 'flex', justifyContent: 'space-between', fontSize: 22, padding: '6px 0', borderBottom: '1px solid #1d3a6e' }}>
              <span style={{ fontWeight: 700, color: c.status === 'called' ? ACCENT : '#e6eeff' }}>{c.ticketNo}</span>
              <span>{c.windowName}</span>
              <span style={{ color: MUTED, fontSize: 16 }}>{c.status === 'called' ? '请到窗口' : '办理中'}</span>
            </div>
          ))}
        </div>
        <div style={{ background: PANEL, borderRadius: 12, padding: 20, flex: '1 1 260px' }}>
          <div style={{ fontSize: 24, marginBottom: 12 }}>等候人数</div>
          <div style={{ fontSize: 64, fontWeight: 800, color: '#4fc3ff', lineHeight: 1 }} data-testid="total-waiting">
            {d?.totalWaiting ?? '—'}
          </div>
          <div style={{ color: MUTED, marginBottom: 12 }}>人正在等候</div>
          {d?.waiting.map((c) => (
            <div key={c.code} style={{ display: 'flex', justifyContent: 'space-between', fontSize: 20, padding: '6px 0', borderBottom: '1px solid #1d3a6e' }}>
              <span>
                {c.code} · {c.name}
              </span>
              <span style={{ fontWeight: 700 }}>{c.waiting} 人</span>
            </div>
          ))}
        </div>
      </div>

      {honours.length > 0 && (
        <div style={{ background: PANEL, borderRadius: 12, padding: '12px 20px', marginTop: 16, fontSize: 18 }}>
          <span style={{ color: ACCENT, fontWeight: 700, marginRight: 12 }}>荣誉公示</span>
          {honours.map((h) => `${h.quarter} ${h.kindLabel}：${h.subjectName}`).join('；')}
          <span style={{ color: MUTED, fontSize: 15, marginLeft: 12 }}>公示至 {honours[0].publicityUntil}</span>
        </div>
      )}
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginTop: 16, color: MUTED, fontSize: 15 }}>
        <span>
          {PLATFORM_NAME} · {connected ? '实时连接' : '正在连接…'}
        </span>
        {!hasSpeech ? (
          <span>本设备不支持语音播报，仅屏幕显示</span>
        ) : voice ? (
          <span data-testid="voice-on">语音播报已开启</span>
        ) : (
          <button type="button" onClick={enableVoice} style={{ background: ACCENT, color: BG, border: 0, borderRadius: 8, padding: '8px 16px', fontSize: 18, fontWeight: 700, cursor: 'pointer' }}>
            点击开启语音播报
          </button>
        )}
      </div>
    </div>
  );
}
