import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { PageQuery, pageOf } from '../../kernel/http/schemas';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import { AppError } from '../../kernel/errors';
import type { SigningKeyStore } from '../../kernel/signing';
import type { LicensesService } from './licenses.service';
import type { LicenseLibrary } from './licenses.library';
import type { LicensesImporter } from './licenses.import';
import { LICENSE_ACTIONS, LICENSE_STATUSES, STATUS_LABELS, ACTION_LABELS } from './licenses.rules';
import { IMPORT_MAX_BYTES, XLSX_MIME } from './licenses.import';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const STAFF = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'] as const;
const ACTORS = ['admin', 'reviewer'] as const;
const tags = ['licenses'];

const TypeBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 8 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    departmentId: Type.Integer({ minimum: 1 }),
    holderKind: lit(['person', 'organization'] as const),
    validityYears: Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: 100 })]),
    itemCodes: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }),
    replaces: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const NoParams = Type.Object({ no: Type.String({ minLength: 1, maxLength: 64 }) });

const ActionBody = Type.Object(
  {
    action: lit(LICENSE_ACTIONS),
    reason: Type.String({ maxLength: 2000 }),
    holderName: Type.Optional(Type.String({ maxLength: 200 })),
    data: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }))),
    validTo: Type.Optional(Type.Union([Type.Null(), Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })])),
  },
  { additionalProperties: false },
);

export function licensesRoutes(app: App, svc: LicensesService, library: LicenseLibrary) {
  app.get('/licenses/meta', { config: { access: 'public' }, schema: { tags, summary: '证照状态与操作（表单用）' } }, async () => ({
    statuses: LICENSE_STATUSES.map((code) => ({ code, label: STATUS_LABELS[code] })),
    actions: LICENSE_ACTIONS.map((code) => ({ code, label: ACTION_LABELS[code] })),
  }));

  app.get(
    '/licenses/verify',
    {
      config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup, reads: 'replica' },
      schema: {
        tags,
        summary: '电子证照核验（公开）：证照编号 + 持证人名称，或扫描二维码（编号 + 签名）；不显示证件号码',
        querystring: Type.Object(
          {
            no: Type.String({ minLength: 1, maxLength: 64 }),
            holderName: Type.Optional(Type.String({ maxLength: 200 })),
            kid: Type.Optional(Type.String({ maxLength: 32 })),
            sig: Type.Optional(Type.String({ maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => library.verify(req.query as { no: string; holderName?: string; kid?: string; sig?: string }),
  );

  app.get('/licenses/types', { config: { access: STAFF }, schema: { tags, summary: '证照目录' } }, async () => {
    const items = await svc.listTypes();
    return { items, total: items.length };
  });

  app.post('/licenses/types', { config: { access: ['admin'] }, schema: { tags, summary: '新增证照类型', body: TypeBody } }, async (req, reply) =>
    reply.status(201).send(await svc.saveType(req.actor, req.body as never)),
  );

  app.put(
    '/licenses/types/:id',
    { config: { access: ['admin'] }, schema: { tags, summary: '修改证照类型', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: TypeBody } },
    async (req) => svc.saveType(req.actor, req.body as never, (req.params as { id: number }).id),
  );

  app.get(
    '/licenses',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '证照库（证件号码脱敏）',
        querystring: Type.Object(
          { ...PageQuery, q: Type.Optional(Type.String({ maxLength: 100 })), typeCode: Type.Optional(Type.String({ maxLength: 8 })), status: Type.Optional(lit(LICENSE_STATUSES)) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const q = req.query as { q?: string; typeCode?: string; status?: string; page?: number; pageSize?: number };
      const { page, pageSize } = pageOf(q);
      return svc.list(req.actor, { ...q, page, pageSize });
    },
  );

  app.get(
    '/licenses/of-case/:caseNo',
    { config: { access: STAFF }, schema: { tags, summary: '办件颁发的证照', params: Type.Object({ caseNo: Type.String({ maxLength: 64 }) }) } },
    async (req) => {
      const items = await svc.ofCase((req.params as { caseNo: string }).caseNo);
      return { items, total: items.length };
    },
  );

  app.get('/licenses/:no', { config: { access: STAFF }, schema: { tags, summary: '证照详情与变更记录', params: NoParams } }, async (req) =>
    svc.detail(req.actor, (req.params as { no: string }).no),
  );

  app.get(
    '/licenses/:no/print',
    { config: { access: STAFF }, schema: { tags, summary: '打印证照：证照信息与核验二维码（SVG）', params: NoParams } },
    async (req) => {
      const { license, signatureValid } = await svc.detail(req.actor, (req.params as { no: string }).no);
      if (license.status !== 'valid') throw new AppError('LICENSE_NOT_PRINTABLE', 409, '证照已注销、吊销或撤销，不能打印', { status: license.status });
      const verifyPath = library.qrPath({ license_no: license.licenseNo, kid: license.kid, signature: license.signature });
      const origin = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
      const { default: QRCode } = await import('qrcode');
      const qrSvg = await QRCode.toString(origin + verifyPath, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { license: { ...license, holderId: license.holderId }, verifyPath, verifyUrl: origin + verifyPath, qrSvg, signatureValid };
    },
  );

  app.post(
    '/licenses/:no/actions',
    { config: { access: ACTORS }, schema: { tags, summary: '变更、延续、注销、吊销、撤销（须填理由）', params: NoParams, body: ActionBody } },
    async (req) => svc.act(req.actor, (req.params as { no: string }).no, req.body as never),
  );
}

/** The upload route lives in its own plugin so its binary body parser does not leak to other routes. */
export async function licensesImportRoutes(app: App, importer: LicensesImporter) {
  const parse = (_req: unknown, body: Buffer, done: (e: Error | null, b?: Buffer) => void) => done(null, body);
  app.addContentTypeParser([XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, parse);
  app.post(
    '/licenses/import',
    { bodyLimit: IMPORT_MAX_BYTES, config: { access: ['admin'] }, schema: { tags, summary: '导入存量证照 Excel：先校验全部行，有错则一行不写（422 列出全部错误）' } },
    async (req) => importer.importWorkbook(req.actor, req.body as Buffer | undefined),
  );
  app.get('/licenses/import/template', { config: { access: ['admin'] }, schema: { tags, summary: '证照导入模板（Excel）' } }, async (_req, reply) => {
    const buf = await importer.template();
    return reply.header('content-type', XLSX_MIME).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('证照导入模板.xlsx')}`).send(buf);
  });
}

/** Public keys of the platform's signatures (JWKS, RFC 7517), at a well-known URL outside /api/v1. */
export function wellKnownRoutes(app: App, signer: SigningKeyStore) {
  app.get(
    '/.well-known/onewindow-signing-keys.json',
    { config: { access: 'public' }, schema: { tags, summary: '平台签名公钥（JWKS），含已轮换的旧公钥' } },
    async () => {
      const keys = signer.listPublicKeys();
      return { keys: keys.map((k) => k.jwk), current: keys.find((k) => k.current)?.kid ?? null, details: keys.map(({ kid, createdAt, current, pem }) => ({ kid, createdAt, current, pem })) };
    },
  );
}
