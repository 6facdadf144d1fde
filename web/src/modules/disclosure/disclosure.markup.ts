/**
 * The article editor's plain-text markup and the HTML subset the server accepts (sanitizeBody):
 *   a line                → <p>line</p>
 *   ## heading            → <h3>heading</h3>
 *   - item (consecutive)  → <ul><li>item</li>…</ul>
 *   **bold** inside lines → <strong>bold</strong>
 * Everything else is escaped text, so the editor can never produce script, handlers or links; the server
 * sanitises again on save.
 */

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (s: string) => escape(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

export function markupToHtml(text: string): string {
  const out: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^[-·•]\s+/.test(line)) {
      list.push(line.replace(/^[-·•]\s+/, ''));
      continue;
    }
    flush();
    if (!line) continue;
    if (line.startsWith('## ')) out.push(`<h3>${inline(line.slice(3).trim())}</h3>`);
    else out.push(`<p>${inline(line)}</p>`);
  }
  flush();
  return out.join('');
}

/** Back from the stored (sanitised) HTML to the editor's markup, for editing a draft. */
export function htmlToMarkup(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const text = (n: Node): string => {
    if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
    if (!(n instanceof Element)) return '';
    const inner = [...n.childNodes].map(text).join('');
    if (n.tagName === 'STRONG' || n.tagName === 'B') return `**${inner}**`;
    if (n.tagName === 'BR') return '\n';
    return inner;
  };
  const lines: string[] = [];
  for (const n of doc.body.childNodes) {
    if (!(n instanceof Element)) {
      const t = (n.textContent ?? '').trim();
      if (t) lines.push(t);
      continue;
    }
    if (/^H[1-6]$/.test(n.tagName)) lines.push(`## ${text(n).trim()}`);
    else if (n.tagName === 'UL' || n.tagName === 'OL') for (const li of n.querySelectorAll('li')) lines.push(`- ${text(li).trim()}`);
    else if (n.tagName === 'TABLE') for (const tr of n.querySelectorAll('tr')) lines.push([...tr.children].map((c) => (c.textContent ?? '').trim()).join('　'));
    else lines.push(...text(n).split('\n').map((s) => s.trim()).filter(Boolean));
  }
  return lines.join('\n');
}

/** File → base64 (without the data: prefix) for the attachment API. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('读取文件失败'));
    r.readAsDataURL(file);
  });
}

export const formatSize = (n: number) => (n >= 1024 * 1024 ? `${Number((n / 1024 / 1024).toFixed(1))} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
