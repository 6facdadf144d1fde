/**
 * What other modules (cases, bundles, evaluations, stats) may use of the catalogue: the service registered
 * as `ctx.services.catalog`. Cases keep the version they were filed under (`versionId`).
 */
export type LimitUnit = 'workday' | 'natural';
export type CaseKind = 'instant' | 'promised' | 'reported' | 'joint';
export type CrossProvinceMode = 'full_online' | 'proxy' | 'multi_site';
export type ItemStatus = 'draft' | 'published' | 'retired' | 'superseded';

export interface ItemMaterial {
  name: string;
  /** 原件 / 复印件 / 原件和复印件 / 电子 */
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic';
  copies: number;
  required: boolean;
  /** 免提交 when an e-license replaces it. */
  eLicenseReplaceable: boolean;
  note?: string | null;
}

export interface ItemVersion {
  /** Row id of this version; cases store it. */
  versionId: number;
  code: string;
  version: number;
  status: ItemStatus;
  name: string;
  /** 事项类型 '01'…'10', '20' */
  type: string;
  applicationBased: boolean;
  /** 4 县级, 5 乡镇级, 6 村级 */
  level: 4 | 5 | 6;
  departmentId: number;
  departmentName: string;
  legalLimit: number;
  promisedLimit: number;
  limitUnit: LimitUnit;
  kind: CaseKind;
  onlineDepth: 1 | 2 | 3 | 4;
  visits: number;
  nearby: boolean;
  crossProvinceModes: CrossProvinceMode[];
  /** Working days an extension may add (行政许可法 §42: 10). */
  extensionAllowance: number;
  materials: ItemMaterial[];
  publishedAt: string | null;
}

export interface CatalogService {
  /** The published version of an item, or null (unknown, never published, or retired). */
  getPublished(code: string): Promise<ItemVersion | null>;
  /** Any version by its id (cases show the version they were filed under). */
  getVersion(versionId: number): Promise<ItemVersion | null>;
}
