/**
 * The bureau's settings for written notices (kernel_settings `documents.config`): the wording of each kind,
 * the county's initial in the 文号 and the organs named in the remedies. Defaults merged with what is stored.
 */
import { AppError } from '../../kernel/errors';
import { LIMITS } from '../../shared/limits';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS, KIND_FIELDS, isDocumentKind, strayBraces, unknownFields, type DocumentKind, type DocumentTemplate } from './documents.rules';

export interface DocumentsConfig {
  /** 邵 in 邵审受〔2026〕12号. */
  countyInitial: string;
  /** 行政复议机关 named in every refusal (行政复议法 2023: the county government). */
  reviewOrgan: string;
  /** The court named in every refusal. */
  court: string;
  templates: Record<DocumentKind, DocumentTemplate>;
}

export const DEFAULT_DOCUMENTS_CONFIG: DocumentsConfig = {
  countyInitial: '邵',
  reviewOrgan: '邵东市人民政府',
  court: '邵东市人民法院',
  templates: DEFAULT_TEMPLATES,
};

const MAX_TITLE = LIMITS.documentTitle;
const MAX_BODY = LIMITS.documentBody;

function templateOrFail(kind: DocumentKind, value: unknown): DocumentTemplate {
  const v = value as Partial<DocumentTemplate> | null;
  const title = typeof v?.title === 'string' ? v.title.trim() : '';
  const body = typeof v?.body === 'string' ? v.body.replace(/\r\n/g, '\n').trim() : '';
  if (!title || title.length > MAX_TITLE) throw new AppError('TEMPLATE_INVALID', 422, `文书标题不能为空且不超过 ${MAX_TITLE} 字`, { field: `templates.${kind}.title` });
  if (!body || body.length > MAX_BODY) throw new AppError('TEMPLATE_INVALID', 422, `文书正文不能为空且不超过 ${MAX_BODY} 字`, { field: `templates.${kind}.body` });
  const t = { title, body };
  const unknown = unknownFields(kind, t);
  if (unknown.length > 0) {
    throw new AppError('TEMPLATE_FIELD_UNKNOWN', 422, `模板含有本类文书没有的字段：${unknown.map((f) => `{{${f}}}`).join('、')}；可用字段：${KIND_FIELDS[kind].join('、')}`, {
      field: `templates.${kind}.body`,
      unknown,
      allowed: KIND_FIELDS[kind],
    });
  }
  if (strayBraces(t)) throw new AppError('TEMPLATE_INVALID', 422, '模板中有不成对的 {{ 或 }}', { field: `templates.${kind}.body` });
  return t;
}

function textOr(v: unknown, fallback: string, max: number, field: string): string {
  if (v === undefined || v === null) return fallback;
  const s = String(v).trim();
  if (!s || s.length > max) throw new AppError('DOCUMENTS_CONFIG_INVALID', 422, `${field} 不能为空且不超过 ${max} 字`, { field });
  return s;
}

/** The settings in force: defaults, then the stored override, every template checked (throws AppError 422). */
export function mergeDocumentsConfig(stored: unknown, base: DocumentsConfig = DEFAULT_DOCUMENTS_CONFIG): DocumentsConfig {
  const s = (stored ?? {}) as Partial<Record<keyof DocumentsConfig, unknown>>;
  const templates = { ...base.templates };
  const given = (s.templates ?? {}) as Record<string, unknown>;
  for (const [kind, t] of Object.entries(given)) {
    if (!isDocumentKind(kind)) throw new AppError('TEMPLATE_KIND_UNKNOWN', 422, `没有“${kind}”这类文书；可用：${DOCUMENT_KINDS.join('、')}`, { field: `templates.${kind}` });
    templates[kind] = templateOrFail(kind, t);
  }
  return {
    countyInitial: textOr(s.countyInitial, base.countyInitial, 4, 'countyInitial'),
    reviewOrgan: textOr(s.reviewOrgan, base.reviewOrgan, 60, 'reviewOrgan'),
    court: textOr(s.court, base.court, 60, 'court'),
    templates,
  };
}
