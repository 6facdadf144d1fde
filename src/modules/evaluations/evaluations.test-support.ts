/**
 * Test helpers for evaluations: the module list and a way to get a completed case through the real cases
 * API (submit → accept → approve → complete), at the window or online by the demo citizen.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { fakeCatalogModule, FOOD_ALL, personApplicant } from '../../../test/fixtures';
import { supervisionModule } from '../supervision';
import { statsModule } from '../stats';
import { evaluationsModule } from '.';

export const evaluationsTestModules = [orgModule, fakeCatalogModule, casesModule, supervisionModule, evaluationsModule, statsModule] as const;

type Request = (o: InjectOptions & { as?: string }) => Promise<LightMyRequestResponse>;

/** Drives one T-FOOD case to `completed` on the test clock's day; `online` = filed by the demo citizen. */
export async function completedCase(request: Request, opts: { online?: boolean; stopAt?: 'accepted' } = {}): Promise<string> {
  const submit = await request({
    method: 'POST',
    url: '/api/v1/cases',
    as: opts.online ? 'citizen' : 'clerk',
    payload: { itemCode: 'T-FOOD', channel: opts.online ? 'online' : 'window', applicant: personApplicant(opts.online ? { name: '张三' } : {}), materials: FOOD_ALL },
  });
  if (submit.statusCode !== 201) throw new Error(`submit: ${submit.statusCode} ${submit.body}`);
  const caseNo = submit.json().caseNo as string;
  const act = async (payload: Record<string, unknown>, as: string) => {
    const r = await request({ method: 'POST', url: `/api/v1/cases/${caseNo}/actions`, as, payload });
    if (r.statusCode !== 200) throw new Error(`${String(payload.action)}: ${r.statusCode} ${r.body}`);
  };
  await act({ action: 'accept' }, 'clerk');
  if (opts.stopAt === 'accepted') return caseNo;
  await act({ action: 'approve' }, 'reviewer');
  await act({ action: 'complete', deliveryMethod: '窗口领取' }, 'clerk');
  return caseNo;
}
