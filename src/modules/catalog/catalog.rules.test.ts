import { describe, expect, it } from 'vitest';
import { isValidUscc } from '../../kernel/validators';
import { fillRate, mergeFields, qualityIssues, validateFields, type ItemFields } from './catalog.rules';
import { formatMaterial, parseMaterial } from './catalog.excel';
import { demoUscc, implementationCode } from './catalog.seed';

const base = (over: Partial<ItemFields> = {}): ItemFields =>
  mergeFields(null, { name: '食品经营许可', type: '01', level: 4, departmentId: 1, legalLimit: 20, promisedLimit: 5, kind: 'promised', onlineDepth: 3, visits: 1, materials: [{ name: '申请书' }], legalBasis: '《食品安全法》', ...over });

describe('validateFields', () => {
  it('accepts a complete item and fills defaults (extension allowance 10, original, 1 copy, required)', () => {
    const f = base();
    expect(validateFields(f)).toEqual([]);
    expect(f.extensionAllowance).toBe(10);
    expect(f.materials[0]).toEqual({ name: '申请书', form: 'original', copies: 1, required: true, eLicenseReplaceable: false, note: null });
  });

  it.each<[string, Partial<ItemFields>, string]>([
    ['promised > legal', { legalLimit: 10, promisedLimit: 11 }, 'promisedLimit'],
    ['depth 0', { onlineDepth: 0 }, 'onlineDepth'],
    ['depth 5', { onlineDepth: 5 }, 'onlineDepth'],
    ['unknown type', { type: '11' }, 'type'],
    ['level 3', { level: 3 as 4 }, 'level'],
    ['negative legal limit', { legalLimit: -1 }, 'legalLimit'],
    ['a nameless material', { materials: [{ name: '', form: 'original', copies: 1, required: true, eLicenseReplaceable: false, note: null }] }, 'materials.0.name'],
    ['too short a name', { name: '证' }, 'name'],
    ['an online URL without scheme', { onlineUrl: 'zwfw.hunan.gov.cn' }, 'onlineUrl'],
  ])('names the field for %s', (_l, over, field) => {
    expect(validateFields({ ...base(), ...over }).map((e) => e.field)).toContain(field);
  });

  it('reports every error at once', () => {
    expect(validateFields({ ...base(), onlineDepth: 9, promisedLimit: 99, type: 'xx' }).map((e) => e.field).sort()).toEqual(['onlineDepth', 'promisedLimit', 'type']);
  });
});

describe('qualityIssues', () => {
  const now = new Date('2026-09-30T01:00:00Z');
  const subject = (over: Partial<ItemFields> & { status?: string; updatedAt?: string } = {}) => ({ ...base(), status: 'published', updatedAt: '2026-09-01T00:00:00Z', ...over });
  it.each<[string, Parameters<typeof subject>[0], string]>([
    ['promised > legal', { legalLimit: 5, promisedLimit: 6 }, 'promised_gt_legal'],
    ['即办件 with a limit', { kind: 'instant', promisedLimit: 2 }, 'instant_with_limit'],
    ['承诺件 without a limit', { kind: 'promised', promisedLimit: 0 }, 'promised_without_limit'],
    ['depth IV with a visit', { onlineDepth: 4, visits: 1 }, 'depth4_requires_visit'],
    ['no materials', { materials: [] }, 'missing_materials'],
    ['no legal basis', { legalBasis: '' }, 'missing_legal_basis'],
    ['a draft untouched for 31 days', { status: 'draft', updatedAt: '2026-08-30T00:00:00Z' }, 'stale_draft'],
  ])('flags %s', (_l, over, rule) => {
    expect(qualityIssues(subject(over), now).map((i) => i.rule)).toContain(rule);
  });
  it('finds nothing wrong with a good item or a fresh draft', () => {
    expect(qualityIssues(subject({ status: 'draft', updatedAt: '2026-09-25T00:00:00Z' }), now)).toEqual([]);
  });
});

describe('fillRate', () => {
  it('is filled elements over items × elements (hand-worked)', () => {
    // base(): legal basis, legal, promised, materials filled = 4 of 10; the second also has a place with hours and phone (+3) and an FAQ (+1)
    const a = base();
    const b = base({ locations: [{ name: '大厅', address: '金龙大道', hours: '工作日', phone: '0739-1' }], faqs: [{ question: '问', answer: '答' }] });
    expect(fillRate([a, b])).toEqual({ numerator: 12, denominator: 20, value: 0.6 });
    expect(fillRate([]).value).toBeNull();
  });
});

describe('material cell grammar', () => {
  it.each([
    { name: '营业执照', form: 'copy' as const, copies: 2, required: false, eLicenseReplaceable: true, note: '加盖公章' },
    { name: '申请表（样表见附件）', form: 'original' as const, copies: 1, required: true, eLicenseReplaceable: false, note: null },
  ])('formats and parses $name identically', (m) => {
    expect(parseMaterial(formatMaterial(m)).material).toEqual(m);
  });
  it('reads a bare name with defaults and rejects an unknown attribute', () => {
    expect(parseMaterial('身份证').material).toMatchObject({ name: '身份证', form: 'original', copies: 1, required: true });
    expect(parseMaterial('身份证【原件，加急】').error).toMatch(/加急/);
  });
});

describe('demo codes', () => {
  it('are 31-character 实施编码: a valid USCC + level + 12-digit basic code', () => {
    const uscc = demoUscc(7);
    expect(isValidUscc(uscc)).toBe(true);
    const code = implementationCode(uscc, 4, '01', 123);
    expect(code).toHaveLength(31);
    expect(code.slice(18)).toBe('4430100123000');
  });
});
