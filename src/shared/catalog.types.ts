/**
 * Catalogue API types, shared by the server (catalog module) and the web app. Plain types only: no
 * imports, so the web bundle can use them.
 */
export type LimitUnit = 'workday' | 'natural';
export type CaseKind = 'instant' | 'promised' | 'reported' | 'joint';
export type CrossProvinceMode = 'full_online' | 'proxy' | 'multi_site';
export type ItemStatus = 'draft' | 'published' | 'retired' | 'superseded';
export type Audience = 'person' | 'organization';

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

export interface ItemFee {
  name: string;
  standard: string;
  basis: string | null;
}

export interface ItemLocation {
  name: string;
  address: string;
  hours: string;
  phone: string | null;
}

export interface ItemFaq {
  question: string;
  answer: string;
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

/** Everything an editor sets on a version (the code and the bookkeeping are not fields). */
export interface ItemFields {
  name: string;
  type: string;
  applicationBased: boolean;
  level: 4 | 5 | 6;
  departmentId: number;
  legalLimit: number;
  promisedLimit: number;
  limitUnit: LimitUnit;
  kind: CaseKind;
  onlineDepth: number;
  visits: number;
  nearby: boolean;
  crossProvinceModes: CrossProvinceMode[];
  extensionAllowance: number;
  materials: ItemMaterial[];
  fees: ItemFee[];
  legalBasis: string;
  conditions: string;
  locations: ItemLocation[];
  faqs: ItemFaq[];
  audiences: Audience[];
  lifeEvents: string[];
  keywords: string[];
  onlineUrl: string | null;
}

/** A version with everything the guide (办事指南) shows and the bookkeeping staff see. */
export interface CatalogItem extends ItemVersion, Omit<ItemFields, 'level' | 'onlineDepth' | 'materials'> {
  typeName: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  submittedAt: string | null;
  reviewNote: string | null;
  publishedBy: string | null;
  endedAt: string | null;
}

/** A row of the item lists (public search, management, review queue). */
export interface ItemSummary extends Omit<ItemVersion, 'extensionAllowance' | 'materials' | 'publishedAt'> {
  typeName: string;
  updatedAt: string;
  submittedAt: string | null;
  score?: number;
}

/** A row of GET /items/:code/versions. */
export interface VersionInfo {
  versionId: number;
  version: number;
  status: ItemStatus;
  name: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  submittedAt: string | null;
  reviewNote: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  endedAt: string | null;
}

export interface ImportError {
  sheet: string;
  /** Spreadsheet row number (1 = the heading row). */
  row: number | null;
  column: string | null;
  /** A1-style cell reference when the error is about one cell. */
  cell: string | null;
  message: string;
}

export interface ImportResult {
  total: number;
  created: number;
  versioned: number;
  unchanged: number;
  published: number;
}

export type ImportJobStatus = 'validating' | 'writing' | 'done' | 'failed';

/** An Excel import job as GET /catalog/import/:id answers it. */
export interface ImportJob {
  id: number;
  status: ImportJobStatus;
  fileName: string | null;
  total: number;
  processed: number;
  percent: number;
  errors: ImportError[];
  result: ImportResult | null;
  createdAt: string;
  finishedAt: string | null;
}
