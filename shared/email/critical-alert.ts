import { HAZARD_CATEGORY_LABELS, SEVERITY_LABELS, type HazardCategory } from '../forms/types';
import type { Locale } from '../i18n';
import { localize } from '../i18n';
import { footer, formatDate, htmlDocument, htmlFacts, escapeHtml } from './format';

/** What the critical-hazard e-mail says: the hazard, where, and who must act. */
export interface CriticalAlertContent {
  districtName: string;
  schoolName: string;
  hazard: {
    hazardId: string;
    severity: keyof typeof SEVERITY_LABELS;
    category: string;
    title: { zh: string; en: string };
    place?: string;
    description?: string;
    foundOn: string;
    dueDate: string;
  };
  /** A link to the hazard's photo, when it has one (see `hazardPhotoLink`). */
  photoUrl?: string;
}

/** The subject, text and HTML of the e-mail for a critical hazard, in the district's locale. */
export function criticalAlertMessage(
  content: CriticalAlertContent,
  locale: Locale,
): { subject: string; text: string; html: string } {
  const { hazard, schoolName, districtName } = content;
  const en = locale === 'en';
  const what = localize(hazard.title, locale);
  const category = HAZARD_CATEGORY_LABELS[hazard.category as HazardCategory];
  const facts = [
    { label: en ? 'School' : '学校', value: schoolName },
    { label: en ? 'Place' : '地点', value: hazard.place ?? (en ? 'not given' : '未填写') },
    { label: en ? 'What' : '隐患', value: what },
    ...(hazard.description ? [{ label: en ? 'Details' : '情况说明', value: hazard.description }] : []),
    { label: en ? 'Severity' : '等级', value: localize(SEVERITY_LABELS[hazard.severity], locale) },
    { label: en ? 'Category' : '类别', value: category ? localize(category, locale) : hazard.category },
    { label: en ? 'Found on' : '发现日期', value: formatDate(hazard.foundOn, locale) },
    { label: en ? 'Rectify by' : '整改期限', value: formatDate(hazard.dueDate, locale) },
    ...(content.photoUrl
      ? [{ label: en ? 'Photo' : '现场照片', value: en ? 'open the photo' : '查看照片', href: content.photoUrl }]
      : []),
    { label: en ? 'Hazard id' : '隐患编号', value: hazard.hazardId },
  ];
  const subject = en ? `[Critical hazard] ${schoolName}: ${what}` : `【重大隐患】${schoolName}：${what}`;
  const greeting = en ? `To ${districtName}:` : `${districtName}：`;
  const lead = en
    ? `${schoolName} has reported a critical hazard. Please see that it is dealt with at once.`
    : `${schoolName}报告了一项重大隐患，请立即督促学校处置。`;
  const text = [
    greeting,
    '',
    lead,
    '',
    ...facts.map(({ label, value, href }) => `${label}${en ? ': ' : '：'}${href ?? value}`),
    '',
    footer(locale),
    '',
  ].join('\n');
  const html = htmlDocument(
    locale,
    subject,
    [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p style="font-weight:bold;color:#b00020">${escapeHtml(lead)}</p>`,
      htmlFacts(facts),
      `<p style="color:#777;font-size:13px;margin-top:24px">${escapeHtml(footer(locale))}</p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}
