/**
 * Input limits, in one place for the server's schemas and the web app's forms (so a form never lets a
 * user type what the API will refuse). Every string, array, page and upload a route accepts is bounded:
 * unbounded input is how a single request fills a disk or a log. Plain data only (no imports), so the
 * web bundle can import it too.
 *
 * Server use: `Type.String({ maxLength: LIMITS.name })`, `Type.Array(x, { maxItems: LIMITS.materials })`.
 * Web use: `<Input maxLength={LIMITS.name} />`.
 */
export const LIMITS = {
  /** Largest JSON request body (Fastify bodyLimit). Larger bodies get 413 BODY_TOO_LARGE. */
  bodyBytes: 1024 * 1024,
  /** List pages: `pageSize` ≤ this; `page` ≤ maxPage. */
  pageSize: 100,
  defaultPageSize: 20,
  maxPage: 100_000,

  /** Account usernames (`^[A-Za-z0-9_.-]+$`). */
  usernameMin: 2,
  username: 64,
  /** Passwords: the policy asks 10+ for real accounts; the cap keeps scrypt input bounded. */
  passwordMin: 10,
  password: 128,
  /** Personal and organisation names (申请人, 经办人, 单位). */
  personName: 64,
  name: 100,
  shortName: 40,
  /** Codes: department codes, item codes (实施编码 is 31 chars), window numbers. */
  code: 40,
  windowNo: 20,
  /** Phone numbers as typed (landlines with extensions included). */
  phone: 20,
  /** 居民身份证号 and 统一社会信用代码 are 18 characters. */
  idNumber: 18,
  /** One-line titles and subjects. */
  title: 200,
  /** Reasons for a state change (退回、不予受理、延期 …). */
  reason: 1000,
  /** Free text: work-order content, letters, replies, comments. */
  content: 4000,
  /** Search queries. */
  query: 100,
  /** Addresses. */
  address: 200,
  /** URL or file reference fields. */
  url: 500,

  /** Arrays: materials of an item or case, roles, attachments, tags. */
  materials: 100,
  attachments: 20,
  tags: 20,
  /** Bulk imports and batch actions in one request. */
  batch: 1000,

  /** Uploads (multipart, when a module adds them): bytes per file and the accepted types. */
  uploadBytes: 10 * 1024 * 1024,
  uploadTypes: ['application/pdf', 'image/jpeg', 'image/png', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as readonly string[],
  /** 电子材料: bytes per uploaded case material (PDF, JPEG/PNG, Office); the type is checked by content. */
  materialFileBytes: 10 * 1024 * 1024,
  /** 电子材料: versions kept per material of a case (each 补正 adds one). */
  materialVersions: 20,
  /** Spreadsheet imports (catalogue Excel). */
  importBytes: 10 * 1024 * 1024,
  importRows: 20_000,
  /** Rows of one Excel export of a filtered list (办件清单, 工单); more → 422 EXPORT_TOO_LARGE. */
  exportRows: 5_000,
  /** One search word or synonym (检索同义词表). */
  searchWord: 30,
  /** 文书: a kind's title and wording, the 文号 机关代字, a seal image (bytes, PNG/JPEG). */
  documentTitle: 40,
  documentBody: 4000,
  documentPrefix: 6,
  sealBytes: 200 * 1024,
  /** Notes and explanations longer than a reason (回访记录, 超期说明, 问题描述). */
  note: 2000,
  /** Short comments (评价意见, 审核备注). */
  comment: 500,
  /** Public lookup codes (市长信箱查询码, 依申请公开查询码). */
  lookupCode: 20,
  /** The last four characters of an ID number (progress lookup). */
  idLast4: 4,
  /** 执法证号. */
  certNo: 30,
} as const;
