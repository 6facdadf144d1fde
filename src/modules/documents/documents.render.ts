/**
 * A notice as printed: the A4 HTML page for the window printer and the PDF download (pdfkit, which embeds
 * only the glyphs used of Debian's Noto CJK font). Both take the same `RenderedDocument`.
 */
import fs from 'node:fs';
import type { MaterialLine, Paragraph } from './documents.rules';

export interface RenderedDocument {
  docNo: string;
  kind: string;
  title: string;
  organ: string;
  caseNo: string;
  paragraphs: Paragraph[];
  /** 2026年9月24日 */
  issuedOnText: string;
  seal: { mime: string; data: Buffer } | null;
  verifyUrl: string;
  /** First 8 characters of the verify key, printed under the QR code. */
  verifyCode: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The drawn seal used until the department uploads its image: red ring, star and the organ's name. */
export function drawnSealSvg(organ: string): string {
  const name = esc(organ);
  // The name runs along a 240° arc over the top, from lower left to lower right, spaced to fill it.
  const arc = (68 * 4 * Math.PI) / 3;
  const size = Math.min(24, Math.floor((arc / Math.max(organ.length, 1)) * 0.78));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="160" height="160" aria-label="${name}印章">
<defs><path id="ring" d="M 41.1 134 A 68 68 0 1 1 158.9 134"/></defs>
<circle cx="100" cy="100" r="92" fill="none" stroke="#d0021b" stroke-width="6"/>
<text fill="#d0021b" font-size="${size}" font-family="Noto Serif CJK SC, Noto Sans CJK SC, serif" font-weight="bold"><textPath href="#ring" textLength="${Math.round(arc - 6)}" lengthAdjust="spacing" startOffset="3">${name}</textPath></text>
<polygon fill="#d0021b" points="100,70 108,94 133,94 113,109 120,133 100,118 80,133 87,109 67,94 92,94"/>
<text x="100" y="160" fill="#d0021b" font-size="14" text-anchor="middle" font-family="Noto Serif CJK SC, serif">行政审批专用章</text>
</svg>`;
}

function materialsTableHtml(rows: MaterialLine[]): string {
  const body = rows.map((r, i) => `<tr><td class="n">${i + 1}</td><td>${esc(r.name)}</td><td>${esc(r.problem)}</td><td>${esc(r.form)}</td></tr>`).join('');
  return `<table class="materials"><thead><tr><th class="n">序号</th><th>材料名称</th><th>存在问题</th><th>补正要求（形式、份数）</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The print-ready A4 page (opens in a tab; 打印 prints just the sheet). */
export async function documentHtml(d: RenderedDocument): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const qr = await QRCode.toDataURL(d.verifyUrl, { margin: 0, width: 180, errorCorrectionLevel: 'M' });
  const seal = d.seal ? `<img class="seal" src="data:${d.seal.mime};base64,${d.seal.data.toString('base64')}" alt="${esc(d.organ)}印章">` : `<div class="seal">${drawnSealSvg(d.organ)}</div>`;
  const paras = d.paragraphs
    .map((p, i) => ('table' in p ? materialsTableHtml(p.table) : `<p class="${i === 0 && p.text.endsWith('：') ? 'to' : ''}">${esc(p.text)}</p>`))
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.title)} ${esc(d.docNo)}</title>
<style>
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; background: #e9ebee; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; color: #000; }
.toolbar { text-align: center; padding: 12px; font-family: "Noto Sans CJK SC", sans-serif; }
.toolbar button, .toolbar a { font-size: 15px; padding: 6px 18px; margin: 0 6px; border: 1px solid #1677ff; background: #1677ff; color: #fff; border-radius: 4px; cursor: pointer; text-decoration: none; }
.toolbar a { background: #fff; color: #1677ff; }
.sheet { width: 210mm; min-height: 297mm; margin: 0 auto 24px; background: #fff; padding: 30mm 26mm 24mm 28mm; position: relative; box-shadow: 0 2px 12px rgba(0,0,0,.15); }
.organ { text-align: center; color: #d0021b; font-size: 30pt; font-weight: bold; letter-spacing: 3pt; line-height: 1.2; }
.docno { text-align: center; font-size: 14pt; margin-top: 10mm; }
.redline { border-top: 2px solid #d0021b; margin-top: 3mm; }
h1 { text-align: center; font-size: 22pt; font-weight: bold; margin: 10mm 0 8mm; letter-spacing: 2pt; }
p { font-size: 15pt; line-height: 1.75; margin: 0; text-indent: 2em; text-align: justify; }
p.to { text-indent: 0; }
table.materials { width: 100%; border-collapse: collapse; margin: 3mm 0 4mm; font-size: 12pt; }
table.materials th, table.materials td { border: 1px solid #000; padding: 2mm 2.5mm; text-align: left; vertical-align: top; line-height: 1.5; }
table.materials th { background: #f2f2f2; }
table.materials .n { width: 12mm; text-align: center; }
.sign { margin-top: 18mm; margin-left: auto; width: 72mm; text-align: center; position: relative; font-size: 15pt; line-height: 1.9; }
.seal { position: absolute; left: 50%; top: 50%; width: 42mm; height: 42mm; transform: translate(-50%, -55%); opacity: .88; }
.seal svg, img.seal { width: 42mm; height: 42mm; }
.verify { position: absolute; left: 28mm; bottom: 20mm; display: flex; gap: 3mm; align-items: center; font-size: 9pt; color: #333; font-family: "Noto Sans CJK SC", sans-serif; }
.verify img { width: 22mm; height: 22mm; }
.verify a { color: inherit; text-decoration: none; }
@media print { body { background: #fff; } .toolbar { display: none; } .sheet { margin: 0; box-shadow: none; } }
</style></head>
<body>
<div class="toolbar"><button onclick="window.print()">打印</button><a href="document.pdf" download>下载 PDF</a></div>
<main class="sheet">
<div class="organ">${esc(d.organ)}</div>
<div class="docno">${esc(d.docNo)}</div>
<div class="redline"></div>
<h1>${esc(d.title)}</h1>
${paras}
<div class="sign"><div>${esc(d.organ)}</div><div>${esc(d.issuedOnText)}</div>${seal}</div>
<div class="verify"><img src="${qr}" alt="核验二维码"><div>扫码核验文书真伪<br>办件号 ${esc(d.caseNo)}<br><a class="verify-link" href="${esc(d.verifyUrl)}">核验码 ${esc(d.verifyCode)}</a></div></div>
</main>
</body></html>`;
}

const FONT_CANDIDATES = [
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', name: 'NotoSerifCJKsc-Regular', bold: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', boldName: 'NotoSerifCJKsc-Bold' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', boldName: 'NotoSansCJKsc-Bold' },
];

/** The CJK font the PDF embeds (a subset); null when fonts-noto-cjk is not installed. */
export function cjkFont(): (typeof FONT_CANDIDATES)[number] | null {
  return FONT_CANDIDATES.find((f) => fs.existsSync(f.path)) ?? null;
}

const MM = 72 / 25.4;
const RED = '#d0021b';

function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, organ: string, font: string) {
  const r = 20 * MM;
  doc.save().lineWidth(2.2).strokeColor(RED).circle(cx, cy, r).stroke();
  // Star
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 === 0 ? 6.5 * MM : 2.6 * MM;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push([cx + rad * Math.cos(a), cy + rad * Math.sin(a)]);
  }
  doc.polygon(...pts).fill(RED);
  // The organ's name along the upper arc
  const chars = [...organ];
  const span = (Math.PI * 4) / 3;
  const size = Math.min(11, Math.floor(((r * span) / Math.max(chars.length, 1)) * 0.72));
  doc.font(font).fontSize(size).fillColor(RED);
  chars.forEach((ch, i) => {
    const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length; // 240° over the top
    const tr = r - size - 2;
    const x = cx + tr * Math.cos(a);
    const y = cy + tr * Math.sin(a);
    doc.save().translate(x, y).rotate(((a + Math.PI / 2) * 180) / Math.PI).text(ch, -size / 2, -size / 2, { lineBreak: false }).restore();
  });
  doc.fontSize(7.5).text('行政审批专用章', cx - 20 * MM, cy + 9 * MM, { width: 40 * MM, align: 'center', lineBreak: false });
  doc.restore();
}

/** The same notice as a PDF with the font subset embedded. */
export async function documentPdf(d: RenderedDocument): Promise<Buffer> {
  const font = cjkFont();
  if (!font) throw new Error('fonts-noto-cjk is not installed: no CJK font for the PDF');
  // pdfkit (with fontkit and its font tables) and qrcode load with the first document printed, not at start-up.
  const [{ default: QRCode }, { default: PDFDocument }] = await Promise.all([import('qrcode'), import('pdfkit')]);
  const qr = await QRCode.toBuffer(d.verifyUrl, { margin: 0, width: 240, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({ size: 'A4', margins: { top: 30 * MM, bottom: 24 * MM, left: 28 * MM, right: 26 * MM }, info: { Title: `${d.title} ${d.docNo}`, Author: d.organ } });
  doc.registerFont('body', font.path, font.name);
  doc.registerFont('bold', font.bold, font.boldName);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('bold').fontSize(26).fillColor(RED).text(d.organ, left, doc.y, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.9).font('body').fontSize(14).fillColor('black').text(d.docNo, { width, align: 'center' });
  const lineY = doc.y + 3 * MM;
  doc.moveTo(left, lineY).lineTo(left + width, lineY).lineWidth(1.5).strokeColor(RED).stroke();
  doc.y = lineY + 9 * MM;
  doc.font('bold').fontSize(21).fillColor('black').text(d.title, left, doc.y, { width, align: 'center', characterSpacing: 1.5 });
  doc.moveDown(0.8);

  for (const [i, p] of d.paragraphs.entries()) {
    if ('table' in p) {
      drawTable(doc, p.table, left, width);
      continue;
    }
    const isTo = i === 0 && p.text.endsWith('：');
    doc.font('body').fontSize(14.5).fillColor('black').text(p.text, left, doc.y, { width, align: 'justify', indent: isTo ? 0 : 29, lineGap: 8 });
  }

  // Signature block with the seal over it, on the right (the QR code sits at the foot on the left, so the
  // seal may reach down to the bottom margin: its lowest point is 30 mm below the block's top). A notice
  // keeps to one page when the block fits with a smaller gap; only then does it go onto a new page.
  const lowestTop = doc.page.height - doc.page.margins.bottom - 30 * MM;
  let y = doc.y + 16 * MM;
  if (y > lowestTop) y = doc.y + 6 * MM;
  if (y > lowestTop) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  const signW = 72 * MM;
  const signX = left + width - signW;
  doc.font('body').fontSize(14.5).text(d.organ, signX, y, { width: signW, align: 'center' });
  doc.text(d.issuedOnText, signX, doc.y + 4, { width: signW, align: 'center' });
  const cx = signX + signW / 2;
  const cy = y + 9 * MM;
  if (d.seal) doc.image(d.seal.data, cx - 21 * MM, cy - 21 * MM, { fit: [42 * MM, 42 * MM] });
  else drawSeal(doc, cx, cy, d.organ, 'bold');

  // QR code at the foot of the page.
  const qy = doc.page.height - 24 * MM - 22 * MM;
  doc.image(qr, left, qy, { width: 22 * MM });
  doc
    .font('body')
    .fontSize(8.5)
    .fillColor('#333')
    .text(`扫码核验文书真伪\n办件号 ${d.caseNo}\n核验码 ${d.verifyCode}`, left + 25 * MM, qy + 4 * MM, { width: 80 * MM, lineGap: 2 });
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, rows: MaterialLine[], left: number, width: number) {
  const cols = [12 * MM, width * 0.36, width * 0.26, 0];
  cols[3] = width - cols[0] - cols[1] - cols[2];
  const pad = 2 * MM;
  const line = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'body').fontSize(11.5);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i] - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      if (bold) doc.rect(x, y, cols[i], h).fill('#f2f2f2');
      doc.rect(x, y, cols[i], h).lineWidth(0.8).strokeColor('black').stroke();
      doc.fillColor('black').text(c, x + pad, y + pad, { width: cols[i] - 2 * pad, align: i === 0 ? 'center' : 'left' });
      x += cols[i];
    });
    doc.x = left;
    doc.y = y + h;
  };
  doc.moveDown(0.3);
  line(['序号', '材料名称', '存在问题', '补正要求（形式、份数）'], true);
  rows.forEach((r, i) => line([String(i + 1), r.name, r.problem, r.form], false));
  doc.moveDown(0.6);
}
