import { describe, expect, it } from 'vitest';
import { assertUpload, checkUpload, describeKinds, sniffFileType } from './upload-sniff';
import { SAMPLE_FILES } from './upload-sniff.test-support';

describe('上传文件类型按内容识别', () => {
  it.each([
    ['pdf', SAMPLE_FILES.pdf(), 'application/pdf', 'pdf'],
    ['png', SAMPLE_FILES.png(), 'image/png', 'png'],
    ['jpeg', SAMPLE_FILES.jpeg(), 'image/jpeg', 'jpg'],
    ['gif', SAMPLE_FILES.gif(), 'image/gif', 'gif'],
    ['webp', SAMPLE_FILES.webp(), 'image/webp', 'webp'],
    ['docx', SAMPLE_FILES.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['xlsx', SAMPLE_FILES.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
    ['pptx', SAMPLE_FILES.pptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
    ['doc (OLE2 with a WordDocument stream)', SAMPLE_FILES.doc(), 'application/msword', 'doc'],
    ['xls (OLE2 with a Workbook stream)', SAMPLE_FILES.xls(), 'application/vnd.ms-excel', 'xls'],
  ])('knows %s', (_n, bytes, mime, ext) => {
    expect(sniffFileType(bytes)).toMatchObject({ mime, ext });
  });

  it.each([
    ['an executable', SAMPLE_FILES.exe()],
    ['HTML', SAMPLE_FILES.html()],
    ['a zip without [Content_Types].xml', SAMPLE_FILES.plainZip()],
    ['a truncated zip', SAMPLE_FILES.docx().subarray(0, 40)],
    ['an OLE2 file that is neither Word nor Excel', SAMPLE_FILES.otherOle()],
    ['RIFF that is not WebP (a WAV)', Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(16)])],
    ['empty', Buffer.alloc(0)],
  ])('does not know %s', (_n, bytes) => {
    expect(sniffFileType(bytes)).toBeNull();
  });
});

describe('checkUpload: one refusal for every module', () => {
  const rule = { maxBytes: 1024, noun: '材料' };
  it.each([
    ['empty', Buffer.alloc(0), {}, 'UPLOAD_EMPTY', 422, '请选择要上传的材料'],
    ['missing', null, {}, 'UPLOAD_EMPTY', 422, '文件为空'],
    ['over the limit', Buffer.concat([SAMPLE_FILES.pdf(), Buffer.alloc(1024)]), {}, 'UPLOAD_TOO_LARGE', 413, '材料过大'],
    ['an executable named .pdf, no claim checked', SAMPLE_FILES.exe(), {}, 'UPLOAD_TYPE_NOT_ALLOWED', 415, '只接受 PDF、JPG/PNG/GIF/WEBP 图片、Word（doc/docx）、Excel（xls/xlsx）'],
    ['HTML claimed as PDF', SAMPLE_FILES.html(), { fileName: 'report.pdf' }, 'UPLOAD_TYPE_MISMATCH', 415, '不是声称的 PDF'],
    ['a PNG claimed as PDF', SAMPLE_FILES.png(), { fileName: 'report.PDF' }, 'UPLOAD_TYPE_MISMATCH', 415, '不是声称的 PDF'],
    ['a Word file where only PDF and pictures are taken', SAMPLE_FILES.docx(), { accept: ['pdf', 'png', 'jpeg'] as const }, 'UPLOAD_TYPE_NOT_ALLOWED', 415, '只接受 PDF、JPG/PNG 图片'],
  ])('refuses %s', (_n, body, extra, code, status, message) => {
    const r = checkUpload(body, { ...rule, ...extra });
    expect(r).toMatchObject({ ok: false, code, status });
    expect(r.ok ? '' : r.message).toContain(message);
  });

  it.each([
    ['a PDF at exactly the limit', Buffer.concat([SAMPLE_FILES.pdf(), Buffer.alloc(1024 - SAMPLE_FILES.pdf().length)]), {}, 'pdf'],
    ['a JPEG named .jpeg', SAMPLE_FILES.jpeg(), { fileName: '照片.jpeg' }, 'jpeg'],
    ['a PDF whose name claims nothing known', SAMPLE_FILES.pdf(), { fileName: '申请书' }, 'pdf'],
    ['a PDF named .txt (an unknown claim: the content decides)', SAMPLE_FILES.pdf(), { fileName: 'a.txt' }, 'pdf'],
  ])('accepts %s', (_n, body, extra, kind) => {
    expect(checkUpload(body, { ...rule, ...extra })).toMatchObject({ ok: true, type: { kind } });
  });

  it('assertUpload throws the refusal as a 4xx AppError', () => {
    expect(() => assertUpload(SAMPLE_FILES.exe(), rule)).toThrow(expect.objectContaining({ code: 'UPLOAD_TYPE_NOT_ALLOWED', status: 415 }));
    expect(assertUpload(SAMPLE_FILES.pdf(), rule).mime).toBe('application/pdf');
  });

  it('names the accepted kinds in Chinese', () => {
    expect(describeKinds(['pdf', 'png', 'jpeg'])).toBe('PDF、JPG/PNG 图片');
    expect(describeKinds(['docx', 'pptx'])).toBe('Word（docx）、PowerPoint（pptx）');
  });
});
