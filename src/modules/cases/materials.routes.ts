/**
 * 电子材料 routes (issue 21 item 1). The upload takes the file as the raw body (`application/octet-stream`,
 * the file name URI-encoded in `X-File-Name`, the material in the query) — no multipart dependency; its
 * binary body parser lives in this plugin only, so it does not leak to the JSON routes.
 */
import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { LIMITS } from '../../shared/limits';
import type { CasesService } from './cases.service';

const CaseNoParams = Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 40 }) });
const READERS = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'citizen'] as const;
const UPLOADERS = ['clerk', 'citizen', 'admin'] as const;

export async function materialsRoutes(app: App, cases: CasesService) {
  const tags = ['cases'];
  const parse = (_req: unknown, body: Buffer, done: (e: Error | null, b?: Buffer) => void) => done(null, body);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: LIMITS.materialFileBytes }, parse);

  app.get(
    '/cases/:caseNo/materials',
    { config: { access: [...READERS] }, schema: { tags, summary: '办件材料清单：每项材料的电子文件（含历次版本）与仍缺的材料', params: CaseNoParams } },
    async (req) => cases.materials(req.actor, req.params.caseNo),
  );

  app.post(
    '/cases/:caseNo/materials/files',
    {
      bodyLimit: LIMITS.materialFileBytes,
      config: { access: [...UPLOADERS] },
      schema: {
        tags,
        summary: '上传一项材料的电子文件（PDF、JPG/PNG、Word、Excel，按内容识别类型，≤10 MB）；补正时再次上传即新增版本，旧版本保留',
        params: CaseNoParams,
        querystring: Type.Object({ material: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 600 })) }),
      },
    },
    async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const file = await cases.uploadMaterial(req.actor, req.params.caseNo, { material: req.query.material, fileName: req.headers['x-file-name'], body });
      return reply.status(201).send(file);
    },
  );

  app.get(
    '/cases/:caseNo/materials/files/:fileId',
    {
      config: { access: [...READERS] },
      schema: {
        tags,
        summary: '打开材料文件（只对能看到该办件的账号）',
        params: Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 40 }), fileId: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const f = await cases.materialFile(req.actor, req.params.caseNo, req.params.fileId);
      const name = encodeURIComponent(f.fileName);
      return reply
        .header('content-type', f.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('x-checksum-sha256', f.sha256)
        .header('content-disposition', `${req.query.download ? 'attachment' : 'inline'}; filename="file"; filename*=UTF-8''${name}`)
        .send(f.body);
    },
  );
}
