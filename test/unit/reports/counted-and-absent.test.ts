import ExcelJS from 'exceljs';
import { renderReportEmail } from '../../../shared/reports/render/email';
import { renderReportWorkbook, summaryFigurePaths } from '../../../shared/reports/render/workbook';
import { rollUpDistrictMonth } from '../../../shared/reports/rollup';
import {
  REPORT_SECTIONS,
  type DistrictReport,
  type OutsideRosterNote,
  type YearOnYear,
} from '../../../shared/reports/types';
import { allValidAnswers } from '../forms/examples';
import { month, school, submission } from './fixtures';

/*
 * Issue 16, points 1 and 2: nothing accepted is left out silently (registration bounds what a
 * school owed, not what counts), and absent is not zero (no data a year earlier is null and reads
 * "—（无数据）", a real 0 stays 0).
 */

jest.setTimeout(60_000);

type FormId = keyof typeof allValidAnswers;
const FORM_IDS = Object.keys(allValidAnswers) as FormId[];

/** A school with every form applying, registered long ago unless told. */
const fullSchool = (schoolId: string, registeredOn = '2025-09-01') =>
  school(schoolId, { hasCanteen: true, boarding: true, nutritionProgramme: true, registeredOn });

/** One submission of every form, on a date of `month`. */
const everyForm = (schoolId: string, monthPrefix: string) =>
  FORM_IDS.map((formType) => submission(schoolId, formType, `${monthPrefix}-10`));

/** Every `YearOnYear` in a section, by its path. */
function yearOnYears(value: unknown, path: string, found: [string, YearOnYear][] = []): [string, YearOnYear][] {
  if (value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    value.forEach((item, index) => yearOnYears(item, `${path}.${index}`, found));
    return found;
  }
  const record = value as Record<string, unknown>;
  if ('current' in record && 'previousYear' in record && 'changePercent' in record)
    found.push([path, record as unknown as YearOnYear]);
  else for (const [key, child] of Object.entries(record)) yearOnYears(child, `${path}.${key}`, found);
  return found;
}

const SECTIONS_WITH_YEAR_ON_YEAR = [
  'hazards',
  'canteen',
  'safety',
  'energy',
  'greeningWorkStudy',
  'drillsEducation',
] as const;

async function sheetRows(buffer: Buffer, name: string): Promise<ExcelJS.Row[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row) => rows.push(row));
  return rows;
}

describe('point 1: every accepted submission of a roster school counts, whatever its registration date', () => {
  it('counts last month’s forms of schools registered today (the defect: every figure was 0)', () => {
    // Prepare: schools registered on 7 April send March's insurance, greening and work-study forms.
    const schools = [school('s1', { registeredOn: '2026-04-07' }), school('s2', { registeredOn: '2026-04-07' })];
    const submissions = ['s1', 's2'].flatMap((id) => [
      submission(id, 'insurance-enrolment', '2026-03-20'),
      submission(id, 'greening', '2026-03-21'),
      submission(id, 'work-study', '2026-03-31'),
    ]);
    // Act
    const report = rollUpDistrictMonth(month({ schools, submissions }));
    // Assess: counted, none left out, no note; compliance owes nothing (registered after the month).
    expect(report.sources.submissions).toEqual({ stored: 6, current: 6, superseded: 0, outsideRoster: 0 });
    expect(report.sources).toMatchObject({ schoolsInRoster: 2, schoolsRegistered: 0, schoolsCounted: 2 });
    expect(report.sections.insurance.schoolsReporting).toBe(2);
    expect(report.sections.insurance.studentsEnrolled).toBe(
      2 * (allValidAnswers['insurance-enrolment'] as { studentsEnrolled: number }).studentsEnrolled,
    );
    expect(report.sections.greeningWorkStudy.greening.projects.current).toBe(2);
    expect(report.sections.greeningWorkStudy.workStudy.schools).toBe(2);
    expect(report.sections.compliance.schoolsRegistered).toBe(0);
    expect(
      report.sections.photosDataQuality.dataQuality.notes.filter((note) => note.kind === 'outside-roster'),
    ).toEqual([]);
  });

  it('leaves out what an archived school sent from its archiving day on, and names the school and the reason', () => {
    // Prepare: s2 archived on 15 March; s3 archived before the month (its last year's month is left out too).
    const schools = [
      fullSchool('s1'),
      school('s2', { name: '旧校', archivedOn: '2026-03-15' }),
      school('s3', { name: '撤并校', archivedOn: '2026-02-01' }),
    ];
    const input = month({
      schools,
      submissions: [
        submission('s1', 'energy-meter', '2026-03-31'),
        submission('s2', 'electrical-fire', '2026-03-10'),
        submission('s2', 'energy-meter', '2026-03-20'),
        submission('x9', 'greening', '2026-03-12'),
      ],
      previousYearSubmissions: [
        submission('s1', 'energy-meter', '2025-03-31'),
        submission('s3', 'energy-meter', '2025-03-31'),
      ],
    });
    // Act
    const report = rollUpDistrictMonth(input);
    // Assess
    expect(report.sources.submissions).toMatchObject({ current: 4, outsideRoster: 2 });
    expect(report.sources.previousYearSubmissions).toMatchObject({ current: 2, outsideRoster: 1 });
    expect(report.sections.safety.electricalFire.checks).toBe(1);
    expect(report.sections.energy.schoolsReporting).toBe(1);
    expect(report.sections.energy.previousYearSchoolsReporting).toBe(1);
    const notes = report.sections.photosDataQuality.dataQuality.notes.filter(
      (note): note is OutsideRosterNote => note.kind === 'outside-roster',
    );
    expect(notes).toEqual([
      {
        kind: 'outside-roster',
        schoolId: 's2',
        name: '旧校',
        reason: 'archived',
        archivedOn: '2026-03-15',
        period: 'month',
        formTypes: ['energy-meter'],
        count: 1,
      },
      {
        kind: 'outside-roster',
        schoolId: 'x9',
        name: null,
        reason: 'not-in-roster',
        archivedOn: null,
        period: 'month',
        formTypes: ['greening'],
        count: 1,
      },
      {
        kind: 'outside-roster',
        schoolId: 's3',
        name: '撤并校',
        reason: 'archived',
        archivedOn: '2026-02-01',
        period: 'previousYear',
        formTypes: ['energy-meter'],
        count: 1,
      },
    ]);
    // Compliance does not cover the school archived before the month.
    expect(report.sections.compliance.schools.map((row) => row.schoolId)).toEqual(['s1', 's2']);
  });

  it('names what it left out, with the reason, in the mail and the workbook', async () => {
    // Prepare
    const report = rollUpDistrictMonth(
      month({
        schools: [school('s2', { name: '旧校', archivedOn: '2026-03-15' })],
        submissions: [submission('s2', 'energy-meter', '2026-03-20'), submission('x9', 'greening', '2026-03-12')],
      }),
    );
    // Act
    const workbook = await renderReportWorkbook(report, 'zh-CN');
    const mail = renderReportEmail(report, { locale: 'zh-CN', workbook, charts: [] });
    const mailEn = renderReportEmail(report, { locale: 'en', workbook, charts: [] });
    // Assess
    expect(mail.text).toContain(
      '[未计入的填报] 旧校：本月 1 份填报（水电能耗抄表）未计入统计：学校已归档（2026-03-15 起）',
    );
    expect(mail.text).toContain('[未计入的填报] x9：本月 1 份填报（校园绿化）未计入统计：学校不在名册中');
    expect(mailEn.text).toContain('not counted: the school is archived since 2026-03-15');
    const details = (await sheetRows(workbook, '数据质量')).map((row) => row.values as unknown[]);
    expect(
      details.some(
        (values) =>
          values.includes('旧校') &&
          values.some((v) => typeof v === 'string' && v.includes('学校已归档（2026-03-15 起）')),
      ),
    ).toBe(true);
    expect(
      details.some(
        (values) => values.includes('x9') && values.some((v) => typeof v === 'string' && v.includes('学校不在名册中')),
      ),
    ).toBe(true);
  });
});

describe('a past record loaded by the history import', () => {
  it('counts in the figures and is never late, though received long after its month', () => {
    // Prepare: last year's reading imported today; the same reading submitted today would be late.
    const late = { receivedAt: '2026-12-07T02:00:00.000Z' };
    const input = month({
      schools: [school('s1'), school('s2')],
      submissions: [
        submission('s1', 'energy-meter', '2026-03-31', { ...late, imported: true }),
        submission('s2', 'energy-meter', '2026-03-31', late),
      ],
    });
    // Act
    const report = rollUpDistrictMonth(input);
    // Assess
    expect(report.sections.energy.schoolsReporting).toBe(2);
    expect(report.sections.photosDataQuality.dataQuality.lateSubmissions).toBe(1);
    expect(
      report.sections.photosDataQuality.dataQuality.notes
        .filter((note) => note.kind === 'late-submissions')
        .map((note) => note.schoolId),
    ).toEqual(['s2']);
  });
});

describe('point 2: absent is not zero', () => {
  const schools = [fullSchool('s1')];

  describe.each(SECTIONS_WITH_YEAR_ON_YEAR)('section %s', (section) => {
    it('gives null a year earlier when that month has no data', () => {
      // Prepare: this month has every form, the same month a year earlier nothing at all.
      const report = rollUpDistrictMonth(month({ schools, submissions: everyForm('s1', '2026-03') }));
      // Act
      const found = yearOnYears(report.sections[section], section);
      // Assess
      expect(found.length).toBeGreaterThan(0);
      for (const [path, figure] of found)
        expect([path, figure.previousYear, figure.changePercent]).toEqual([path, null, null]);
    });

    it('gives a number a year earlier when that month has data, 0 when that is what it was', () => {
      // Prepare: the same forms a year earlier.
      const report = rollUpDistrictMonth(
        month({
          schools,
          submissions: everyForm('s1', '2026-03'),
          previousYearSubmissions: everyForm('s1', '2025-03'),
        }),
      );
      // Act
      const found = yearOnYears(report.sections[section], section);
      // Assess
      for (const [path, figure] of found) expect([path, typeof figure.previousYear]).toEqual([path, 'number']);
    });
  });

  it('keeps a real 0 a year earlier as 0', () => {
    // Prepare: a year earlier the dormitory patrols found no prohibited appliance.
    const previousYearSubmissions = [
      submission('s1', 'dormitory-patrol', '2025-03-10', { answers: { prohibitedAppliances: 0 } }),
    ];
    const report = rollUpDistrictMonth(
      month({ schools, submissions: everyForm('s1', '2026-03'), previousYearSubmissions }),
    );
    // Assess
    expect(report.sections.safety.dormitory.prohibitedAppliances.previousYear).toBe(0);
    expect(report.sections.safety.dormitory.patrols.previousYear).toBe(1);
    // Event forms are absent by choice when the district was reporting: their 0 is real.
    expect(report.sections.greeningWorkStudy.greening.projects.previousYear).toBe(0);
    expect(report.sections.drillsEducation.education.events.previousYear).toBe(0);
    // A monthly statement nobody sent a year earlier is no data.
    expect(report.sections.energy.electricityKwh.previousYear).toBeNull();
  });

  it('compares no target with a month that has no data, and says so', () => {
    // Prepare: targets set, no meter reading this month, nothing a year earlier.
    const base = month({ schools, submissions: [submission('s1', 'canteen-daily', '2026-03-10')] });
    const input = {
      ...base,
      district: {
        ...base.district,
        targets: { electricityKwh: 50_000, waterReductionPercent: 15, insuranceRate: 0.95, complianceRate: 0.9 },
      },
    };
    // Act
    const report = rollUpDistrictMonth(input);
    // Assess: each target present, its actual and verdict null (not "0 kWh, met").
    const { energy, insurance } = report.sections;
    expect(energy.targets.electricityKwh).toEqual({ direction: 'atMost', target: 50_000, actual: null, met: null });
    expect(energy.targets.waterReductionPercent).toEqual({ direction: 'atLeast', target: 15, actual: null, met: null });
    expect(insurance.coverages[0]!.target).toEqual({ direction: 'atLeast', target: 0.95, actual: null, met: null });
  });

  it('shows "—（无数据）" in the mail and the workbook where there is no data, and 0 where 0 is the figure', async () => {
    // Prepare
    const previousYearSubmissions = [
      submission('s1', 'dormitory-patrol', '2025-03-10', { answers: { prohibitedAppliances: 0 } }),
    ];
    const base = month({ schools, submissions: everyForm('s1', '2026-03'), previousYearSubmissions });
    const report: DistrictReport = rollUpDistrictMonth({
      ...base,
      district: { ...base.district, targets: { electricityReductionPercent: 15 } },
    });
    // Act
    const workbook = await renderReportWorkbook(report, 'zh-CN');
    const mail = renderReportEmail(report, { locale: 'zh-CN', workbook, charts: [] });
    const mailEn = renderReportEmail(report, {
      locale: 'en',
      workbook: await renderReportWorkbook(report, 'en'),
      charts: [],
    });
    // Assess: the mail.
    expect(mail.text).toMatch(/用电量：[^\n]*去年同期 —（无数据）/);
    expect(mail.text).toMatch(/用电量：[^\n]*降幅目标 ≥ 15%，—（无数据）/);
    expect(mail.text).toMatch(/查出违章电器：[^\n]*去年同期 0(?!\d)/);
    expect(mailEn.text).toMatch(/Electricity: [^\n]*a year earlier — \(no data\)/);
    expect(mail.html).toContain(
      'data-figure="sections.energy.electricityKwh.previousYear" data-kind="quantity" data-value="null">—（无数据）</span>',
    );
    // The workbook's summary: the "a year earlier" cell says so; the 0 stays a number.
    const rows = await sheetRows(workbook, '概览');
    const header = rows[0]!.values as unknown[];
    const column = (name: string) => header.indexOf(name);
    const paths = summaryFigurePaths(report, 'zh-CN');
    const byPath = (path: string) => rows[paths.indexOf(path) + 1]!;
    expect(byPath('sections.energy.electricityKwh.current').getCell(column('去年同期')).value).toBe('—（无数据）');
    expect(byPath('sections.energy.likeForLike.electricityKwh.current').getCell(column('是否达标')).value).toBe(
      '—（无数据）',
    );
    expect(byPath('sections.safety.dormitory.prohibitedAppliances.current').getCell(column('去年同期')).value).toBe(0);
  });

  it('covers every section of the report in one of the tests above', () => {
    // The sections without a year-on-year figure of their own: compliance (a rate: null when nothing was
    // due), insurance (targets, above) and photos/data quality (no comparison).
    expect([...SECTIONS_WITH_YEAR_ON_YEAR, 'compliance', 'insurance', 'photosDataQuality'].sort()).toEqual(
      [...REPORT_SECTIONS].sort(),
    );
  });
});
