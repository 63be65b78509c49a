import { SEVERITIES } from '../../forms/types';
import type { Locale, Text } from '../../i18n';
import { AREA_USE_IDS, REPORT_SECTIONS, type DistrictReport, type ReportSectionId } from '../types';
import { valueAtPath } from './format';
import {
  areaUseLabel,
  COVERAGE_LABELS,
  drillKindLabel,
  formTitle as formTitleOf,
  say,
  SECTION_TITLES,
  severityLabel,
  topicLabel,
} from './labels';

/*
 * The headline figures of each section, as rows every renderer shares: the e-mail's tables, its
 * plain-text part and the workbook's summary sheet all read the same rows, so a figure has one
 * label and one value wherever it is shown. Each value is read from the report by its path and
 * carries that path, which the e-mail writes into `data-figure` so a test can read it back.
 */

/** How a number reads: a count, a measured quantity, or a rate 0–1. */
export type NumberKind = 'count' | 'quantity' | 'rate';

/** One number of the report, with where it is in the report. */
export interface Figure {
  /** Dotted path in the report JSON (`sections.compliance.overall.current.rate`). */
  path: string;
  /** The value there (null where the report has null: a rate of nothing, a missing reading). */
  value: number | null;
}

/** A figure against the district's target. */
export interface TargetFigure {
  /** 'atMost' or 'atLeast'. */
  direction: 'atMost' | 'atLeast';
  /** The target, in the row's kind (or a reduction in % when `percent`). */
  target: Figure;
  /** Whether it was met; null when there is nothing to compare. */
  met: boolean | null;
  /** Path of `met`. */
  metPath: string;
  /** The target is a reduction in % (15 means −15 %), not a value of the row's kind. */
  percent: boolean;
}

/** One line of a section's figures. */
export interface FigureRow {
  /** What it is, in the locale. */
  label: string;
  /** Its unit in the locale; null for counts of things named by the label and for rates. */
  unit: string | null;
  kind: NumberKind;
  /** This month's value (for a rate: the rate). */
  current: Figure;
  /** For a rate: what it divides. */
  parts?: { numerator: Figure; denominator: Figure };
  /** The same month one year earlier. */
  previousYear?: Figure;
  /** The change: in % for a value, in percentage points for a rate. */
  change?: Figure & { kind: 'changePercent' | 'points' };
  /** Against the district's target, when it sets one. */
  target?: TargetFigure;
  /** A breakdown or a detail (by kind, by use, school days): in the workbook, left out of the e-mail. */
  detail?: boolean;
}

/** A titled group of rows within a section. */
export interface FigureGroup {
  title: string | null;
  rows: FigureRow[];
}

/** A section's figures. */
export interface SectionFigures {
  section: ReportSectionId;
  title: string;
  groups: FigureGroup[];
}

function figureAt(report: DistrictReport, path: string): Figure {
  const value = valueAtPath(report, path);
  return { path, value: typeof value === 'number' ? value : null };
}

/** Reads report figures by path, labelled in one locale. */
class RowBuilder {
  constructor(
    private readonly report: DistrictReport,
    private readonly locale: Locale,
  ) {}

  private text(label: Text | string): string {
    return typeof label === 'string' ? label : say(label, this.locale);
  }

  private unitOf(unit: Text | undefined): string | null {
    return unit ? say(unit, this.locale) : null;
  }

  /** A plain number at `path`. */
  value(
    label: Text | string,
    path: string,
    kind: NumberKind = 'count',
    unit?: Text,
    extra: Partial<FigureRow> = {},
  ): FigureRow {
    return { label: this.text(label), unit: this.unitOf(unit), kind, current: figureAt(this.report, path), ...extra };
  }

  /** A `Rate` at `path`. */
  rate(label: Text | string, path: string, extra: Partial<FigureRow> = {}): FigureRow {
    return {
      label: this.text(label),
      unit: null,
      kind: 'rate',
      current: figureAt(this.report, `${path}.rate`),
      parts: {
        numerator: figureAt(this.report, `${path}.numerator`),
        denominator: figureAt(this.report, `${path}.denominator`),
      },
      ...extra,
    };
  }

  /** A `YearOnYear` at `path`. */
  yearOnYear(
    label: Text | string,
    path: string,
    kind: NumberKind = 'count',
    unit?: Text,
    extra: Partial<FigureRow> = {},
  ): FigureRow {
    return {
      label: this.text(label),
      unit: this.unitOf(unit),
      kind,
      current: figureAt(this.report, `${path}.current`),
      previousYear: figureAt(this.report, `${path}.previousYear`),
      change: { ...figureAt(this.report, `${path}.changePercent`), kind: 'changePercent' },
      ...extra,
    };
  }

  /** A `RateYearOnYear` at `path`. */
  rateYearOnYear(label: Text | string, path: string, extra: Partial<FigureRow> = {}): FigureRow {
    return {
      ...this.rate(label, `${path}.current`),
      previousYear: figureAt(this.report, `${path}.previousYear.rate`),
      change: { ...figureAt(this.report, `${path}.changePoints`), kind: 'points' },
      ...extra,
    };
  }

  /** The `TargetComparison` at `path`, when the report has one there. */
  target(path: string, percent = false): { target?: TargetFigure } {
    const comparison = valueAtPath(this.report, path) as
      { direction: 'atMost' | 'atLeast'; met: boolean | null } | null | undefined;
    if (!comparison) return {};
    return {
      target: {
        direction: comparison.direction,
        target: figureAt(this.report, `${path}.target`),
        met: comparison.met,
        metPath: `${path}.met`,
        percent,
      },
    };
  }
}

const UNITS = {
  kwh: { zh: '千瓦时', en: 'kWh' },
  m3: { zh: '立方米', en: 'm³' },
  mu: { zh: '亩', en: 'mu' },
  yuan: { zh: '元', en: 'yuan' },
  kg: { zh: '千克', en: 'kg' },
  grams: { zh: '克', en: 'g' },
  minutes: { zh: '分钟', en: 'min' },
  people: { zh: '人', en: 'people' },
  personTimes: { zh: '人次', en: 'people' },
} as const satisfies Record<string, Text>;

function complianceFigures(r: RowBuilder, report: DistrictReport, locale: Locale): FigureGroup[] {
  const base = 'sections.compliance';
  return [
    {
      title: null,
      rows: [
        r.rateYearOnYear(
          { zh: '检查完成率（已交/应交）', en: 'Compliance (submitted of expected)' },
          `${base}.overall`,
          r.target(`${base}.target`),
        ),
        r.value({ zh: '注册学校', en: 'Schools registered' }, `${base}.schoolsRegistered`),
        r.rate({ zh: '上报学校占比', en: 'Schools reporting' }, `${base}.reporting`),
        r.value({ zh: '未上报学校', en: 'Schools not reporting' }, `${base}.notReporting.length`),
        r.value({ zh: '低于阈值的学校', en: 'Schools below the threshold' }, `${base}.belowThreshold.length`),
        r.value({ zh: '完成率阈值', en: 'Threshold' }, `${base}.threshold`, 'rate', undefined, { detail: true }),
        r.value({ zh: '上学日', en: 'School days' }, `${base}.schoolDays`, 'count', undefined, { detail: true }),
        r.value({ zh: '住校夜', en: 'School nights' }, `${base}.schoolNights`, 'count', undefined, { detail: true }),
      ],
    },
    {
      title: say({ zh: '各类检查完成率', en: 'Compliance by form type' }, locale),
      rows: report.sections.compliance.byFormType.map((form, index) =>
        form.cadence === 'event'
          ? r.value(
              locale === 'en'
                ? `${formTitleOf(form.formType, locale)} (received)`
                : `${formTitleOf(form.formType, locale)}（收到份数）`,
              `${base}.byFormType.${index}.received`,
            )
          : r.rate(formTitleOf(form.formType, locale), `${base}.byFormType.${index}.compliance`),
      ),
    },
  ];
}

function hazardFigures(r: RowBuilder, locale: Locale): FigureGroup[] {
  const base = 'sections.hazards';
  return [
    {
      title: null,
      rows: [
        r.yearOnYear({ zh: '本月发现隐患', en: 'Hazards found this month' }, `${base}.foundYearOnYear`),
        ...SEVERITIES.map((severity) =>
          r.value(
            `${say({ zh: '其中', en: 'of which' }, locale)} ${severityLabel(severity, locale)}`,
            `${base}.found.bySeverity.${severity}`,
            'count',
            undefined,
            { detail: true },
          ),
        ),
        r.rate({ zh: '本月隐患整改率', en: 'Rectified of those found this month' }, `${base}.rectification`),
        r.value({ zh: '本月整改', en: 'Rectified this month' }, `${base}.rectifiedThisMonth`),
        r.value({ zh: '本月验收', en: 'Verified this month' }, `${base}.verifiedThisMonth`),
        r.value({ zh: '本月退回重整', en: 'Reopened this month' }, `${base}.reopenedThisMonth`),
        r.value({ zh: '月末未整改', en: 'Open at month end' }, `${base}.openAtMonthEnd.total`),
        r.value(
          { zh: '月末待验收', en: 'Awaiting verification at month end' },
          `${base}.awaitingVerificationAtMonthEnd`,
        ),
        r.value({ zh: '月末逾期未整改', en: 'Overdue at month end' }, `${base}.overdueAtMonthEnd.total`),
        r.value(
          { zh: '重大隐患（本月发现或未验收）', en: 'Critical hazards (found this month or not verified)' },
          `${base}.critical.length`,
        ),
      ],
    },
  ];
}

function canteenFigures(r: RowBuilder): FigureGroup[] {
  const base = 'sections.canteen';
  return [
    {
      title: null,
      rows: [
        r.value({ zh: '有食堂的学校', en: 'Schools with a canteen' }, `${base}.schoolsWithCanteen`),
        r.value({ zh: '本月有检查记录的学校', en: 'Of them, schools with checks' }, `${base}.schoolsReporting`),
        r.yearOnYear({ zh: '食堂检查次数', en: 'Canteen checks' }, `${base}.checks`),
        r.rate({ zh: '留样合规率', en: 'Samples retained by the rules' }, `${base}.sampleRetention`),
        r.rate({ zh: '持证上岗合规率', en: 'Every staff member certified' }, `${base}.healthCertificates`),
        r.rate({ zh: '持证人员占比（人日）', en: 'Certified staff (person-days)' }, `${base}.certifiedStaffDays`, {
          detail: true,
        }),
        r.rate({ zh: '餐具消毒合规率', en: 'Tableware disinfected' }, `${base}.disinfection`),
        r.rate({ zh: '校领导陪餐率', en: 'A leader ate with the students' }, `${base}.leaderMeals`),
        r.yearOnYear({ zh: '供餐份数', en: 'Meals served' }, `${base}.mealsServed`),
        r.yearOnYear({ zh: '食物浪费', en: 'Food waste' }, `${base}.foodWasteKg`, 'quantity', UNITS.kg),
        r.value({ zh: '每餐浪费', en: 'Waste per meal' }, `${base}.foodWasteGramsPerMeal`, 'quantity', UNITS.grams),
      ],
    },
  ];
}

function safetyFigures(r: RowBuilder, locale: Locale): FigureGroup[] {
  const dorm = 'sections.safety.dormitory';
  const fire = 'sections.safety.electricalFire';
  return [
    {
      title: say({ zh: '宿舍夜间巡查', en: 'Dormitory night patrols' }, locale),
      rows: [
        r.value({ zh: '寄宿制学校', en: 'Boarding schools' }, `${dorm}.boardingSchools`),
        r.value({ zh: '其中部分寄宿', en: 'Of them, partly boarding' }, `${dorm}.partlyBoardingSchools`),
        r.value({ zh: '本月有巡查记录的学校', en: 'Of them, schools with patrols' }, `${dorm}.schoolsReporting`),
        r.yearOnYear({ zh: '巡查次数', en: 'Patrols' }, `${dorm}.patrols`),
        r.yearOnYear({ zh: '查出违章电器', en: 'Prohibited appliances found' }, `${dorm}.prohibitedAppliances`),
        r.value(
          { zh: '夜间未归学生（人次）', en: 'Students unaccounted for (student-nights)' },
          `${dorm}.studentsUnaccounted`,
        ),
        r.value({ zh: '发现陌生人', en: 'Strangers found' }, `${dorm}.strangersFound`),
        r.rate({ zh: '安全出口堵塞的巡查占比', en: 'Patrols finding a fire exit blocked' }, `${dorm}.fireExitsBlocked`),
      ],
    },
    {
      title: say({ zh: '用电与消防安全检查', en: 'Electrical and fire checks' }, locale),
      rows: [
        r.value({ zh: '本月有检查记录的学校', en: 'Schools with checks' }, `${fire}.schoolsReporting`),
        r.value({ zh: '检查次数', en: 'Checks' }, `${fire}.checks`),
        r.yearOnYear({ zh: '更换灭火器', en: 'Extinguishers replaced' }, `${fire}.extinguishersReplaced`),
        r.rate({ zh: '过期或失效灭火器占比', en: 'Extinguishers expired or faulty' }, `${fire}.extinguishersExpired`),
        r.yearOnYear({ zh: '发现电线老化', en: 'Ageing wiring found' }, `${fire}.ageingWiresFound`),
        r.rate({ zh: '应急照明完好率', en: 'Emergency lights working' }, `${fire}.emergencyLightsWorking`),
        r.rate({ zh: '危化品规范存放率', en: 'Chemicals stored by the rules' }, `${fire}.chemicalsStoredSafely`),
      ],
    },
  ];
}

function insuranceFigures(r: RowBuilder, report: DistrictReport, locale: Locale): FigureGroup[] {
  const base = 'sections.insurance';
  return [
    {
      title: null,
      rows: [
        r.value({ zh: '填报学校', en: 'Schools reporting' }, `${base}.schoolsReporting`),
        r.value({ zh: '在校学生', en: 'Students enrolled' }, `${base}.studentsEnrolled`, 'count', UNITS.people),
        ...report.sections.insurance.coverages.map((row, index) =>
          r.rate(
            `${say(COVERAGE_LABELS[row.coverage], locale)}${say({ zh: '参保率', en: ' coverage' }, locale)}`,
            `${base}.coverages.${index}.covered`,
            r.target(`${base}.coverages.${index}.target`),
          ),
        ),
        r.rate(
          { zh: '食品安全责任险（学校）', en: 'Canteen food-safety liability (schools)' },
          `${base}.canteenFoodSafetyLiability`,
        ),
        r.rate({ zh: '实习保险（学校）', en: 'Internship insurance (schools)' }, `${base}.internshipInsurance`),
      ],
    },
  ];
}

function energyFigures(r: RowBuilder, locale: Locale): FigureGroup[] {
  const base = 'sections.energy';
  return [
    {
      title: null,
      rows: [
        r.value({ zh: '本月抄表学校', en: 'Schools with a reading' }, `${base}.schoolsReporting`),
        r.value(
          { zh: '去年同期抄表学校', en: 'Schools with a reading a year earlier' },
          `${base}.previousYearSchoolsReporting`,
          'count',
          undefined,
          { detail: true },
        ),
        r.yearOnYear(
          { zh: '用电量', en: 'Electricity' },
          `${base}.electricityKwh`,
          'quantity',
          UNITS.kwh,
          r.target(`${base}.targets.electricityKwh`),
        ),
        r.yearOnYear(
          { zh: '用水量', en: 'Water' },
          `${base}.waterM3`,
          'quantity',
          UNITS.m3,
          r.target(`${base}.targets.waterM3`),
        ),
      ],
    },
    {
      title: say({ zh: '可比学校（两年均有读数）', en: 'Like for like (schools with both readings)' }, locale),
      rows: [
        r.value({ zh: '可比学校', en: 'Schools' }, `${base}.likeForLike.schools`),
        r.yearOnYear(
          { zh: '用电量', en: 'Electricity' },
          `${base}.likeForLike.electricityKwh`,
          'quantity',
          UNITS.kwh,
          r.target(`${base}.targets.electricityReductionPercent`, true),
        ),
        r.yearOnYear(
          { zh: '用水量', en: 'Water' },
          `${base}.likeForLike.waterM3`,
          'quantity',
          UNITS.m3,
          r.target(`${base}.targets.waterReductionPercent`, true),
        ),
      ],
    },
  ];
}

function greeningFigures(r: RowBuilder, locale: Locale): FigureGroup[] {
  const green = 'sections.greeningWorkStudy.greening';
  const work = 'sections.greeningWorkStudy.workStudy';
  return [
    {
      title: say({ zh: '校园绿化', en: 'Greening' }, locale),
      rows: [
        r.value({ zh: '开展绿化的学校', en: 'Schools with a project' }, `${green}.schools`),
        r.yearOnYear({ zh: '绿化项目', en: 'Projects' }, `${green}.projects`),
        r.yearOnYear({ zh: '新增树木花草', en: 'Trees and plants added' }, `${green}.plantsAdded`, 'count', {
          zh: '株',
          en: 'plants',
        }),
        r.value({ zh: '新增绿化面积', en: 'Green area added' }, `${green}.areaAddedMu`, 'quantity', UNITS.mu),
        r.yearOnYear({ zh: '绿化投入', en: 'Invested' }, `${green}.investmentYuan`, 'quantity', UNITS.yuan),
      ],
    },
    {
      title: say({ zh: '勤工俭学', en: 'Work-study' }, locale),
      rows: [
        r.value({ zh: '填报学校', en: 'Schools reporting' }, `${work}.schools`),
        r.value(
          { zh: '劳动实践基地面积（各用途之和）', en: 'Labour-practice base area (sum of uses)' },
          `${work}.areaMu`,
          'quantity',
          UNITS.mu,
        ),
        ...AREA_USE_IDS.map((use) =>
          r.value(areaUseLabel(use, locale), `${work}.areaByUse.${use}`, 'quantity', UNITS.mu, { detail: true }),
        ),
        r.yearOnYear(
          { zh: '收入（含废品回收）', en: 'Income (recycling included)' },
          `${work}.incomeYuan`,
          'quantity',
          UNITS.yuan,
        ),
        r.value({ zh: '成本', en: 'Costs' }, `${work}.costsYuan`, 'quantity', UNITS.yuan),
        r.yearOnYear({ zh: '纯收入', en: 'Net income' }, `${work}.netYuan`, 'quantity', UNITS.yuan),
        r.value(
          { zh: '供应食堂节省资金', en: 'Saved by produce given to the canteen' },
          `${work}.produceToCanteenYuan`,
          'quantity',
          UNITS.yuan,
        ),
        r.value({ zh: '废品回收收入', en: 'Recycling income' }, `${work}.recyclingIncomeYuan`, 'quantity', UNITS.yuan),
        r.value(
          { zh: '参加劳动实践学生', en: 'Students taking part' },
          `${work}.studentsTakingPart`,
          'count',
          UNITS.personTimes,
        ),
        r.value(
          { zh: '总面积与各用途之和不符的报表', en: 'Reports whose total area does not add up' },
          `${work}.totalsNotAddingUp`,
        ),
      ],
    },
  ];
}

function drillFigures(r: RowBuilder, report: DistrictReport, locale: Locale): FigureGroup[] {
  const drills = 'sections.drillsEducation.drills';
  const education = 'sections.drillsEducation.education';
  return [
    {
      title: say({ zh: '安全演练', en: 'Safety drills' }, locale),
      rows: [
        r.yearOnYear({ zh: '演练次数', en: 'Drills' }, `${drills}.count`),
        r.yearOnYear({ zh: '参与演练', en: 'Participants' }, `${drills}.participants`, 'count', UNITS.personTimes),
        ...Object.keys(report.sections.drillsEducation.drills.byKind).map((kind) =>
          r.value(drillKindLabel(kind, locale), `${drills}.byKind.${kind}`, 'count', undefined, { detail: true }),
        ),
        r.value(
          { zh: '平均疏散用时', en: 'Mean time to evacuate' },
          `${drills}.meanEvacuationMinutes`,
          'quantity',
          UNITS.minutes,
        ),
        r.rate({ zh: '开展演练的学校占比', en: 'Schools with a drill' }, `${drills}.schoolsWithDrill`),
        r.value({ zh: '未开展演练的学校', en: 'Schools without a drill' }, `${drills}.schoolsWithoutDrill.length`),
      ],
    },
    {
      title: say({ zh: '安全教育', en: 'Safety education' }, locale),
      rows: [
        r.yearOnYear({ zh: '安全教育活动', en: 'Events' }, `${education}.events`),
        r.yearOnYear({ zh: '参加人次', en: 'Participants' }, `${education}.participants`, 'count', UNITS.personTimes),
        ...Object.keys(report.sections.drillsEducation.education.byTopic).map((topic) =>
          r.value(topicLabel(topic, locale), `${education}.byTopic.${topic}`, 'count', undefined, { detail: true }),
        ),
        r.value({ zh: '发放《致家长的一封信》', en: 'Letters to parents sent' }, `${education}.lettersToParents`),
        r.value({ zh: '开展活动的学校', en: 'Schools with an event' }, `${education}.schools`),
      ],
    },
  ];
}

function photoFigures(r: RowBuilder, locale: Locale): FigureGroup[] {
  const photos = 'sections.photosDataQuality.photos';
  const quality = 'sections.photosDataQuality.dataQuality';
  return [
    {
      title: say({ zh: '照片存档', en: 'Photo evidence' }, locale),
      rows: [
        r.value({ zh: '本月归档照片', en: 'Photos archived' }, `${photos}.archived`),
        r.value({ zh: '其中重复使用的照片', en: 'Of them, reused photos' }, `${photos}.reused`),
        r.value(
          { zh: '已申请未收到的照片（缺失）', en: 'Photos asked for, never received (missing)' },
          `${photos}.pending`,
        ),
        r.value({ zh: '被隔离的照片', en: 'Photos quarantined' }, `${photos}.quarantined`),
      ],
    },
    {
      title: say({ zh: '数据质量', en: 'Data quality' }, locale),
      rows: [
        r.value({ zh: '逾期填报', en: 'Late submissions' }, `${quality}.lateSubmissions`),
        r.value({ zh: '存疑填报', en: 'Flagged submissions' }, `${quality}.flaggedSubmissions`),
        r.value(
          {
            zh: '超出每小时上限、并入汇总邮件的重大隐患提醒',
            en: 'Critical-hazard alerts over the hourly budget (sent in a digest)',
          },
          `${quality}.heldAlerts`,
        ),
        r.value({ zh: '数据质量提示', en: 'Data-quality notes' }, `${quality}.notes.length`),
      ],
    },
  ];
}

/** Every section's figures, in the report's section order. */
export function reportFigures(report: DistrictReport, locale: Locale): SectionFigures[] {
  const r = new RowBuilder(report, locale);
  const groups: Record<ReportSectionId, FigureGroup[]> = {
    compliance: complianceFigures(r, report, locale),
    hazards: hazardFigures(r, locale),
    canteen: canteenFigures(r),
    safety: safetyFigures(r, locale),
    insurance: insuranceFigures(r, report, locale),
    energy: energyFigures(r, locale),
    greeningWorkStudy: greeningFigures(r, locale),
    drillsEducation: drillFigures(r, report, locale),
    photosDataQuality: photoFigures(r, locale),
  };
  return REPORT_SECTIONS.map((section) => ({
    section,
    title: say(SECTION_TITLES[section], locale),
    groups: groups[section],
  }));
}

/** The figures the e-mail leads with. */
export interface KeyFigures {
  compliance: FigureRow;
  schoolsReporting: Figure;
  schoolsRegistered: Figure;
  hazardsFound: Figure;
  hazardsOpen: Figure;
  hazardsOverdue: Figure;
  criticalFound: Figure;
}

/** The key figures: compliance first, then who reported, then hazards. */
export function keyFigures(report: DistrictReport, locale: Locale): KeyFigures {
  const r = new RowBuilder(report, locale);
  return {
    compliance: r.rateYearOnYear(
      { zh: '检查完成率', en: 'Compliance' },
      'sections.compliance.overall',
      r.target('sections.compliance.target'),
    ),
    schoolsReporting: figureAt(report, 'sections.compliance.schoolsReporting'),
    schoolsRegistered: figureAt(report, 'sections.compliance.schoolsRegistered'),
    hazardsFound: figureAt(report, 'sections.hazards.found.total'),
    hazardsOpen: figureAt(report, 'sections.hazards.openAtMonthEnd.total'),
    hazardsOverdue: figureAt(report, 'sections.hazards.overdueAtMonthEnd.total'),
    criticalFound: figureAt(report, 'sections.hazards.found.bySeverity.critical'),
  };
}
