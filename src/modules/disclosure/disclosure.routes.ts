import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString, PageQuery, pageOf } from '../../kernel/http/schemas';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import { recordPersonalDataView } from '../../kernel/audit/personal-data';
import { LIMITS } from '../../shared/limits';
import { siteScope, type DisclosureNeedsContext } from './disclosure.context';
import { extensionsOf, uploadTypeOf } from '../../kernel/validators/upload-sniff';
import { ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, ANSWER_TYPES, ANSWER_TYPE_LABELS, ARTICLE_STATUSES, ARTICLE_STATUS_LABELS, COLUMN_KINDS, COLUMN_KIND_LABELS, DEFAULT_UPDATE_DAYS, DELIVERY_LABELS } from './disclosure.rules';
import { INTERPRETATION_KINDS, NEW_MEDIA_PLATFORMS } from './disclosure.extras';
import type { DisclosureParts } from './disclosure.parts';
import { MAX_ATTACHMENTS_PER_ARTICLE } from './disclosure.attachments';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const STAFF = ['publisher', 'admin'] as const;
const READERS = ['publisher', 'admin', 'leader', 'supervisor'] as const;
const REVIEWERS = ['publisher', 'admin', 'leader'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const S = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const TAG = ['disclosure'];
const OPINION_LIMIT = { name: 'disclosure.opinion', limit: 10, windowMs: 60 * 60_000, key: 'ip' } as const;
const REQUEST_LIMIT = { name: 'disclosure.request', limit: 5, windowMs: 60 * 60_000, key: 'ip' } as const;

export function disclosureRoutes(app: App, ctx: DisclosureNeedsContext, p: DisclosureParts) {
  const { articles, attachments, requests, extras, portal, figures } = p;

  app.get('/disclosure/meta', { config: { access: 'public' }, schema: { tags: TAG, summary: '栏目类型、稿件状态、答复类型（表单用）' } }, async () => ({
    columnKinds: COLUMN_KINDS.map((code) => ({ code, label: COLUMN_KIND_LABELS[code], updateDays: DEFAULT_UPDATE_DAYS[code] })),
    articleStatuses: ARTICLE_STATUSES.map((code) => ({ code, label: ARTICLE_STATUS_LABELS[code] })),
    answerTypes: ANSWER_TYPES.map((code) => ({ code, label: ANSWER_TYPE_LABELS[code] })),
    deliveries: Object.entries(DELIVERY_LABELS).map(([code, label]) => ({ code, label })),
    attachments: { maxBytes: ATTACHMENT_MAX_BYTES, maxFiles: MAX_ATTACHMENTS_PER_ARTICLE, types: ATTACHMENT_KINDS.map((k) => ({ label: uploadTypeOf(k).label, ext: extensionsOf(k) })) },
  }));

  // ——— columns ———
  app.get('/disclosure/columns', { config: { access: READERS }, schema: { tags: TAG, summary: '栏目及最近更新日期' } }, async (req) => articles.columns(siteScope(req.actor)));
  app.post(
    '/disclosure/columns',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '新建栏目', body: Type.Object({ departmentId: Type.Integer({ minimum: 1 }), name: S(60, 1), kind: lit(COLUMN_KINDS), updateDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3660 }), Type.Null()])) }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await articles.createColumn(req.actor, req.body)),
  );

  // ——— articles ———
  const ArticleBody = { title: S(LIMITS.title), bodyHtml: Type.String({ maxLength: 200_000 }), scheduledAt: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])) };
  app.get(
    '/disclosure/articles',
    { config: { access: READERS }, schema: { tags: TAG, summary: '稿件列表', querystring: Type.Object({ ...PageQuery, status: Type.Optional(lit(ARTICLE_STATUSES)), columnId: Type.Optional(Type.Integer({ minimum: 1 })) }) } },
    async (req) => articles.list(req.actor, { ...pageOf(req.query), status: req.query.status, columnId: req.query.columnId }),
  );
  app.post(
    '/disclosure/articles',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '起草稿件（正文 HTML 经净化）', body: Type.Object({ columnId: Type.Integer({ minimum: 1 }), ...ArticleBody }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await articles.createDraft(req.actor, req.body)),
  );
  app.get('/disclosure/articles/:id', { config: { access: READERS }, schema: { tags: TAG, summary: '稿件详情（版本、审核记录、附件）', params: IdParams } }, async (req) => articles.detail(req.actor, req.params.id));
  app.get(
    '/disclosure/articles/:id/versions/:version',
    { config: { access: READERS }, schema: { tags: TAG, summary: '稿件的某一版本', params: Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) }) } },
    async (req) => articles.version(req.actor, req.params.id, req.params.version),
  );
  app.put(
    '/disclosure/articles/:id',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '修改草稿（保存为新版本）', params: IdParams, body: Type.Object(ArticleBody, { additionalProperties: false }) } },
    async (req) => {
      await articles.edit(req.actor, req.params.id, req.body);
      return articles.detail(req.actor, req.params.id);
    },
  );
  app.post('/disclosure/articles/:id/submit', { config: { access: STAFF }, schema: { tags: TAG, summary: '送审（进入初审）', params: IdParams } }, async (req) => {
    await articles.submit(req.actor, req.params.id);
    return articles.detail(req.actor, req.params.id);
  });
  app.post(
    '/disclosure/articles/:id/review',
    { config: { access: REVIEWERS }, schema: { tags: TAG, summary: '初审/复审/终审：通过或退回（须填意见）', params: IdParams, body: Type.Object({ decision: lit(['pass', 'reject'] as const), opinion: S(LIMITS.reason) }, { additionalProperties: false }) } },
    async (req) => {
      await articles.review(req.actor, req.params.id, req.body.decision, req.body.opinion);
      return articles.detail(req.actor, req.params.id);
    },
  );
  app.post(
    '/disclosure/articles/:id/withdraw',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '撤回已发布的文章（须填原因）', params: IdParams, body: Type.Object({ reason: S(LIMITS.reason) }, { additionalProperties: false }) } },
    async (req) => {
      await articles.withdraw(req.actor, req.params.id, req.body.reason);
      return articles.detail(req.actor, req.params.id);
    },
  );
  app.post(
    '/disclosure/articles/:id/attachments',
    {
      bodyLimit: 15 * 1024 * 1024,
      config: { access: STAFF },
      schema: { tags: TAG, summary: '上传附件（PDF、JPG/PNG、Word/Excel，按内容校验类型，≤10MB）', params: IdParams, body: Type.Object({ fileName: S(200, 1), contentBase64: Type.String({ maxLength: 14 * 1024 * 1024 }) }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await attachments.add(req.actor, req.params.id, req.body)),
  );
  app.get('/disclosure/attachments/:id', { config: { access: 'public' }, schema: { tags: TAG, summary: '下载附件（已发布文章的附件公开）', params: IdParams } }, async (req, reply) => {
    const f = await attachments.file(req.actor.kind === 'user' ? req.actor : null, req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(f.content);
  });

  // ——— policies and interpretations ———
  app.get('/disclosure/policies', { config: { access: READERS }, schema: { tags: TAG, summary: '政策文件及其解读' } }, async (req) => extras.policies(siteScope(req.actor)));
  app.post(
    '/disclosure/policies',
    {
      config: { access: STAFF },
      schema: {
        tags: TAG,
        summary: '登记政策文件',
        body: Type.Object({ departmentId: Type.Integer({ minimum: 1 }), docNo: S(60, 1), title: S(LIMITS.title, 1), issuer: S(100, 1), issuedOn: DateString(), validUntil: Type.Optional(Type.Union([DateString(), Type.Null()])), body: S(100_000) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await extras.createPolicy(req.actor, req.body)),
  );
  app.post(
    '/disclosure/policies/:id/interpretations',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '发布政策解读（文字、图文、视频链接）', params: IdParams, body: Type.Object({ kind: lit(INTERPRETATION_KINDS), title: S(LIMITS.title, 1), content: S(50_000), url: Type.Optional(Type.Union([S(LIMITS.url), Type.Null()])) }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await extras.addInterpretation(req.actor, req.params.id, req.body)),
  );

  // ——— 依申请公开 (staff) ———
  app.get(
    '/disclosure/requests',
    { config: { access: READERS }, schema: { tags: TAG, summary: '依申请公开：申请列表（个人信息已遮蔽）', querystring: Type.Object({ ...PageQuery, status: Type.Optional(lit(['received', 'correcting', 'answered'] as const)) }) } },
    async (req) => requests.list(req.actor, { ...pageOf(req.query), status: req.query.status }),
  );
  app.get('/disclosure/requests/:id', { config: { access: READERS }, schema: { tags: TAG, summary: '依申请公开：申请详情与答复时钟', params: IdParams } }, async (req) => requests.detail(req.actor, req.params.id));
  app.get('/disclosure/requests/:id/applicant', { config: { access: STAFF }, schema: { tags: TAG, summary: '查看申请人完整信息（记录查看）', params: IdParams } }, async (req) => {
    const v = await requests.detail(req.actor, req.params.id);
    const full = await requests.unmasked(req.actor, req.params.id);
    await recordPersonalDataView(ctx.db, ctx.clock, req.actor, { subjectType: 'disclosure_request', subjectId: v.id, fields: ['applicantName', 'idNumber', 'phone'] });
    return full;
  });
  app.post('/disclosure/requests/:id/correction', { config: { access: STAFF }, schema: { tags: TAG, summary: '发出补正通知（收到申请 7 个工作日内，停止计时）', params: IdParams, body: Type.Object({ note: S(LIMITS.reason) }, { additionalProperties: false }) } }, async (req) => {
    await requests.requestCorrection(req.actor, req.params.id, req.body.note);
    return requests.detail(req.actor, req.params.id);
  });
  app.post('/disclosure/requests/:id/corrected', { config: { access: STAFF }, schema: { tags: TAG, summary: '收到补正材料（恢复计时）', params: IdParams } }, async (req) => {
    await requests.corrected(req.actor, req.params.id);
    return requests.detail(req.actor, req.params.id);
  });
  app.post(
    '/disclosure/requests/:id/extend',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '延长答复期限（一次，≤20 个工作日，记录批准人）', params: IdParams, body: Type.Object({ days: Type.Integer(), approver: S(LIMITS.personName), reason: S(LIMITS.reason) }, { additionalProperties: false }) } },
    async (req) => {
      await requests.extend(req.actor, req.params.id, req.body);
      return requests.detail(req.actor, req.params.id);
    },
  );
  app.post(
    '/disclosure/requests/:id/answer',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '答复申请（不予公开等须写明法律依据）', params: IdParams, body: Type.Object({ type: lit(ANSWER_TYPES), text: S(20_000), legalGround: Type.Optional(S(LIMITS.reason)) }, { additionalProperties: false }) } },
    async (req) => {
      await requests.answer(req.actor, req.params.id, req.body);
      return requests.detail(req.actor, req.params.id);
    },
  );
  app.get(
    '/disclosure/requests-yearly',
    { config: { access: READERS }, schema: { tags: TAG, summary: '依申请公开年度统计（年度报告用）', querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }) } },
    async (req) => requests.yearly(req.query.year, siteScope(req.actor)),
  );

  // ——— consultations, new media, duty ———
  app.get('/disclosure/consultations', { config: { access: READERS }, schema: { tags: TAG, summary: '征集调查列表' } }, async (req) => extras.consultations({ departmentId: siteScope(req.actor) }));
  app.post(
    '/disclosure/consultations',
    {
      config: { access: STAFF },
      schema: { tags: TAG, summary: '发起征集调查', body: Type.Object({ departmentId: Type.Integer({ minimum: 1 }), title: S(LIMITS.title, 1), body: S(100_000), questions: Type.Array(S(500), { maxItems: 20 }), opensOn: DateString(), closesOn: DateString() }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await extras.createConsultation(req.actor, req.body)),
  );
  app.get('/disclosure/consultations/:id/opinions', { config: { access: READERS }, schema: { tags: TAG, summary: '收到的意见（联系方式已遮蔽）', params: IdParams } }, async (req) => extras.opinions(req.actor, req.params.id));
  app.post('/disclosure/consultations/:id/feedback', { config: { access: STAFF }, schema: { tags: TAG, summary: '发布采纳情况', params: IdParams, body: Type.Object({ feedback: S(20_000) }, { additionalProperties: false }) } }, async (req) => {
    await extras.publishFeedback(req.actor, req.params.id, req.body.feedback);
    return { ok: true };
  });
  app.get('/disclosure/new-media', { config: { access: READERS }, schema: { tags: TAG, summary: '政务新媒体账号' } }, async (req) => extras.accounts(siteScope(req.actor)));
  app.post(
    '/disclosure/new-media',
    { config: { access: STAFF }, schema: { tags: TAG, summary: '登记政务新媒体账号', body: Type.Object({ departmentId: Type.Integer({ minimum: 1 }), name: S(100, 1), platform: lit(NEW_MEDIA_PLATFORMS), updateDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })), lastUpdateOn: Type.Optional(Type.Union([DateString(), Type.Null()])) }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await extras.registerAccount(req.actor, req.body)),
  );
  app.post('/disclosure/new-media/:id/updated', { config: { access: STAFF }, schema: { tags: TAG, summary: '记录账号最近更新日期', params: IdParams, body: Type.Object({ lastUpdateOn: DateString() }, { additionalProperties: false }) } }, async (req) => {
    await extras.touchAccount(req.actor, req.params.id, req.body.lastUpdateOn);
    return { ok: true };
  });
  app.get('/disclosure/duty-checks', { config: { access: READERS }, schema: { tags: TAG, summary: '读网值班检查记录' } }, async () => extras.dutyChecks());
  app.post('/disclosure/duty-checks', { config: { access: STAFF }, schema: { tags: TAG, summary: '记录一次读网检查（谁、何时、发现什么）', body: Type.Object({ findings: S(LIMITS.content, 1), problems: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false }) } }, async (req, reply) =>
    reply.status(201).send(await extras.recordDutyCheck(req.actor, req.body)),
  );
  app.get('/disclosure/figures', { config: { access: READERS }, schema: { tags: TAG, summary: '政务公开指标', querystring: Type.Object({ from: DateString(), to: DateString() }) } }, async (req) =>
    figures.kpis({ from: req.query.from, to: req.query.to }, siteScope(req.actor)),
  );

  // ——— public portal (/gk) ———
  app.get('/gk/sites', { config: { access: 'public' }, schema: { tags: TAG, summary: '政务公开网站：各部门、乡镇的栏目' } }, async () => portal.sites());
  app.get('/gk/columns/:id', { config: { access: 'public' }, schema: { tags: TAG, summary: '栏目下已发布的文章', params: IdParams, querystring: Type.Object(PageQuery) } }, async (req) => {
    const pg = pageOf(req.query);
    return portal.columnArticles(req.params.id, pg.page, pg.pageSize);
  });
  app.get('/gk/articles/:id', { config: { access: 'public' }, schema: { tags: TAG, summary: '已发布（或已撤回）文章', params: IdParams } }, async (req) => portal.article(req.params.id));
  app.get('/gk/search', { config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup }, schema: { tags: TAG, summary: '政务公开全文检索（中文）', querystring: Type.Object({ q: S(LIMITS.query, 1) }) } }, async (req) => portal.search(req.query.q));
  app.get('/gk/policies', { config: { access: 'public' }, schema: { tags: TAG, summary: '政策文件与解读对照' } }, async () => extras.policies(null));
  app.get('/gk/consultations', { config: { access: 'public' }, schema: { tags: TAG, summary: '征集调查（进行中与已反馈）' } }, async () => extras.consultations({ departmentId: null }));
  app.post(
    '/gk/consultations/:id/opinions',
    { config: { access: 'public', rateLimit: OPINION_LIMIT }, schema: { tags: TAG, summary: '提交意见（按 IP 限流，联系方式可选）', params: IdParams, body: Type.Object({ content: S(LIMITS.content), answers: Type.Optional(Type.Array(S(2000), { maxItems: 20 })), contactName: Type.Optional(S(LIMITS.personName)), contactPhone: Type.Optional(S(LIMITS.phone)) }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await extras.submitOpinion(req.actor, req.params.id, req.body)),
  );
  app.get('/gk/departments', { config: { access: 'public' }, schema: { tags: TAG, summary: '可受理依申请公开的机关' } }, async () =>
    (await ctx.services.org.all()).filter((d) => d.kind === 'bureau' || d.kind === 'department' || d.kind === 'township').map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
  );
  app.post(
    '/gk/requests',
    {
      config: { access: 'public', rateLimit: REQUEST_LIMIT },
      schema: {
        tags: TAG,
        summary: '提交政府信息公开申请，返回查询码',
        body: Type.Object(
          {
            applicantKind: lit(['person', 'org'] as const),
            applicantName: S(LIMITS.name),
            idNumber: S(LIMITS.idNumber),
            phone: S(LIMITS.phone),
            description: S(LIMITS.content),
            purpose: Type.Optional(S(LIMITS.reason)),
            delivery: lit(['email', 'post', 'pickup', 'online'] as const),
            departmentId: Type.Integer({ minimum: 1 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await requests.submit(req.actor, req.body)),
  );
  app.get('/gk/requests/:code', { config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup }, schema: { tags: TAG, summary: '按查询码查询办理进度', params: Type.Object({ code: S(16, 4) }) } }, async (req) => requests.byCode(req.params.code));
}
