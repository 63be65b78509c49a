import { SEVERITY_LABELS } from '../forms/types';
import type { Locale } from '../i18n';
import { localize } from '../i18n';
import { localDateTime } from '../time';
import { escapeHtml, footer, formatDate, htmlDocument } from './format';

/** One critical hazard as the alert digest lists it. */
export interface DigestHazardLine {
  hazardId: string;
  schoolName: string;
  severity: keyof typeof SEVERITY_LABELS;
  title: { zh: string; en: string };
  place?: string;
  description?: string;
  foundOn: string;
  dueDate: string;
}

export interface AlertDigestContent {
  districtName: string;
  /** The district's timezone, in which the hours are written. */
  timezone: string;
  /** The hours (UTC starts, ISO-8601) whose held alerts the digest carries, earliest first. */
  windows: readonly string[];
  /** The alerts held past the hour's budget: each in full. */
  held: readonly DigestHazardLine[];
  /** The same hours' alerts of the same schools that were mailed one by one: named again, briefly. */
  mailed: readonly DigestHazardLine[];
  /** The hourly budget in effect (per school, per district), to say why the alerts were held. */
  budget: { school: number; district: number };
}

/** `2026-12-07 13:00–14:00` in the district's timezone. */
function hourRange(windowStart: string, timezone: string): string {
  const start = localDateTime(timezone, new Date(windowStart));
  const end = localDateTime(timezone, new Date(Date.parse(windowStart) + 3_600_000)).slice(11);
  return `${start}–${end}`;
}

/**
 * The subject, text and HTML of the digest of critical-hazard alerts held past an hour's budget
 * (shared/hazards/alert-budget.ts), in the district's locale: every held hazard in full, then the
 * same hours' alerts of the same schools that went out one by one, so the digest names them all.
 */
export function alertDigestMessage(
  content: AlertDigestContent,
  locale: Locale,
): { subject: string; text: string; html: string } {
  const en = locale === 'en';
  const order = (a: DigestHazardLine, b: DigestHazardLine) =>
    a.schoolName.localeCompare(b.schoolName) || a.hazardId.localeCompare(b.hazardId);
  const held = [...content.held].sort(order);
  const mailed = [...content.mailed].sort(order);
  const total = held.length + mailed.length;
  const hours = content.windows.map((window) => hourRange(window, content.timezone)).join(en ? ', ' : '、');
  const schools = new Set(held.map((hazard) => hazard.schoolName)).size;
  const subject = en
    ? `[Critical hazards, digest] ${content.districtName}: ${total} critical ${total === 1 ? 'hazard' : 'hazards'} (${hours})`
    : `【重大隐患汇总】${content.districtName}：${total} 项重大隐患（${hours}）`;
  const lead = en
    ? `In ${hours}, ${schools === 1 ? 'a school' : `${schools} schools`} reported more critical hazards than are mailed one by one (at most ${content.budget.school} an hour per school, ${content.budget.district} for the district). The ${held.length} not mailed yet are listed below in full; the ${mailed.length} mailed one by one follow. Please see that each is dealt with at once.`
    : `${hours}，${schools === 1 ? '有学校' : `${schools} 所学校`}报告的重大隐患超过了逐条提醒的上限（每所学校每小时 ${content.budget.school} 封、全区县每小时 ${content.budget.district} 封）。尚未单独提醒的 ${held.length} 项详列如下，已逐条提醒的 ${mailed.length} 项附后。请立即督促学校处置。`;
  const facts = (hazard: DigestHazardLine): [string, string][] => [
    [en ? 'School' : '学校', hazard.schoolName],
    [en ? 'What' : '隐患', localize(hazard.title, locale)],
    [en ? 'Place' : '地点', hazard.place ?? (en ? 'not given' : '未填写')],
    ...(hazard.description ? [[en ? 'Details' : '情况说明', hazard.description] as [string, string]] : []),
    [en ? 'Severity' : '等级', localize(SEVERITY_LABELS[hazard.severity], locale)],
    [en ? 'Found on' : '发现日期', formatDate(hazard.foundOn, locale)],
    [en ? 'Rectify by' : '整改期限', formatDate(hazard.dueDate, locale)],
    [en ? 'Hazard id' : '隐患编号', hazard.hazardId],
  ];
  const heldTitle = en ? `Not mailed yet (${held.length})` : `尚未单独提醒的隐患（${held.length} 项）`;
  const mailedTitle = en ? `Already mailed one by one (${mailed.length})` : `已逐条提醒的隐患（${mailed.length} 项）`;
  const short = (hazard: DigestHazardLine) =>
    en
      ? `${hazard.schoolName}: ${localize(hazard.title, locale)}${hazard.place ? ` (${hazard.place})` : ''} [${hazard.hazardId}]`
      : `${hazard.schoolName}：${localize(hazard.title, locale)}${hazard.place ? `（${hazard.place}）` : ''} [${hazard.hazardId}]`;
  const separator = en ? ': ' : '：';
  const text = [
    en ? `To ${content.districtName}:` : `${content.districtName}：`,
    '',
    lead,
    '',
    heldTitle,
    ...held.flatMap((hazard, index) => [
      `${index + 1}. ${facts(hazard)
        .map(([label, value]) => `${label}${separator}${value}`)
        .join(en ? '; ' : '；')}`,
    ]),
    '',
    ...(mailed.length ? [mailedTitle, ...mailed.map((hazard, index) => `${index + 1}. ${short(hazard)}`), ''] : []),
    footer(locale),
    '',
  ].join('\n');
  const cell = (value: string, tag: 'td' | 'th') =>
    `<${tag} style="text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd">${escapeHtml(value)}</${tag}>`;
  const header = facts(held[0] ?? mailed[0]!).map(([label]) => label);
  const heldRows = held.map((hazard) => facts(hazard).map(([, value]) => value));
  const html = htmlDocument(
    locale,
    subject,
    [
      `<p>${escapeHtml(en ? `To ${content.districtName}:` : `${content.districtName}：`)}</p>`,
      `<p style="font-weight:bold;color:#b00020">${escapeHtml(lead)}</p>`,
      `<h3>${escapeHtml(heldTitle)}</h3>`,
      `<table style="border-collapse:collapse;font-size:14px"><thead><tr>${header.map((h) => cell(h, 'th')).join('')}</tr></thead>`,
      `<tbody>${heldRows.map((row) => `<tr>${row.map((value) => cell(value, 'td')).join('')}</tr>`).join('')}</tbody></table>`,
      ...(mailed.length
        ? [
            `<h3>${escapeHtml(mailedTitle)}</h3>`,
            `<ol>${mailed.map((hazard) => `<li>${escapeHtml(short(hazard))}</li>`).join('')}</ol>`,
          ]
        : []),
      `<p style="color:#777;font-size:13px;margin-top:24px">${escapeHtml(footer(locale))}</p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}
