/**
 * Fixtures every module's tests share: valid identity numbers, Shanghai instants, a login that survives
 * moving the test clock, and a tiny catalogue module that implements the catalogue contract over fixed
 * items (for tests that do not need the real catalogue). Kept outside src/modules so that each module's
 * test support can use them without reaching into another module.
 */
import type { InjectOptions } from 'fastify';
import { defineModule, type AppContext } from '../src/kernel/module';
import type { AnyTestApp } from './harness';
import type { ItemMaterial, ItemVersion } from '../src/shared/catalog.types';
import type { CatalogService } from '../src/modules/catalog';
import type { OrgService } from '../src/modules/org';
import { computeIdCheckChar, computeOrgCodeCheckChar, computeUsccCheckChar } from '../src/kernel/validators';

/** A valid 身份证号 from its first 17 digits. */
export const idNo = (first17: string) => first17 + computeIdCheckChar(first17);

/** A valid 统一社会信用代码 from authority+category (2), region (6) and an 8-character org body. */
export function uscc(prefix8: string, orgBody8: string): string {
  const org = orgBody8 + computeOrgCodeCheckChar(orgBody8);
  const first17 = prefix8 + org;
  return first17 + computeUsccCheckChar(first17);
}

export const PERSON_ID = idNo('43058219900307123');
export const COMPANY_CODE = uscc('91430582', 'MA4L0J3K');

const m = (name: string, required = true, extra: Partial<ItemMaterial> = {}): ItemMaterial => ({
  name,
  form: 'original',
  copies: 1,
  required,
  eLicenseReplaceable: false,
  ...extra,
});

interface FakeItem extends Omit<ItemVersion, 'departmentId' | 'departmentName' | 'versionId'> {
  departmentCode: string;
}

const base = {
  version: 1,
  type: '01',
  applicationBased: true,
  level: 4 as const,
  onlineDepth: 3 as const,
  visits: 1,
  nearby: false,
  crossProvinceModes: [],
  extensionAllowance: 10,
  publishedAt: '2026-01-01T00:00:00.000Z',
  status: 'published' as const,
};

/** The fixed items: codes are short on purpose (the contract says codes are opaque strings). */
export const FAKE_ITEMS: FakeItem[] = [
  {
    ...base,
    code: 'T-FOOD',
    name: '食品经营许可（新办）',
    departmentCode: '430582-001',
    legalLimit: 20,
    promisedLimit: 5,
    limitUnit: 'workday',
    kind: 'promised',
    materials: [
      m('食品经营许可申请书'),
      m('营业执照', true, { eLicenseReplaceable: true }),
      m('经营场所平面布局图'),
      m('从业人员健康证明', false),
    ],
  },
  {
    ...base,
    code: 'T-NATURAL',
    name: '户外广告设施设置审批',
    departmentCode: '430582-001',
    legalLimit: 20,
    promisedLimit: 10,
    limitUnit: 'natural',
    kind: 'promised',
    materials: [m('设置申请表')],
  },
  {
    ...base,
    code: 'T-INSTANT',
    name: '户籍证明开具',
    departmentCode: '430582-002',
    legalLimit: 0,
    promisedLimit: 0,
    limitUnit: 'workday',
    kind: 'instant',
    materials: [m('居民身份证')],
  },
  {
    ...base,
    code: 'T-POLICE',
    name: '出生登记',
    departmentCode: '430582-002',
    legalLimit: 20,
    promisedLimit: 10,
    limitUnit: 'workday',
    kind: 'promised',
    crossProvinceModes: ['proxy', 'full_online'],
    materials: [m('出生医学证明'), m('父母身份证'), m('居民户口簿')],
  },
  {
    ...base,
    code: 'T-BIRTHCERT',
    name: '出生医学证明首次签发',
    departmentCode: '430582-005',
    legalLimit: 10,
    promisedLimit: 5,
    limitUnit: 'workday',
    kind: 'promised',
    materials: [m('新生儿出生医学记录'), m('父母身份证'), m('中华人民共和国结婚证', false)],
  },
  {
    ...base,
    code: 'T-SSCARD',
    name: '社会保障卡申领',
    departmentCode: '430582-003',
    legalLimit: 30,
    promisedLimit: 20,
    limitUnit: 'workday',
    kind: 'promised',
    crossProvinceModes: ['proxy', 'full_online'],
    materials: [m('父母身份证'), m('居民户口簿'), m('个人照片')],
  },
  {
    ...base,
    code: 'T-ONE',
    name: '道路挖掘占用审批',
    departmentCode: '430582-001',
    legalLimit: 3,
    promisedLimit: 1,
    limitUnit: 'workday',
    kind: 'promised',
    materials: [m('挖掘占用申请表')],
  },
  { ...base, code: 'T-RETIRED', name: '已停用的事项', departmentCode: '430582-001', legalLimit: 20, promisedLimit: 5, limitUnit: 'workday', kind: 'promised', status: 'retired', materials: [] },
  {
    ...base,
    code: 'T-CHECK',
    name: '行政检查（依职权）',
    departmentCode: '430582-001',
    applicationBased: false,
    legalLimit: 20,
    promisedLimit: 5,
    limitUnit: 'workday',
    kind: 'promised',
    materials: [],
  },
];

class FakeCatalog implements CatalogService {
  constructor(private readonly ctx: AppContext<{ org: OrgService }>) {}

  private async toVersion(item: FakeItem, versionId: number): Promise<ItemVersion> {
    const org = this.ctx.services.org;
    const dept = await org.byCode(item.departmentCode);
    const { departmentCode: _d, ...rest } = item;
    return { ...rest, versionId, departmentId: dept!.id, departmentName: dept!.name };
  }

  async getPublished(code: string) {
    const i = FAKE_ITEMS.findIndex((x) => x.code === code);
    if (i < 0 || FAKE_ITEMS[i].status !== 'published') return null;
    return this.toVersion(FAKE_ITEMS[i], i + 1);
  }

  async getVersion(versionId: number) {
    const item = FAKE_ITEMS[versionId - 1];
    return item ? this.toVersion(item, versionId) : null;
  }
}

export const fakeCatalogModule = defineModule({
  name: 'catalog',
  needs: ['org'],
  init: (ctx: AppContext<{ org: OrgService }>): { catalog: CatalogService } => ({ catalog: new FakeCatalog(ctx) }),
});


/** Shanghai instant for a date at a given hour: `at('2026-09-24', 10)`. */
export const at = (date: string, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;

export const personApplicant = (over: Record<string, unknown> = {}) => ({ type: 'person', name: '王小明', idNumber: PERSON_ID, phone: '13800138000', ...over });

/** Every required material of each fake item, ticked. */
export const ALL_MATERIALS: Record<string, { name: string; provided: boolean }[]> = Object.fromEntries(
  FAKE_ITEMS.map((i) => [i.code, i.materials.map((x) => ({ name: x.name, provided: true }))]),
);

export const FOOD_ALL = [
  { name: '食品经营许可申请书', provided: true },
  { name: '经营场所平面布局图', provided: true },
];

/**
 * `t.request` with a token that survives moving the test clock by days: the harness caches one token per
 * account, which expires after the session lifetime (12 h) once the clock jumps ahead.
 */
export function clockSafeRequest(t: AnyTestApp) {
  const tokens = new Map<string, { token: string; at: number }>();
  const tokenOf = async (username: string) => {
    const now = t.clock.now().getTime();
    const cached = tokens.get(username);
    if (cached && now >= cached.at && now - cached.at < 6 * 3600_000) return cached.token;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'demo1234' } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const token = res.json().token as string;
    tokens.set(username, { token, at: now });
    return token;
  };
  return async ({ as, ...o }: InjectOptions & { as?: string }) => {
    const headers = { ...(o.headers ?? {}) } as Record<string, string>;
    if (as) headers.authorization = `Bearer ${await tokenOf(as)}`;
    return t.app.inject({ ...o, headers });
  };
}
