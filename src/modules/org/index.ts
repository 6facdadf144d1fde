import { Type } from 'typebox';
import { defineModule } from '../../kernel/module';
import { systemActor } from '../../kernel/auth/actor';
import { hashPassword } from '../../kernel/auth/password';
import type { Role } from '../../shared/roles';
import { OrgService } from './org.service';
import { DEMO_ACCOUNTS, DEMO_BUREAU, DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_REGION, DEMO_TOWNSHIPS, DEMO_VILLAGES } from './org.seed-data';

export type { Department, OrgService } from './org.service';
export { DEMO_ACCOUNTS } from './org.seed-data';

const DepartmentSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  hotlineUnit: Type.Boolean(),
  active: Type.Boolean(),
});

/** Departments, townships and villages of the county (the 实施主体 of catalogue items and cases). */
export const orgModule = defineModule({
  name: 'org',
  init: (ctx) => ({ org: new OrgService(ctx) }),
  routes(app, ctx) {
    const org = ctx.services.org;
    app.get(
      '/departments',
      {
        config: { access: 'public' },
        schema: {
          tags: ['org'],
          summary: '部门、乡镇（街道）、村（社区）列表',
          querystring: Type.Object(
            {
              kind: Type.Optional(Type.Union([Type.Literal('bureau'), Type.Literal('department'), Type.Literal('township'), Type.Literal('village')])),
              parentId: Type.Optional(Type.Integer()),
              hotlineUnit: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(DepartmentSchema), total: Type.Integer() }) },
        },
      },
      async (req) => {
        const q = req.query;
        const items = (await org.all()).filter(
          (d) => (!q.kind || d.kind === q.kind) && (q.parentId === undefined || d.parentId === q.parentId) && (q.hotlineUnit === undefined || d.hotlineUnit === q.hotlineUnit),
        );
        return { items, total: items.length };
      },
    );
    app.get(
      '/regions',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['org'],
          summary: '本平台服务的区县（本平台所在区县在前）：统计可按区县（region）查看；只有一个时页面不显示区县选择',
          response: {
            200: Type.Object({
              items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), installation: Type.Boolean(), departments: Type.Integer() })),
              total: Type.Integer(),
            }),
          },
        },
      },
      async () => {
        const items = await org.regions();
        return { items, total: items.length };
      },
    );
    app.post(
      '/departments',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['org'],
          summary: '新建部门',
          body: Type.Object(
            {
              code: Type.String({ minLength: 1, maxLength: 40 }),
              name: Type.String({ minLength: 2, maxLength: 100 }),
              shortName: Type.Optional(Type.String({ maxLength: 40 })),
              kind: Type.Union([Type.Literal('department'), Type.Literal('township'), Type.Literal('village')]),
              parentId: Type.Optional(Type.Integer()),
              regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{6})?$' })),
              hotlineUnit: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 201: DepartmentSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await org.create(req.actor, req.body)),
    );
  },
  async seed(ctx) {
    const org = ctx.services.org;
    const auth = ctx.auth;
    const sys = systemActor('seed');
    const bureau = await org.create(sys, { code: DEMO_BUREAU.code, name: DEMO_BUREAU.name, shortName: DEMO_BUREAU.short, kind: 'bureau', regionCode: DEMO_REGION });
    for (const d of DEMO_DEPARTMENTS) {
      await org.create(sys, { code: d.code, name: d.name, shortName: d.short, kind: 'department', parentId: bureau.id, regionCode: DEMO_REGION, hotlineUnit: d.hotlineUnit });
    }
    let t = 0;
    for (const name of DEMO_TOWNSHIPS) {
      t++;
      const code = `${DEMO_REGION}${String(t).padStart(3, '0')}000`;
      const town = await org.create(sys, { code, name, shortName: name, kind: 'township', parentId: bureau.id, regionCode: code, hotlineUnit: true });
      let v = 0;
      for (const village of DEMO_VILLAGES[name] ?? []) {
        v++;
        const vcode = `${DEMO_REGION}${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`;
        await org.create(sys, { code: vcode, name: `${name}${village}`, shortName: village, kind: 'village', parentId: town.id, regionCode: vcode });
      }
    }
    // One hash for every demo account keeps the first start fast; demo accounts are for trying things out.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const a of DEMO_ACCOUNTS) {
      const dept = a.department ? await org.byCode(a.department) : null;
      await auth.createUser(sys, {
        username: a.username,
        name: a.name,
        password: DEMO_PASSWORD,
        passwordHash,
        roles: a.roles as Role[],
        departmentId: dept?.id ?? null,
        windowNo: a.windowNo ?? null,
        isDemo: true,
      });
    }
  },
});
