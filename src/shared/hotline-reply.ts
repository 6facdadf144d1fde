/**
 * What a member unit's reply to a work order says besides its text: the result (办理结果类型) and how the
 * caller was contacted (联系来电人记录). Plain data, shared by the server's rules and the web form.
 */
export const REPLY_RESULTS = ['resolved', 'partly', 'unresolvable', 'untrue', 'explained'] as const;
export type ReplyResult = (typeof REPLY_RESULTS)[number];

export const REPLY_RESULT_LABELS: Record<ReplyResult, string> = {
  resolved: '已解决',
  partly: '部分解决',
  unresolvable: '无法解决',
  untrue: '反映不属实',
  explained: '已解释说明',
};

export const CONTACT_METHODS = ['phone', 'visit', 'sms', 'none'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = {
  phone: '电话联系',
  visit: '上门走访',
  sms: '短信告知',
  none: '未能联系',
};

/** The record of contacting the caller before replying; `none` says why not in `note`. */
export interface ReplyContact {
  method: ContactMethod;
  /** YYYY-MM-DD, the day of contact (not after the reply). */
  on?: string;
  /** HH:MM (北京时间), the time of contact. */
  time?: string;
  /** 联系结果: what the caller said, or why they could not be reached. */
  note?: string;
}

/** A file attached to a reply, as the order's detail lists it. */
export interface ReplyFileView {
  id: number;
  fileName: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  repliedAt: string;
}

/** At most this many files with one reply, each at most REPLY_FILE_MAX_BYTES (the reply travels as JSON). */
export const REPLY_FILES_MAX = 3;
export const REPLY_FILE_MAX_BYTES = 2 * 1024 * 1024;
