import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Catalogue from '../../../shared/forms/catalogue';
import { FORMS } from '../../../shared/forms/catalogue';
import { formFolders, registrySources } from '../../../shared/forms/generate-registry';
import type * as QualityFlags from '../../../shared/submissions/quality-flags';
import type * as Sections from '../../../shared/reports/sections';
import type * as TestExamples from './examples';

// Issue 20, point 1: adding a form type is its folder (and its test), nothing else. The fixture
// test/fixtures/forms/lamp-check/ is such a folder: one field, one hazard rule, one figure, one
// quality check, one example and its report section. The registry is generated as `npm run forms`
// would with that folder among shared/forms's (into a temporary directory, so that no other test
// sees it), and the catalogue, the quality flags and the report sections, loaded on that
// registry, have the form without any edit of theirs. Without the folder it is gone again.

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
}

/** The modules that derive from the registry, loaded afresh on the registry with the lamp check. */
function withLampCheck(): Loaded {
  let loaded: Loaded | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../../shared/forms/registry', () => jest.requireActual(join(registryDir, 'registry.ts')));
    loaded = {
      catalogue: jest.requireActual('../../../shared/forms/catalogue'),
      testExamples: jest.requireActual('./examples'),
      qualityFlags: jest.requireActual('../../../shared/submissions/quality-flags'),
      sections: jest.requireActual('../../../shared/reports/sections'),
    };
  });
  jest.dontMock('../../../shared/forms/registry');
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

  it('is gone when its folder is: the registry of shared/forms has no lamp check', () => {
    // Act
    const sources = registrySources(formFolders());
    // Assess
    expect(FORMS.some((form) => form.id === 'lamp-check')).toBe(false);
    expect(sources['registry.ts']).not.toContain('lamp-check');
  });
});
