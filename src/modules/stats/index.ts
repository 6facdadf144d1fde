import { Type } from 'typebox';
import { defineModule } from '../../kernel/module';
import { ErrorBody } from '../../kernel/http/schemas';
import { KPI_READERS } from '../../shared/roles';
import { StatsService, type StatsNeedsContext } from './stats.service';

export { StatsService } from './stats.service';

const KpiSchema = Type.Object({ value: Type.Union([Type.Number(), Type.Null()]), numerator: Type.Number(), denominator: Type.Number() });

/** Statistics (SPEC §3): the KPI summary of every module's `kpiSources`. */
export const statsModule = defineModule({
  name: 'stats',
  needs: ['org'],
  init: (ctx: StatsNeedsContext) => ({ stats: new StatsService(ctx) }),
  routes(app, ctx) {
    const stats = ctx.services.stats;
    app.get(
      '/stats/summary',
      {
        config: { access: KPI_READERS },
        schema: {
          tags: ['stats'],
          summary: '指标汇总：每个指标给出分子、分母和比值（分母为 0 时比值为 null）',
          querystring: Type.Object(
            {
              // plain strings: an impossible date must come back as 422 naming the parameter, not a 400
              from: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD，默认当年 1 月 1 日' })),
              to: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD，默认今天' })),
              department: Type.Optional(Type.Integer({ description: '部门、乡镇或村 id' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ from: Type.String(), to: Type.String(), department: Type.Union([Type.Integer(), Type.Null()]), kpis: Type.Record(Type.String(), KpiSchema) }),
            401: ErrorBody,
            403: ErrorBody,
            422: ErrorBody,
          },
        },
      },
      async (req) => stats.summary(req.query),
    );
  },
});
