/**
 * A version row and what the catalogue makes of it: the editor's fields (lists as ',a,b,' text, details as
 * JSON) and the item and list views the API answers with.
 */
import type { OrgService } from '../org';
import { fromFlag, parseJson, toFlag } from '../../kernel/db/db';
import type { Audience, CatalogItem, CrossProvinceMode, ItemSummary } from '../../shared/catalog.types';
import { AUDIENCES, CROSS_PROVINCE_MODES, ITEM_TYPES } from '../../shared/catalog.labels';
import type { ItemFields } from './catalog.rules';
import type { VersionRow } from './catalog.tables';

/** Fields of a version row that live in details_json. */
interface Details {
  materials: ItemFields['materials'];
  fees: ItemFields['fees'];
  legalBasis: string;
  conditions: string;
  locations: ItemFields['locations'];
  faqs: ItemFields['faqs'];
  keywords: string[];
  onlineUrl: string | null;
}

const listText = (xs: readonly string[]) => (xs.length ? `,${xs.join(',')},` : ',');
const fromListText = (s: string): string[] => s.split(',').filter(Boolean);
const isCrossProvinceMode = (s: string): s is CrossProvinceMode => Object.hasOwn(CROSS_PROVINCE_MODES, s);
const isAudience = (s: string): s is Audience => Object.hasOwn(AUDIENCES, s);

/** The columns of a version row that hold its fields (the rest is identity and bookkeeping). */
type FieldColumns =
  | 'name' | 'type' | 'application_based' | 'level' | 'department_id' | 'legal_limit' | 'promised_limit' | 'limit_unit' | 'kind'
  | 'online_depth' | 'visits' | 'nearby' | 'cross_province' | 'extension_allowance' | 'audiences' | 'life_events' | 'details_json';

export function fieldsOfRow(r: Pick<VersionRow, FieldColumns>): ItemFields {
  const d = parseJson<Details>(r.details_json, { materials: [], fees: [], legalBasis: '', conditions: '', locations: [], faqs: [], keywords: [], onlineUrl: null });
  return {
    name: r.name,
    type: r.type,
    applicationBased: fromFlag(r.application_based),
    level: r.level,
    departmentId: r.department_id,
    legalLimit: r.legal_limit,
    promisedLimit: r.promised_limit,
    limitUnit: r.limit_unit,
    kind: r.kind,
    onlineDepth: r.online_depth,
    visits: r.visits,
    nearby: fromFlag(r.nearby),
    crossProvinceModes: fromListText(r.cross_province).filter(isCrossProvinceMode),
    extensionAllowance: r.extension_allowance,
    materials: d.materials,
    fees: d.fees,
    legalBasis: d.legalBasis,
    conditions: d.conditions,
    locations: d.locations,
    faqs: d.faqs,
    audiences: fromListText(r.audiences).filter(isAudience),
    lifeEvents: fromListText(r.life_events),
    keywords: d.keywords,
    onlineUrl: d.onlineUrl,
  };
}

/** The columns of a version row holding these fields. */
export function rowOfFields(f: ItemFields): Pick<VersionRow, FieldColumns> {
  const details: Details = {
    materials: f.materials,
    fees: f.fees,
    legalBasis: f.legalBasis,
    conditions: f.conditions,
    locations: f.locations,
    faqs: f.faqs,
    keywords: f.keywords,
    onlineUrl: f.onlineUrl,
  };
  return {
    name: f.name,
    type: f.type,
    application_based: toFlag(f.applicationBased),
    level: f.level,
    department_id: f.departmentId,
    legal_limit: f.legalLimit,
    promised_limit: f.promisedLimit,
    limit_unit: f.limitUnit,
    kind: f.kind,
    online_depth: f.onlineDepth,
    visits: f.visits,
    nearby: toFlag(f.nearby),
    cross_province: listText(f.crossProvinceModes),
    extension_allowance: f.extensionAllowance,
    audiences: listText(f.audiences),
    life_events: listText(f.lifeEvents),
    details_json: JSON.stringify(details),
  };
}

/** The columns the item lists read of a version. */
const SUMMARY_COLUMNS = [
  'id', 'code', 'version', 'status', 'name', 'type', 'application_based', 'level', 'department_id', 'legal_limit', 'promised_limit', 'limit_unit',
  'kind', 'online_depth', 'visits', 'nearby', 'cross_province', 'updated_at', 'submitted_at',
] as const satisfies ReadonlyArray<keyof VersionRow>;
/** The same, on the version aliased `v` (both lists alias it so). */
export const SUMMARY_OF_V = SUMMARY_COLUMNS.map((c) => `v.${c}` as const);
export type SummaryRow = Pick<VersionRow, (typeof SUMMARY_COLUMNS)[number]>;

/** Online depth 1–4: validateFields lets no other value into a stored version. */
const depthOf = (n: number): 1 | 2 | 3 | 4 => (n <= 1 ? 1 : n >= 4 ? 4 : n === 2 ? 2 : 3);

/** A department's name for display (a department that has gone still shows its id). */
export async function departmentName(org: OrgService, id: number): Promise<string> {
  return (await org.byId(id))?.name ?? `部门 ${id}`;
}

/** A version as the API shows it: its fields, its bookkeeping and the names of its codes. */
export async function toItem(org: OrgService, r: VersionRow): Promise<CatalogItem> {
  const f = fieldsOfRow(r);
  return {
    versionId: r.id,
    code: r.code,
    version: r.version,
    status: r.status,
    ...f,
    onlineDepth: depthOf(f.onlineDepth),
    typeName: ITEM_TYPES[f.type] ?? f.type,
    departmentName: await departmentName(org, f.departmentId),
    publishedAt: r.published_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    submittedAt: r.submitted_at,
    reviewNote: r.review_note,
    publishedBy: r.published_by,
    endedAt: r.ended_at,
  };
}

/** A row of the item lists. */
export async function toSummary(org: OrgService, r: SummaryRow): Promise<ItemSummary> {
  return {
    versionId: r.id,
    code: r.code,
    version: r.version,
    status: r.status,
    name: r.name,
    type: r.type,
    typeName: ITEM_TYPES[r.type] ?? r.type,
    applicationBased: fromFlag(r.application_based),
    level: r.level,
    departmentId: r.department_id,
    departmentName: await departmentName(org, r.department_id),
    legalLimit: r.legal_limit,
    promisedLimit: r.promised_limit,
    limitUnit: r.limit_unit,
    kind: r.kind,
    onlineDepth: depthOf(r.online_depth),
    visits: r.visits,
    nearby: fromFlag(r.nearby),
    crossProvinceModes: fromListText(r.cross_province).filter(isCrossProvinceMode),
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
  };
}
