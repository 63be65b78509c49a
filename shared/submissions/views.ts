import { findForm } from '../forms/catalogue';
import { actorName, type ReaderNames } from '../directory/actor-names';
import type { Text } from '../i18n';

/*
 * What leaves the system about submissions and hazards: explicit whitelists, so no key,
 * hash or internal field is ever serialized by accident.
 */

export interface HazardSource {
  hazardId: string;
  schoolId: string;
  submissionId: string;
  formType: string;
  ruleId: string;
  severity: string;
  category: string;
  title: Text;
  place?: string;
  description?: string;
  status: string;
  foundOn: string;
  dueDate: string;
  raisedAt: string;
}

/** What a hazard says, as every view of it shows it: its title in both languages, its place and description or null. */
export function hazardWording(hazard: Pick<HazardSource, 'title' | 'place' | 'description'>) {
  return {
    title: { zh: hazard.title.zh, en: hazard.title.en },
    place: hazard.place ?? null,
    description: hazard.description ?? null,
  };
}

export function hazardView(hazard: HazardSource) {
  return {
    hazardId: hazard.hazardId,
    schoolId: hazard.schoolId,
    submissionId: hazard.submissionId,
    formType: hazard.formType,
    ruleId: hazard.ruleId,
    severity: hazard.severity,
    category: hazard.category,
    ...hazardWording(hazard),
    status: hazard.status,
    foundOn: hazard.foundOn,
    dueDate: hazard.dueDate,
    raisedAt: hazard.raisedAt,
  };
}

export interface SubmissionSource {
  submissionId: string;
  schoolId: string;
  formType: string;
  formVersion: number;
  date: string;
  answers?: unknown;
  note?: string;
  receivedAt: string;
  submittedBy: string;
  hazardIds: string[];
  supersedes?: string;
  supersededBy?: string;
  qualityFlags?: { code: string; field?: string; message: Text; details?: unknown }[];
  /** Set on a past record loaded by `history import`: when, and from which file. */
  importedAt?: string;
  importedFrom?: string;
  photoCount?: number;
}

/** How many of a form's figures a list item shows. */
export const HEADLINE_FIGURES = 3;

/**
 * The headline answers of a submission, for a list: the first HEADLINE_FIGURES figures of its
 * form (the numbers the monthly rollup aggregates, shared/forms; `count` figures left out) that
 * its answers give a value,
 * each with its label and unit. Empty for an unknown form or answers a figure cannot read.
 */
export function headlineOf(submission: Pick<SubmissionSource, 'formType' | 'formVersion' | 'answers'>) {
  const form = findForm(submission.formType, submission.formVersion, undefined, { includeRetired: true });
  if (!form || typeof submission.answers !== 'object' || submission.answers === null) return [];
  const headline: { figureId: string; label: Text; unit: Text | null; value: number }[] = [];
  // A `count` figure only says that the submission exists: no headline.
  for (const figure of form.figures.filter((f) => f.aggregate !== 'count')) {
    if (headline.length >= HEADLINE_FIGURES) break;
    let value: number | undefined;
    try {
      value = figure.value(submission.answers as never);
    } catch {
      value = undefined;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      headline.push({
        figureId: figure.id,
        label: { zh: figure.label.zh, en: figure.label.en },
        unit: figure.unit ? { zh: figure.unit.zh, en: figure.unit.en } : null,
        value,
      });
    }
  }
  return headline;
}

/** One submission in a list: no answers. */
export function submissionSummaryView(submission: SubmissionSource) {
  return {
    submissionId: submission.submissionId,
    schoolId: submission.schoolId,
    formType: submission.formType,
    formVersion: submission.formVersion,
    date: submission.date,
    receivedAt: submission.receivedAt,
    hazardCount: submission.hazardIds.length,
    note: submission.note ?? null,
    /** The earlier submission this one corrects, and the later one that corrected it. */
    supersedes: submission.supersedes ?? null,
    supersededBy: submission.supersededBy ?? null,
    /** The form's headline figures (headlineOf), its quality flags' codes, its verified photos. */
    headline: headlineOf(submission),
    flags: (submission.qualityFlags ?? []).map((flag) => flag.code),
    photoCount: submission.photoCount ?? 0,
  };
}

/**
 * One submission in full. With `names` (shared/directory/names.ts readerNames), `submittedBy` is
 * the label of the token that sent it (e.g. 总务处 张老师) and `schoolName` the school's: what
 * people read. Without (the 201 answer of the submission path, which reads no names), neither:
 * the token id never reaches what schools and officials read.
 */
export function submissionView(submission: SubmissionSource, names?: ReaderNames) {
  return {
    ...submissionSummaryView(submission),
    ...(names ? { schoolName: names.schools.get(submission.schoolId) ?? null } : {}),
    answers: submission.answers ?? {},
    // The token id is for the admin's audit only: without names, who sent it is left out.
    ...(names ? { submittedBy: actorName(submission.submittedBy, names) } : {}),
    /** A past record loaded by `history import` (it raised no hazard and sent no mail); null for one submitted. */
    imported: submission.importedAt ? { at: submission.importedAt, from: submission.importedFrom ?? null } : null,
    qualityFlags: (submission.qualityFlags ?? []).map((flag) => ({
      code: flag.code,
      field: flag.field ?? null,
      message: { zh: flag.message.zh, en: flag.message.en },
      details: flag.details ?? null,
    })),
  };
}
