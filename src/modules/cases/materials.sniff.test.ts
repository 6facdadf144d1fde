import { describe, expect, it } from 'vitest';
import { sniffMaterialType } from './materials.sniff';
import { SAMPLE_FILES } from './materials.test-support';

describe('材料类型按内容识别', () => {
  it.each([
    ['pdf', SAMPLE_FILES.pdf(), 'application/pdf'],
    ['png', SAMPLE_FILES.png(), 'image/png'],
    ['jpeg', SAMPLE_FILES.jpeg(), 'image/jpeg'],
    ['docx', SAMPLE_FILES.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', SAMPLE_FILES.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['doc (OLE2 with a WordDocument stream)', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100), Buffer.from('WordDocument', 'utf16le')]), 'application/msword'],
  ])('accepts %s', (_n, bytes, mime) => {
    expect(sniffMaterialType(bytes)?.mime).toBe(mime);
  });

  it.each([
    ['an executable', SAMPLE_FILES.exe()],
    ['HTML', SAMPLE_FILES.html()],
    ['a zip without [Content_Types].xml', SAMPLE_FILES.plainZip()],
    ['a truncated zip', SAMPLE_FILES.docx().subarray(0, 40)],
    ['an OLE2 file that is neither Word nor Excel', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)])],
    ['empty', Buffer.alloc(0)],
  ])('refuses %s', (_n, bytes) => {
    expect(sniffMaterialType(bytes)).toBeNull();
  });
});
