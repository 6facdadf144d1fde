import { Type } from 'typebox';
import type { App, AppContext } from './module';
import { shanghaiIso } from './clock';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** Demo accounts exist only in a database seeded as a demo (never in production). */
async function hasDemoAccounts(ctx: AppContext): Promise<boolean> {
  if (ctx.config.env === 'production') return false;
  const row = await ctx.db.selectFrom('kernel_users').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** What any page may show about "now": the server's clock (which may be a demo clock) and today's status. */
export function systemRoutes(app: App, ctx: AppContext) {
  app.get(
    '/system/status',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: '服务器时间与今日工作日状态',
        response: {
          200: Type.Object({
            now: Type.String(),
            today: Type.String(),
            weekday: Type.String(),
            workday: Type.Boolean(),
            dayKind: Type.String(),
            dayName: Type.Union([Type.String(), Type.Null()]),
            nextWorkday: Type.String(),
            provisional: Type.Boolean(),
            fakeClock: Type.Boolean(),
            calendarWarning: Type.Union([Type.String(), Type.Null()]),
            demo: Type.Boolean({ description: '演示库：登录页可列出演示账号' }),
          }),
        },
      },
    },
    async () => {
      const idx = ctx.calendar.current;
      const today = ctx.calendar.today();
      const info = idx.dayInfo(today);
      return {
        now: shanghaiIso(ctx.clock.now()),
        today,
        weekday: WEEKDAYS[new Date(`${today}T00:00:00Z`).getUTCDay()],
        workday: info.workday,
        dayKind: info.kind,
        dayName: info.name ?? null,
        nextWorkday: idx.addWorkdays(today, 1),
        provisional: info.provisional,
        fakeClock: ctx.config.fakeNow !== null,
        calendarWarning: await ctx.calendar.missingNextYearWarning(),
        demo: await hasDemoAccounts(ctx),
      };
    },
  );
}
