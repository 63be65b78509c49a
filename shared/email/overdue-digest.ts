import { SEVERITY_LABELS } from '../forms/types';
import type { Locale } from '../i18n';
import { localize } from '../i18n';
import { daysBetween, escapeHtml, footer, formatDate, htmlDocument } from './format';

/** One overdue hazard as the digest lists it. */
export interface OverdueHazardLine {
  hazardId: string;
  schoolName: string;
  severity: keyof typeof SEVERITY_LABELS;
  title: { zh: string; en: string };
  place?: string;
  dueDate: string;
}

export interface OverdueDigestContent {
  districtName: string;
  /** The district-local date of the sweep. */
  date: string;
  hazards: readonly OverdueHazardLine[];
}

/**
 * The subject, text and HTML of the district's digest of newly overdue hazards, most overdue
 * first, in the district's locale.
 */
export function overdueDigestMessage(
  content: OverdueDigestContent,
  locale: Locale,
): { subject: string; text: string; html: string } {
  const en = locale === 'en';
  const hazards = [...content.hazards].sort(
    (a, b) =>
      a.dueDate.localeCompare(b.dueDate) ||
      a.schoolName.localeCompare(b.schoolName) ||
      a.hazardId.localeCompare(b.hazardId),
  );
  const count = hazards.length;
  const when = formatDate(content.date, locale);
  const subject = en
    ? `[Overdue hazards] ${content.districtName}: ${count} ${count === 1 ? 'hazard is' : 'hazards are'} past the due date (${when})`
    : `【隐患逾期】${content.districtName}：${count} 项隐患逾期未整改（${when}）`;
  const lead = en
    ? `As of ${when}, ${count} ${count === 1 ? 'hazard has' : 'hazards have'} passed the due date without being rectified. Please follow up with the schools.`
    : `截至${when}，以下 ${count} 项隐患已超过整改期限仍未整改，请督促相关学校尽快落实整改。`;
  const header = en
    ? ['School', 'Severity', 'Hazard', 'Place', 'Due', 'Days overdue']
    : ['学校', '等级', '隐患', '地点', '整改期限', '逾期天数'];
  const rows = hazards.map((hazard) => [
    hazard.schoolName,
    localize(SEVERITY_LABELS[hazard.severity], locale),
    localize(hazard.title, locale),
    hazard.place ?? '',
    formatDate(hazard.dueDate, locale),
    String(daysBetween(hazard.dueDate, content.date)),
  ]);
  const text = [
    en ? `To ${content.districtName}:` : `${content.districtName}：`,
    '',
    lead,
    '',
    ...rows.map((row, index) =>
      en
        ? `${index + 1}. ${row[0]}: ${row[2]}${row[3] ? ` (${row[3]})` : ''}; ${row[1]}; due ${row[4]}, ${row[5]} days overdue [${hazards[index]!.hazardId}]`
        : `${index + 1}. ${row[0]}：${row[2]}${row[3] ? `（${row[3]}）` : ''}；${row[1]}；整改期限 ${row[4]}，已逾期 ${row[5]} 天 [${hazards[index]!.hazardId}]`,
    ),
    '',
    footer(locale),
    '',
  ].join('\n');
  const cell = (value: string, tag: 'td' | 'th') =>
    `<${tag} style="text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd">${escapeHtml(value)}</${tag}>`;
  const html = htmlDocument(
    locale,
    subject,
    [
      `<p>${escapeHtml(en ? `To ${content.districtName}:` : `${content.districtName}：`)}</p>`,
      `<p>${escapeHtml(lead)}</p>`,
      `<table style="border-collapse:collapse;font-size:14px"><thead><tr>${header.map((h) => cell(h, 'th')).join('')}</tr></thead>`,
      `<tbody>${rows.map((row) => `<tr>${row.map((value) => cell(value, 'td')).join('')}</tr>`).join('')}</tbody></table>`,
      `<p style="color:#777;font-size:13px;margin-top:24px">${escapeHtml(footer(locale))}</p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}
