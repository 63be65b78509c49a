import { LOCALES, localize, type Locale, type Text } from './i18n';

/**
 * The one catalogue of user-facing errors: each has a code, an HTTP status and a message in
 * every locale. Handlers throw `AppError`s naming a code; the error middleware renders them as
 * `{"error":{"code","message","details"}}`. Nothing with status ≥ 500 shows its cause.
 */
export const ERRORS = {
  UNAUTHENTICATED: { status: 401, message: { zh: '缺少或无效的访问令牌。', en: 'Missing or invalid access token.' } },
  AUTHORIZATION_MALFORMED: {
    status: 401,
    message: {
      zh: 'Authorization 请求头格式不对：应为“Bearer”、一个空格，再接令牌，例如 Authorization: Bearer hq_…（令牌以 hq_ 开头，共 46 个字符）。',
      en: 'The Authorization header is malformed: it must be "Bearer", one space, then the token, e.g. Authorization: Bearer hq_… (a token starts with hq_ and has 46 characters).',
    },
  },
  SCHOOL_ARCHIVED: {
    status: 401,
    message: {
      zh: '该学校已从区县花名册撤销（自 {date} 起），它的令牌已停止使用；如有疑问请联系区县教育局。',
      en: 'This school was removed from the district roster (from {date}); its tokens no longer work. Ask the district bureau if this is unexpected.',
    },
  },
  TOKEN_EXPIRED: {
    status: 401,
    message: {
      zh: '该访问令牌已于 {date}（UTC）过期，已停止使用；请向区县教育局或管理员领取新令牌。',
      en: 'This access token expired at {date} (UTC) and no longer works; ask the district bureau or an administrator for a new one.',
    },
  },
  ROLE_NOT_ALLOWED: {
    status: 403,
    message: {
      zh: '该接口只供{roles}令牌使用，当前令牌是{role}令牌。',
      en: 'Only {roles} tokens may use this route; the token sent is of role {role}.',
    },
  },
  NOT_FOUND: { status: 404, message: { zh: '找不到该资源。', en: 'Resource not found.' } },
  ROUTE_NOT_FOUND: { status: 404, message: { zh: '没有这个接口。', en: 'No such route.' } },
  VALIDATION_FAILED: {
    status: 400,
    message: {
      zh: '提交的数据有误，请按字段修改后重试。',
      en: 'The request is invalid; fix the listed fields and retry.',
    },
  },
  INVALID_JSON: { status: 400, message: { zh: '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' } },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: { zh: '请求体必须是 application/json。', en: 'The request body must be application/json.' },
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: { zh: '请求体过大。', en: 'The request body is too large.' } },
  UNKNOWN_FORM_TYPE: { status: 400, message: { zh: '没有这种表单类型。', en: 'Unknown form type.' } },
  UNKNOWN_FORM_VERSION: {
    status: 400,
    message: { zh: '该表单版本不存在或已停用。', en: 'This form version does not exist or has been retired.' },
  },
  FORM_NOT_APPLICABLE: {
    status: 422,
    message: { zh: '该表单不适用于本校。', en: 'This form does not apply to this school.' },
  },
  DATE_IN_FUTURE: {
    status: 422,
    message: { zh: '检查日期不能晚于今天（学校所在时区）。', en: 'The date cannot be later than today (school time).' },
  },
  DATE_TOO_OLD: {
    status: 422,
    message: { zh: '检查日期不能早于一年前。', en: 'The date cannot be more than one year back.' },
  },
  SUBMISSION_CONFLICT: {
    status: 409,
    message: {
      zh: '该提交编号已用于另一份内容不同的提交。',
      en: 'This submission id was already used for a different submission.',
    },
  },
  SUBMISSION_ID_AMBIGUOUS: {
    status: 409,
    message: {
      zh: '多所学校使用了该提交编号，请用 schoolId 参数指明学校。',
      en: 'Several schools used this submission id; name the school with the schoolId parameter.',
    },
  },
  HAZARD_TRANSITION_NOT_ALLOWED: {
    status: 409,
    message: {
      zh: '该隐患当前状态下不能进行此操作。',
      en: 'This action is not allowed in the hazard’s current state.',
    },
  },
  HAZARD_HISTORY_FULL: {
    status: 409,
    message: {
      zh: '该隐患的整改与验收记录已达上限（50 条），不能再变更，请另报一条隐患。',
      en: 'This hazard’s history is full (50 entries); it cannot change any more: report a new hazard.',
    },
  },
  SUPERSEDED_NOT_FOUND: {
    status: 422,
    message: {
      zh: '要更正的提交不存在，或不属于本校的同一表单。',
      en: 'The submission to correct does not exist, or is not of this school and form.',
    },
  },
  ALREADY_SUPERSEDED: {
    status: 409,
    message: {
      zh: '该提交已被更正过，请更正最新的一份。',
      en: 'That submission was already corrected; correct the latest one.',
    },
  },
  PHOTO_LIMIT_REACHED: {
    status: 409,
    message: {
      zh: '照片数量已达上限（每份提交或每条隐患最多 12 张），无法再上传。',
      en: 'The photo limit is reached (at most 12 per submission or hazard).',
    },
  },
  PHOTO_DAILY_LIMIT_REACHED: {
    status: 429,
    message: {
      zh: '本校今天（{date}）已申请上传 {limit} 张照片，达到区县设定的每日上限，请明天再上传；如确需更多，请联系区县教育局调整。',
      en: 'This school has asked to upload {limit} photos today ({date}), the daily limit its district sets; upload more tomorrow, or ask the district bureau to raise the limit.',
    },
  },
  PHOTO_NOT_AVAILABLE: {
    status: 404,
    message: {
      zh: '该照片尚未通过核验或已被隔离，无法查看。',
      en: 'This photo has not been verified, or was quarantined; it cannot be fetched.',
    },
  },
  PHOTO_LINK_EXPIRED: {
    status: 410,
    message: {
      zh: '该照片链接已过期，请打开最新的月报邮件，或通过接口查看照片。',
      en: 'This photo link has expired; open the latest report mail, or fetch the photo through the API.',
    },
  },
  PHOTO_NOT_USABLE: {
    status: 422,
    message: {
      zh: '有照片不能作为本条隐患的整改照片，请按字段修改后重试。',
      en: 'Some photos cannot be used as this hazard’s rectification photos; fix the listed fields and retry.',
    },
  },
  INVALID_CURSOR: {
    status: 400,
    message: { zh: '分页游标无效，请从第一页重新开始。', en: 'Invalid page cursor; start again from the first page.' },
  },
  REPORT_NOT_FOUND: {
    status: 404,
    message: { zh: '该月的月报尚未生成。', en: 'The report for this month has not been produced.' },
  },
  REPORT_MONTH_NOT_ENDED: {
    status: 422,
    message: {
      zh: '该月尚未结束（按区县时区），不能生成月报；月报在次月1日8时自动生成。',
      en: 'This month has not ended yet (district time); its report is produced on the 1st of the next month at 08:00.',
    },
  },
  HISTORY_IMPORT_INVALID: {
    status: 400,
    message: {
      zh: '导入文件有误，没有导入任何记录；请按行列修改后重新导入。',
      en: 'The file has problems; nothing was imported. Fix the listed rows and columns and import it again.',
    },
  },
  ANNUAL_REPORT_NOT_FOUND: {
    status: 404,
    message: { zh: '该年度的年度总结尚未生成。', en: 'The year-end summary for this year has not been produced.' },
  },
  REPORT_PERIOD_NOT_ENDED: {
    status: 422,
    message: {
      zh: '该年度尚未结束（按区县时区），不能生成年度总结；自然年总结在次年1月5日8时、学年总结在9月5日8时自动生成。',
      en: 'This year has not ended yet (district time); calendar-year summaries are produced on 5 January at 08:00, school-year ones on 5 September at 08:00.',
    },
  },
  INTERNAL: { status: 500, message: { zh: '服务器内部错误，请稍后重试。', en: 'Internal error; please retry later.' } },
  RATE_LIMITED: {
    status: 429,
    message: {
      zh: '该令牌请求过于频繁：这类接口每个令牌每 {window} 秒最多 {limit} 次，请 {seconds} 秒后再试。其他令牌不受影响。',
      en: 'Too many requests with this token: these routes take at most {limit} per {window} seconds per token; retry in {seconds} seconds. Other tokens are not affected.',
    },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: { zh: '服务繁忙，请稍后重试。', en: 'The service is busy; please retry later.' },
  },
} as const satisfies Record<string, { status: number; message: Text }>;

export type ErrorCode = keyof typeof ERRORS;

/** One field-level problem: the JSON path, its label and the reason, both in the caller's locale. */
export interface FieldIssue {
  field: string;
  label?: string;
  reason: string;
}

/**
 * Details written in every locale (e.g. the field reasons of a validation failure in a domain
 * core, which does not know who asked): the HTTP adapter shows the caller's (`detailsIn`).
 */
export class DetailsByLocale<T = unknown> {
  constructor(readonly byLocale: Readonly<Record<Locale, T>>) {}

  /** The details `write` gives for each locale. */
  static of<T>(write: (locale: Locale) => T): DetailsByLocale<T> {
    return new DetailsByLocale(
      Object.fromEntries(LOCALES.map((locale) => [locale, write(locale)])) as Record<Locale, T>,
    );
  }
}

/** An error's details as a caller of `locale` reads them. */
export function detailsIn(error: AppError, locale: Locale): unknown {
  return error.details instanceof DetailsByLocale ? error.details.byLocale[locale] : error.details;
}

/**
 * An error the caller is meant to see. `details` must be safe to show, and localized, or written
 * in every locale (`DetailsByLocale`); `params` fill the `{name}` placeholders of the catalogue
 * message, in the caller's locale.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly params: Readonly<Record<string, Text>> | undefined;
  /** Response headers the refusal carries (e.g. `retry-after` of a 429). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, details?: unknown, params?: Record<string, Text>, headers?: Record<string, string>) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
    this.params = params;
    this.headers = headers;
  }
}

/** A catalogue message with its `{name}` placeholders filled in the caller's locale. */
function messageOf(error: AppError, locale: Locale): string {
  const message = localize(ERRORS[error.code].message, locale);
  const params = error.params;
  return params
    ? message.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] ? localize(params[name], locale) : whole))
    : message;
}

/** The one error body shape of the API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Renders an error for a caller; anything that is not an AppError becomes a bare INTERNAL. */
export function toErrorBody(error: unknown, locale: Locale): { status: number; body: ErrorBody } {
  const appError = error instanceof AppError ? error : new AppError('INTERNAL');
  const body: ErrorBody = { error: { code: appError.code, message: messageOf(appError, locale) } };
  if (appError.details !== undefined && appError.status < 500) body.error.details = detailsIn(appError, locale);
  return { status: appError.status, body };
}
