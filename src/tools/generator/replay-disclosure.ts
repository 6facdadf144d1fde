/**
 * The replay's 政务公开 (issue 18 item 8), through the disclosure module's services: the articles the
 * government website published under 三审制 (drafted, then passed by three distinct reviewers), the
 * policy documents with their interpretations, and the consultations with the opinions received — each on
 * its own day of the year.
 */
import type { FixedClock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { personName } from './people';
import { spread } from './replay-cases';
import { at } from './sampling';
import type { World } from './world';

export interface DisclosureTargets {
  published: number;
  interpretations: number;
  consultations: number;
  opinions: number;
}

export async function writeReplayDisclosure(w: World, clock: FixedClock, t: DisclosureTargets): Promise<DisclosureTargets> {
  const { disclosure } = w.ctx.services;
  const admin = w.staff.admin;
  const workdays = w.days.filter((d) => w.index.isWorkday(d));
  const dayOf = (k: number, n: number) => workdays[Math.floor((k * workdays.length) / Math.max(1, n))];
  // The three reviewers of 三审制 (初审, 复审, 终审), each a named account distinct from the author.
  const reviewers: Actor[] = [];
  for (let i = 1; i <= 3; i++) {
    const name = personName(w.rng);
    const u = await w.ctx.auth.createUser(admin, { username: `review${i}`, name, password: `Replay-2022-review${i}-${w.rng.int(1e5, 1e6)}`, roles: ['leader'], departmentId: null });
    reviewers.push({ kind: 'user', id: u.id, username: `review${i}`, name, roles: ['leader'], departmentId: null });
  }
  const columns = await disclosure.articles.columns(null);
  if (columns.length === 0) throw new Error('replay: the website has no column');
  const out: DisclosureTargets = { published: 0, interpretations: 0, consultations: 0, opinions: 0 };
  w.progress.phase('disclosure', t.published);
  for (let k = 0; k < t.published; k++) {
    const day = dayOf(k, t.published);
    clock.set(at(day, 10, w.rng.int(0, 59)));
    const column = columns[k % columns.length];
    const { id } = await disclosure.articles.createDraft(admin, { columnId: column.id, title: `${column.name}：${day} 工作动态`, bodyHtml: `<p>${day}，相关工作按计划推进，现予公开。</p>` });
    await disclosure.articles.submit(admin, id);
    for (const r of reviewers) await disclosure.articles.review(r, id, 'pass', '同意发布');
    out.published++;
    if (k % 200 === 0) w.progress.set(out.published);
  }
  const depts = (await w.ctx.services.org.all()).filter((d) => d.active);
  for (let k = 0; k < t.interpretations; k++) {
    const day = dayOf(k, t.interpretations);
    clock.set(at(day, 9));
    const dept = depts[k % depts.length];
    const { id } = await disclosure.extras.createPolicy(admin, { departmentId: dept.id, docNo: `邵政办发〔${w.opts.year}〕${k + 1}号`, title: `关于进一步优化营商环境的若干措施（${k + 1}）`, issuer: '邵东市人民政府办公室', issuedOn: day, body: '为进一步优化营商环境，结合本市实际，制定以下措施。' });
    clock.set(at(day, 16));
    await disclosure.extras.addInterpretation(admin, id, { kind: 'text', title: `《关于进一步优化营商环境的若干措施（${k + 1}）》政策解读`, content: '一、出台背景；二、主要内容；三、适用对象。' });
    out.interpretations++;
  }
  for (let k = 0; k < t.consultations; k++) {
    const opensOn = dayOf(k, t.consultations + 1);
    const closesOn = w.index.addWorkdays(opensOn, 10);
    clock.set(at(opensOn, 9));
    const { id } = await disclosure.extras.createConsultation(admin, { departmentId: depts[k % depts.length].id, title: `关于征求政务服务事项优化意见的公告（${k + 1}）`, body: '现向社会公开征求意见。', questions: ['您对本事项办理流程有何建议？'], opensOn, closesOn });
    out.consultations++;
    // The opinions received: spread over the consultations.
    if (spread(k, t.opinions, t.consultations)) {
      clock.set(at(w.index.addWorkdays(opensOn, 2), 11));
      await disclosure.extras.submitOpinion(admin, id, { content: '建议进一步精简申请材料，推行网上办理。' });
      out.opinions++;
    }
  }
  clock.set(at(w.today, 23));
  return out;
}
