import { FORMS, findForm } from '../forms/catalogue';
import type { FormDefinition } from '../forms/types';
import { compareText, round2 } from './comparison';
import type { ReportSubmission } from './input';
import type { FigureRef } from './sections';
import type { FigureValue, FormFigures } from './types';

/*
 * The forms' figures over a month's counted submissions (see rollup.ts's header comment):
 * aggregated as each form declares, by the version each submission was made with, and read by
 * the sections through their figure references (sections.ts).
 */

export type Answers = Parameters<FormDefinition['figures'][number]['value']>[0];

export function bySubmission(a: ReportSubmission, b: ReportSubmission): number {
  return (
    compareText(a.schoolId, b.schoolId) || compareText(a.date, b.date) || compareText(a.submissionId, b.submissionId)
  );
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function formOf(submission: Pick<ReportSubmission, 'formType' | 'formVersion'>): FormDefinition | undefined {
  return (
    findForm(submission.formType, submission.formVersion, FORMS, { includeRetired: true }) ??
    findForm(submission.formType, undefined, FORMS, { includeRetired: true })
  );
}

interface Accumulator {
  aggregate: FigureValue['aggregate'];
  sum: number;
  values: number;
  min: number;
  max: number;
}

/**
 * A form's figures over `submissions` (all of `formType`), each by the definition of the version
 * the submission was made with. Figures are listed in the latest version's order, then any that
 * only an older version has.
 */
export function formFigures(formType: string, submissions: readonly ReportSubmission[]): FormFigures {
  const accumulators = new Map<string, Accumulator>();
  for (const figure of findForm(formType, undefined, FORMS, { includeRetired: true })?.figures ?? []) {
    accumulators.set(figure.id, { aggregate: figure.aggregate, sum: 0, values: 0, min: Infinity, max: -Infinity });
  }
  const counted = [...submissions].sort(bySubmission);
  for (const submission of counted) {
    for (const figure of formOf(submission)?.figures ?? []) {
      let value: number | undefined;
      try {
        value = figure.value(submission.answers as Answers);
      } catch {
        // Answers of another shape than the figure expects (a hand-edited item): they say nothing about it.
        value = undefined;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      let accumulator = accumulators.get(figure.id);
      if (!accumulator) {
        accumulator = { aggregate: figure.aggregate, sum: 0, values: 0, min: Infinity, max: -Infinity };
        accumulators.set(figure.id, accumulator);
      }
      accumulator.sum += value;
      accumulator.values += 1;
      accumulator.min = Math.min(accumulator.min, value);
      accumulator.max = Math.max(accumulator.max, value);
    }
  }
  const figures = [...accumulators].map(([id, a]): FigureValue => {
    const none = a.values === 0;
    const value =
      a.aggregate === 'sum'
        ? round2(a.sum)
        : a.aggregate === 'count'
          ? a.values
          : none
            ? null
            : a.aggregate === 'min'
              ? a.min
              : a.aggregate === 'max'
                ? a.max
                : round2(a.sum / a.values);
    return { id, aggregate: a.aggregate, value, values: a.values };
  });
  return { formType, submissions: counted.length, schools: new Set(counted.map((s) => s.schoolId)).size, figures };
}

/** A figure's value, 0 when it has none. */
export function valueOf(figures: FormFigures, ref: FigureRef): number {
  return figures.figures.find((figure) => figure.id === ref.figureId)?.value ?? 0;
}

/**
 * The figure's value in the same month a year earlier; null when that month has no data for it: no
 * counted submission of its form, or for an event form (whose absence is itself a figure) no
 * counted submission of any form.
 */
export function previousOf(ctx: { before: FormIndex }, ref: FigureRef): number | null {
  const cadence = findForm(ref.formType, undefined, FORMS, { includeRetired: true })?.cadence;
  const hasData = cadence === 'event' ? ctx.before.has() : ctx.before.has(ref.formType);
  return hasData ? valueOf(ctx.before.figures(ref.formType), ref) : null;
}

/** A figure's value, null when it has none. */
export function valueOrNull(figures: FormFigures, ref: FigureRef): number | null {
  return figures.figures.find((figure) => figure.id === ref.figureId)?.value ?? null;
}

/** The counted submissions of one form, district-wide and per school. */
export class FormIndex {
  private readonly byForm: Map<string, ReportSubmission[]>;
  private readonly bySchool = new Map<string, Map<string, ReportSubmission[]>>();
  private readonly cache = new Map<string, FormFigures>();

  constructor(submissions: readonly ReportSubmission[]) {
    this.byForm = groupBy(submissions, (s) => s.formType);
  }

  submissions(formType: string): ReportSubmission[] {
    return this.byForm.get(formType) ?? [];
  }

  private ofSchool(formType: string, schoolId: string): ReportSubmission[] {
    let schools = this.bySchool.get(formType);
    if (!schools) {
      schools = groupBy(this.submissions(formType), (s) => s.schoolId);
      this.bySchool.set(formType, schools);
    }
    return schools.get(schoolId) ?? [];
  }

  /** The form's figures district-wide, or over one school's submissions. */
  figures(formType: string, schoolId?: string): FormFigures {
    const key = `${formType}\u0000${schoolId ?? ''}`;
    let found = this.cache.get(key);
    if (!found) {
      found = formFigures(
        formType,
        schoolId === undefined ? this.submissions(formType) : this.ofSchool(formType, schoolId),
      );
      this.cache.set(key, found);
    }
    return found;
  }

  /** Whether any submission of the form is counted; without `formType`, whether any at all is. */
  has(formType?: string): boolean {
    return formType === undefined ? this.byForm.size > 0 : this.submissions(formType).length > 0;
  }

  /** Schools with at least one counted submission of the form. */
  schools(formType: string): Set<string> {
    return new Set(this.submissions(formType).map((s) => s.schoolId));
  }

  sectionForms(formTypes: readonly string[]): FormFigures[] {
    return formTypes.map((formType) => this.figures(formType));
  }
}
