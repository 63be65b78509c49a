import { mergedOptions } from '../../../infra/cli/admin';
import { GROUPS } from '../../../infra/cli/commands';
import { defineGroup } from '../../../infra/cli/commands/command';
import { usageText } from '../../../infra/cli/usage';

/* The admin CLI's command registry: a group is one module, its options, commands and help with it. */

const group = defineGroup({
  options: { queue: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  commands: {
    'sample run': {
      options: ['queue', 'dry-run'],
      required: ['queue'],
      args: [],
      offline: true,
      run: async ({ values }) => ({ data: values, lines: [] }),
    },
  },
  usage: { zh: '示例组\n  sample run --queue <名称>', en: 'Sample group\n  sample run --queue <name>' },
  examples: { zh: '  npm run admin -- sample run --queue a', en: '  npm run admin -- sample run --queue a' },
});

test('a group brings its own options, and a name means one thing in every group', () => {
  const merged = mergedOptions([...GROUPS, group]);
  expect(merged.queue).toEqual({ type: 'string' });
  expect(merged['dry-run']).toEqual({ type: 'boolean' });
  expect(merged.json).toEqual({ type: 'boolean' });
  const clash = defineGroup({ options: { district: { type: 'boolean' } }, commands: {}, usage: { zh: '', en: '' } });
  expect(() => mergedOptions([...GROUPS, clash])).toThrow('--district');
});

test("every registered command is named after a group and takes only its group's options", () => {
  for (const registered of GROUPS) {
    for (const [name, command] of Object.entries(registered.commands)) {
      expect(name).toMatch(/^[a-z-]+ [a-z-]+$/);
      for (const option of [...command.options, ...command.required]) expect(registered.options).toHaveProperty(option);
    }
  }
});

test("the help text shows each group's section and examples, in the registry's order", () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const text = usageText([...GROUPS, group], locale);
    const sample =
      locale === 'en' ? 'Sample group\n  sample run --queue <name>' : '示例组\n  sample run --queue <名称>';
    expect(text).toContain(`${sample}\n  help\n`);
    expect(text.endsWith('\n  npm run admin -- sample run --queue a')).toBe(true);
    const headings = locale === 'en' ? ['Districts', 'Schools', 'Tokens'] : ['区县', '学校', '令牌'];
    const at = headings.map((heading) => text.indexOf(`\n${heading}`));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  }
});
