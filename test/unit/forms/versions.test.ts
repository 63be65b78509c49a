import * as z from 'zod/mini';
import { catalogueOf, findForm } from '../../../shared/forms/catalogue';
import { defineForm, type FormDefinition } from '../../../shared/forms/types';

function version(n: number, retired = false): FormDefinition {
  return defineForm({
    id: 'demo-form',
    version: n,
    order: 1,
    retired,
    title: { zh: '示例', en: 'Demo' },
    cadence: 'event',
    appliesTo: 'all',
    answers: () => z.strictObject({ value: z.int() }),
    example: { value: 1 },
    fields: { value: { label: { zh: '值', en: 'Value' } } },
    hazardRules: [],
    figures: [],
  }) as unknown as FormDefinition;
}

describe('findForm versions', () => {
  const forms = [version(1, true), version(2), version(3)];

  it('takes the latest accepted version when none is named', () => {
    expect(findForm('demo-form', undefined, forms)?.version).toBe(3);
  });

  it('still accepts an older version until it is retired', () => {
    expect(findForm('demo-form', 2, forms)?.version).toBe(2);
  });

  it('refuses a retired version for new submissions but finds it to read stored ones', () => {
    expect(findForm('demo-form', 1, forms)).toBeUndefined();
    expect(findForm('demo-form', 1, forms, { includeRetired: true })?.version).toBe(1);
  });

  it('finds nothing for an unknown id or version', () => {
    expect(findForm('demo-form', 9, forms)).toBeUndefined();
    expect(findForm('no-such-form', undefined, forms)).toBeUndefined();
  });
});

describe('catalogueOf', () => {
  it("lists a form's earlier versions with it, oldest first, in the forms' declared order", () => {
    // Prepare: the current version carries the earlier ones; another form comes first by its order.
    const current = { ...version(3), earlierVersions: [version(1, true), version(2)] };
    const first = { ...version(1), id: 'first-form', order: 0 } as FormDefinition;
    // Act
    const forms = catalogueOf({ 'demo-form': current, 'first-form': first });
    // Assess
    expect(forms.map((form) => [form.id, form.version])).toEqual([
      ['first-form', 1],
      ['demo-form', 1],
      ['demo-form', 2],
      ['demo-form', 3],
    ]);
    expect(findForm('demo-form', undefined, forms)?.version).toBe(3);
    expect(findForm('demo-form', 1, forms, { includeRetired: true })?.retired).toBe(true);
  });
});
