import type { Locale } from '../i18n';

/*
 * Small helpers the e-mails share: escaping for HTML, dates as officials write them, and one
 * plain HTML frame that phones and desktop mail clients both show well (inline styles only).
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put inside HTML: every school-written value goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** The months' names in English, January first (dates and months as English readers write them). */
export const MONTH_NAMES_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A calendar date (YYYY-MM-DD) as a reader of `locale` writes it: 2026年5月10日 / 10 May 2026. */
export function formatDate(date: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (locale === 'en') {
    return `${day} ${MONTH_NAMES_EN[month - 1]} ${year}`;
  }
  return `${year}年${month}月${day}日`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Rows of label and value as an HTML table; values are escaped here, links stay links. */
export function htmlFacts(rows: readonly { label: string; value: string; href?: string }[]): string {
  const cells = rows
    .map(({ label, value, href }) => {
      const shown = href
        ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>`
        : escapeHtml(value).replace(/\n/g, '<br>');
      return `<tr><th style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#555;white-space:nowrap">${escapeHtml(label)}</th><td style="padding:4px 0">${shown}</td></tr>`;
    })
    .join('');
  return `<table style="border-collapse:collapse;font-size:15px">${cells}</table>`;
}

/** A whole HTML document around `body`, in `locale`. */
export function htmlDocument(locale: Locale, title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>`,
    `<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Helvetica,Arial,sans-serif;color:#222;line-height:1.5;max-width:680px;margin:0 auto;padding:16px">`,
    body,
    '</body></html>',
  ].join('\n');
}

/** The footer line every system e-mail ends with. */
export function footer(locale: Locale): string {
  return locale === 'en'
    ? 'Sent automatically by Houqin, the school logistics inspection system. Please do not reply to this message.'
    : '此邮件由后勤检查系统（Houqin）自动发送，请勿直接回复。';
}
