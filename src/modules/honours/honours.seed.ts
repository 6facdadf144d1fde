/**
 * Demo honours: the four quarters before the current one, each decided through the service's own
 * command (`decide`) from the quarter's computed candidates — the proposed ones, with reasons written
 * from their figures. A quarter whose records propose nobody gets no honours.
 */
import { systemActor } from '../../kernel/auth/actor';
import type { HonoursNeedsContext } from './honours.context';
import { HONOUR_KINDS, parseQuarter, previousQuarter, quarterOf, reasonsFrom } from './honours.rules';
import type { HonoursService } from './honours.service';

export async function seedHonours(ctx: HonoursNeedsContext, honours: HonoursService): Promise<void> {
  if ((await honours.quarters()).length > 0) return;
  const actor = { ...systemActor('honours.seed'), roles: ['leader' as const] };
  const today = ctx.calendar.today();
  let q = previousQuarter(quarterOf(today));
  const quarters: string[] = [];
  for (let i = 0; i < 4; i++, q = previousQuarter(q)) quarters.unshift(q);
  for (const quarter of quarters) {
    const { candidates } = await honours.candidates(quarter);
    const awards = HONOUR_KINDS.flatMap((kind) => candidates[kind].filter((c) => c.proposed).map((c) => ({ kind, subjectKey: c.key, reasons: reasonsFrom(c) })));
    if (awards.length === 0) continue;
    // The 讲评会 meets on the first working day after the quarter.
    const end = parseQuarter(quarter)!.to;
    const meetingOn = ctx.calendar.current.addWorkdays(end, 1);
    if (meetingOn > today) continue;
    await honours.decide(actor, { quarter, meetingOn, committee: '局党组书记、局长（主任）；分管副局长；效能监察股；大厅管理股', awards });
  }
}
