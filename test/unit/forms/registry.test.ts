import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FORMS } from '../../../shared/forms/catalogue';
import { FORM_DEMOS } from '../../../shared/forms/demo-registry';
import { FORM_EXAMPLES } from '../../../shared/forms/examples';
import { exportName, formFolders, registrySources, staleModules } from '../../../shared/forms/generate-registry';
import { FORM_TYPES } from '../../../shared/forms/registry';

const FIXTURE = resolve(__dirname, '../../fixtures/forms/lamp-check');

describe('the form registry', () => {
  it('is up to date with the folders of shared/forms (else: npm run forms)', () => {
    // Assess: a folder added or removed without `npm run forms` is named here.
    expect(staleModules()).toEqual([]);
  });

  it('lists every folder under its own id, and the catalogue every registered form', () => {
    // Prepare
    const ids = formFolders().map((folder) => folder.id);
    // Assess
    expect(Object.keys(FORM_TYPES)).toEqual(ids);
    expect(Object.keys(FORM_EXAMPLES)).toEqual(ids);
    expect(FORM_DEMOS.map((demo) => demo.formType)).toEqual(ids);
    for (const [id, form] of Object.entries(FORM_TYPES))
      expect(FORM_EXAMPLES[id as keyof typeof FORM_TYPES]).toBe(form.example);
    for (const [id, form] of Object.entries(FORM_TYPES)) expect(form.id).toBe(id);
    expect([...new Set(FORMS.map((form) => form.id))].sort()).toEqual(ids);
  });

  it.each(Object.entries(FORM_EXAMPLES))("accepts %s's example by its own schema", (id, example) => {
    // Act
    const result = FORM_TYPES[id as keyof typeof FORM_TYPES].answers.safeParse(example);
    // Assess
    expect(result.success).toBe(true);
  });

  it('gives every form type its own place in the catalogue', () => {
    // Prepare
    const orders = Object.values(FORM_TYPES).map((form) => form.order);
    // Assess
    expect(new Set(orders).size).toBe(orders.length);
    expect(FORMS.map((form) => form.order)).toEqual(FORMS.map((form) => form.order).sort((a, b) => a - b));
  });
});

describe('generate-registry', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'houqin-forms-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('names the camel-case export after the folder', () => {
    // Assess
    expect(exportName('health-morning-check')).toBe('healthMorningCheck');
    expect(exportName('greening')).toBe('greening');
  });

  it('names a folder the registry lacks, and an entry without a folder, until it is regenerated', () => {
    // Prepare: the registry of one form, then a second folder added beside it.
    cpSync(FIXTURE, join(root, 'lamp-check'), { recursive: true });
    for (const [name, text] of Object.entries(registrySources(formFolders(root), root)))
      writeFileSync(join(root, name), text);
    cpSync(FIXTURE, join(root, 'street-lamps'), { recursive: true });
    writeFileSync(
      join(root, 'street-lamps', 'index.ts'),
      'export const streetLamps = {};\n', // what the generator reads of it: the export's name
    );
    // Act
    const stale = staleModules(root);
    // Assess
    expect(stale).toEqual([
      expect.stringMatching(/\/registry\.ts is out of date \(missing street-lamps\)$/),
      expect.stringMatching(/\/demo-registry\.ts is out of date \(missing street-lamps\)$/),
    ]);
    rmSync(join(root, 'lamp-check'), { recursive: true });
    expect(staleModules(root)).toEqual([
      expect.stringMatching(/\/registry\.ts is out of date \(missing street-lamps; no folder for lamp-check\)$/),
      expect.stringMatching(/\/demo-registry\.ts is out of date \(missing street-lamps; no folder for lamp-check\)$/),
    ]);
  });

  it('refuses a folder without its examples, its demo or its definition, naming what is missing', () => {
    // Prepare
    const folder = (id: string, files: Record<string, string>) => {
      mkdirSync(join(root, id));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, id, name), text);
    };
    folder('lamp-check', { 'index.ts': 'export const lampCheck = {};\n' });
    folder('street-lamps', {
      'index.ts': 'export const lamps = {};\n',
      'examples.ts': 'export const example = {};\n',
      'demo.ts': 'export const demo = {};\n',
    });
    folder('gate-lamps', {
      'index.ts': 'export const gateLamps = {};\n',
      'examples.ts': 'export const example = {};\n',
    });
    folder('hall-lamps', {
      'index.ts': 'export const hallLamps = {};\n',
      'examples.ts': 'export const example = {};\n',
      'demo.ts': 'export const lamps = {};\n',
    });
    // Act
    const generate = () => registrySources(formFolders(root), root);
    // Assess
    expect(generate).toThrow(/lamp-check: no examples\.ts/);
    expect(generate).toThrow(/street-lamps\/index\.ts: exports no `streetLamps`/);
    expect(generate).toThrow(/gate-lamps: no demo\.ts/);
    expect(generate).toThrow(/hall-lamps\/demo\.ts: exports no `demo`/);
  });

  it('ignores files and folders without an index.ts (the shared modules beside the forms)', () => {
    // Prepare
    writeFileSync(join(root, 'common.ts'), '');
    mkdirSync(join(root, 'notes'));
    // Assess
    expect(formFolders(root)).toEqual([]);
  });
});
