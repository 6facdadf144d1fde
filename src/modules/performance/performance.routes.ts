import { Type } from 'typebox';
import type { App } from '../../kernel/module';
import { DateString } from '../../kernel/http/schemas';
import { KPI_LABELS, KPI_NAMES } from '../../shared/kpi-labels';
import { ASSET_CHECK_RESULTS, BUDGET_CATEGORIES, DIRECTIONS, INDICATOR_LEVELS } from '../../shared/performance.types';
import type { PerformanceFinanceService } from './performance.finance';
import type { PerformanceService } from './performance.targets';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Who reads the table and the finance figures; who edits targets; who signs; who keeps the books. */
const READERS = ['admin', 'leader', 'supervisor', 'finance'] as const;
const EDITORS = ['admin', 'leader'] as const;
const MANUAL_AUTHORS = ['admin', 'leader', 'finance'] as const;
const FINANCE = ['admin', 'finance'] as const;

const tags = ['performance'];
const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const YearQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });
const Amount = (description: string) => Type.Number({ minimum: -1e12, maximum: 1e12, description });

// Unit and direction are optional in the schema so that a missing one gets the service's Chinese message (422), not a bare 400.
const IndicatorBody = Type.Object(
  {
    level1: Type.String({ maxLength: 8 }),
    level2: Type.String({ maxLength: 16 }),
    name: Type.String({ maxLength: 200 }),
    direction: Type.Optional(Type.String({ maxLength: 2, description: '>=、<= 或 =' })),
    target: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    unit: Type.Optional(Type.String({ maxLength: 16 })),
    floor: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: '不得分底线（≥ 指标低于它、≤ 指标高于它得 0 分）' })),
    weight: Type.Number({ description: '分值' }),
    source: lit(['kpi', 'manual'] as const),
    kpiKey: Type.Optional(Type.Union([Type.String({ maxLength: 80 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export function performanceRoutes(app: App, perf: PerformanceService) {
  app.get('/performance/meta', { config: { access: [...READERS] }, schema: { tags, summary: '指标层级、方向与可绑定的平台指标（表单用）' } }, async () => ({
    levels: Object.entries(INDICATOR_LEVELS).map(([level1, level2s]) => ({ level1, level2s })),
    directions: DIRECTIONS,
    kpis: KPI_NAMES.map((key) => ({ key, label: KPI_LABELS[key].label, format: KPI_LABELS[key].format, unit: KPI_LABELS[key].format === 'percent' ? '%' : (KPI_LABELS[key].unit ?? '') })),
  }));

  app.get('/performance/years/:year', { config: { access: [...READERS] }, schema: { tags, summary: '年度绩效目标表与自评：实际值、得分、等级与偏差原因', params: YearParams } }, async (req) =>
    perf.table(req.params.year),
  );

  app.post(
    '/performance/years/:year/indicators',
    { config: { access: [...EDITORS] }, schema: { tags, summary: '新增三级指标（目标值、单位、方向、分值、实际值来源）', params: YearParams, body: IndicatorBody } },
    async (req, reply) => reply.status(201).send(await perf.addIndicator(req.actor, req.params.year, req.body)),
  );

  app.put('/performance/indicators/:id', { config: { access: [...EDITORS] }, schema: { tags, summary: '修改三级指标', params: IdParams, body: IndicatorBody } }, async (req) =>
    perf.updateIndicator(req.actor, req.params.id, req.body),
  );

  app.delete('/performance/indicators/:id', { config: { access: [...EDITORS] }, schema: { tags, summary: '删除三级指标', params: IdParams } }, async (req, reply) => {
    await perf.removeIndicator(req.actor, req.params.id);
    return reply.status(204).send();
  });

  app.put(
    '/performance/indicators/:id/actual',
    {
      bodyLimit: 8 * 1024 * 1024,
      config: { access: [...MANUAL_AUTHORS] },
      schema: {
        tags,
        summary: '手工填报实际值：数值、说明与佐证材料（PDF、PNG、JPG，按内容识别，≤5 MB）',
        params: IdParams,
        body: Type.Object(
          {
            value: Type.Number(),
            note: Type.String({ maxLength: 2000 }),
            file: Type.Optional(Type.Object({ name: Type.String({ maxLength: 200 }), contentBase64: Type.String({ maxLength: 7_100_000 }) }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => perf.enterManualActual(req.actor, req.params.id, req.body),
  );

  app.put(
    '/performance/indicators/:id/deviation',
    { config: { access: [...EDITORS] }, schema: { tags, summary: '填写未达成指标的偏差原因', params: IdParams, body: Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }) } },
    async (req) => perf.explainDeviation(req.actor, req.params.id, req.body.reason),
  );

  app.post('/performance/years/:year/submit', { config: { access: [...EDITORS] }, schema: { tags, summary: '提交绩效目标表（分值合计须为 100）', params: YearParams } }, async (req) =>
    perf.submit(req.actor, req.params.year),
  );

  app.post('/performance/years/:year/sign', { config: { access: ['leader'] }, schema: { tags, summary: '局领导签批自评，签批后锁定', params: YearParams } }, async (req) =>
    perf.signOff(req.actor, req.params.year),
  );

  app.post(
    '/performance/years/:year/revisions',
    { config: { access: ['leader'] }, schema: { tags, summary: '对已签批的目标表发起修订（新版本），须说明原因', params: YearParams, body: Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }) } },
    async (req, reply) => reply.status(201).send(await perf.revise(req.actor, req.params.year, req.body.reason)),
  );

  app.get('/performance/years/:year/revisions', { config: { access: [...READERS] }, schema: { tags, summary: '修订记录：每个版本的发起人、时间、原因与签批', params: YearParams } }, async (req) =>
    perf.revisions(req.params.year),
  );

  app.get('/performance/evidence/:id', { config: { access: [...READERS] }, schema: { tags, summary: '打开佐证材料', params: IdParams } }, async (req, reply) => {
    const f = await perf.evidenceFile(req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="evidence"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .send(f.body);
  });
}

const BudgetBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    category: lit(BUDGET_CATEGORIES),
    name: Type.String({ maxLength: 200 }),
    budget: Amount('预算数（元）'),
    adjustment: Amount('调整数（元，可为负）'),
    executed: Amount('执行数（元）'),
  },
  { additionalProperties: false },
);
const ProcurementBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    item: Type.String({ maxLength: 200 }),
    method: Type.String({ maxLength: 20 }),
    planned: Amount('计划金额（元）'),
    purchased: Type.Optional(Type.Union([Amount('实际采购金额（元）'), Type.Null()])),
    purchasedOn: Type.Optional(Type.Union([DateString(), Type.Null()])),
  },
  { additionalProperties: false },
);

export function financeRoutes(app: App, finance: PerformanceFinanceService) {
  app.get('/performance/budget', { config: { access: [...READERS] }, schema: { tags, summary: '预算执行：预算数、调整数、执行数与执行率', querystring: YearQuery } }, async (req) =>
    finance.budgetLines(req.query.year),
  );
  app.post('/performance/budget', { config: { access: [...FINANCE] }, schema: { tags, summary: '新增预算项目', body: BudgetBody } }, async (req, reply) =>
    reply.status(201).send(await finance.saveBudgetLine(req.actor, req.body)),
  );
  app.put('/performance/budget/:id', { config: { access: [...FINANCE] }, schema: { tags, summary: '修改预算项目（调整数、执行数）', params: IdParams, body: BudgetBody } }, async (req) =>
    finance.saveBudgetLine(req.actor, req.body, req.params.id),
  );

  app.get('/performance/procurements', { config: { access: [...READERS] }, schema: { tags, summary: '政府采购计划与实际采购', querystring: YearQuery } }, async (req) =>
    finance.procurements(req.query.year),
  );
  app.post('/performance/procurements', { config: { access: [...FINANCE] }, schema: { tags, summary: '新增政府采购计划项目', body: ProcurementBody } }, async (req, reply) =>
    reply.status(201).send(await finance.saveProcurement(req.actor, req.body)),
  );
  app.put('/performance/procurements/:id', { config: { access: [...FINANCE] }, schema: { tags, summary: '登记实际采购', params: IdParams, body: ProcurementBody } }, async (req) =>
    finance.saveProcurement(req.actor, req.body, req.params.id),
  );

  app.get('/performance/assets', { config: { access: [...READERS] }, schema: { tags, summary: '固定资产台账与年末盘点', querystring: YearQuery } }, async (req) => finance.assets(req.query.year));
  app.post(
    '/performance/assets',
    {
      config: { access: [...FINANCE] },
      schema: {
        tags,
        summary: '登记固定资产',
        body: Type.Object(
          {
            code: Type.String({ maxLength: 40 }),
            name: Type.String({ maxLength: 200 }),
            category: Type.String({ maxLength: 40 }),
            value: Amount('原值（元）'),
            acquiredOn: DateString(),
            location: Type.String({ maxLength: 200 }),
            keeper: Type.String({ maxLength: 64 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await finance.addAsset(req.actor, req.body)),
  );
  app.post(
    '/performance/assets/:id/check',
    {
      config: { access: [...FINANCE] },
      schema: {
        tags,
        summary: '登记年末盘点结果（账实相符、不符或盘亏）',
        params: IdParams,
        body: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), result: lit(ASSET_CHECK_RESULTS), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      },
    },
    async (req) => finance.checkAsset(req.actor, req.params.id, req.body),
  );
}
