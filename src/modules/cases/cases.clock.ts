/**
 * The clock of one case as the API shows it: the statutory clock engine of the kernel
 * (computeCaseClock / explainClock) applied to a case's facts, plus the §32 intake window before
 * acceptance. Pure: the caller passes the working-day index and today's date.
 */
import {
  computeCaseClock,
  explainClock,
  type ClockStep,
  type LimitUnit,
  type WorkdayIndex,
} from '../../kernel/calendar';
import type { CaseClockView, CaseStatus, ClockExtension, ClockSuspension } from '../../shared/cases.types';
import { clockInput, isDeemedAccepted } from './cases.rules';

export type { CaseClockView, ClockExtension, ClockSuspension } from '../../shared/cases.types';

export interface CaseClockFacts {
  status: CaseStatus;
  submittedOn: string;
  intakeFrom: string;
  intakeDueDate: string | null;
  acceptedOn: string | null;
  /** The row already records a §32 deemed acceptance. */
  deemedAccepted: boolean;
  promisedLimit: number;
  legalLimit: number;
  unit: LimitUnit;
  suspensions: readonly ClockSuspension[];
  extensions: readonly ClockExtension[];
  completedOn: string | null;
  closedOn: string | null;
  today: string;
}

const cnDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export function caseClockView(index: WorkdayIndex, f: CaseClockFacts): CaseClockView {
  // Deemed now (read before anyone acted on it) or already recorded as deemed on the row.
  const deemedNow = isDeemedAccepted(f.status, f.intakeDueDate, f.today);
  const deemed = deemedNow || f.deemedAccepted;
  const effectiveStatus: CaseStatus = deemedNow ? 'accepted' : f.status;
  const acceptedOn = f.acceptedOn ?? (deemedNow ? f.intakeFrom : null);
  const base = {
    effectiveStatus,
    deemedAccepted: deemed,
    submittedOn: f.submittedOn,
    intakeDueDate: f.intakeDueDate,
    promisedLimit: f.promisedLimit,
    legalLimit: f.legalLimit,
    unit: f.unit,
  };

  if (acceptedOn === null) {
    const open = f.status === 'submitted' || f.status === 'correction_requested';
    const intakeWorkdaysLeft = f.status === 'submitted' && f.intakeDueDate ? index.workdaysBetween(f.today, f.intakeDueDate) : null;
    let explanation: string;
    if (f.status === 'submitted' && f.intakeDueDate) {
      explanation = `${cnDate(f.intakeFrom)}提交申请，窗口须在 ${f.intakeDueDate}（5 个工作日内）作出受理、一次性告知补正或不予受理的决定；逾期未答复的，自提交之日起视为受理（《行政许可法》第三十二条）。`;
    } else if (f.status === 'correction_requested') {
      explanation = '已一次性告知需补正的材料，办理时限自补齐材料、受理之日起计算。';
    } else {
      explanation = `未受理（${f.status === 'rejected' ? '不予受理' : '已撤回'}），不计办理时限。`;
    }
    return {
      ...base,
      phase: open ? 'intake' : 'stopped',
      intakeWorkdaysLeft,
      acceptedOn: null,
      promisedDueDate: null,
      legalDueDate: null,
      basePromisedDueDate: null,
      baseLegalDueDate: null,
      workdaysUsed: 0,
      workdaysLeft: null,
      suspendedWorkdays: 0,
      extensionWorkdays: 0,
      overdue: false,
      provisional: f.intakeDueDate ? index.isProvisional(f.intakeDueDate) : false,
      suspensions: [],
      extensions: [],
      steps: [],
      explanation,
    };
  }

  const stoppedOn = f.completedOn ?? f.closedOn;
  const input = clockInput({
    acceptedOn,
    promisedLimit: f.promisedLimit,
    legalLimit: f.legalLimit,
    unit: f.unit,
    suspensions: f.suspensions,
    extensions: f.extensions,
    stoppedOn,
    today: f.today,
  });
  const clock = computeCaseClock(index, input);
  let explanation = explainClock(index, input, clock);
  if (deemed) {
    explanation = `申请于 ${f.intakeFrom} 提交，${f.intakeDueDate} 前未作出受理决定，依《行政许可法》第三十二条自提交之日起视为受理。${explanation}`;
  }
  const suspSteps = clock.steps.filter((s): s is Extract<ClockStep, { kind: 'suspension' }> => s.kind === 'suspension');
  const extSteps = clock.steps.filter((s): s is Extract<ClockStep, { kind: 'extension' }> => s.kind === 'extension');
  // computeCaseClock sorts suspensions by start; ours are stored in that order too.
  const suspensions = [...f.suspensions]
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .map((s, i) => ({
      ...s,
      workdays: suspSteps[i]?.workdays ?? 0,
      promisedShift: suspSteps[i]?.promisedShift ?? 0,
      legalShift: suspSteps[i]?.legalShift ?? 0,
      open: s.to === null,
    }));
  const extensions = f.extensions.map((e, i) => ({
    ...e,
    previousLegalDueDate: extSteps[i]?.previousLegalDueDate ?? clock.legalDueDate,
    legalDueDate: extSteps[i]?.legalDueDate ?? clock.legalDueDate,
  }));
  const suspended = f.status === 'suspended';
  return {
    ...base,
    phase: stoppedOn ? 'stopped' : suspended ? 'suspended' : 'running',
    intakeWorkdaysLeft: null,
    acceptedOn,
    promisedDueDate: clock.promisedDueDate,
    legalDueDate: clock.legalDueDate,
    basePromisedDueDate: clock.basePromisedDueDate,
    baseLegalDueDate: clock.baseLegalDueDate,
    workdaysUsed: clock.workdaysUsed,
    workdaysLeft: clock.workdaysLeft,
    suspendedWorkdays: clock.suspendedWorkdays,
    extensionWorkdays: clock.extensionWorkdays,
    overdue: clock.overdue,
    provisional: clock.provisional,
    suspensions,
    extensions,
    steps: clock.steps,
    explanation,
  };
}
