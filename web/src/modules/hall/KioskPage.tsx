import { useEffect, useState } from 'react';
import { Alert, Button, Input, Spin } from 'antd';
import { BUREAU_NAME } from '../../app/theme';
import { isApiError } from '../../app/request';
import { useApi } from '../../app/useApi';
import { hallApi, useHallEvents, type Ticket } from './hall.api';
import { useServerClock } from '../../app/useServerClock';

const BLUE = '#1f5fbf';
const GREEN = '#2e9d4c';
const big = { height: 'auto', minHeight: 64, fontSize: 22, borderRadius: 12, whiteSpace: 'normal' as const };

/** The ticket as printed: number, category, people ahead, time taken. */
function PrintedTicket({ t, onDone }: { t: Ticket; onDone: () => void }) {
  // The kiosk returns to the start by itself, so the next citizen does not see this ticket.
  useEffect(() => {
    const back = window.setTimeout(onDone, 60_000);
    return () => window.clearTimeout(back);
  }, [onDone]);
  const taken = new Date(t.takenAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return (
    <div style={{ maxWidth: 420, margin: '0 auto' }}>
      <div data-testid="printed-ticket" className="hall-ticket" style={{ background: '#fff', border: '2px dashed #8c8c8c', borderRadius: 8, padding: '20px 16px', textAlign: 'center', color: '#000' }}>
        <div style={{ fontSize: 18 }}>{BUREAU_NAME}</div>
        <div style={{ fontSize: 16, color: '#555' }}>政务服务大厅 · 排队凭条</div>
        <div style={{ fontSize: 20, marginTop: 12 }}>{t.categoryName}</div>
        <div data-testid="ticket-no" style={{ fontSize: 84, fontWeight: 800, letterSpacing: 4, lineHeight: 1.1 }}>
          {t.ticketNo}
        </div>
        {t.priority && <div style={{ fontSize: 20, color: GREEN, fontWeight: 700 }}>绿色通道 · {t.priorityGroupLabel ?? '预约优先'}</div>}
        <div style={{ fontSize: 22, margin: '8px 0' }}>
          您前面还有 <b style={{ fontSize: 30 }}>{t.ahead ?? 0}</b> 人等候
        </div>
        <div style={{ fontSize: 16, color: '#555' }}>取号时间 {taken}</div>
        <div style={{ fontSize: 16, color: '#555', marginTop: 8 }}>请留意大厅叫号屏和语音提示，过号请重新取号</div>
      </div>
      <div style={{ display: 'flex', gap: 12, marginTop: 16 }} className="no-print">
        <Button size="large" style={{ ...big, flex: 1 }} onClick={() => window.print()}>
          打印凭条
        </Button>
        <Button type="primary" size="large" autoInsertSpace={false} style={{ ...big, flex: 1 }} onClick={onDone}>
          完成
        </Button>
      </div>
    </div>
  );
}

/** The hall's self-service 取号机: pick a category (绿色通道 first if it applies), or check in an appointment. */
export default function KioskPage() {
  const kiosk = useApi(() => hallApi.kiosk(), []);
  const now = useServerClock();
  const [group, setGroup] = useState<string | null>(null);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [checkIn, setCheckIn] = useState(false);
  const [apptNo, setApptNo] = useState('');
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<string | null>(null);
  useHallEvents('kiosk', () => kiosk.reload());

  const take = async (code: string) => {
    setBusy(code);
    setError(null);
    try {
      setTicket(await hallApi.take(code, group ?? undefined));
    } catch (e) {
      setError(isApiError(e) ? e.message : '取号失败，请重试或咨询导服台');
    } finally {
      setBusy(null);
    }
  };
  const doCheckIn = async () => {
    setBusy('checkin');
    setError(null);
    try {
      const r = await hallApi.checkIn(apptNo.trim(), last4.trim());
      setTicket(r.ticket);
    } catch (e) {
      setError(isApiError(e) ? e.message : '签到失败，请咨询导服台');
    } finally {
      setBusy(null);
    }
  };
  const reset = () => {
    setTicket(null);
    setGroup(null);
    setCheckIn(false);
    setApptNo('');
    setLast4('');
    setError(null);
    kiosk.reload();
  };

  const clock = now.synced ? { date: `${now.dateCn} ${now.weekday}`, time: now.time } : null;
  return (
    <div style={{ minHeight: '100vh', background: '#eef3fb', padding: '16px 12px 32px' }}>
      <style>{'@media print { .no-print { display: none !important; } body { background: #fff; } }'}</style>
      <div className="no-print" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', flexWrap: 'wrap', gap: 8, maxWidth: 960, margin: '0 auto 16px' }}>
        <div style={{ fontSize: 28, fontWeight: 700, color: BLUE }}>自助取号</div>
        {clock && (
          <div style={{ fontSize: 16, color: '#555' }}>
            北京时间 {clock.date} <b>{clock.time}</b>
          </div>
        )}
      </div>
      {ticket ? (
        <PrintedTicket t={ticket} onDone={reset} />
      ) : (
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          {error && <Alert type="error" showIcon message={error} style={{ fontSize: 18, marginBottom: 12 }} closable onClose={() => setError(null)} />}
          {!kiosk.data ? (
            <Spin size="large" style={{ display: 'block', margin: '48px auto' }} />
          ) : checkIn ? (
            <div style={{ background: '#fff', borderRadius: 12, padding: 20, maxWidth: 520, margin: '0 auto' }}>
              <div style={{ fontSize: 22, fontWeight: 600, marginBottom: 12 }}>预约签到</div>
              <div style={{ fontSize: 16, color: '#555', marginBottom: 12 }}>输入预约号和预约手机号后四位，签到后优先叫号。</div>
              <Input size="large" aria-label="预约号" placeholder="预约号，如 YY202609300001" value={apptNo} onChange={(e) => setApptNo(e.target.value.toUpperCase())} style={{ fontSize: 22, marginBottom: 12 }} />
              <Input size="large" aria-label="手机号后四位" placeholder="手机号后四位" inputMode="numeric" maxLength={4} value={last4} onChange={(e) => setLast4(e.target.value.replace(/\D/g, ''))} style={{ fontSize: 22, marginBottom: 16 }} />
              <div style={{ display: 'flex', gap: 12 }}>
                <Button size="large" style={{ ...big, flex: 1 }} onClick={() => setCheckIn(false)}>
                  返回
                </Button>
                <Button type="primary" size="large" style={{ ...big, flex: 1 }} disabled={apptNo.trim().length < 4 || last4.length !== 4} loading={busy === 'checkin'} onClick={doCheckIn}>
                  签到取号
                </Button>
              </div>
            </div>
          ) : (
            <>
              <div style={{ background: '#fff', borderRadius: 12, padding: 16, marginBottom: 16 }}>
                <div style={{ fontSize: 20, fontWeight: 600, color: GREEN }}>绿色通道（优先叫号）</div>
                <div style={{ fontSize: 15, color: '#666', marginBottom: 10 }}>老年人、残疾人、孕妇、军人等请先点选，再选业务</div>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: 8 }}>
                  {kiosk.data.priorityGroups.map((g) => (
                    <Button
                      key={g.code}
                      size="large"
                      aria-pressed={group === g.code}
                      autoInsertSpace={false}
                      onClick={() => setGroup(group === g.code ? null : g.code)}
                      style={{ ...big, minHeight: 52, fontSize: 18, ...(group === g.code ? { background: GREEN, borderColor: GREEN, color: '#fff' } : {}) }}
                    >
                      {g.label}
                    </Button>
                  ))}
                </div>
              </div>
              <div style={{ fontSize: 20, fontWeight: 600, margin: '4px 4px 10px' }}>{group ? `请选择业务（${kiosk.data.priorityGroups.find((g) => g.code === group)?.label}优先）` : '请选择要办理的业务'}</div>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 12 }}>
                {kiosk.data.categories.map((c) => (
                  <Button key={c.code} type="primary" size="large" loading={busy === c.code} disabled={busy !== null} onClick={() => take(c.code)} style={{ ...big, minHeight: 110, display: 'flex', flexDirection: 'column', justifyContent: 'center', gap: 4 }}>
                    <span style={{ fontSize: 24, fontWeight: 700 }}>{c.name}</span>
                    <span style={{ fontSize: 16, opacity: 0.9 }}>等候 {c.waiting} 人</span>
                  </Button>
                ))}
              </div>
              {kiosk.data.categories.length === 0 && <Alert type="info" showIcon message="当前暂停取号，请咨询导服台" style={{ fontSize: 18 }} />}
              <Button size="large" block onClick={() => setCheckIn(true)} style={{ ...big, marginTop: 16, borderColor: BLUE, color: BLUE }}>
                已网上预约？预约签到
              </Button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
