import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { Locale } from '../../../i18n';
import { pinZipTimestamps } from '../../render/workbook';
import { ANNUAL_SECTIONS, type AnnualReport } from '../types';
import { annualNarrative, type NarrativeTable } from './narrative';

/*
 * The year-end summary as a Word document (.docx, the `docx` package): the draft an official
 * edits instead of writing the summary from scratch. A title, the headings 一、二、三…, each
 * section's figures as sentences (narrative.ts), its tables, and the charts as images (PNG drawn
 * with Noto Sans SC, charts.ts). Body text in 仿宋, headings in 黑体, as bureau documents are set;
 * Word falls back to another CJK font where those are missing. The zip's entry times are pinned
 * to the report's production time, as the workbook's are.
 */

/** The MIME type of a .docx. */

/** A chart to embed: its id (narrative's `chartId`), PNG, and its size in CSS pixels (the PNG is drawn at 2×). */
export interface DocumentChart {
  id: string;
  title: string;
  png: Buffer;
  height: number;
}

const BODY_FONT = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };
/** Half-points: 三号 (16 pt) body, 二号 (22 pt) title, as official documents use. */
const BODY_SIZE = 32;
const TITLE_SIZE = 44;
const TABLE_SIZE = 21;
/** Chart width on the page in pixels (A4 with 2.6 cm margins leaves about 600). */
const CHART_WIDTH = 600;

const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) =>
  new TextRun({ text, font: BODY_FONT, size: BODY_SIZE, ...options });

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    children: [run(text)],
    indent: { firstLine: 640 },
    spacing: { line: 560, after: 0 },
    alignment: AlignmentType.LEFT,
  });
}

function tableOf(table: NarrativeTable): (Paragraph | Table)[] {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '666666' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, header: boolean, index: number) =>
    new TableCell({
      borders,
      children: [
        new Paragraph({
          alignment: index === 0 ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [new TextRun({ text, font: header ? HEADING_FONT : BODY_FONT, size: TABLE_SIZE, bold: false })],
        }),
      ],
      ...(header ? { shading: { fill: 'E8EEF5' } } : {}),
    });
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200, after: 100 },
      children: [new TextRun({ text: table.caption, font: HEADING_FONT, size: TABLE_SIZE + 3 })],
    }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: table.header.map((text, index) => cell(text, true, index)) }),
        ...table.rows.map((row) => new TableRow({ children: row.map((text, index) => cell(text, false, index)) })),
      ],
    }),
  ];
}

function chartOf(chart: DocumentChart, locale: Locale): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200 },
      children: [
        new ImageRun({
          type: 'png',
          data: chart.png,
          transformation: { width: CHART_WIDTH, height: Math.round((chart.height * CHART_WIDTH) / 600) },
          altText: { name: chart.id, title: chart.title, description: chart.title },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [
        new TextRun({
          text: `${locale === 'en' ? 'Figure: ' : '图：'}${chart.title}`,
          font: BODY_FONT,
          size: TABLE_SIZE + 3,
        }),
      ],
    }),
  ];
}

/** The summary as a .docx in `locale`, with `charts` (renderAnnualCharts) embedded where their sections are. */
export async function renderAnnualDocument(
  report: AnnualReport,
  locale: Locale,
  charts: readonly DocumentChart[],
): Promise<Buffer> {
  const narrative = annualNarrative(report, locale, ANNUAL_SECTIONS);
  const produced = new Date(report.producedAt);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: narrative.title, font: HEADING_FONT, size: TITLE_SIZE, bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [run(narrative.subtitle, { size: BODY_SIZE - 4 })],
    }),
    bodyParagraph(narrative.intro),
  ];
  for (const section of narrative.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 240, after: 120 },
        children: [new TextRun({ text: section.heading, font: HEADING_FONT, size: BODY_SIZE, color: '000000' })],
      }),
    );
    for (const text of section.paragraphs) children.push(bodyParagraph(text));
    const chart = section.chartId ? charts.find((c) => c.id === section.chartId) : undefined;
    if (chart) children.push(...chartOf(chart, locale));
    for (const table of section.tables) if (table.rows.length > 0) children.push(...tableOf(table));
  }
  const document = new Document({
    creator: 'Houqin',
    lastModifiedBy: 'Houqin',
    title: narrative.title,
    description: `${report.district.id} ${report.period}`,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { margin: { top: 1474, bottom: 1474, left: 1587, right: 1474 } } }, children }],
  });
  const bytes = await Packer.toBuffer(document);
  return pinZipTimestamps(Buffer.from(bytes), produced);
}
