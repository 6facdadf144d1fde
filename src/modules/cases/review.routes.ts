/** 分级审查 configuration per catalogue item (issue 21 item 11): admins and the item's catalogue editors. */
import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { REVIEW_LEVELS } from '../../shared/review-levels';
import type { CasesService } from './cases.service';

const Params = Type.Object({ itemCode: Type.String({ minLength: 1, maxLength: 80 }) });
const EDITORS = ['admin', 'catalog_editor'] as const;

export function reviewRoutes(app: App, cases: CasesService) {
  const tags = ['cases'];
  app.get(
    '/review-levels/:itemCode',
    { config: { access: [...EDITORS] }, schema: { tags, summary: '事项的审查层级（承办 → 审核 → 签发；未配置为一级审批）', params: Params } },
    async (req) => cases.reviewLevels(req.actor, req.params.itemCode),
  );
  app.put(
    '/review-levels/:itemCode',
    {
      config: { access: [...EDITORS] },
      schema: {
        tags,
        summary: `配置事项的审查层级：按 ${REVIEW_LEVELS.join(' → ')} 的顺序取若干级，最后一级为签发；空数组恢复为一级审批`,
        params: Params,
        body: Type.Object(
          {
            levels: Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 3 }),
            /** Per level, the accounts who may pass it (none named: the department's reviewers). */
            accounts: Type.Optional(Type.Record(Type.String({ maxLength: 10 }), Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }))),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => cases.setReviewLevels(req.actor, req.params.itemCode, req.body.levels, req.body.accounts ?? {}),
  );
}
