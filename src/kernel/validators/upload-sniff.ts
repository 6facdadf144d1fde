/**
 * Uploaded files, checked once for every module (电子材料, 政务公开附件, 绩效佐证, 12345 回复附件): what a
 * file is is read from its bytes, never from its name or the browser's content type, so an executable
 * renamed .pdf or an HTML page named .png is refused. A size limit bounds it; the refusal carries a stable
 * code and a Chinese message a citizen or a clerk can act on.
 */
import { AppError } from '../errors';

export type UploadKind = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls';

export interface SniffedType {
  kind: UploadKind;
  mime: string;
  /** The extension the file is served with. */
  ext: string;
  /** How a clerk reads it. */
  label: string;
}

const TYPES: Record<UploadKind, SniffedType> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', ext: 'pdf', label: 'PDF' },
  png: { kind: 'png', mime: 'image/png', ext: 'png', label: 'PNG 图片' },
  jpeg: { kind: 'jpeg', mime: 'image/jpeg', ext: 'jpg', label: 'JPEG 图片' },
  gif: { kind: 'gif', mime: 'image/gif', ext: 'gif', label: 'GIF 图片' },
  webp: { kind: 'webp', mime: 'image/webp', ext: 'webp', label: 'WebP 图片' },
  docx: { kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'Word 文档' },
  xlsx: { kind: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', label: 'Excel 表格' },
  pptx: { kind: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', label: 'PowerPoint 演示文稿' },
  doc: { kind: 'doc', mime: 'application/msword', ext: 'doc', label: 'Word 文档' },
  xls: { kind: 'xls', mime: 'application/vnd.ms-excel', ext: 'xls', label: 'Excel 表格' },
};

/** The extensions a name may claim for each kind (a claim the content contradicts is refused). */
const CLAIMED_EXT: Record<string, UploadKind> = {
  pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', gif: 'gif', webp: 'webp',
  docx: 'docx', xlsx: 'xlsx', pptx: 'pptx', doc: 'doc', xls: 'xls',
};

/** The extensions a name of `kind` may carry (for forms' accept lists and meta endpoints). */
export function extensionsOf(kind: UploadKind): string[] {
  return Object.keys(CLAIMED_EXT).filter((e) => CLAIMED_EXT[e] === kind);
}

/** The type the platform serves a file of `kind` as. */
export const uploadTypeOf = (kind: UploadKind): SniffedType => TYPES[kind];

/** Every kind the platform knows. */
export const ALL_UPLOAD_KINDS: readonly UploadKind[] = Object.keys(TYPES) as UploadKind[];
/** Documents and pictures: what a material, an attachment or a reply may be. */
export const DOCUMENT_KINDS: readonly UploadKind[] = ['pdf', 'png', 'jpeg', 'gif', 'webp', 'docx', 'xlsx', 'doc', 'xls'];

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const GIF87 = Buffer.from('GIF87a', 'latin1');
const GIF89 = Buffer.from('GIF89a', 'latin1');
const RIFF = Buffer.from('RIFF', 'latin1');
const WEBP = Buffer.from('WEBP', 'latin1');
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const startsAt = (b: Buffer, sig: Buffer, at = 0) => b.length >= at + sig.length && b.subarray(at, at + sig.length).equals(sig);

/** The names of a zip's entries from its central directory, or null when it is not a readable zip. */
export function zipEntryNames(b: Buffer): string[] | null {
  if (b.length < 22) return null;
  // End of central directory: signature 0x06054b50, within the last 22 + 65535 bytes (the comment).
  const min = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (p + 46 + nameLen > b.length) return null;
    names.push(b.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** OOXML: a zip that carries [Content_Types].xml and the main part of a Word, Excel or PowerPoint file. */
function sniffOoxml(b: Buffer): SniffedType | null {
  const names = zipEntryNames(b);
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) return TYPES.docx;
  if (names.includes('xl/workbook.xml')) return TYPES.xlsx;
  if (names.includes('ppt/presentation.xml')) return TYPES.pptx;
  return null;
}

/** The type of `b` by its content, or null when it is none the platform knows. */
export function sniffFileType(b: Buffer): SniffedType | null {
  if (startsAt(b, PDF)) return TYPES.pdf;
  if (startsAt(b, PNG)) return TYPES.png;
  if (startsAt(b, JPEG)) return TYPES.jpeg;
  if (startsAt(b, GIF87) || startsAt(b, GIF89)) return TYPES.gif;
  if (startsAt(b, RIFF) && startsAt(b, WEBP, 8)) return TYPES.webp;
  if (startsAt(b, ZIP_LOCAL)) return sniffOoxml(b);
  if (startsAt(b, OLE2)) {
    // A compound file is a Word or Excel document (or an .msi, .msg …): its stream names are UTF-16 in the
    // directory sectors: "WordDocument", or "Workbook" / "Book", decide.
    const utf16 = (s: string) => Buffer.from(s, 'utf16le');
    if (b.includes(utf16('WordDocument'))) return TYPES.doc;
    if (b.includes(utf16('Workbook')) || b.includes(utf16('Book'))) return TYPES.xls;
    return null;
  }
  return null;
}

/** How the refusal names the accepted kinds, e.g. "PDF、JPG/PNG 图片、Word（doc/docx）". */
export function describeKinds(kinds: readonly UploadKind[]): string {
  const has = (k: UploadKind) => kinds.includes(k);
  const parts: string[] = [];
  if (has('pdf')) parts.push('PDF');
  const images = (['jpeg', 'png', 'gif', 'webp'] as const).filter(has).map((k) => (k === 'jpeg' ? 'JPG' : k.toUpperCase()));
  if (images.length) parts.push(`${images.join('/')} 图片`);
  const office = (label: string, a: UploadKind, b: UploadKind) => {
    const exts = [a, b].filter(has);
    if (exts.length) parts.push(`${label}（${exts.join('/')}）`);
  };
  office('Word', 'doc', 'docx');
  office('Excel', 'xls', 'xlsx');
  if (has('pptx')) parts.push('PowerPoint（pptx）');
  return parts.join('、');
}

export interface UploadRule {
  /** The largest file taken, in bytes. */
  maxBytes: number;
  /** The kinds taken; every document and picture kind when omitted. */
  accept?: readonly UploadKind[];
  /** What the file is called in the message (材料, 附件, 佐证材料 …); 文件 when omitted. */
  noun?: string;
  /** The name the uploader gave: when its extension names a known kind, the content must be that kind. */
  fileName?: string;
}

export type UploadErrorCode = 'UPLOAD_EMPTY' | 'UPLOAD_TOO_LARGE' | 'UPLOAD_TYPE_NOT_ALLOWED' | 'UPLOAD_TYPE_MISMATCH';

export type UploadCheck =
  | { ok: true; type: SniffedType }
  | { ok: false; code: UploadErrorCode; status: 413 | 415 | 422; message: string; details: Record<string, unknown> };

const mb = (bytes: number) => {
  const v = bytes / 1024 / 1024;
  return Number.isInteger(v) ? `${v} MB` : `${v.toFixed(1)} MB`;
};

/** Checks an uploaded file against `rule`: not empty, not over the limit, of an accepted kind by content. */
export function checkUpload(body: Buffer | null | undefined, rule: UploadRule): UploadCheck {
  const noun = rule.noun ?? '文件';
  const accept = rule.accept ?? DOCUMENT_KINDS;
  if (!body || !Buffer.isBuffer(body) || body.length === 0) {
    return { ok: false, code: 'UPLOAD_EMPTY', status: 422, message: `请选择要上传的${noun}（文件为空）`, details: { field: 'file' } };
  }
  if (body.length > rule.maxBytes) {
    return { ok: false, code: 'UPLOAD_TOO_LARGE', status: 413, message: `${noun}过大：单个文件不超过 ${mb(rule.maxBytes)}`, details: { field: 'file', limit: rule.maxBytes } };
  }
  const type = sniffFileType(body);
  const claimedExt = rule.fileName?.match(/\.([A-Za-z0-9]{1,5})$/)?.[1]?.toLowerCase();
  const claimed = claimedExt ? CLAIMED_EXT[claimedExt] : undefined;
  if (claimed && accept.includes(claimed) && type?.kind !== claimed) {
    return { ok: false, code: 'UPLOAD_TYPE_MISMATCH', status: 415, message: `${noun}内容不是声称的 ${TYPES[claimed].label} 文件（按文件内容识别）`, details: { field: 'file', claimed } };
  }
  if (!type || !accept.includes(type.kind)) {
    return { ok: false, code: 'UPLOAD_TYPE_NOT_ALLOWED', status: 415, message: `${noun}类型不支持（按文件内容识别）：只接受 ${describeKinds(accept)}`, details: { field: 'file', accepted: [...accept] } };
  }
  return { ok: true, type };
}

/** `checkUpload`, throwing the refusal as an AppError (4xx, nothing written). */
export function assertUpload(body: Buffer | null | undefined, rule: UploadRule): SniffedType {
  const r = checkUpload(body, rule);
  if (!r.ok) throw new AppError(r.code, r.status, r.message, r.details);
  return r.type;
}
