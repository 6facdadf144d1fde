/**
 * 电子材料: what a file is, read from its bytes (never from its name or the browser's content type).
 * Accepted: PDF, JPEG, PNG, Office Open XML (docx/xlsx: a zip whose [Content_Types].xml names the part)
 * and the legacy OLE2 compound files (doc/xls). Anything else — an executable renamed .pdf, a zip that is
 * not an Office document, HTML — is refused.
 */

export interface SniffedType {
  mime: string;
  /** The extension the file is served with. */
  ext: string;
  /** How a clerk reads it. */
  label: string;
}

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const starts = (b: Buffer, sig: Buffer) => b.length >= sig.length && b.subarray(0, sig.length).equals(sig);

/** The names of a zip's entries from its central directory, or null when it is not a readable zip. */
export function zipEntryNames(b: Buffer): string[] | null {
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

/** OOXML: the zip must carry [Content_Types].xml and the main part of a Word or Excel document. */
function sniffOoxml(b: Buffer): SniffedType | null {
  const names = zipEntryNames(b);
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'Word 文档' };
  }
  if (names.includes('xl/workbook.xml')) {
    return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', label: 'Excel 表格' };
  }
  return null;
}

/** The type of `b` by its content, or null when it is not one the platform accepts. */
export function sniffMaterialType(b: Buffer): SniffedType | null {
  if (starts(b, PDF)) return { mime: 'application/pdf', ext: 'pdf', label: 'PDF' };
  if (starts(b, PNG)) return { mime: 'image/png', ext: 'png', label: 'PNG 图片' };
  if (starts(b, JPEG)) return { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG 图片' };
  if (starts(b, ZIP_LOCAL)) return sniffOoxml(b);
  if (starts(b, OLE2)) {
    // A compound file is a Word or Excel document (or an .msi, .msg …): its stream names are UTF-16 in the
    // directory sectors: "WordDocument" or "Workbook" / "Book" decide.
    const utf16 = (s: string) => Buffer.from(s, 'utf16le');
    if (b.includes(utf16('WordDocument'))) return { mime: 'application/msword', ext: 'doc', label: 'Word 文档' };
    if (b.includes(utf16('Workbook')) || b.includes(utf16('Book'))) return { mime: 'application/vnd.ms-excel', ext: 'xls', label: 'Excel 表格' };
    return null;
  }
  return null;
}

/** What the refusal message lists. */
export const ACCEPTED_MATERIAL_TYPES = 'PDF、JPG/PNG 图片、Word（doc/docx）、Excel（xls/xlsx）';
