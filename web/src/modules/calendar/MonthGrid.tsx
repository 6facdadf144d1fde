import { memo } from 'react';
import { Card, Typography } from 'antd';
import type { CalendarDay } from './calendar.api';
import { DAY_KIND_STYLE, dayStatusText, mondayIndex, shortDayName } from './dates';

const { Text } = Typography;
const HEAD = ['一', '二', '三', '四', '五', '六', '日'];

interface MonthGridProps {
  month: number;
  days: CalendarDay[];
  today: string;
  /** When set (admin), days are buttons. */
  onPick?: (day: CalendarDay) => void;
}

/** One month, weeks starting on Monday; holidays red with 休, 调休 working days orange with 班. */
export const MonthGrid = memo(function MonthGrid({ month, days, today, onPick }: MonthGridProps) {
  const lead = days.length ? mondayIndex(days[0].date) : 0;
  const workdays = days.filter((d) => d.workday).length;
  return (
    <Card
      size="small"
      title={`${month}月`}
      extra={<Text type="secondary" style={{ fontSize: 12 }}>{workdays} 个工作日</Text>}
      data-testid={`month-${month}`}
      style={{ height: '100%' }}
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 3 }}>
        {HEAD.map((h, i) => (
          <div key={h} style={{ textAlign: 'center', fontSize: 12, color: i >= 5 ? '#8c8c8c' : '#595959', paddingBottom: 2 }}>
            {h}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`lead-${i}`} />
        ))}
        {days.map((d) => {
          const st = DAY_KIND_STYLE[d.kind];
          const isToday = d.date === today;
          const mark = d.kind === 'holiday' ? '休' : d.kind === 'adjusted_workday' ? '班' : null;
          const label = `${d.date} ${dayStatusText(d)}`;
          return (
            <div
              key={d.date}
              title={label}
              aria-label={label}
              role={onPick ? 'button' : undefined}
              tabIndex={onPick ? 0 : undefined}
              onClick={onPick ? () => onPick(d) : undefined}
              onKeyDown={onPick ? (e) => (e.key === 'Enter' || e.key === ' ') && onPick(d) : undefined}
              data-date={d.date}
              data-kind={d.kind}
              style={{
                position: 'relative',
                height: 40,
                borderRadius: 4,
                background: st.bg,
                color: st.fg,
                border: isToday ? '2px solid #1f5fbf' : `1px solid ${st.border}`,
                boxSizing: 'border-box',
                cursor: onPick ? 'pointer' : 'default',
                display: 'flex',
                flexDirection: 'column',
                alignItems: 'center',
                justifyContent: 'center',
                lineHeight: 1.1,
                overflow: 'hidden',
              }}
            >
              <span style={{ fontSize: 13, fontWeight: isToday ? 700 : 400 }}>{Number(d.date.slice(8))}</span>
              {shortDayName(d) && (
                <span style={{ fontSize: 10, whiteSpace: 'nowrap', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {d.kind === 'adjusted_workday' ? '调休' : shortDayName(d)}
                </span>
              )}
              {mark && (
                <span style={{ position: 'absolute', top: 1, right: 2, fontSize: 9, fontWeight: 600 }} aria-hidden>
                  {mark}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </Card>
  );
});

export function Legend() {
  const items: Array<{ kind: keyof typeof DAY_KIND_STYLE; label: string; mark?: string }> = [
    { kind: 'workday', label: '工作日' },
    { kind: 'weekend', label: '周末休息' },
    { kind: 'holiday', label: '法定节假日', mark: '休' },
    { kind: 'adjusted_workday', label: '调休上班', mark: '班' },
  ];
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center' }} data-testid="calendar-legend">
      {items.map((i) => {
        const st = DAY_KIND_STYLE[i.kind];
        return (
          <span key={i.kind} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 13 }}>
            <span
              style={{
                width: 18,
                height: 18,
                borderRadius: 3,
                background: st.bg,
                border: `1px solid ${st.border}`,
                color: st.fg,
                fontSize: 10,
                display: 'inline-flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              {i.mark}
            </span>
            {i.label}
          </span>
        );
      })}
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 13 }}>
        <span style={{ width: 18, height: 18, borderRadius: 3, border: '2px solid #1f5fbf', boxSizing: 'border-box' }} />
        今天
      </span>
    </div>
  );
}
