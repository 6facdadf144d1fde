/** The public confirmation page behind a notice's QR code: phone-first, no personal data. */
import { DOCUMENT_KIND_LABELS } from './documents.rules';
import type { DocumentConfirmation } from './documents.service';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const shell = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #f0f2f5; color: #1f1f1f; }
header { background: #1652c4; color: #fff; padding: 14px 16px; font-size: 17px; font-weight: 600; }
main { max-width: 560px; margin: 16px auto; padding: 0 12px; }
.card { background: #fff; border-radius: 8px; padding: 18px 16px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
.ok { color: #389e0d; font-size: 18px; font-weight: 600; margin-bottom: 12px; }
.bad { color: #cf1322; font-size: 18px; font-weight: 600; margin-bottom: 12px; }
dl { display: grid; grid-template-columns: 5.5em 1fr; gap: 10px 8px; margin: 0; font-size: 15px; }
dt { color: #666; } dd { margin: 0; word-break: break-all; }
p.note { color: #666; font-size: 13px; line-height: 1.6; margin-top: 16px; }
</style></head><body><header>一窗通办 · 文书核验</header><main>${body}</main></body></html>`;

export function confirmationPage(c: DocumentConfirmation): string {
  const signature = c.signatureValid === null ? '' : `<dt>电子签名</dt><dd>${c.signatureValid ? '验证通过' : '验证失败'}</dd>`;
  return shell(
    `${c.kindLabel} ${c.docNo} 核验结果`,
    `<div class="card"><div class="${c.signatureValid === false ? 'bad' : 'ok'}">${c.signatureValid === false ? '✗ 签名验证失败，请向制发机关核实' : '✓ 本文书由本机关制发，信息如下'}</div>
<dl><dt>文号</dt><dd>${esc(c.docNo)}</dd><dt>文书种类</dt><dd>${esc(DOCUMENT_KIND_LABELS[c.kind])}</dd><dt>成文日期</dt><dd>${esc(c.issuedOn)}</dd>
<dt>办件号</dt><dd>${esc(c.caseNo)}</dd><dt>办理事项</dt><dd>${esc(c.itemName)}</dd><dt>制发机关</dt><dd>${esc(c.organ)}</dd>${signature}</dl>
<p class="note">请核对纸质文书上的文号、日期与上述信息一致。本页不显示申请人等个人信息；办理进度请凭办件号和证件号后4位在“进度查询”中查看。</p></div>`,
  );
}

export function notFoundPage(): string {
  return shell('文书核验', `<div class="card"><div class="bad">✗ 未查到该文书</div><p class="note">二维码无效，或该文书不是本机关制发。请向出具文书的窗口核实。</p></div>`);
}
