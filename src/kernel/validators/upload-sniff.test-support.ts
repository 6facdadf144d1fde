/** Sample files for the upload tests (API and browser, every module): real signatures, a real zip layout. */
import { crc32 } from 'node:zlib';

/** A stored (uncompressed) zip of `entries`: what an Office Open XML file is made of. */
export function zipOf(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(entries).length, 8);
  eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

export const SAMPLE_FILES = {
  pdf: (text = '营业场所平面图') => Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${text}\ntrailer <<>>\n%%EOF\n`, 'utf8'),
  png: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]),
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]),
  docx: () => zipOf({ '[Content_Types].xml': CT, 'word/document.xml': '<w:document/>' }),
  xlsx: () => zipOf({ '[Content_Types].xml': CT, 'xl/workbook.xml': '<workbook/>' }),
  /** A zip that is not an Office document (no [Content_Types].xml). */
  plainZip: () => zipOf({ 'word/document.xml': '<w:document/>' }),
  /** A Windows executable, whatever it is named. */
  exe: () => Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(128, 0)]),
  html: () => Buffer.from('<html><script>alert(1)</script></html>', 'utf8'),
  gif: () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(32, 3)]),
  webp: () => Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([40, 0, 0, 0]), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(32, 4)]),
  pptx: () => zipOf({ '[Content_Types].xml': CT, 'ppt/presentation.xml': '<p:presentation/>' }),
  /** Legacy Office: an OLE2 compound file whose directory names a WordDocument / Workbook stream. */
  doc: () => Buffer.concat([OLE2, Buffer.alloc(100), Buffer.from('WordDocument', 'utf16le')]),
  xls: () => Buffer.concat([OLE2, Buffer.alloc(100), Buffer.from('Workbook', 'utf16le')]),
  /** An OLE2 file that is neither Word nor Excel (an .msi, say). */
  otherOle: () => Buffer.concat([OLE2, Buffer.alloc(100)]),
};
