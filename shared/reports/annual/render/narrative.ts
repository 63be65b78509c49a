import { HAZARD_CATEGORIES, SEVERITIES, type HazardCategory, type Severity } from '../../../forms/types';
import type { Locale, Text } from '../../../i18n';
import { formatCount, formatMonth, formatQuantity, formatRate } from '../../render/format';
import {
  areaUseLabel,
  categoryLabel,
  COVERAGE_LABELS,
  drillKindLabel,
  formTitle,
  NOTE_KIND_LABELS,
  say,
  severityLabel,
  topicLabel,
} from '../../render/labels';
import {
  AREA_USE_IDS,
  DATA_QUALITY_NOTE_KINDS,
  type HazardCounts,
  type Rate,
  type TargetComparison,
} from '../../types';
import type { AnnualReport, AnnualSectionId, PeriodYearOnYear } from '../types';

/*
 * The year-end summary in words: each section's figures as the sentences a bureau writes in its
 * 年度后勤工作总结 (全市共有 71 所学校 53,694 名学生参加校方责任险，参保率 100%), its tables and the
 * chart it shows. The Word document, the e-mail and the workbook's 概述 sheet all render this one
 * narrative, so a figure reads the same wherever it appears. Every number is formatted from the
 * report (render/format.ts); every rate from its counts. Where a comparison has no data, the
 * sentence says so (上年无可比数据) instead of a zero.
 */

/** A table: header row and body rows of text cells. */
export interface NarrativeTable {
  caption: string;
  header: string[];
  rows: string[][];
}

/** One section of the summary. */
export interface NarrativeSection {
  id: AnnualSectionId;
  /** 一、学校与学生基本情况 (numbered in the locale's way). */
  heading: string;
  /** The section's sentences, one paragraph each. */
  paragraphs: string[];
  tables: NarrativeTable[];
  /** The chart shown after the paragraphs (render/charts.ts ids), if any. */
  chartId?: string;
}

/** The whole narrative. */
export interface Narrative {
  title: string;
  /** The line under the title: the period, the district, what it was made from. */
  subtitle: string;
  /** The opening paragraph. */
  intro: string;
  sections: NarrativeSection[];
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const SECTION_HEADINGS: Record<AnnualSectionId, Text> = {
  schools: { zh: '学校与学生基本情况', en: 'Schools and students' },
  insurance: { zh: '各项保险参保情况', en: 'Insurance' },
  energy: { zh: '节能降耗（用电、用水）情况', en: 'Energy and water' },
  greening: { zh: '校园绿化建设情况', en: 'Greening' },
  workStudy: { zh: '勤工俭学与劳动实践基地', en: 'Work-study and labour-practice bases' },
  canteen: { zh: '食堂食品安全管理', en: 'Canteen food safety' },
  safety: { zh: '宿舍、用电与消防安全', en: 'Dormitory, electrical and fire safety' },
  drillsEducation: { zh: '安全演练与安全教育', en: 'Drills and safety education' },
  hazards: { zh: '安全隐患排查整治', en: 'Hazards found and rectified' },
  compliance: { zh: '检查完成情况', en: 'Inspection compliance' },
  dataQuality: { zh: '数据说明', en: 'Notes on the data' },
};

/** The numbered heading of the `index`-th section: 一、… in Chinese, 1. … in English. */
export function sectionHeading(id: AnnualSectionId, index: number, locale: Locale): string {
  return locale === 'en'
    ? `${index + 1}. ${say(SECTION_HEADINGS[id], locale)}`
    : `${CHINESE_NUMERALS[index]}、${say(SECTION_HEADINGS[id], locale)}`;
}

/** The period as its readers write it: 2026年 / 2025—2026学年; 2026 / the 2025–26 school year. */
export function periodLabel(report: Pick<AnnualReport, 'period' | 'periodKind'>, locale: Locale): string {
  if (report.periodKind === 'calendar-year') return locale === 'en' ? report.period : `${report.period}年`;
  const first = report.period.slice(0, 4);
  const second = String(Number(first) + 1);
  return locale === 'en' ? `the ${first}–${report.period.slice(5)} school year` : `${first}—${second}学年`;
}

/** The document's title: 华蓥市教育局2026年学校后勤工作总结（数据部分）. */
export function annualTitle(report: Pick<AnnualReport, 'period' | 'periodKind' | 'district'>, locale: Locale): string {
  return locale === 'en'
    ? `${report.district.name}: school logistics year-end summary for ${periodLabel(report, locale)} (figures)`
    : `${report.district.name}${periodLabel(report, locale)}学校后勤工作总结（数据部分）`;
}

/** A file name for the summary's document or workbook, safe on every file system. */
export function annualFilename(
  report: Pick<AnnualReport, 'period' | 'periodKind' | 'district'>,
  locale: Locale,
  extension: 'docx' | 'xlsx',
): string {
  return `${annualTitle(report, locale)
    .replace(/[\\/:*?"<>|\r\n]+/g, ' ')
    .replace(/\s+/g, '-')}.${extension}`;
}

// ---------------------------------------------------------------------------------------------
// Phrases

interface Words {
  locale: Locale;
  t: (zh: string, en: string) => string;
  n: (value: number | null) => string;
  q: (value: number | null) => string;
  r: (rate: Rate | number | null) => string;
  list: (items: readonly string[]) => string;
}

function wordsFor(locale: Locale): Words {
  return {
    locale,
    t: (zh, en) => (locale === 'en' ? en : zh),
    n: (value) => formatCount(value, locale),
    q: (value) => formatQuantity(value, locale),
    r: (rate) => formatRate(rate === null || typeof rate === 'number' ? rate : rate.rate, locale),
    list: (items) => items.join(locale === 'en' ? ', ' : '、'),
  };
}

/** "较上年增加/减少 x%" or "上年无可比数据". */
function comparedWithLastYear(w: Words, figure: PeriodYearOnYear, unit: Text): string {
  if (figure.previousYear === null) return w.t('上年同期无数据，无法比较', 'no data a year earlier to compare with');
  const partial =
    figure.previousYearMonths < 12
      ? w.t(
          `（上年仅 ${figure.previousYearMonths} 个月有数据）`,
          ` (only ${figure.previousYearMonths} months had data a year earlier)`,
        )
      : '';
  const before = `${w.q(figure.previousYear)}${w.t(unit.zh, ` ${unit.en}`)}`;
  if (figure.changePercent === null) return w.t(`上年同期为 ${before}${partial}`, `${before} a year earlier${partial}`);
  if (figure.changePercent === 0)
    return w.t(`与上年同期 ${before}持平${partial}`, `the same as a year earlier (${before})${partial}`);
  // One decimal, as the bureaus write it (12.0%); two where one would read as no change at all (0.03%).
  const change = Math.abs(figure.changePercent).toFixed(Math.abs(figure.changePercent) >= 0.1 ? 1 : 2);
  return figure.changePercent < 0
    ? w.t(
        `较上年同期 ${before}降低了 ${change}%${partial}`,
        `${change}% less than a year earlier (${before})${partial}`,
      )
    : w.t(
        `较上年同期 ${before}增加了 ${change}%${partial}`,
        `${change}% more than a year earlier (${before})${partial}`,
      );
}

function targetSentence(
  w: Words,
  target: TargetComparison | null,
  what: Text,
  shown: (value: number) => string,
): string | null {
  if (!target) return null;
  const goal = shown(target.target);
  if (target.met === null)
    return w.t(
      `${what.zh}目标为 ${goal}，因无可比数据，暂无法判断是否达到。`,
      `The ${what.en} target is ${goal}; with no data to compare, it cannot be judged.`,
    );
  const actual = target.actual === null ? '—' : shown(target.actual);
  return target.met
    ? w.t(
        `${what.zh}目标为 ${goal}，实际为 ${actual}，已达到目标。`,
        `The ${what.en} target is ${goal}; the actual figure is ${actual}: met.`,
      )
    : w.t(
        `${what.zh}目标为 ${goal}，实际为 ${actual}，未达到目标。`,
        `The ${what.en} target is ${goal}; the actual figure is ${actual}: not met.`,
      );
}

function hazardCountsBy(w: Words, counts: HazardCounts): string {
  const parts = SEVERITIES.filter((s) => counts.bySeverity[s] > 0).map((s) =>
    w.t(
      `${severityLabel(s, w.locale)} ${counts.bySeverity[s]} 项`,
      `${counts.bySeverity[s]} ${severityLabel(s, w.locale).toLowerCase()}`,
    ),
  );
  return parts.length > 0 ? w.t(`（${w.list(parts)}）`, ` (${w.list(parts)})`) : '';
}

// ---------------------------------------------------------------------------------------------
// Sections

function schools(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.schools;
  const end = w.t(
    report.periodKind === 'calendar-year'
      ? `截至${report.period}年底`
      : `截至${formatMonth(report.months[11]!, 'zh-CN')}底`,
    `At the end of ${periodLabel(report, 'en')}`,
  );
  const paragraphs = [
    w.t(
      `${end}，全市共有学校 ${w.n(s.schoolsInRoster)} 所，其中有食堂的 ${w.n(s.withCanteen)} 所、寄宿制学校 ${w.n(s.boarding)} 所${s.newSchools > 0 ? `，本年度新纳入管理 ${w.n(s.newSchools)} 所` : ''}。全年共有 ${w.n(s.schoolsReporting)} 所学校通过系统上报检查记录。`,
      `${end} the district has ${w.n(s.schoolsInRoster)} schools, ${w.n(s.withCanteen)} with a canteen and ${w.n(s.boarding)} boarding${s.newSchools > 0 ? `; ${w.n(s.newSchools)} joined during the year` : ''}. ${w.n(s.schoolsReporting)} schools sent records through the system during the year.`,
    ),
    s.schoolsWithEnrolment > 0
      ? w.t(
          `据各校本年度最近一次参保情况填报，${w.n(s.schoolsWithEnrolment)} 所学校共有在校学生 ${w.n(s.students)} 名。`,
          `By each school's latest insurance report of the year, ${w.n(s.schoolsWithEnrolment)} schools enrol ${w.n(s.students)} students.`,
        )
      : w.t(
          '本年度各校未填报在校学生数（保险参保情况），学生人数无数据。',
          'No school reported its enrolment (insurance report) this year: no student count.',
        ),
  ];
  return { paragraphs, tables: [] };
}

function insurance(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.insurance;
  if (s.schoolsReporting === 0)
    return {
      paragraphs: [
        w.t('本年度各校未填报保险参保情况，无数据。', 'No school reported its insurance this year: no data.'),
      ],
      tables: [],
    };
  const [liability, accident, medical] = s.coverages;
  const paragraphs = [
    w.t(
      `全市共有 ${w.n(s.schoolsReporting)} 所学校 ${w.n(liability!.covered.numerator)} 名学生参加校方责任险，参保率 ${w.r(liability!.covered)}；学平险参保 ${w.n(accident!.covered.numerator)} 人，参保率 ${w.r(accident!.covered)}；城乡居民医保参保 ${w.n(medical!.covered.numerator)} 人，参保率 ${w.r(medical!.covered)}（在校学生 ${w.n(s.studentsEnrolled)} 名，以各校本年度最近一次填报为准）。`,
      `${w.n(liability!.covered.numerator)} students in ${w.n(s.schoolsReporting)} schools are covered by school liability insurance, ${w.r(liability!.covered)}; student accident insurance covers ${w.n(accident!.covered.numerator)}, ${w.r(accident!.covered)}; resident medical insurance ${w.n(medical!.covered.numerator)}, ${w.r(medical!.covered)} (of ${w.n(s.studentsEnrolled)} students enrolled, by each school's latest report of the year).`,
    ),
    s.canteenFoodSafetyLiability.denominator > 0
      ? w.t(
          `全市共有 ${w.n(s.canteenFoodSafetyLiability.numerator)} 所学校的食堂购买了食品安全责任险（应购买 ${w.n(s.canteenFoodSafetyLiability.denominator)} 所，占 ${w.r(s.canteenFoodSafetyLiability)}）。`,
          `${w.n(s.canteenFoodSafetyLiability.numerator)} schools bought canteen food-safety liability insurance (of ${w.n(s.canteenFoodSafetyLiability.denominator)} it applies to, ${w.r(s.canteenFoodSafetyLiability)}).`,
        )
      : w.t(
          '各校均未填报食堂食品安全责任险（不适用）。',
          'No school reported canteen food-safety liability insurance as applicable.',
        ),
  ];
  if (s.internshipInsurance.denominator > 0) {
    paragraphs.push(
      w.t(
        `职业学校实习保险：${w.n(s.internshipInsurance.numerator)} 所学校已投保（应投保 ${w.n(s.internshipInsurance.denominator)} 所）。`,
        `Internship insurance: ${w.n(s.internshipInsurance.numerator)} of ${w.n(s.internshipInsurance.denominator)} vocational schools insured.`,
      ),
    );
  }
  const target = targetSentence(
    w,
    liability!.target,
    { zh: '校方责任险参保率', en: 'school liability insurance' },
    (v) => w.r(v),
  );
  if (target) paragraphs.push(target);
  const lowest = liability!.lowest;
  if (lowest.length > 0) {
    paragraphs.push(
      w.t(
        `校方责任险参保率较低的学校：${w.list(lowest.map((row) => `${row.name}（${w.r(row.covered)}）`))}。`,
        `Schools with the lowest school liability coverage: ${w.list(lowest.map((row) => `${row.name} (${w.r(row.covered)})`))}.`,
      ),
    );
  }
  return {
    paragraphs,
    tables: [
      {
        caption: w.t('表：各险种参保情况', 'Table: coverage by insurance'),
        header: [
          w.t('险种', 'Insurance'),
          w.t('参保人数', 'Covered'),
          w.t('在校学生', 'Enrolled'),
          w.t('参保率', 'Rate'),
        ],
        rows: s.coverages.map((c) => [
          say(COVERAGE_LABELS[c.coverage], w.locale),
          w.n(c.covered.numerator),
          w.n(c.covered.denominator),
          w.r(c.covered),
        ]),
      },
    ],
  };
}

function energy(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.energy;
  const kwh = { zh: ' 千瓦时', en: 'kWh' };
  const m3 = { zh: ' 立方米', en: 'm³' };
  const paragraphs = [
    w.t(
      `全年全市学校用电 ${w.q(s.electricityKwh.current)} 千瓦时、用水 ${w.q(s.waterM3.current)} 立方米。`,
      `Over the year the schools used ${w.q(s.electricityKwh.current)} kWh of electricity and ${w.q(s.waterM3.current)} m³ of water.`,
    ),
  ];
  if (s.comparable.schools > 0) {
    paragraphs.push(
      w.t(
        `按可比口径（本年与上年同月均有抄表的 ${w.n(s.comparable.schools)} 所学校，共 ${w.n(s.comparable.schoolMonths)} 个校月），用电 ${w.q(s.comparable.electricityKwh.current)} 千瓦时，${comparedWithLastYear(w, s.comparable.electricityKwh, kwh)}；用水 ${w.q(s.comparable.waterM3.current)} 立方米，${comparedWithLastYear(w, s.comparable.waterM3, m3)}。`,
        `On a comparable basis (the ${w.n(s.comparable.schools)} schools with readings in the same months of both years, ${w.n(s.comparable.schoolMonths)} school-months), electricity was ${w.q(s.comparable.electricityKwh.current)} kWh, ${comparedWithLastYear(w, s.comparable.electricityKwh, kwh)}; water ${w.q(s.comparable.waterM3.current)} m³, ${comparedWithLastYear(w, s.comparable.waterM3, m3)}.`,
      ),
    );
  } else {
    paragraphs.push(
      w.t(
        '上年同月无可比抄表数据（无数据），用电、用水无法与上年比较。',
        'No school has readings in the same months a year earlier (no data): no comparison with last year.',
      ),
    );
  }
  const reduction = (v: number) => `${formatQuantity(v, w.locale)}%`;
  for (const sentence of [
    targetSentence(
      w,
      s.targets.electricityReductionPercent,
      { zh: '用电量较上年降低', en: 'electricity reduction' },
      reduction,
    ),
    targetSentence(w, s.targets.waterReductionPercent, { zh: '用水量较上年降低', en: 'water reduction' }, reduction),
  ]) {
    if (sentence) paragraphs.push(sentence);
  }
  const caps = [
    [s.targets.electricityMonthsWithinCap, w.t('用电', 'electricity')],
    [s.targets.waterMonthsWithinCap, w.t('用水', 'water')],
  ] as const;
  for (const [within, what] of caps) {
    if (within)
      paragraphs.push(
        w.t(
          `${what}月度总量控制目标：有抄表的 ${within.denominator} 个月中 ${within.numerator} 个月达标。`,
          `Monthly ${what} cap: met in ${within.numerator} of the ${within.denominator} months with readings.`,
        ),
      );
  }
  const rising = s.schools
    .filter((row) => row.electricityChangePercent !== null && row.electricityChangePercent > 0)
    .slice(0, 5);
  if (rising.length > 0) {
    paragraphs.push(
      w.t(
        `可比口径下用电增加较多的学校：${w.list(rising.map((row) => `${row.name}（+${row.electricityChangePercent!.toFixed(1)}%）`))}。`,
        `Schools whose comparable electricity rose most: ${w.list(rising.map((row) => `${row.name} (+${row.electricityChangePercent!.toFixed(1)}%)`))}.`,
      ),
    );
  }
  return {
    paragraphs,
    chartId: 'annual-energy-trend',
    tables: [
      {
        caption: w.t('表：各月用电、用水量', 'Table: electricity and water by month'),
        header: [
          w.t('月份', 'Month'),
          w.t('用电（千瓦时）', 'Electricity (kWh)'),
          w.t('上年同期', 'A year earlier'),
          w.t('用水（立方米）', 'Water (m³)'),
          w.t('上年同期', 'A year earlier'),
        ],
        rows: s.byMonth.map((m) => [
          formatMonth(m.month, w.locale),
          w.q(m.electricityKwh),
          w.q(m.previousYearElectricityKwh),
          w.q(m.waterM3),
          w.q(m.previousYearWaterM3),
        ]),
      },
    ],
  };
}

function greening(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.greening;
  if (s.projects.current === 0)
    return {
      paragraphs: [w.t('本年度各校未填报校园绿化项目。', 'No school reported a greening project this year.')],
      tables: [],
    };
  return {
    paragraphs: [
      w.t(
        `全年共有 ${w.n(s.schools)} 所学校开展校园绿化建设 ${w.n(s.projects.current)} 项，累计投入资金 ${w.q(s.investmentYuan.current)} 元，新增各类花草树木 ${w.n(s.plantsAdded.current)} 株，新增校园绿地面积 ${w.q(s.areaAddedMu)} 亩。`,
        `${w.n(s.schools)} schools carried out ${w.n(s.projects.current)} greening projects, investing ${w.q(s.investmentYuan.current)} yuan, adding ${w.n(s.plantsAdded.current)} trees and plants and ${w.q(s.areaAddedMu)} mu of green area.`,
      ),
      w.t(
        `新增花草树木${comparedWithLastYear(w, s.plantsAdded, { zh: ' 株', en: 'plants' })}；投入资金${comparedWithLastYear(w, s.investmentYuan, { zh: ' 元', en: 'yuan' })}。`,
        `Plants added: ${comparedWithLastYear(w, s.plantsAdded, { zh: ' 株', en: 'plants' })}; investment: ${comparedWithLastYear(w, s.investmentYuan, { zh: ' 元', en: 'yuan' })}.`,
      ),
    ],
    tables: [],
  };
}

function workStudy(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.workStudy;
  if (s.areaMonth === null)
    return {
      paragraphs: [w.t('本年度各校未填报勤工俭学情况。', 'No school reported work-study this year.')],
      tables: [],
    };
  const uses = AREA_USE_IDS.filter((use) => s.areaByUse[use] > 0).map((use) =>
    w.t(
      `${areaUseLabel(use, w.locale)} ${w.q(s.areaByUse[use])} 亩`,
      `${areaUseLabel(use, w.locale)} ${w.q(s.areaByUse[use])} mu`,
    ),
  );
  return {
    paragraphs: [
      w.t(
        `截至${formatMonth(s.areaMonth, 'zh-CN')}，全市 ${w.n(s.areaSchools)} 所学校共有劳动实践基地 ${w.q(s.areaMu)} 亩（按各用途面积之和计）${uses.length > 0 ? `，其中${w.list(uses)}` : ''}。`,
        `As of ${formatMonth(s.areaMonth, 'en')}, ${w.n(s.areaSchools)} schools have ${w.q(s.areaMu)} mu of labour-practice bases (the sum of their uses)${uses.length > 0 ? `: ${w.list(uses)}` : ''}.`,
      ),
      w.t(
        `全年 ${w.n(s.schools)} 所学校开展勤工俭学，收入 ${w.q(s.incomeYuan.current)} 元，成本 ${w.q(s.costsYuan)} 元，纯收入 ${w.q(s.netYuan.current)} 元；其中废品回收收入 ${w.q(s.recyclingIncomeYuan)} 元，劳动产品供应学校食堂节省资金 ${w.q(s.produceToCanteenYuan)} 元；学生参加劳动实践 ${w.n(s.studentParticipations)} 人次。收入${comparedWithLastYear(w, s.incomeYuan, { zh: ' 元', en: 'yuan' })}。`,
        `${w.n(s.schools)} schools ran work-study: income ${w.q(s.incomeYuan.current)} yuan, costs ${w.q(s.costsYuan)} yuan, net ${w.q(s.netYuan.current)} yuan, including ${w.q(s.recyclingIncomeYuan)} yuan from recycling and ${w.q(s.produceToCanteenYuan)} yuan saved by produce given to canteens; ${w.n(s.studentParticipations)} student participations. Income: ${comparedWithLastYear(w, s.incomeYuan, { zh: ' 元', en: 'yuan' })}.`,
      ),
    ],
    tables: [
      {
        caption: w.t(
          `表：劳动实践基地面积（${formatMonth(s.areaMonth, 'zh-CN')}）`,
          `Table: labour-practice base area (${formatMonth(s.areaMonth, 'en')})`,
        ),
        header: [w.t('用途', 'Use'), w.t('面积（亩）', 'Area (mu)')],
        rows: [
          ...AREA_USE_IDS.map((use) => [areaUseLabel(use, w.locale), w.q(s.areaByUse[use])]),
          [w.t('合计', 'Total'), w.q(s.areaMu)],
        ],
      },
    ],
  };
}

function canteen(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.canteen;
  if (s.checks.current === 0)
    return {
      paragraphs: [
        w.t(
          `全市有食堂的学校 ${w.n(s.schoolsWithCanteen)} 所，本年度未上报食堂检查记录。`,
          `${w.n(s.schoolsWithCanteen)} schools have a canteen; none reported a canteen check this year.`,
        ),
      ],
      tables: [],
    };
  return {
    paragraphs: [
      w.t(
        `全市 ${w.n(s.schoolsWithCanteen)} 所学校设有食堂，全年开展食堂食品安全检查 ${w.n(s.checks.current)} 次，${comparedWithLastYear(w, s.checks, { zh: ' 次', en: 'checks' })}。其中食品留样合格 ${w.n(s.sampleRetention.numerator)} 次，合格率 ${w.r(s.sampleRetention)}；从业人员持健康证上岗 ${w.r(s.healthCertificates)}；餐具消毒 ${w.r(s.disinfection)}；学校领导陪餐 ${w.r(s.leaderMeals)}。`,
        `${w.n(s.schoolsWithCanteen)} schools have a canteen; ${w.n(s.checks.current)} canteen food-safety checks were made, ${comparedWithLastYear(w, s.checks, { zh: ' 次', en: 'checks' })}. Samples kept as required in ${w.n(s.sampleRetention.numerator)}, ${w.r(s.sampleRetention)}; staff with valid health certificates ${w.r(s.healthCertificates)}; tableware disinfected ${w.r(s.disinfection)}; a school leader ate with the students ${w.r(s.leaderMeals)}.`,
      ),
      w.t(
        `全年供餐 ${w.n(s.mealsServed.current)} 餐次，餐厨垃圾 ${w.q(s.foodWasteKg.current)} 千克${s.foodWasteGramsPerMeal === null ? '' : `，平均每餐 ${w.q(s.foodWasteGramsPerMeal)} 克`}。`,
        `${w.n(s.mealsServed.current)} meals were served with ${w.q(s.foodWasteKg.current)} kg of food waste${s.foodWasteGramsPerMeal === null ? '' : `, ${w.q(s.foodWasteGramsPerMeal)} g a meal`}.`,
      ),
    ],
    tables: [],
  };
}

function safety(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const { dormitory: d, electricalFire: f } = report.sections.safety;
  return {
    paragraphs: [
      w.t(
        `全市 ${w.n(d.boardingSchools)} 所寄宿制学校全年开展学生宿舍夜间巡查 ${w.n(d.patrols.current)} 次，发现违规用电器具 ${w.n(d.prohibitedAppliances.current)} 件（${comparedWithLastYear(w, d.prohibitedAppliances, { zh: ' 件', en: 'found' })}），学生未按时归寝 ${w.n(d.studentsUnaccounted)} 人次，发现外来人员 ${w.n(d.strangersFound)} 人次，安全出口堵塞的巡查占 ${w.r(d.fireExitsBlocked)}。`,
        `The ${w.n(d.boardingSchools)} boarding schools made ${w.n(d.patrols.current)} night patrols of dormitories, finding ${w.n(d.prohibitedAppliances.current)} prohibited appliances (${comparedWithLastYear(w, d.prohibitedAppliances, { zh: ' 件', en: 'found' })}), ${w.n(d.studentsUnaccounted)} students unaccounted for and ${w.n(d.strangersFound)} strangers; ${w.r(d.fireExitsBlocked)} of patrols found a fire exit blocked.`,
      ),
      w.t(
        `全年开展用电与消防安全检查 ${w.n(f.checks)} 次，更换灭火器 ${w.n(f.extinguishersReplaced.current)} 具，发现电线老化 ${w.n(f.ageingWiresFound.current)} 处（${comparedWithLastYear(w, f.ageingWiresFound, { zh: ' 处', en: 'found' })}）；检查中过期或失效灭火器占 ${w.r(f.extinguishersExpired)}，应急照明完好率 ${w.r(f.emergencyLightsWorking)}。`,
        `${w.n(f.checks)} electrical and fire checks were made; ${w.n(f.extinguishersReplaced.current)} extinguishers were replaced and ${w.n(f.ageingWiresFound.current)} places with ageing wiring found (${comparedWithLastYear(w, f.ageingWiresFound, { zh: ' 处', en: 'found' })}); ${w.r(f.extinguishersExpired)} of extinguishers checked were expired or faulty; emergency lights working: ${w.r(f.emergencyLightsWorking)}.`,
      ),
    ],
    tables: [],
  };
}

function drillsEducation(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const { drills, education } = report.sections.drillsEducation;
  const kinds = Object.entries(drills.byKind)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) =>
      w.t(`${drillKindLabel(kind, w.locale)} ${count} 次`, `${count} ${drillKindLabel(kind, w.locale).toLowerCase()}`),
    );
  const topics = Object.entries(education.byTopic)
    .filter(([, count]) => count > 0)
    .map(([topic, count]) =>
      w.t(`${topicLabel(topic, w.locale)} ${count} 次`, `${count} on ${topicLabel(topic, w.locale).toLowerCase()}`),
    );
  const paragraphs = [
    w.t(
      `全年各校开展安全演练 ${w.n(drills.count.current)} 次${kinds.length > 0 ? `（${w.list(kinds)}）` : ''}，参与师生 ${w.n(drills.participants.current)} 人次${drills.meanEvacuationMinutes === null ? '' : `，平均疏散用时 ${w.q(drills.meanEvacuationMinutes)} 分钟`}；${comparedWithLastYear(w, drills.count, { zh: ' 次', en: 'drills' })}。应开展演练的校月中，${w.r(drills.schoolMonthsWithDrill)}（${w.n(drills.schoolMonthsWithDrill.numerator)}/${w.n(drills.schoolMonthsWithDrill.denominator)}）按月开展了演练。`,
      `Schools held ${w.n(drills.count.current)} safety drills${kinds.length > 0 ? ` (${w.list(kinds)})` : ''} with ${w.n(drills.participants.current)} participants${drills.meanEvacuationMinutes === null ? '' : `, evacuating in ${w.q(drills.meanEvacuationMinutes)} minutes on average`}; ${comparedWithLastYear(w, drills.count, { zh: ' 次', en: 'drills' })}. Of the school-months a drill was due, ${w.r(drills.schoolMonthsWithDrill)} (${w.n(drills.schoolMonthsWithDrill.numerator)}/${w.n(drills.schoolMonthsWithDrill.denominator)}) had one.`,
    ),
    w.t(
      `开展安全教育活动 ${w.n(education.events.current)} 次${topics.length > 0 ? `（${w.list(topics)}）` : ''}，参与 ${w.n(education.participants.current)} 人次，发放《致家长的一封信》${w.n(education.lettersToParents)} 封。`,
      `${w.n(education.events.current)} safety-education events${topics.length > 0 ? ` (${w.list(topics)})` : ''} reached ${w.n(education.participants.current)} participants; ${w.n(education.lettersToParents)} letters to parents were sent.`,
    ),
  ];
  const missing = drills.schoolsMissingDrills.slice(0, 10);
  if (missing.length > 0) {
    paragraphs.push(
      w.t(
        `未按月开展演练月数较多的学校：${w.list(missing.map((row) => `${row.name}（${row.months} 个月）`))}。`,
        `Schools most often without a drill when one was due: ${w.list(missing.map((row) => `${row.name} (${row.months} months)`))}.`,
      ),
    );
  }
  return { paragraphs, tables: [] };
}

function hazards(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.hazards;
  const paragraphs = [
    w.t(
      `全年共排查发现安全隐患 ${w.n(s.found.total)} 项${hazardCountsBy(w, s.found)}，${comparedWithLastYear(w, s.foundYearOnYear, { zh: ' 项', en: 'hazards' })}。截至年度末，已整改 ${w.n(s.rectified.total)} 项，整改率 ${w.r(s.rectification)}，其中经教育局验收销号 ${w.n(s.verified.total)} 项；尚未整改 ${w.n(s.open.total)} 项，其中逾期未整改 ${w.n(s.overdue.total)} 项。`,
      `${w.n(s.found.total)} hazards were found${hazardCountsBy(w, s.found)}, ${comparedWithLastYear(w, s.foundYearOnYear, { zh: ' 项', en: 'hazards' })}. By the end of the period ${w.n(s.rectified.total)} were rectified, ${w.r(s.rectification)}, of which ${w.n(s.verified.total)} verified by the bureau; ${w.n(s.open.total)} remain open, ${w.n(s.overdue.total)} of them overdue.`,
    ),
    w.t(
      `年度末全市仍有未整改隐患 ${w.n(s.openAtPeriodEnd.total)} 项（含往年发现），其中逾期 ${w.n(s.overdueAtPeriodEnd.total)} 项。全年完成整改 ${w.n(s.rectifications)} 次、验收 ${w.n(s.verifications)} 次，退回重新整改 ${w.n(s.reopenings)} 次。`,
      `At the end of the period ${w.n(s.openAtPeriodEnd.total)} hazards are open (earlier years' included), ${w.n(s.overdueAtPeriodEnd.total)} overdue. During the year there were ${w.n(s.rectifications)} rectifications, ${w.n(s.verifications)} verifications and ${w.n(s.reopenings)} reopenings.`,
    ),
  ];
  if (s.critical.length > 0) {
    const open = s.critical.filter((h) => h.state === 'open').length;
    paragraphs.push(
      w.t(
        `重大隐患 ${w.n(s.critical.length)} 项，年度末尚有 ${w.n(open)} 项未整改：${w.list(s.critical.slice(0, 10).map((h) => `${h.schoolName}${h.title.zh}（${h.foundOn}）`))}。`,
        `${w.n(s.critical.length)} critical hazards, ${w.n(open)} still open at the end: ${w.list(s.critical.slice(0, 10).map((h) => `${h.schoolName}: ${h.title.en} (${h.foundOn})`))}.`,
      ),
    );
  }
  const row = (label: string, pick: (c: HazardCounts) => number) => [
    label,
    ...[s.found, s.rectified, s.verified, s.open, s.overdue].map((c) => w.n(pick(c))),
  ];
  const header = [
    w.t('类别', 'Category'),
    w.t('发现', 'Found'),
    w.t('已整改', 'Rectified'),
    w.t('已验收', 'Verified'),
    w.t('未整改', 'Open'),
    w.t('逾期', 'Overdue'),
  ];
  return {
    paragraphs,
    chartId: 'annual-hazard-trend',
    tables: [
      {
        caption: w.t(
          '表：本年度发现隐患按类别统计（整改状态截至年度末）',
          'Table: hazards found this year by category (state at the end of the period)',
        ),
        header,
        rows: [
          ...HAZARD_CATEGORIES.filter((c) => s.found.byCategory[c] > 0).map((c: HazardCategory) =>
            row(categoryLabel(c, w.locale), (counts) => counts.byCategory[c]),
          ),
          row(w.t('合计', 'Total'), (c) => c.total),
        ],
      },
      {
        caption: w.t('表：本年度发现隐患按等级统计', 'Table: hazards found this year by severity'),
        header: [w.t('等级', 'Severity'), ...header.slice(1)],
        rows: [
          ...SEVERITIES.map((sv: Severity) => row(severityLabel(sv, w.locale), (counts) => counts.bySeverity[sv])),
          row(w.t('合计', 'Total'), (c) => c.total),
        ],
      },
    ],
  };
}

function compliance(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.compliance;
  const change =
    s.changePoints === null
      ? w.t('上年同期无可比数据', 'no data a year earlier to compare with')
      : w.t(
          `上年同期为 ${w.r(s.previousYear)}，${s.changePoints >= 0 ? '提高' : '降低'} ${Math.abs(s.changePoints).toFixed(1)} 个百分点`,
          `${w.r(s.previousYear)} a year earlier, ${s.changePoints >= 0 ? 'up' : 'down'} ${Math.abs(s.changePoints).toFixed(1)} points`,
        );
  const paragraphs = [
    w.t(
      `按各校类型、上学日与检查频次计算，全年各校应完成检查 ${w.n(s.overall.denominator)} 次，实际完成 ${w.n(s.overall.numerator)} 次，完成率 ${w.r(s.overall)}（${change}）。`,
      `By each school's kind, school days and the forms' cadence, ${w.n(s.overall.denominator)} inspections were due over the year and ${w.n(s.overall.numerator)} were made: ${w.r(s.overall)} (${change}).`,
    ),
  ];
  const target = targetSentence(w, s.target, { zh: '检查完成率', en: 'compliance' }, (v) => w.r(v));
  if (target) paragraphs.push(target);
  const often = s.mostOftenBelowThreshold.filter((row) => row.monthsBelow >= 3).slice(0, 10);
  if (often.length > 0) {
    paragraphs.push(
      w.t(
        `个别学校未按规定按期进行检查：${w.list(often.map((row) => `${row.name}（${row.monthsBelow} 个月低于 ${w.r(s.threshold)}，全年完成率 ${w.r(row.compliance)}）`))}。`,
        `Some schools did not inspect on schedule: ${w.list(often.map((row) => `${row.name} (${row.monthsBelow} months under ${w.r(s.threshold)}, ${w.r(row.compliance)} over the year)`))}.`,
      ),
    );
  } else if (s.mostOftenBelowThreshold.length === 0) {
    paragraphs.push(
      w.t(
        `全年没有学校的月度完成率低于 ${w.r(s.threshold)}。`,
        `No school's monthly compliance fell under ${w.r(s.threshold)}.`,
      ),
    );
  }
  return {
    paragraphs,
    chartId: 'annual-compliance-trend',
    tables: [
      {
        caption: w.t('表：各月检查完成率', 'Table: compliance by month'),
        header: [
          w.t('月份', 'Month'),
          w.t('应检查', 'Due'),
          w.t('已完成', 'Made'),
          w.t('完成率', 'Rate'),
          w.t('上年同期', 'A year earlier'),
          w.t('低于阈值学校', 'Schools under threshold'),
        ],
        rows: s.byMonth.map((m) => [
          formatMonth(m.month, w.locale),
          w.n(m.compliance.denominator),
          w.n(m.compliance.numerator),
          w.r(m.compliance),
          w.r(m.previousYear),
          `${m.schoolsBelowThreshold}/${m.schoolsRegistered}`,
        ]),
      },
      {
        caption: w.t('表：低于阈值月数较多的学校', 'Table: schools most often under the threshold'),
        header: [
          w.t('学校', 'School'),
          w.t('低于阈值月数', 'Months under'),
          w.t('有检查任务月数', 'Months with inspections due'),
          w.t('全年完成率', 'Year rate'),
        ],
        rows: s.mostOftenBelowThreshold
          .slice(0, 20)
          .map((row) => [row.name, w.n(row.monthsBelow), w.n(row.monthsRated), w.r(row.compliance)]),
      },
      {
        caption: w.t('表：各类检查全年完成率', 'Table: compliance by form type over the year'),
        header: [w.t('检查类别', 'Form'), w.t('应检查', 'Due'), w.t('已完成', 'Made'), w.t('完成率', 'Rate')],
        rows: s.byFormType.map((row) => [
          formTitle(row.formType, w.locale),
          w.n(row.compliance.denominator),
          w.n(row.compliance.numerator),
          w.r(row.compliance),
        ]),
      },
    ],
  };
}

function dataQuality(report: AnnualReport, w: Words): Omit<NarrativeSection, 'id' | 'heading'> {
  const s = report.sections.dataQuality;
  const paragraphs = [
    w.t(
      `本稿数据由“后勤”系统根据各校全年上报记录自动汇总，比率均按实际数量计算。全年共收到有效填报 ${w.n(report.sources.submissions.current)} 份；被更正替换的填报 ${w.n(s.superseded)} 份不计入统计；逾期填报 ${w.n(s.lateSubmissions)} 份；未计入统计的填报 ${w.n(s.outsideRoster)} 份（学校不在名册中或已归档）。`,
      `These figures were compiled by Houqin from the schools' records of the year; every rate is computed from counts. ${w.n(report.sources.submissions.current)} current submissions were received; ${w.n(s.superseded)} superseded by corrections are not counted; ${w.n(s.lateSubmissions)} arrived late; ${w.n(s.outsideRoster)} were not counted (school not in the roster, or archived).`,
    ),
  ];
  for (const row of s.totalsNotAddingUp) {
    paragraphs.push(
      w.t(
        `${row.name}${formatMonth(row.month, 'zh-CN')}填报的${formTitle(row.formType, 'zh-CN')}总数为 ${w.q(row.reported)}，各分项之和为 ${w.q(row.computed)}，二者不符，统计按分项之和计。`,
        `${row.name}, ${formatMonth(row.month, 'en')}: the stated ${formTitle(row.formType, 'en').toLowerCase()} total is ${w.q(row.reported)} but its parts add up to ${w.q(row.computed)}; the figures use the sum of the parts.`,
      ),
    );
  }
  if (s.monthsWithoutData.length > 0) {
    paragraphs.push(
      w.t(
        `以下月份没有计入统计的填报（无数据）：${w.list(s.monthsWithoutData.map((m) => formatMonth(m, 'zh-CN')))}。`,
        `Months without any counted submission (no data): ${w.list(s.monthsWithoutData.map((m) => formatMonth(m, 'en')))}.`,
      ),
    );
  }
  return {
    paragraphs,
    tables: [
      {
        caption: w.t('表：各月报数据说明条数', 'Table: notes on the data in the monthly reports'),
        header: [w.t('类型', 'Kind'), w.t('条数', 'Notes')],
        rows: DATA_QUALITY_NOTE_KINDS.map((kind) => [
          say(NOTE_KIND_LABELS[kind], w.locale),
          w.n(s.notesByKind[kind] ?? 0),
        ]),
      },
    ],
  };
}

const BUILDERS: Record<AnnualSectionId, (report: AnnualReport, w: Words) => Omit<NarrativeSection, 'id' | 'heading'>> =
  {
    schools,
    insurance,
    energy,
    greening,
    workStudy,
    canteen,
    safety,
    drillsEducation,
    hazards,
    compliance,
    dataQuality,
  };

/** The summary in `locale`'s words: title, opening, and each section's sentences, tables and chart. */
export function annualNarrative(report: AnnualReport, locale: Locale, order: readonly AnnualSectionId[]): Narrative {
  const w = wordsFor(locale);
  const first = formatMonth(report.months[0]!, locale);
  const last = formatMonth(report.months[11]!, locale);
  return {
    title: annualTitle(report, locale),
    subtitle: w.t(
      `（统计期间：${first}至${last}；系统生成初稿，供修改完善）`,
      `(${first} to ${last}; a draft produced by Houqin, to be edited)`,
    ),
    intro: w.t(
      `${periodLabel(report, 'zh-CN')}，全市学校后勤工作数据汇总如下。各项数据来自各校通过“后勤”系统上报的检查、填报记录，并与上年同期（${report.previousPeriod}）及年度目标进行了比较。`,
      `The school logistics figures of ${periodLabel(report, 'en')} follow, from the records the schools sent through Houqin, compared with the year before (${report.previousPeriod}) and with the district's targets.`,
    ),
    sections: order.map((id, index) => ({
      id,
      heading: sectionHeading(id, index, locale),
      ...BUILDERS[id](report, w),
    })),
  };
}
