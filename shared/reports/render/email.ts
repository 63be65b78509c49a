import type Mail from 'nodemailer/lib/mailer';
import { escapeHtml, footer, formatDate } from '../../email/format';
import { composeRawMessage } from '../../email/mime';
import type { Locale } from '../../i18n';
import type { DataQualityNote, DistrictReport, HazardLine } from '../types';
import type { ReportChart } from './charts';
import { type Figure, type FigureRow, keyFigures, reportFigures, type SectionFigures } from './figures';
import {
  formatChangePercent,
  formatCount,
  formatMonth,
  formatNoData,
  formatPoints,
  formatQuantity,
  formatRate,
  reportTitle,
  workbookFilename,
} from './format';
import {
  categoryLabel,
  formTitle,
  HAZARD_STATE_LABELS,
  NOTE_KIND_LABELS,
  outsideRosterText,
  say,
  severityLabel,
} from './labels';

/*
 * The monthly report as an e-mail officials read on a phone: the key figures first, then the
 * schools below the threshold, the critical and overdue hazards (with photo links), each
 * section's headline figures and the data-quality notes; the charts inline (by Content-ID) and
 * the workbook attached. HTML with inline styles only, in one column; a plain-text part that
 * says the same. Every number comes from the report through `figures.ts` and carries its JSON
 * path in `data-figure`, so a test can read the HTML back and compare it with the report.
 */

/** The MIME type of an .xlsx attachment. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How many schools, hazards or notes a list in the e-mail shows; the workbook has them all. */
export const MAX_LIST_ITEMS = 15;

/** What `renderReportEmail` needs besides the report. */
export interface RenderReportEmailOptions {
  /** The language of the e-mail (the district's). */
  locale: Locale;
  /** A link to a photo by id (e.g. GET /v1/photos/{photoId}); without it no photo links are shown. */
  photoUrl?: (photoId: string) => string;
  /** The report's .xlsx (`renderReportWorkbook`), attached. */
  workbook: Buffer;
  /** The charts (`renderReportCharts`), shown inline. */
  charts: readonly ReportChart[];
}

/** The rendered e-mail: what `composeReportMime` (with from and to) turns into MIME. */
export interface RenderedReportEmail {
  subject: string;
  html: string;
  text: string;
  /** The inline chart PNGs (with `cid`) and the workbook, as nodemailer attachments. */
  attachments: Mail.Attachment[];
  /** `Content-Language` of the message. */
  language: Locale;
  /** Extra headers: `X-Houqin-Report: <district id>/<month>` (what the mail is, for support and tests). */
  headers: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Figures as HTML and text

type ShownKind = 'count' | 'quantity' | 'rate' | 'changePercent' | 'points';

function shown(value: number | null, kind: ShownKind, locale: Locale): string {
  switch (kind) {
    case 'count':
      return formatCount(value, locale);
    case 'quantity':
      return formatQuantity(value, locale);
    case 'rate':
      return formatRate(value, locale);
    case 'changePercent':
      return formatChangePercent(value, locale);
    case 'points':
      return formatPoints(value, locale);
  }
}

/** A figure as HTML: its text, with its path, kind and exact value for whoever reads it back. */
function figureHtml(figure: Figure, kind: ShownKind, locale: Locale, style = ''): string {
  const styleAttribute = style ? ` style="${style}"` : '';
  return `<span data-figure="${escapeHtml(figure.path)}" data-kind="${kind}" data-value="${escapeHtml(JSON.stringify(figure.value))}"${styleAttribute}>${escapeHtml(shown(figure.value, kind, locale))}</span>`;
}

function rowValueHtml(row: FigureRow, locale: Locale): string {
  const unit = row.unit ? ` ${escapeHtml(row.unit)}` : '';
  const parts =
    row.parts && row.current.value !== null
      ? ` <span style="color:#5f6368;font-size:13px">(${figureHtml(row.parts.numerator, 'count', locale)}/${figureHtml(row.parts.denominator, 'count', locale)})</span>`
      : '';
  return `<strong>${figureHtml(row.current, row.kind, locale)}</strong>${unit}${parts}`;
}

function targetText(row: FigureRow, locale: Locale): { html: string; text: string } | null {
  const target = row.target;
  if (!target) return null;
  const kind: ShownKind = target.percent ? 'changePercent' : row.kind;
  // A reduction target of 15 reads "≥ 15.0%", not "+15.0%".
  const plain = (value: number | null) =>
    target.percent && value !== null ? `${formatQuantity(value, locale)}%` : shown(value, kind, locale);
  const sign = target.direction === 'atMost' ? '≤' : '≥';
  const en = locale === 'en';
  const label = target.percent ? (en ? 'reduction target' : '降幅目标') : en ? 'target' : '目标';
  // Nothing to compare (no reading, no data a year earlier) is said, not left blank.
  const verdict =
    target.met === null ? formatNoData(locale) : target.met ? (en ? 'met' : '达标') : en ? 'not met' : '未达标';
  const color = target.met === false ? '#c62828' : '#2e7d32';
  const valueHtml = `<span data-figure="${escapeHtml(target.target.path)}" data-kind="${target.percent ? 'percentValue' : kind}" data-value="${escapeHtml(JSON.stringify(target.target.value))}">${escapeHtml(plain(target.target.value))}</span>`;
  const separator = en ? ', ' : '，';
  return {
    html: `${label} ${sign} ${valueHtml}${verdict ? `${separator}<span style="color:${color}">${verdict}</span>` : ''}`,
    text: `${label} ${sign} ${plain(target.target.value)}${verdict ? `${separator}${verdict}` : ''}`,
  };
}

/** The line under a figure: a year earlier, the change, the target. */
function comparisonHtml(row: FigureRow, locale: Locale): string {
  const en = locale === 'en';
  const pieces: string[] = [];
  if (row.previousYear)
    pieces.push(
      `${en ? 'a year earlier' : '去年同期'} ${row.previousYear.value === null ? `<span data-figure="${escapeHtml(row.previousYear.path)}" data-kind="${row.kind}" data-value="null">${escapeHtml(formatNoData(locale))}</span>` : figureHtml(row.previousYear, row.kind, locale)}`,
    );
  if (row.change && row.change.value !== null) pieces.push(figureHtml(row.change, row.change.kind, locale));
  const target = targetText(row, locale);
  if (target) pieces.push(target.html);
  return pieces.length ? `<div style="color:#666;font-size:12px">${pieces.join(en ? '; ' : '；')}</div>` : '';
}

function rowText(row: FigureRow, locale: Locale): string {
  const en = locale === 'en';
  const unit = row.unit ? ` ${row.unit}` : '';
  const parts =
    row.parts && row.current.value !== null
      ? ` (${formatCount(row.parts.numerator.value, locale)}/${formatCount(row.parts.denominator.value, locale)})`
      : '';
  const pieces = [`${shown(row.current.value, row.kind, locale)}${unit}${parts}`];
  if (row.previousYear)
    pieces.push(
      `${en ? 'a year earlier' : '去年同期'} ${row.previousYear.value === null ? formatNoData(locale) : shown(row.previousYear.value, row.kind, locale)}`,
    );
  if (row.change && row.change.value !== null) pieces.push(shown(row.change.value, row.change.kind, locale));
  const target = targetText(row, locale);
  if (target) pieces.push(target.text);
  return `${row.label}${en ? ': ' : '：'}${pieces.join(en ? '; ' : '；')}`;
}

// ---------------------------------------------------------------------------------------------
// HTML building blocks (inline styles: mail clients drop <style> blocks)

const FONT_STACK = `-apple-system,BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Noto Sans SC','Helvetica Neue',Arial,sans-serif`;
const H2 =
  'font-size:18px;line-height:1.4;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #3b7ddd;color:#1a3d6d';
const H3 = 'font-size:15px;margin:16px 0 4px;color:#333';
const TABLE = 'width:100%;border-collapse:collapse;font-size:14px';
const TD = 'padding:6px 4px;border-bottom:1px solid #eee;vertical-align:top';
const TD_NUMBER = `${TD};text-align:right;white-space:nowrap`;
const MUTED = 'color:#5f6368;font-size:13px';

const heading = (text: string) => `<h2 style="${H2}">${escapeHtml(text)}</h2>`;
const subheading = (text: string) => `<h3 style="${H3}">${escapeHtml(text)}</h3>`;
const paragraph = (html: string, style = 'margin:8px 0') => `<p style="${style}">${html}</p>`;

function chartHtml(chart: ReportChart | undefined): string {
  if (!chart) return '';
  return `<div style="margin:12px 0"><img src="cid:${escapeHtml(chart.cid)}" alt="${escapeHtml(chart.title)}" width="600" style="display:block;width:100%;max-width:600px;height:auto;border:0"></div>`;
}

const SECTION_NUMBERS_ZH = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const numbered = (index: number, title: string, locale: Locale) =>
  locale === 'en' ? `${index + 1}. ${title}` : `${SECTION_NUMBERS_ZH[index] ?? index + 1}、${title}`;

// ---------------------------------------------------------------------------------------------
// The parts of the e-mail, each as { html, text }

interface Part {
  html: string;
  text: string[];
}

function districtTime(instant: string, timezone: string, locale: Locale): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: timezone,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(date);
}

function headerPart(report: DistrictReport, locale: Locale): Part {
  const en = locale === 'en';
  const month = formatMonth(report.month, locale);
  const title = en ? `School logistics report, ${month}` : `${month} 学校后勤月报`;
  const produced = districtTime(report.producedAt, report.district.timezone, locale);
  const compared = formatMonth(report.previousYearMonth, locale);
  const line = en ? `Produced ${produced}; compared with ${compared}.` : `生成于 ${produced}；同比月份：${compared}。`;
  return {
    html: [
      `<div style="${MUTED}">${escapeHtml(report.district.name)}</div>`,
      `<h1 style="font-size:22px;line-height:1.3;margin:4px 0 4px;color:#1a3d6d">${escapeHtml(title)}</h1>`,
      `<div style="${MUTED}">${escapeHtml(line)}</div>`,
    ].join('\n'),
    text: [report.district.name, title, line],
  };
}

function keyFiguresPart(report: DistrictReport, locale: Locale): Part {
  const en = locale === 'en';
  const key = keyFigures(report, locale);
  const tile = (label: string, valueHtml: string, noteHtml = '') =>
    `<td style="width:50%;background:#f3f7fc;border-radius:6px;padding:10px 12px;vertical-align:top"><div style="color:#555;font-size:13px">${escapeHtml(label)}</div><div style="font-size:24px;font-weight:bold;line-height:1.3;color:#1a3d6d">${valueHtml}</div>${noteHtml}</td>`;
  const big = (figure: Figure, kind: ShownKind, color?: string) =>
    figureHtml(figure, kind, locale, color ? `color:${color}` : '');
  const compliance = key.compliance;
  const below = compliance.current.value !== null && compliance.current.value < report.sections.compliance.threshold;
  const overdueColor = (key.hazardsOverdue.value ?? 0) > 0 ? '#c62828' : undefined;
  const criticalColor = (key.criticalFound.value ?? 0) > 0 ? '#c62828' : undefined;
  const labels = {
    compliance: en ? 'Compliance' : '检查完成率',
    reporting: en ? 'Schools reporting / registered' : '上报学校 / 注册学校',
    found: en ? 'Hazards found this month' : '本月发现隐患',
    open: en ? 'Open at month end' : '月末未整改隐患',
    overdue: en ? 'Overdue at month end' : '逾期未整改隐患',
    critical: en ? 'Critical hazards found' : '本月重大隐患',
  };
  const rows = [
    [
      tile(
        labels.compliance,
        big(compliance.current, 'rate', below ? '#c62828' : undefined),
        comparisonHtml(compliance, locale),
      ),
      tile(labels.reporting, `${big(key.schoolsReporting, 'count')} / ${big(key.schoolsRegistered, 'count')}`),
    ],
    [tile(labels.found, big(key.hazardsFound, 'count')), tile(labels.open, big(key.hazardsOpen, 'count'))],
    [
      tile(labels.overdue, big(key.hazardsOverdue, 'count', overdueColor)),
      tile(labels.critical, big(key.criticalFound, 'count', criticalColor)),
    ],
  ];
  const sep = en ? ': ' : '：';
  return {
    html: `<table role="presentation" style="width:100%;border-collapse:separate;border-spacing:0 8px;margin:12px 0">${rows.map((cells) => `<tr>${cells.join('<td style="width:8px"></td>')}</tr>`).join('')}</table>`,
    text: [
      rowText(compliance, locale),
      `${labels.reporting}${sep}${formatCount(key.schoolsReporting.value, locale)} / ${formatCount(key.schoolsRegistered.value, locale)}`,
      `${labels.found}${sep}${formatCount(key.hazardsFound.value, locale)}`,
      `${labels.open}${sep}${formatCount(key.hazardsOpen.value, locale)}`,
      `${labels.overdue}${sep}${formatCount(key.hazardsOverdue.value, locale)}`,
      `${labels.critical}${sep}${formatCount(key.criticalFound.value, locale)}`,
    ],
  };
}

function moreLine(total: number, shownCount: number, locale: Locale): { html: string; text: string } | null {
  if (total <= shownCount) return null;
  const text =
    locale === 'en'
      ? `… and ${total - shownCount} more: see the attached workbook.`
      : `……另有 ${total - shownCount} 项，详见附件工作簿。`;
  return { html: paragraph(escapeHtml(text), `margin:6px 0;${MUTED}`), text };
}

function belowThresholdPart(report: DistrictReport, locale: Locale, chart: ReportChart | undefined): Part {
  const en = locale === 'en';
  const { belowThreshold, notReporting, threshold } = report.sections.compliance;
  const title = en
    ? `Schools below the threshold (${formatRate(threshold, locale)}), worst first`
    : `低于阈值（${formatRate(threshold, locale)}）的学校（按完成率从低到高）`;
  const thresholdHtml = figureHtml({ path: 'sections.compliance.threshold', value: threshold }, 'rate', locale);
  const titleHtml = en
    ? `Schools below the threshold (${thresholdHtml}), worst first`
    : `低于阈值（${thresholdHtml}）的学校（按完成率从低到高）`;
  const listed = belowThreshold.slice(0, MAX_LIST_ITEMS);
  const base = 'sections.compliance.belowThreshold';
  const html: string[] = [`<h2 style="${H2}">${titleHtml}</h2>`, chartHtml(chart)];
  const text: string[] = [title];
  if (listed.length === 0) {
    const none = en ? 'No school is below the threshold this month.' : '本月没有低于阈值的学校。';
    html.push(paragraph(escapeHtml(none)));
    text.push(none);
  } else {
    const head = `<tr><th style="${TD};text-align:left;color:#555">${en ? 'School' : '学校'}</th><th style="${TD_NUMBER};color:#555">${en ? 'Compliance' : '完成率'}</th><th style="${TD_NUMBER};color:#555">${en ? 'Submitted / expected' : '已交 / 应交'}</th></tr>`;
    const rows = listed.map((school, index) => {
      const path = `${base}.${index}.compliance`;
      return `<tr><td style="${TD}">${escapeHtml(school.name)}</td><td style="${TD_NUMBER};color:#c62828;font-weight:bold">${figureHtml({ path: `${path}.rate`, value: school.compliance.rate }, 'rate', locale)}</td><td style="${TD_NUMBER}">${figureHtml({ path: `${path}.numerator`, value: school.compliance.numerator }, 'count', locale)} / ${figureHtml({ path: `${path}.denominator`, value: school.compliance.denominator }, 'count', locale)}</td></tr>`;
    });
    html.push(`<table style="${TABLE}">${head}${rows.join('')}</table>`);
    listed.forEach((school) =>
      text.push(
        `  ${school.name}  ${formatRate(school.compliance.rate, locale)} (${formatCount(school.compliance.numerator, locale)}/${formatCount(school.compliance.denominator, locale)})`,
      ),
    );
    const more = moreLine(belowThreshold.length, listed.length, locale);
    if (more) {
      html.push(more.html);
      text.push(more.text);
    }
  }
  if (notReporting.length > 0) {
    const names = notReporting.slice(0, MAX_LIST_ITEMS).map((school) => school.name);
    const label = en ? 'Schools that sent nothing this month' : '本月未上报的学校';
    const count = figureHtml(
      { path: 'sections.compliance.notReporting.length', value: notReporting.length },
      'count',
      locale,
    );
    const list = names.join(en ? ', ' : '、') + (notReporting.length > names.length ? (en ? ', …' : '等') : '');
    html.push(paragraph(`${escapeHtml(label)}${en ? ` (${count}): ` : `（${count}）：`}${escapeHtml(list)}`));
    text.push(`${label}${en ? ` (${notReporting.length}): ` : `（${notReporting.length}）：`}${list}`);
  }
  return { html: html.join('\n'), text };
}

/** Photo ids of a hazard line, when the report carries them (HazardLine has no such field yet). */
export function photoIdsOf(line: HazardLine): string[] {
  // Reports stored before photo ids were added have none.
  return Array.isArray(line.photoIds) ? line.photoIds : [];
}

function hazardItem(
  line: HazardLine,
  path: string,
  locale: Locale,
  photoUrl: ((photoId: string) => string) | undefined,
): Part {
  const en = locale === 'en';
  const sep = en ? ': ' : '：';
  const school = line.schoolName || line.schoolId;
  const severityColor = line.severity === 'critical' ? '#c62828' : line.severity === 'high' ? '#bf360c' : '#8d6e00';
  const fact = (label: string, text: string) => ({ label, html: escapeHtml(text), text });
  const facts: { label: string; html: string; text: string }[] = [
    ...(line.place ? [fact(en ? 'Place' : '地点', line.place)] : []),
    fact(en ? 'Category' : '类别', categoryLabel(line.category, locale)),
    fact(en ? 'Found on' : '发现日期', formatDate(line.foundOn, locale)),
    fact(en ? 'Rectify by' : '整改期限', formatDate(line.dueDate, locale)),
    fact(en ? 'At month end' : '月末状态', say(HAZARD_STATE_LABELS[line.stateAtMonthEnd], locale)),
  ];
  if (line.daysOverdue > 0) {
    const days = en ? ' days' : ' 天';
    facts.push({
      label: en ? 'Overdue' : '逾期',
      html: `<span style="color:#c62828;font-weight:bold">${figureHtml({ path: `${path}.daysOverdue`, value: line.daysOverdue }, 'count', locale)}${days}</span>`,
      text: `${formatCount(line.daysOverdue, locale)}${days}`,
    });
  }
  const photos = photoUrl
    ? photoIdsOf(line).map((id, index) => ({
        id,
        href: photoUrl(id),
        name: en ? `Photo ${index + 1}` : `照片${index + 1}`,
      }))
    : [];
  const title = say(line.title, locale);
  const html = [
    `<div style="padding:8px 0;border-bottom:1px solid #eee">`,
    `<div><span style="display:inline-block;padding:0 6px;border-radius:3px;background:${severityColor};color:#fff;font-size:12px">${escapeHtml(severityLabel(line.severity, locale))}</span> <strong>${escapeHtml(school)}</strong>${en ? ': ' : '：'}${escapeHtml(title)}</div>`,
    line.description ? `<div style="font-size:13px;color:#444">${escapeHtml(line.description)}</div>` : '',
    `<div style="font-size:13px;color:#555">${facts.map((fact) => `${escapeHtml(fact.label)}${sep}${fact.html}`).join(' · ')}</div>`,
    photos.length
      ? `<div style="font-size:13px">${photos.map((photo) => `<a href="${escapeHtml(photo.href)}" style="color:#1558b0">${escapeHtml(photo.name)}</a>`).join(' · ')}</div>`
      : '',
    '</div>',
  ].join('');
  const text = [
    `  [${severityLabel(line.severity, locale)}] ${school}${sep}${title}`,
    ...(line.description ? [`    ${line.description}`] : []),
    `    ${facts.map((fact) => `${fact.label}${sep}${fact.text}`).join(en ? '; ' : '；')}`,
    ...photos.map((photo) => `    ${photo.name}${sep}${photo.href}`),
  ];
  return { html, text };
}

function hazardListPart(
  report: DistrictReport,
  locale: Locale,
  photoUrl: ((photoId: string) => string) | undefined,
  chart: ReportChart | undefined,
): Part {
  const en = locale === 'en';
  const { critical, overdue } = report.sections.hazards;
  const html: string[] = [heading(en ? 'Critical and overdue hazards' : '重大隐患与逾期未整改隐患')];
  const text: string[] = [en ? 'Critical and overdue hazards' : '重大隐患与逾期未整改隐患'];
  const list = (title: string, lines: readonly HazardLine[], base: string, none: string) => {
    const count = figureHtml({ path: `${base}.length`, value: lines.length }, 'count', locale);
    html.push(`<h3 style="${H3}">${escapeHtml(title)}${en ? ` (${count})` : `（${count}）`}</h3>`);
    text.push('', `${title}${en ? ` (${lines.length})` : `（${lines.length}）`}`);
    if (lines.length === 0) {
      html.push(paragraph(escapeHtml(none), `margin:4px 0;${MUTED}`));
      text.push(`  ${none}`);
      return;
    }
    const listed = lines.slice(0, MAX_LIST_ITEMS);
    listed.forEach((line, index) => {
      const item = hazardItem(line, `${base}.${index}`, locale, photoUrl);
      html.push(item.html);
      text.push(...item.text);
    });
    const more = moreLine(lines.length, listed.length, locale);
    if (more) {
      html.push(more.html);
      text.push(more.text);
    }
  };
  list(
    en ? 'Critical hazards (found this month or not yet verified)' : '重大隐患（本月发现或尚未验收）',
    critical,
    'sections.hazards.critical',
    en ? 'None.' : '无。',
  );
  list(
    en ? 'Overdue at month end, most days overdue first' : '月末逾期未整改（按逾期天数排序）',
    overdue,
    'sections.hazards.overdue',
    en ? 'None.' : '无。',
  );
  html.push(chartHtml(chart));
  return { html: html.join('\n'), text };
}

function sectionPart(section: SectionFigures, index: number, locale: Locale, chart: ReportChart | undefined): Part {
  const title = numbered(index, section.title, locale);
  const html: string[] = [heading(title)];
  const text: string[] = [title];
  for (const group of section.groups) {
    const rows = group.rows.filter((row) => !row.detail);
    if (rows.length === 0) continue;
    if (group.title) {
      html.push(subheading(group.title));
      text.push(`  ${group.title}`);
    }
    html.push(
      `<table style="${TABLE}">${rows
        .map(
          (row) =>
            `<tr><td style="${TD}">${escapeHtml(row.label)}${comparisonHtml(row, locale)}</td><td style="${TD_NUMBER}">${rowValueHtml(row, locale)}</td></tr>`,
        )
        .join('')}</table>`,
    );
    text.push(...rows.map((row) => `  ${rowText(row, locale)}`));
  }
  if (section.section === 'compliance') html.push(chartHtml(chart));
  return { html: html.join('\n'), text };
}

function noteText(note: DataQualityNote, locale: Locale): string {
  // About the whole district: its message says it all.
  if (note.kind === 'national-calendar')
    return `[${say(NOTE_KIND_LABELS[note.kind], locale)}] ${say(note.message, locale)}`;
  const en = locale === 'en';
  const who = ('name' in note && note.name) || note.schoolId;
  const form = 'formType' in note ? formTitle(note.formType, locale) : '';
  const sep = en ? ': ' : '：';
  const what = (() => {
    switch (note.kind) {
      case 'quality-flag':
        return say(note.message, locale);
      case 'late-submissions':
        return en
          ? `${note.count} late, up to ${note.maxDaysLate} days`
          : `${note.count} 份逾期填报，最长逾期 ${note.maxDaysLate} 天`;
      case 'duplicate-statement':
        return en
          ? `${note.count} reports this month; only the latest counts`
          : `本月填报 ${note.count} 份，仅计入最新一份`;
      case 'outside-roster':
        return outsideRosterText(note, locale);
      case 'photo-reused':
        return en
          ? `photo ${note.photoId} repeats ${note.duplicateOf}`
          : `照片 ${note.photoId} 与 ${note.duplicateOf} 相同`;
      case 'photo-quarantined':
        return en
          ? `photo ${note.photoId} was quarantined${note.reason ? ` (${note.reason})` : ''}`
          : `照片 ${note.photoId} 已隔离${note.reason ? `（${note.reason}）` : ''}`;
      case 'alerts-held':
        return en
          ? `${note.count} critical-hazard ${note.count === 1 ? 'alert' : 'alerts'} over the hourly budget in ${note.hours} ${note.hours === 1 ? 'hour' : 'hours'}, mailed in the hour's digest${note.byDistrictBudget ? ` (${note.byDistrictBudget} when the district's budget was spent)` : ''}`
          : `${note.hours} 个小时内共 ${note.count} 条重大隐患提醒超出每小时上限，已并入该小时的汇总邮件${note.byDistrictBudget ? `（其中 ${note.byDistrictBudget} 条因全区县上限已满）` : ''}`;
    }
  })();
  return `[${say(NOTE_KIND_LABELS[note.kind], locale)}] ${who}${form ? ` · ${form}` : ''}${sep}${what}`;
}

function notesPart(report: DistrictReport, locale: Locale): Part {
  const en = locale === 'en';
  const { notes } = report.sections.photosDataQuality.dataQuality;
  const title = en ? 'Data-quality notes' : '数据质量提示';
  const html: string[] = [heading(title)];
  const text: string[] = [title];
  if (notes.length === 0) {
    const none = en ? 'Nothing to note this month.' : '本月无数据质量提示。';
    html.push(paragraph(escapeHtml(none)));
    text.push(none);
    return { html: html.join('\n'), text };
  }
  const listed = notes.slice(0, MAX_LIST_ITEMS).map((note) => noteText(note, locale));
  html.push(
    `<ul style="margin:4px 0;padding-left:20px;font-size:14px">${listed.map((line) => `<li style="margin:4px 0">${escapeHtml(line)}</li>`).join('')}</ul>`,
  );
  text.push(...listed.map((line) => `  - ${line}`));
  const more = moreLine(notes.length, listed.length, locale);
  if (more) {
    html.push(more.html);
    text.push(more.text);
  }
  return { html: html.join('\n'), text };
}

// ---------------------------------------------------------------------------------------------

/**
 * The report as an e-mail in `locale`: subject 「华蓥市教育局 2026年10月 学校后勤月报」 (en:
 * "华蓥市教育局 school logistics report, October 2026"), a phone-friendly HTML part, a plain-text
 * part, the charts inline and the workbook attached.
 */
export function renderReportEmail(report: DistrictReport, options: RenderReportEmailOptions): RenderedReportEmail {
  const { locale, photoUrl, workbook, charts } = options;
  const en = locale === 'en';
  const chart = (id: string) =>
    charts.find((candidate) => candidate.cid.startsWith(`${id}.`) || candidate.filename.startsWith(id));
  const subject = reportTitle(report, locale);
  const filename = workbookFilename(report, locale);
  const sections = reportFigures(report, locale);

  const parts: Part[] = [
    headerPart(report, locale),
    keyFiguresPart(report, locale),
    belowThresholdPart(report, locale, chart('compliance-by-school')),
    hazardListPart(report, locale, photoUrl, chart('hazards-by-category')),
    ...sections.map((section, index) => sectionPart(section, index, locale, chart('compliance-by-form'))),
    notesPart(report, locale),
  ];
  // Charts the layout above does not place (a new chart) still show, at the end.
  const placed = ['compliance-by-school', 'hazards-by-category', 'compliance-by-form'];
  const unplaced = charts.filter(
    (candidate) => !placed.some((id) => candidate.cid.startsWith(`${id}.`) || candidate.filename.startsWith(id)),
  );
  const closing = en
    ? `All figures, school by school, are in the attached workbook (${filename}).`
    : `完整数据（逐校明细）见附件 Excel 工作簿（${filename}）。`;

  const html = [
    '<!DOCTYPE html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f4f6f8">`,
    `<div style="max-width:640px;margin:0 auto;background:#fff;padding:16px;font-family:${FONT_STACK};color:#222;line-height:1.5;font-size:15px">`,
    ...parts.map((part) => part.html),
    ...unplaced.map((candidate) => chartHtml(candidate)),
    paragraph(escapeHtml(closing), 'margin:24px 0 8px'),
    `<p style="color:#5f6368;font-size:12px;margin-top:16px">${escapeHtml(footer(locale))}</p>`,
    '</div>',
    '</body></html>',
  ].join('\n');
  const text = [...parts.flatMap((part) => [...part.text, '']), closing, '', footer(locale), ''].join('\n');

  const attachments: Mail.Attachment[] = [
    ...charts.map((candidate) => ({
      filename: candidate.filename,
      content: candidate.png,
      contentType: 'image/png',
      cid: candidate.cid,
      contentDisposition: 'inline' as const,
    })),
    { filename, content: workbook, contentType: XLSX_CONTENT_TYPE, contentDisposition: 'attachment' as const },
  ];
  return {
    subject,
    html,
    text,
    attachments,
    language: locale,
    headers: { 'X-Houqin-Report': `${report.district.id}/${report.month}` },
  };
}

/** What `composeReportMime` sends: the rendered e-mail with its sender and recipients. */
export interface ReportMimeInput extends Pick<RenderedReportEmail, 'subject' | 'html' | 'text' | 'attachments'> {
  from: string;
  to: string | string[];
  language?: string;
  headers?: Record<string, string>;
}

/**
 * The raw MIME message for SES SendRawEmail, composed as the alert mails are (shared/email/mime.ts
 * composeRawMessage): multipart/mixed of a multipart/alternative (text, and the HTML related to
 * its inline charts) and the .xlsx.
 */
export function composeReportMime(input: ReportMimeInput): Promise<Buffer> {
  return composeRawMessage(input);
}
