/**
 * The bureau's own paragraphs of the yearly report as templates: plain Chinese text with named
 * placeholders bound to the report's figures, e.g.
 *
 *   全年共受理办件 {{cases.received}} 件，按时办结率 {{cases.onTimeRate}}。
 *
 * A placeholder is a figure id between double braces (spaces inside allowed); the rendered paragraph shows
 * the figure's display text at the report's precision, so a paragraph never carries a typed-in number that
 * drifts from the records. Saving a template with a name that is not a figure is refused (issue 18 item 7);
 * `{{` can be written literally as `{{{{`. Pure and shared: the server validates and renders, the web app
 * highlights placeholders and previews.
 */

/** A run of a parsed template: literal text, or a figure to be shown by its display text. */
export type TemplateRun = { text: string } | { figure: string };

export interface TemplateProblem {
  /** Stable code of the problem (the API answers 422 REPORT_TEMPLATE_INVALID listing them). */
  code: 'TEMPLATE_UNKNOWN_PLACEHOLDER' | 'TEMPLATE_UNCLOSED' | 'TEMPLATE_EMPTY_PLACEHOLDER';
  /** The placeholder as written (without braces), when there is one. */
  name: string | null;
  /** Character offset in the template where the problem starts. */
  at: number;
  message: string;
}

export interface ParsedTemplate {
  runs: TemplateRun[];
  /** Figure ids used, in order of first use. */
  placeholders: string[];
  problems: TemplateProblem[];
}

/** Placeholder names: figure ids such as `cases.onTimeRate`, `hall.specialGroupServed`, `org.staff`. */
const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/**
 * Splits a template into runs. `known` decides which names are figures (pass `null` to accept any
 * well-formed name). Problems are collected, not thrown: the editor shows all of them at once.
 */
export function parseTemplate(template: string, known: ReadonlySet<string> | null): ParsedTemplate {
  const runs: TemplateRun[] = [];
  const placeholders: string[] = [];
  const problems: TemplateProblem[] = [];
  let text = '';
  const flush = () => {
    if (text) runs.push({ text });
    text = '';
  };
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('{{{{', i)) {
      text += '{{';
      i += 4;
      continue;
    }
    if (!template.startsWith('{{', i)) {
      text += template[i];
      i += 1;
      continue;
    }
    const close = template.indexOf('}}', i + 2);
    if (close < 0) {
      problems.push({ code: 'TEMPLATE_UNCLOSED', name: null, at: i, message: `第 ${i + 1} 个字符处的“{{”没有对应的“}}”` });
      text += template.slice(i);
      break;
    }
    const name = template.slice(i + 2, close).trim();
    if (!name) {
      problems.push({ code: 'TEMPLATE_EMPTY_PLACEHOLDER', name: '', at: i, message: `第 ${i + 1} 个字符处的占位符是空的` });
    } else if (!NAME.test(name) || (known !== null && !known.has(name))) {
      problems.push({ code: 'TEMPLATE_UNKNOWN_PLACEHOLDER', name, at: i, message: `未知的占位符“{{${name}}}”：它不是报告中的指标` });
    } else {
      flush();
      runs.push({ figure: name });
      if (!placeholders.includes(name)) placeholders.push(name);
    }
    i = close + 2;
  }
  flush();
  return { runs, placeholders, problems };
}

/** The template as plain text: each placeholder replaced by `display(name)` (e.g. the figure's display). */
export function renderTemplate(template: string, display: (name: string) => string | undefined, known: ReadonlySet<string> | null = null): string {
  return parseTemplate(template, known)
    .runs.map((r) => ('text' in r ? r.text : (display(r.figure) ?? '—')))
    .join('');
}
