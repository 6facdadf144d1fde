/**
 * A case number as a person types it: 430582-20260930-000001 written without dashes, with spaces, with
 * full-width digits or dashes (a Chinese input method), or in lower case (yjs). Shared by the progress
 * page and the public lookup API so both accept the same spellings.
 */
export function normalizeCaseNo(input: string): string {
  const s = input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0D\u2014\u2013\u2010]/g, '-') // －—–‐ (escaped: docs/operations.md, "Memory")
    .replace(/\s+/g, '')
    .toUpperCase();
  // {region 6}{yyyyMMdd}{seq 6}: an application; {region 6}YJS{yyyyMMdd}{seq 4}: a 一件事 bundle
  const plain = /^(\d{6})(\d{8})(\d{6})$/.exec(s);
  if (plain) return `${plain[1]}-${plain[2]}-${plain[3]}`;
  const bundle = /^(\d{6})-?YJS-?(\d{8})-?(\d{4})$/.exec(s);
  if (bundle) return `${bundle[1]}-YJS-${bundle[2]}-${bundle[3]}`;
  return s;
}
