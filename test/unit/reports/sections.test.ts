import { FORMS, findForm } from '../../../shared/forms/catalogue';
import { DRILL_KINDS } from '../../../shared/forms/safety-drill';
import { EDUCATION_TOPICS } from '../../../shared/forms/safety-education';
import { COVERAGES } from '../../../shared/forms/insurance-enrolment';
import { AREA_USE_FIELDS } from '../../../shared/forms/work-study';
import {
  DRILLS,
  EDUCATION,
  FIGURE_ROLES,
  ONE_PER_SCHOOL_FORMS,
  REFERENCED_FIGURES,
  SECTION_FORMS,
  WORK_STUDY,
  type FigureRef,
} from '../../../shared/reports/sections';
import { AREA_USE_IDS, COVERAGE_IDS } from '../../../shared/reports/types';

function figureIds(formType: string): string[] {
  return findForm(formType)?.figures.map((figure) => figure.id) ?? [];
}

function missing(refs: readonly FigureRef[]): string[] {
  return refs
    .filter((ref) => !figureIds(ref.formType).includes(ref.figureId))
    .map((ref) => `${ref.formType}/${ref.figureId}`);
}

describe('report sections (shared/reports/sections.ts)', () => {
  it('names only figures that the catalogue’s forms declare', () => {
    // Assess
    expect(REFERENCED_FIGURES.length).toBeGreaterThan(40);
    expect(missing(REFERENCED_FIGURES)).toEqual([]);
  });

  it('finds a figure for every drill kind, education topic and area use', () => {
    // Act
    const refs = [...DRILLS.keyed, ...EDUCATION.keyed, ...WORK_STUDY.keyed];
    // Assess
    expect(missing(refs)).toEqual([]);
    expect(DRILLS.keyed.map((ref) => ref.key)).toEqual([...DRILL_KINDS]);
    expect(EDUCATION.keyed.map((ref) => ref.key)).toEqual([...EDUCATION_TOPICS]);
    expect(WORK_STUDY.keyed.map((ref) => ref.key)).toEqual([...AREA_USE_IDS]);
  });

  it('has each figure role filled by one form type, which declares all of the role’s figures', () => {
    // Prepare
    const fillers = (role: string) => [...new Set(FORMS.filter((f) => f.report?.fills === role).map((f) => f.id))];
    // Assess
    for (const role of Object.keys(FIGURE_ROLES)) expect([role, fillers(role).length]).toEqual([role, 1]);
    const referenced = new Set(REFERENCED_FIGURES.map((ref) => `${ref.formType}/${ref.figureId}`));
    for (const [role, figures] of Object.entries(FIGURE_ROLES)) {
      for (const figure of figures) expect(referenced).toContain(`${fillers(role)[0]}/${figure}`);
    }
  });

  it('lists every form type of the catalogue in exactly one section', () => {
    // Prepare
    const listed: string[] = Object.values(SECTION_FORMS).flat();
    // Assess
    expect([...listed].sort()).toEqual([...new Set(FORMS.map((form) => form.id))].sort());
  });

  it('keeps the report’s coverage and area-use ids in step with the forms', () => {
    // Assess
    expect([...COVERAGE_IDS]).toEqual(Object.keys(COVERAGES));
    expect([...AREA_USE_IDS]).toEqual(AREA_USE_FIELDS);
  });

  it('treats only monthly or termly forms as once-a-month statements', () => {
    // Assess
    for (const formType of ONE_PER_SCHOOL_FORMS) expect(['monthly', 'term']).toContain(findForm(formType)?.cadence);
  });
});
