import { findForm } from '../../forms/catalogue';
import {
  HAZARD_CATEGORY_LABELS,
  SEVERITY_LABELS,
  type Cadence,
  type HazardCategory,
  type Severity,
} from '../../forms/types';
import { localize, type Locale, type Text } from '../../i18n';
import { DRILLS, EDUCATION, WORK_STUDY, type KeyedFigure } from '../sections';
import type {
  CoverageId,
  DataQualityNoteKind,
  HazardStateAtMonthEnd,
  OutsideRosterNote,
  OutsideRosterReason,
  ReportSectionId,
} from '../types';

/*
 * The words of the rendered report. The report JSON stores ids; what a form type, a figure, a
 * drill kind or an area use is called comes from the catalogue (shared/forms), so a label is
 * written once. Only the report's own words (sections, states, note kinds) are written here.
 */

/** Picks the locale's text. */
export const say = (text: Text, locale: Locale): string => localize(text, locale);

/** The nine sections, as headings and sheet names (≤ 31 characters, none of []:*?/\). */
export const SECTION_TITLES: Record<ReportSectionId, Text> = {
  compliance: { zh: '检查完成情况', en: 'Inspection compliance' },
  hazards: { zh: '安全隐患', en: 'Hazards' },
  canteen: { zh: '食堂食品安全', en: 'Canteen food safety' },
  safety: { zh: '宿舍与用电消防安全', en: 'Dormitory, electrical and fire' },
  insurance: { zh: '保险参保', en: 'Insurance' },
  energy: { zh: '水电能耗', en: 'Energy' },
  greeningWorkStudy: { zh: '绿化与勤工俭学', en: 'Greening and work-study' },
  drillsEducation: { zh: '演练与安全教育', en: 'Drills and education' },
  photosDataQuality: { zh: '照片与数据质量', en: 'Photos and data quality' },
};

/** A hazard's state at month end. */
export const HAZARD_STATE_LABELS: Record<HazardStateAtMonthEnd, Text> = {
  open: { zh: '未整改', en: 'Open' },
  rectified: { zh: '已整改待验收', en: 'Rectified, awaiting verification' },
  verified: { zh: '已验收', en: 'Verified' },
};

/** The three insurances counted per student. */
export const COVERAGE_LABELS: Record<CoverageId, Text> = {
  schoolLiabilityCovered: { zh: '校方责任险', en: 'School liability insurance' },
  studentAccidentCovered: { zh: '学平险', en: 'Student accident insurance' },
  residentMedicalCovered: { zh: '城乡居民医保', en: 'Resident medical insurance' },
};

/** A school's answer on an insurance it may or may not need. */
export const INSURANCE_ANSWER_LABELS: Record<'yes' | 'no' | 'not-applicable', Text> = {
  yes: { zh: '已购买', en: 'Yes' },
  no: { zh: '未购买', en: 'No' },
  'not-applicable': { zh: '不适用', en: 'Not applicable' },
};

/** The kinds of data-quality note. */
export const NOTE_KIND_LABELS: Record<DataQualityNoteKind, Text> = {
  'national-calendar': { zh: '缺少全国节假日数据', en: 'No national holiday data' },
  'quality-flag': { zh: '数据存疑', en: 'Questionable answer' },
  'late-submissions': { zh: '逾期填报', en: 'Late submissions' },
  'duplicate-statement': { zh: '重复填报', en: 'Repeated statement' },
  'outside-roster': { zh: '未计入的填报', en: 'Submissions not counted' },
  'photo-reused': { zh: '照片重复使用', en: 'Photo reused' },
  'photo-quarantined': { zh: '照片被隔离', en: 'Photo quarantined' },
  'alerts-held': { zh: '重大隐患提醒超出每小时上限', en: 'Alerts over the hourly budget' },
};

/** Why submissions were not counted (an 'outside-roster' note). */
export const OUTSIDE_ROSTER_REASON_LABELS: Record<OutsideRosterReason, Text> = {
  'not-in-roster': { zh: '学校不在名册中', en: 'the school is not in the roster' },
  archived: { zh: '学校已归档', en: 'the school is archived' },
};

/** An 'outside-roster' note as a sentence: how many, of which month, why (the e-mail and the workbook say the same). */
export function outsideRosterText(note: OutsideRosterNote, locale: Locale): string {
  const reason = say(OUTSIDE_ROSTER_REASON_LABELS[note.reason], locale);
  const forms = note.formTypes.map((formType) => formTitle(formType, locale)).join(locale === 'en' ? ', ' : '、');
  if (locale === 'en') {
    const when = note.period === 'month' ? 'this month' : 'a year earlier';
    const since = note.archivedOn ? ` since ${note.archivedOn}` : '';
    return `${note.count} submission${note.count === 1 ? '' : 's'} ${when} (${forms}) not counted: ${reason}${since}`;
  }
  const when = note.period === 'month' ? '本月' : '去年同期';
  const since = note.archivedOn ? `（${note.archivedOn} 起）` : '';
  return `${when} ${note.count} 份填报（${forms}）未计入统计：${reason}${since}`;
}

/** How often a form is expected. */
export const CADENCE_LABELS: Record<Cadence, Text> = {
  'school-day': { zh: '每个上学日', en: 'Every school day' },
  'school-night': { zh: '每个住校夜', en: 'Every school night' },
  weekly: { zh: '每周', en: 'Weekly' },
  monthly: { zh: '每月', en: 'Monthly' },
  term: { zh: '每学期', en: 'Once a term' },
  event: { zh: '按事件', en: 'When it happens' },
};

/** Yes and no, in cells and lists. */
export const YES_NO: Record<'yes' | 'no', Text> = { yes: { zh: '是', en: 'Yes' }, no: { zh: '否', en: 'No' } };

/** A form type's title (its id when the catalogue does not know it). */
export function formTitle(formType: string, locale: Locale): string {
  const form = findForm(formType);
  return form ? say(form.title, locale) : formType;
}

/** A form figure's label and unit (the id and no unit when the catalogue does not know it). */
export function figureLabel(
  formType: string,
  figureId: string,
  locale: Locale,
): { label: string; unit: string | null } {
  const figure = findForm(formType)?.figures.find((candidate) => candidate.id === figureId);
  if (!figure) return { label: figureId, unit: null };
  return { label: say(figure.label, locale), unit: figure.unit ? say(figure.unit, locale) : null };
}

/** A severity's name. */
export const severityLabel = (severity: Severity, locale: Locale): string => say(SEVERITY_LABELS[severity], locale);

/** A hazard category's name (the id for a category the catalogue does not know). */
export function categoryLabel(category: string, locale: Locale): string {
  const text = HAZARD_CATEGORY_LABELS[category as HazardCategory];
  return text ? say(text, locale) : category;
}

/** The label of a role's keyed figure (the key itself when the form does not list it). */
function keyLabel(keyed: readonly KeyedFigure[], key: string, locale: Locale): string {
  const text = keyed.find((figure) => figure.key === key)?.label;
  return text ? say(text, locale) : key;
}

/** A drill kind's name, from the drills form's own options. */
export const drillKindLabel = (kind: string, locale: Locale): string => keyLabel(DRILLS.keyed, kind, locale);

/** A safety education topic's name. */
export const topicLabel = (topic: string, locale: Locale): string => keyLabel(EDUCATION.keyed, topic, locale);

/** A labour-practice base use's name (grain fields, orchards, …). */
export const areaUseLabel = (use: string, locale: Locale): string => keyLabel(WORK_STUDY.keyed, use, locale);
