import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Catalogue from '../../../shared/forms/catalogue';
import { FORMS } from '../../../shared/forms/catalogue';
import { FORM_DEMOS } from '../../../shared/forms/demo-registry';
import { formFolders, registrySources } from '../../../shared/forms/generate-registry';
import type * as QualityFlags from '../../../shared/submissions/quality-flags';
import type * as Sections from '../../../shared/reports/sections';
import type * as HistoryPlan from '../../../infra/local/demo/history-plan';
import type * as GenerateDistrict from '../../../bench/generate-district';
import { DEMO_SCHOOLS } from '../../../infra/local/demo/district';
import { weekStart } from '../../../shared/time';
import type * as TestExamples from './examples';

// Issue 20, point 1: adding a form type is its folder (and its test), nothing else. The fixture
// test/fixtures/forms/lamp-check/ is such a folder: one field, one hazard rule, one figure, one
// quality check, one example, its report section and its demo (everyday answers, a finding the
// bench injects). The registries are generated as `npm run forms` would with that folder among
// shared/forms's (into a temporary directory, so that no other test sees them), and the catalogue,
// the quality flags, the report sections, the local stack's demo history and the bench's district,
// loaded on those registries, have the form without any edit of theirs. Without the folder it is
// gone again.

const FIXTURE = resolve(__dirname, '../../fixtures/forms/lamp-check');

let registryDir: string;

beforeAll(() => {
  registryDir = mkdtempSync(join(tmpdir(), 'houqin-registry-'));
  const folders = [...formFolders(), { id: 'lamp-check', dir: FIXTURE }];
  for (const [name, text] of Object.entries(registrySources(folders, registryDir)))
    writeFileSync(join(registryDir, name), text);
});

afterAll(() => {
  rmSync(registryDir, { recursive: true, force: true });
});

interface Loaded {
  catalogue: typeof Catalogue;
  testExamples: typeof TestExamples;
  qualityFlags: typeof QualityFlags;
  sections: typeof Sections;
  historyPlan: typeof HistoryPlan;
  generateDistrict: typeof GenerateDistrict;
}

/** The modules that derive from the registry, loaded afresh on the registry with the lamp check. */
function withLampCheck(): Loaded {
  let loaded: Loaded | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../../shared/forms/registry', () => jest.requireActual(join(registryDir, 'registry.ts')));
    jest.doMock('../../../shared/forms/demo-registry', () => jest.requireActual(join(registryDir, 'demo-registry.ts')));
    loaded = {
      catalogue: jest.requireActual('../../../shared/forms/catalogue'),
      testExamples: jest.requireActual('./examples'),
      qualityFlags: jest.requireActual('../../../shared/submissions/quality-flags'),
      sections: jest.requireActual('../../../shared/reports/sections'),
      historyPlan: jest.requireActual('../../../infra/local/demo/history-plan'),
      generateDistrict: jest.requireActual('../../../bench/generate-district'),
    };
  });
  jest.dontMock('../../../shared/forms/registry');
  jest.dontMock('../../../shared/forms/demo-registry');
  return loaded!;
}

describe('a form type added as one folder', () => {
  it('is in the catalogue, at the place it declares, with its field, rule and figure', () => {
    // Act
    const { catalogue } = withLampCheck();
    // Assess
    expect(catalogue.FORMS.map((form) => form.id)).toEqual([...FORMS.map((form) => form.id), 'lamp-check']);
    const view = catalogue.catalogueView('en').find((form) => form.id === 'lamp-check');
    expect(view).toMatchObject({
      version: 1,
      cadence: 'weekly',
      fields: [{ name: 'lampsOut', label: { zh: '不亮的路灯', en: 'Lamps out' } }],
      hazardRules: [{ id: 'lamps-out', severity: 'low', category: 'electrical' }],
      figures: [{ id: 'lampsOut', aggregate: 'sum' }],
    });
  });

  it('raises its hazard from answers its schema accepts, and refuses what it does not', () => {
    // Prepare
    const { catalogue } = withLampCheck();
    const form = catalogue.findForm('lamp-check')!;
    // Act
    const hazards = catalogue.hazardsRaisedBy(form, form.answers.parse({ lampsOut: 3 }));
    // Assess
    expect(hazards).toEqual([expect.objectContaining({ ruleId: 'lamps-out', description: '3' })]);
    expect(form.answers.safeParse({ lampsOut: 3, surplus: 1 }).success).toBe(false);
  });

  it('has the submission path run its quality check, on its own answers only', () => {
    // Prepare
    const { qualityFlags } = withLampCheck();
    // Act
    const many = qualityFlags.qualityFlagsFor('lamp-check', { lampsOut: 60 }, []);
    const few = qualityFlags.qualityFlagsFor('lamp-check', { lampsOut: 2 }, []);
    const other = qualityFlags.qualityFlagsFor('greening', { lampsOut: 60 }, []);
    // Assess
    expect(many).toEqual([expect.objectContaining({ code: 'many-lamps-out', field: 'answers.lampsOut' })]);
    expect([few, other]).toEqual([[], []]);
    expect(qualityFlags.needsHistory('lamp-check')).toBe(false);
  });

  it('gives the tests its example, which its schema accepts', () => {
    // Act
    const { catalogue, testExamples } = withLampCheck();
    // Assess
    const example = (testExamples.validAnswers as Record<string, unknown>)['lamp-check'];
    expect(example).toEqual({ lampsOut: 0 });
    expect(catalogue.findForm('lamp-check')!.answers.safeParse(example).success).toBe(true);
  });

  it('is listed in the report section it declares, after the forms already there', () => {
    // Act
    const { sections } = withLampCheck();
    // Assess
    expect(sections.SECTION_FORMS.safety?.at(-1)).toBe('lamp-check');
  });

  it("is in the local stack's demo history: weekly at every school, answers its schema accepts, no hazard unplanned", () => {
    // Prepare
    const { historyPlan, catalogue } = withLampCheck();
    const schools = DEMO_SCHOOLS.map((school) => ({
      ...school,
      nutritionProgramme: school.nutritionProgramme ?? false,
    }));
    // Act: the plan checks itself that only its incidents raise hazards.
    const plan = historyPlan.planDemoHistory({
      now: new Date('2026-11-28T02:00:00Z'),
      districtId: 'huaying',
      schools,
      timezone: 'Asia/Shanghai',
    });
    // Assess
    const lampChecks = plan.submissions.filter((submission) => submission.formType === 'lamp-check');
    expect(new Set(lampChecks.map((submission) => submission.schoolId))).toEqual(
      new Set(schools.map((school) => school.schoolId)),
    );
    const form = catalogue.findForm('lamp-check')!;
    expect(lampChecks.every((submission) => form.answers.safeParse(submission.answers).success)).toBe(true);
    expect(lampChecks.every((submission) => submission.answers.lampsOut === 0)).toBe(true);
    expect(new Set(lampChecks.map((submission) => `${submission.schoolId} ${weekStart(submission.date)}`)).size).toBe(
      lampChecks.length,
    );
  });

  it("is in the bench's generated district, with the findings its demo injects", () => {
    // Prepare
    const { generateDistrict } = withLampCheck();
    const schools = generateDistrict.benchSchools('bench-lamps', 10);
    // Act
    const lampChecks = schools
      .flatMap((school) => generateDistrict.benchSchoolMonth('bench-lamps', school, generateDistrict.BENCH_MONTH))
      .filter((submission) => submission.body.formType === 'lamp-check');
    // Assess: weekly at each school (some forgotten), about half with its finding (3 lamps out).
    expect(lampChecks.length).toBeGreaterThan(30);
    const out = lampChecks.filter((submission) => submission.body.answers.lampsOut === 3).length;
    expect(out).toBeGreaterThan(0);
    expect(out).toBeLessThan(lampChecks.length);
  });

  it('is gone when its folder is: the registries of shared/forms have no lamp check', () => {
    // Act
    const sources = registrySources(formFolders());
    // Assess
    expect(FORMS.some((form) => form.id === 'lamp-check')).toBe(false);
    expect(FORM_DEMOS.some((demo) => demo.formType === 'lamp-check')).toBe(false);
    expect(sources['registry.ts']).not.toContain('lamp-check');
    expect(sources['demo-registry.ts']).not.toContain('lamp-check');
  });
});
