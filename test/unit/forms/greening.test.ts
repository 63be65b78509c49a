import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { greening, MAX_AREA_MU, MAX_INVESTMENT_YUAN, MAX_PLANTS } from '../../../shared/forms/greening';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/greening/examples';

function parse(answers: unknown) {
  return greening.answers.safeParse(answers, { error: errorMapFor('zh-CN') });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('greening definition', () => {
  it('is version 1 of an event form for every school', () => {
    // Assess
    expect([greening.id, greening.version, greening.cadence, greening.appliesTo]).toEqual([
      'greening',
      1,
      'event',
      'all',
    ]);
  });

  it('counts plants in 株, area in 亩 and money in 元', () => {
    // Assess
    expect(greening.fields.plantsAdded.unit).toEqual({ zh: '株', en: 'plants' });
    expect(greening.fields.areaAddedMu.unit).toEqual({ zh: '亩', en: 'mu' });
    expect(greening.fields.investmentYuan.unit).toEqual({ zh: '元', en: 'yuan' });
  });
});

describe('greening answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a project without a name, and the ceilings themselves', () => {
    // Prepare
    const { project: _project, ...withoutProject } = valid;
    // Act
    const result = parse({
      ...withoutProject,
      plantsAdded: MAX_PLANTS,
      areaAddedMu: MAX_AREA_MU,
      investmentYuan: MAX_INVESTMENT_YUAN,
    });
    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    ['project', ''],
    ['project', 'x'.repeat(101)],
    ['plantsAdded', -1],
    ['plantsAdded', MAX_PLANTS + 1],
    ['plantsAdded', 1.5],
    ['plantsAdded', '320'],
    ['areaAddedMu', -0.5],
    ['areaAddedMu', MAX_AREA_MU + 0.1],
    ['areaAddedMu', undefined],
    ['investmentYuan', -1],
    ['investmentYuan', MAX_INVESTMENT_YUAN + 1],
    ['investmentYuan', null],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, areaAddedM2: 1000 });
    // Assess
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['areaAddedM2'] }),
    ]);
  });
});

describe('greening hazard rules', () => {
  it('has none: greening raises no hazard', () => {
    // Act
    const raised = hazardsRaisedBy(greening, greening.answers.parse(valid));
    // Assess
    expect(greening.hazardRules).toEqual([]);
    expect(raised).toEqual([]);
  });
});

describe('greening figures', () => {
  it('sums plants, area and investment, and counts the project', () => {
    // Prepare
    const parsed = greening.answers.parse(valid);
    // Act
    const values = Object.fromEntries(greening.figures.map((figure) => [figure.id, figure.value(parsed)]));
    // Assess
    expect(values).toEqual({ projects: 1, plantsAdded: 320, areaAddedMu: 1.5, investmentYuan: 46_800 });
  });
});
