import { FORMS } from '../../../shared/forms/catalogue';
import { checksUseHistory, qualityFlagsOf, type QualityCheck } from '../../../shared/forms/quality';
import { example as workStudyValid } from '../../../shared/forms/work-study/examples';
import { needsHistory, qualityFlagsFor } from '../../../shared/submissions/quality-flags';

// The submission path runs the quality checks each form declares in its folder (the checks
// themselves are tested with their form: work-study.test, energy-meter.test).

/** The example's uses (83 亩) with a stated total far from them. */
const STATED_890 = { ...workStudyValid, totalAreaMu: 890 };

/** A check that records what it was given. */
function recording(code: string, usesHistory?: boolean) {
  const seen: unknown[] = [];
  const check: QualityCheck = {
    code,
    ...(usesHistory ? { usesHistory } : {}),
    flags: (answers, history) => {
      seen.push(history);
      return [{ code, message: { zh: code, en: code } }];
    },
  };
  return { check, seen };
}

describe('qualityFlagsOf', () => {
  it('runs every check a form declares, in order, with the history only for those that use it', () => {
    // Prepare
    const plain = recording('plain');
    const historic = recording('historic', true);
    const earlier = [{ electricityKwh: 1 }];
    // Act
    const flags = qualityFlagsOf({ qualityChecks: [plain.check, historic.check] }, {}, earlier);
    // Assess
    expect(flags.map((flag) => flag.code)).toEqual(['plain', 'historic']);
    expect([plain.seen, historic.seen]).toEqual([[[]], [earlier]]);
  });

  it('flags nothing for a form without checks, or no form', () => {
    // Assess
    expect(qualityFlagsOf({}, STATED_890, [])).toEqual([]);
    expect(qualityFlagsOf(undefined, STATED_890, [])).toEqual([]);
    expect([checksUseHistory({}), checksUseHistory(undefined)]).toEqual([false, false]);
  });
});

describe('qualityFlagsFor', () => {
  it("flags a submission by its own form's checks: a work-study total far from its uses", () => {
    // Act
    const flags = qualityFlagsFor('work-study', STATED_890, []);
    // Assess
    expect(flags).toEqual([
      expect.objectContaining({ code: 'total-differs-from-parts', field: 'answers.totalAreaMu' }),
    ]);
  });

  it.each(['greening', 'energy-meter', 'canteen-daily', 'no-such-form'])(
    'flags nothing for %s, even with work-study-like answers',
    (formId) => {
      // Act
      const flags = qualityFlagsFor(formId, STATED_890, []);
      // Assess
      expect(flags).toEqual([]);
    },
  );

  it('flags an energy reading far from the history it is given', () => {
    // Prepare
    const history = [3000, 3200, 2900].map((electricityKwh) => ({ electricityKwh, waterM3: 400 }));
    // Act
    const flags = qualityFlagsFor('energy-meter', { electricityKwh: 30_000, waterM3: 400 }, history);
    // Assess
    expect(flags).toEqual([
      expect.objectContaining({ code: 'meter-reading-outlier', field: 'answers.electricityKwh' }),
    ]);
  });

  it.each(FORMS.map((form) => [form.id, form] as const))(
    'reads history for %s exactly when one of its checks uses it',
    (id, form) => {
      // Assess
      expect(needsHistory(id)).toBe((form.qualityChecks ?? []).some((check) => check.usesHistory === true));
    },
  );

  it('reads history for the energy meter only, of the forms today', () => {
    // Assess
    expect(FORMS.filter((form) => needsHistory(form.id)).map((form) => form.id)).toEqual(['energy-meter']);
    expect(needsHistory('no-such-form')).toBe(false);
  });
});
