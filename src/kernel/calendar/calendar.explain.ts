/**
 * A plain Chinese explanation of a case clock for the case page (SPEC §2.3): which holidays and 调休
 * days moved the due date, and what each suspension and extension did.
 *
 * Pure: built from the working-day index and the computed clock, never from hard-coded dates.
 */
import { dayNumberToCivil, toDayNumber, weekdayOf } from './calendar.days';
import type { CaseClock, CaseClockInput } from './calendar.clock';
import type { HolidaySpan, WorkdayIndex } from './calendar.workdays';

const WEEKDAY_CN = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function cnDay(date: string, contextYear: number): string {
  const { year, month, day } = dayNumberToCivil(toDayNumber(date));
  return year === contextYear ? `${month}月${day}日` : `${year}年${month}月${day}日`;
}

function cnRange(from: string, to: string, contextYear: number): string {
  if (from === to) return cnDay(from, contextYear);
  return `${cnDay(from, contextYear)}—${cnDay(to, dayNumberToCivil(toDayNumber(from)).year)}`;
}

function spanPhrase(span: HolidaySpan, contextYear: number): string {
  const names = span.names.length > 0 ? span.names.join('、') : '法定节假日';
  return `${names}假期（${cnRange(span.from, span.to, contextYear)}）`;
}

/**
 * A plain Chinese explanation of a case clock for the case page, built from the index and the computed
 * result (never from hard-coded dates).
 */
export function explainClock(index: WorkdayIndex, input: CaseClockInput, result: CaseClock): string {
  const a = index.offsetOf(input.acceptedOn);
  const year = dayNumberToCivil(index.firstDay + a).year;
  const accepted = cnDay(input.acceptedOn, year);
  const unitCn = input.unit === 'workday' ? '工作日' : '自然日';
  const parts: string[] = [];

  const basePromised = index.offsetOf(result.basePromisedDueDate);
  if (input.promisedLimit === 0) {
    parts.push(`承诺办结日 ${result.basePromisedDueDate}：即办件，受理当日（${accepted}）办结。`);
  } else if (input.unit === 'workday') {
    const spans = index.holidaySpansAt(a + 1, basePromised);
    const adjusted = index.adjustedWorkdaysAt(a + 1, basePromised);
    let s = `承诺办结日 ${result.basePromisedDueDate}：受理日 ${accepted}不计，`;
    if (spans.length > 0) s += `${spans.map((sp) => spanPhrase(sp, year)).join('、')}顺延，`;
    if (adjusted.length > 0) {
      s += `${adjusted.map((d) => `${cnDay(d, year)}（${WEEKDAY_CN[weekdayOf(d)]}）`).join('、')}调休上班计为工作日，`;
    }
    s += `按 ${input.promisedLimit} 个工作日计算。`;
    parts.push(s);
  } else {
    const raw = a + input.promisedLimit;
    let s = `承诺办结日 ${result.basePromisedDueDate}：受理日 ${accepted}不计，按 ${input.promisedLimit} 个自然日计算`;
    if (raw !== basePromised) {
      const rawDate = index.dateAt(raw);
      const span = index.holidaySpansAt(raw, raw)[0];
      const why = span ? `逢${spanPhrase(span, year)}` : '为周末';
      s += `，第 ${input.promisedLimit} 日（${cnDay(rawDate, year)}）${why}，顺延至其后第一个工作日`;
    }
    parts.push(`${s}。`);
  }

  if (input.legalLimit > 0) {
    parts.push(`法定办结日 ${result.baseLegalDueDate}（按法定 ${input.legalLimit} 个${unitCn}计算）。`);
  }

  for (const step of result.steps) {
    if (step.kind === 'suspension') {
      const label = step.reason ? `${step.reason}中止` : '办理中止';
      let effect: string;
      if (step.workdays === 0) effect = '期间无工作日，办结日不变';
      else if (step.promisedShift > 0 && step.legalShift > 0) {
        effect = `承诺办结日顺延至 ${step.promisedDueDate}，法定办结日顺延至 ${step.legalDueDate}`;
      } else if (step.legalShift > 0) {
        effect = `中止时已过承诺办结日，承诺办结日不再顺延；法定办结日顺延至 ${step.legalDueDate}`;
      } else if (step.promisedShift > 0) {
        effect = `承诺办结日顺延至 ${step.promisedDueDate}；中止时已过法定办结日，法定办结日不再顺延`;
      } else effect = '中止时已过办结日，办结日不再顺延';
      if (step.open) {
        const sinceWhen = `自 ${cnDay(step.from, year)}起`;
        parts.push(
          step.lastDay
            ? `${label}中（${sinceWhen}，截至 ${cnDay(step.lastDay, year)}已计 ${step.workdays} 个工作日），${effect.replaceAll('顺延至', '暂顺延至')}，恢复办理前每个工作日继续顺延。`
            : `${label}中（${sinceWhen}），办结日将随中止的工作日顺延。`,
        );
      } else {
        const range = step.lastDay ? `（${cnRange(step.from, step.lastDay, year)}）` : '';
        parts.push(`${label} ${step.workdays} 个工作日${range}，${effect}。`);
      }
    } else if (step.kind === 'extension') {
      const approved = step.approvedOn ? `（${cnDay(step.approvedOn, year)}批准）` : '';
      parts.push(`经批准延长 ${step.days} 个工作日${approved}，法定办结日延至 ${step.legalDueDate}。`);
    }
  }

  if (input.completedOn != null) {
    const done = cnDay(input.completedOn, year);
    const verdict = result.overdue
      ? `超过承诺办结日 ${-result.workdaysLeft} 个工作日`
      : result.workdaysLeft > 0 ? `按时办结（提前 ${result.workdaysLeft} 个工作日）` : '按时办结';
    parts.push(`${done}办结，${verdict}，实际用时 ${result.workdaysUsed} 个工作日。`);
  } else {
    const now = cnDay(input.today, year);
    const left = result.overdue
      ? `已超过承诺办结日 ${result.promisedDueDate}（超期 ${-result.workdaysLeft} 个工作日）`
      : result.workdaysLeft === 0 ? '今日为承诺办结日' : `距承诺办结日还有 ${result.workdaysLeft} 个工作日`;
    parts.push(`截至 ${now}已用 ${result.workdaysUsed} 个工作日，${left}。`);
  }

  let text = parts.join('');
  if (result.provisional) text += '（日历为暂定）';
  return text;
}
