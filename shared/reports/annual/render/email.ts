import { escapeHtml, footer } from '../../../email/format';
import type { Locale } from '../../../i18n';
import type { ReportChart } from '../../render/charts';
import type { RenderedReportEmail } from '../../render/email';
import { XLSX_CONTENT_TYPE } from '../../render/email';
import { ANNUAL_SECTIONS, type AnnualReport } from '../types';
import { DOCX_CONTENT_TYPE } from '../store';
import { annualFilename, annualNarrative } from './narrative';

/*
 * The year-end summary as the e-mail its officials receive: the narrative's sentences section by
 * section (the same words as the Word document), the charts inline, the Word draft and the
 * workbook attached. Composed into MIME and sent through the report outbox exactly as the monthly
 * report is (render/email.ts composeReportMime, pipeline/send.ts).
 */

/** Renders the mail of `report` in `locale`, with its document, workbook and charts. */
export function renderAnnualEmail(
  report: AnnualReport,
  options: { locale: Locale; document: Buffer; workbook: Buffer; charts: readonly (ReportChart & { id: string })[] },
): RenderedReportEmail {
  const { locale } = options;
  const narrative = annualNarrative(report, locale, ANNUAL_SECTIONS);
  const chartFor = (id: string | undefined) => (id ? options.charts.find((chart) => chart.id === id) : undefined);
  const html: string[] = [
    "<!doctype html><html><body style=\"margin:0;padding:16px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#222;line-height:1.6;max-width:680px\">",
    `<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(narrative.title)}</h1>`,
    `<p style="color:#666;margin:0 0 12px">${escapeHtml(narrative.subtitle)}</p>`,
    `<p>${escapeHtml(narrative.intro)}</p>`,
    `<p style="background:#f3f6fa;padding:8px">${escapeHtml(locale === 'en' ? 'The Word draft (.docx) and the workbook (.xlsx) are attached.' : '附件为年度总结（数据部分）Word 初稿和 Excel 数据表，可直接修改使用。')}</p>`,
  ];
  const text: string[] = [narrative.title, narrative.subtitle, '', narrative.intro, ''];
  for (const section of narrative.sections) {
    html.push(`<h2 style="font-size:17px;margin:18px 0 6px">${escapeHtml(section.heading)}</h2>`);
    text.push(section.heading);
    for (const paragraph of section.paragraphs) {
      html.push(`<p style="margin:4px 0">${escapeHtml(paragraph)}</p>`);
      text.push(paragraph);
    }
    const chart = chartFor(section.chartId);
    if (chart)
      html.push(
        `<p><img src="cid:${chart.cid}" alt="${escapeHtml(chart.title)}" width="600" style="max-width:100%;height:auto"></p>`,
      );
    text.push('');
  }
  html.push(`<p style="color:#888;font-size:12px;margin-top:24px">${escapeHtml(footer(locale))}</p></body></html>`);
  text.push(footer(locale));
  return {
    subject: narrative.title,
    html: html.join('\n'),
    text: text.join('\n'),
    attachments: [
      ...options.charts.map((chart) => ({
        filename: chart.filename,
        content: chart.png,
        contentType: 'image/png',
        cid: chart.cid,
      })),
      { filename: annualFilename(report, locale, 'docx'), content: options.document, contentType: DOCX_CONTENT_TYPE },
      { filename: annualFilename(report, locale, 'xlsx'), content: options.workbook, contentType: XLSX_CONTENT_TYPE },
    ],
    language: locale,
    headers: { 'X-Houqin-Report': `${report.district.id}/${report.period}` },
  };
}
