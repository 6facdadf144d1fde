import { Type } from 'typebox';
import type { App, AppContext } from '../module';
import { AppError } from '../errors';
import { computeDueDate } from './calendar.deadlines';
import { LIMITS } from '../../shared/limits';

const DayKindSchema = Type.Union([Type.Literal('workday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('adjusted_workday')]);

export function calendarRoutes(app: App, ctx: AppContext) {
  const cal = ctx.calendar;

  app.get(
    '/calendar',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['calendar'],
        summary: '某年的工作日历（含调休；未录入年份为暂定日历）',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2045 }) }, { additionalProperties: false }),
      },
    },
    async (req) => ({ ...(await cal.year(req.query.year)), today: cal.today(), warning: await cal.missingNextYearWarning() }),
  );

  app.put(
    '/calendar/days/:date',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: '修改某一天（节假日 / 调休上班 / 工作日 / 周末）',
        params: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        body: Type.Object({ kind: DayKindSchema, name: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.shortName }), Type.Null()])) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const { date } = req.params;
      const d = new Date(`${date}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
        throw new AppError('DATE_INVALID', 422, `日期 ${date} 不存在`, { field: 'date' });
      }
      if (date < '2000-01-01' || date > '2045-12-31') throw new AppError('DATE_OUT_OF_RANGE', 422, '日期须在 2000—2045 年之间', { field: 'date' });
      return cal.setDay(req.actor, date, req.body.kind, req.body.name ?? null);
    },
  );

  app.post(
    '/calendar/years/:year/publish',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: '确认某年节假日安排已录入（不再按暂定日历计算）',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2045 }) }),
      },
    },
    async (req) => {
      await cal.publishYear(req.actor, req.params.year);
      return cal.year(req.params.year);
    },
  );

  app.post(
    '/calendar/years/:year/import',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: '导入全年节假日安排（国务院办公厅通知；holiday-cn 格式）',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2045 }) }),
        body: Type.Object(
          {
            year: Type.Optional(Type.Integer()),
            papers: Type.Optional(Type.Array(Type.String({ maxLength: LIMITS.url }), { maxItems: 10 })),
            days: Type.Array(
              Type.Object({ name: Type.String({ minLength: 1, maxLength: LIMITS.shortName }), date: Type.String({ maxLength: 10 }), isOffDay: Type.Boolean() }, { additionalProperties: false }),
              { maxItems: 120 },
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      if (req.body.year !== undefined && req.body.year !== req.params.year) {
        throw new AppError('CALENDAR_YEAR_MISMATCH', 422, `文件年份 ${req.body.year} 与 ${req.params.year} 不符`, { field: 'year' });
      }
      return cal.importYear(req.actor, { year: req.params.year, days: req.body.days });
    },
  );

  app.get(
    '/calendar/due-date',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['calendar'],
        summary: '试算办结期限',
        querystring: Type.Object(
          {
            start: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            limit: Type.Integer({ minimum: 0, maximum: 3650 }),
            unit: Type.Optional(Type.Union([Type.Literal('workday'), Type.Literal('natural')])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const idx = cal.current;
      const unit = req.query.unit ?? 'workday';
      const dueDate = computeDueDate(idx, { start: req.query.start, limit: req.query.limit, unit });
      return { start: req.query.start, limit: req.query.limit, unit, dueDate, provisional: idx.isProvisional(dueDate) || idx.isProvisional(req.query.start) };
    },
  );
}
