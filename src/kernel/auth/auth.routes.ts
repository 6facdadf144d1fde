import { Type } from 'typebox';
import type { App, AppContext } from '../module';
import { CSRF_COOKIE, SESSION_COOKIE } from '../http/plugin';
import type { AuthService } from './auth.service';
import { ROLES } from '../../shared/roles';
import { AppError } from '../errors';
import { LIMITS } from '../../shared/limits';
import { maskIdNumber, maskPhone } from '../validators';
import { recordPersonalDataView } from '../audit/personal-data';
import { PageQuery, Paged, pageOf } from '../http/schemas';
import { AccountAdmin } from './auth.accounts';

const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  windowNo: Type.Union([Type.String(), Type.Null()]),
});

// Lists show contact data masked; GET /users/:id shows it in full and records that view.
const MaskedUserSchema = Type.Object({
  ...UserSchema.properties,
  phone: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});

const AccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  roles: Type.Array(Type.String()),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  windowNo: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});
const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function authRoutes(app: App, ctx: AppContext, auth: AuthService) {
  const cookieOpts = {
    path: '/',
    sameSite: 'lax' as const,
    secure: ctx.config.secureCookies,
  };
  const accounts = new AccountAdmin(ctx.db, ctx.clock, (userId) => auth.forgetSessionsOf(userId));

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: LIMITS.username }), password: Type.String({ minLength: 1, maxLength: LIMITS.password }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String(), csrfToken: Type.String(), expiresAt: Type.String(), user: UserSchema }) },
      },
    },
    async (req, reply) => {
      const s = await auth.login(req.body.username, req.body.password, req.ip);
      const maxAge = Math.floor((new Date(s.expiresAt).getTime() - ctx.clock.now().getTime()) / 1000);
      reply.setCookie(SESSION_COOKIE, s.token, { ...cookieOpts, httpOnly: true, maxAge });
      reply.setCookie(CSRF_COOKIE, s.csrfToken, { ...cookieOpts, httpOnly: false, maxAge });
      return s;
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '退出登录' } },
    async (req, reply) => {
      await auth.logout(req.authToken!, req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '当前用户', response: { 200: UserSchema } } },
    async (req) => auth.me(req.actor.id!),
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: '修改密码（注销该账号的全部会话）',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: LIMITS.password }), newPassword: Type.String({ minLength: 1, maxLength: LIMITS.password }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      await auth.changePassword(req.actor, req.actor.id!, req.body.currentPassword, req.body.newPassword);
      return { ok: true };
    },
  );

  app.get(
    '/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '账号列表（分页，联系方式已脱敏）',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 64, description: '用户名或姓名包含' })),
          role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))),
          departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Paged(MaskedUserSchema) },
      },
    },
    async (req) => {
      const { offset, pageSize } = pageOf(req.query);
      const page = await auth.listUsers({ q: req.query.q, role: req.query.role, departmentId: req.query.departmentId, offset, limit: pageSize });
      return {
        items: page.items.map((u) => ({ ...u, phone: u.phone ? maskPhone(u.phone) : null, idNumber: u.idNumber ? maskIdNumber(u.idNumber) : null })),
        total: page.total,
      };
    },
  );

  app.get(
    '/users/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '账号详情（含未脱敏联系方式，查看记入审计）',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: MaskedUserSchema },
      },
    },
    async (req) => {
      const user = await auth.me(req.params.id).catch(() => {
        throw new AppError('USER_NOT_FOUND', 404, '用户不存在');
      });
      const contact = await auth.contactOf(user.id);
      const fields = [contact.phone ? 'phone' : null, contact.idNumber ? 'idNumber' : null].filter((f): f is string => f !== null);
      if (fields.length) await recordPersonalDataView(ctx.db, ctx.clock, req.actor, { subjectType: 'user', subjectId: user.id, fields });
      const state = await ctx.db.selectFrom('kernel_users').select('active').where('id', '=', user.id).executeTakeFirstOrThrow();
      return { ...user, ...contact, active: Number(state.active) === 1 };
    },
  );

  app.post(
    '/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '新建账号',
        body: Type.Object(
          {
            username: Type.String({ minLength: LIMITS.usernameMin, maxLength: LIMITS.username, pattern: '^[A-Za-z0-9_.-]+$' }),
            name: Type.String({ minLength: 1, maxLength: LIMITS.personName }),
            password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
            roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, maxItems: ROLES.length }),
            departmentId: Type.Union([Type.Integer(), Type.Null()]),
            windowNo: Type.Optional(Type.String({ maxLength: LIMITS.windowNo })),
            phone: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.phone }), Type.Null()])),
            idNumber: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.idNumber }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema },
      },
    },
    async (req, reply) => {
      const u = await auth.createUser(req.actor, { ...req.body, windowNo: req.body.windowNo ?? null, phone: req.body.phone ?? null, idNumber: req.body.idNumber ?? null });
      return reply.status(201).send(u);
    },
  );

  app.post(
    '/users/:id/password',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '重置账号密码',
        params: Type.Object({ id: Type.Integer() }),
        body: Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: LIMITS.password }) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      if (!Number.isFinite(req.params.id)) throw new AppError('USER_NOT_FOUND', 404, '用户不存在');
      await auth.changePassword(req.actor, req.params.id, null, req.body.newPassword);
      return { ok: true };
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '修改账号的角色、部门和窗口号（记入审计）',
        params: UserIdParams,
        body: Type.Object(
          {
            // Names are checked by the service, so an unknown role gets a clear ROLE_UNKNOWN rather than a schema error.
            roles: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: ROLES.length })),
            departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
            windowNo: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.windowNo }), Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: AccountSchema },
      },
    },
    async (req) => accounts.update(req.actor, req.params.id, req.body),
  );

  app.post(
    '/users/:id/deactivate',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '停用账号（立即注销其全部会话；不能停用最后一个系统管理员）',
        params: UserIdParams,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: LIMITS.reason })) }, { additionalProperties: false })),
        response: { 200: AccountSchema },
      },
    },
    async (req) => accounts.setActive(req.actor, req.params.id, false, req.body?.reason?.trim() || null),
  );

  app.post(
    '/users/:id/reactivate',
    {
      config: { access: ['admin'] },
      schema: { tags: ['auth'], summary: '重新启用账号', params: UserIdParams, response: { 200: AccountSchema } },
    },
    async (req) => accounts.setActive(req.actor, req.params.id, true, null),
  );
}
