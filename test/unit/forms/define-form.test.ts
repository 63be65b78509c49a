import * as z from 'zod/mini';
import type * as Catalogue from '../../../shared/forms/catalogue';
import { formFolders } from '../../../shared/forms/generate-registry';
import { defineForm } from '../../../shared/forms/types';

function declared(build: () => z.ZodMiniObject) {
  return defineForm({
    id: 'demo-form',
    version: 1,
    order: 1,
    title: { zh: '示例', en: 'Demo' },
    cadence: 'event',
    appliesTo: 'all',
    answers: build,
    example: {},
    fields: {},
    hazardRules: [],
    figures: [],
  });
}

describe('defineForm', () => {
  it('builds the answers schema on the first read only, and keeps it', () => {
    // Prepare
    const build = jest.fn(() => z.strictObject({ value: z.int() }));
    // Act
    const form = declared(build);
    // Assess
    expect(build).not.toHaveBeenCalled();
    const first = form.answers;
    expect(form.answers).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(first.safeParse({ value: 1 }).success).toBe(true);
  });

  it('keeps `answers` an enumerable property in its declared place', () => {
    // Act
    const form = declared(() => z.strictObject({}));
    // Assess
    expect(Object.keys(form)).toEqual([
      'id',
      'version',
      'order',
      'title',
      'cadence',
      'appliesTo',
      'answers',
      'example',
      'fields',
      'hazardRules',
      'figures',
    ]);
    expect({ ...form }.answers).toBe(form.answers);
  });
});

describe('the catalogue', () => {
  it('builds no answers schema when loaded, then only the one a form needs', () => {
    // Prepare: count the schemas the forms build (every form's answers is a strict object).
    const strictObject = jest.fn(z.strictObject);
    jest.isolateModules(() => {
      jest.doMock('zod/mini', () => ({ ...jest.requireActual<typeof z>('zod/mini'), strictObject }));
      // Act
      const { findForm, FORMS } = jest.requireActual<typeof Catalogue>('../../../shared/forms/catalogue');
      // Assess
      expect(FORMS).toHaveLength(formFolders().length);
      expect(strictObject).not.toHaveBeenCalled();
      const form = findForm('greening')!;
      expect(Object.keys(form.answers.shape)).toContain('plantsAdded');
      expect(form.answers).toBe(form.answers);
      expect(strictObject).toHaveBeenCalledTimes(1);
    });
    jest.dontMock('zod/mini');
  });
});
