import * as z from 'zod';
import { hazardRule, tally } from '../../../shared/forms/common';
import { addTextIssue, errorMapFor } from '../../../shared/validation';

const explained = z.object({ a: z.number(), b: z.number() }).superRefine((value, ctx) => {
  if (value.a > value.b) addTextIssue(ctx, ['a'], { zh: 'a 不能大于 b', en: 'a cannot exceed b' });
});

describe('errorMapFor', () => {
  it('renders a custom issue raised with a Text in the requested locale', () => {
    // Act
    const zh = explained.safeParse({ a: 2, b: 1 }, { error: errorMapFor('zh-CN') });
    const en = explained.safeParse({ a: 2, b: 1 }, { error: errorMapFor('en') });
    // Assess
    expect(zh.error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', path: ['a'], message: 'a 不能大于 b' }),
    ]);
    expect(en.error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', path: ['a'], message: 'a cannot exceed b' }),
    ]);
  });

  it('words built-in issues itself: the field, what it expects and what came, never a type name', () => {
    // Act
    const zh = explained.safeParse({ a: 'x', b: 1 }, { error: errorMapFor('zh-CN') });
    const en = explained.safeParse(
      { a: 'x', b: 1 },
      { error: errorMapFor('en', { a: { label: { zh: '甲', en: 'A' }, unit: { zh: '克', en: 'g' } } }) },
    );
    // Assess
    expect(zh.error?.issues[0]?.message).toBe('字段“a”：应填数字；收到的是文字“x”。');
    expect(en.error?.issues[0]?.message).toBe('A: enter a number, in g, without the unit; received the text "x".');
  });

  it('words a custom issue without a Text plainly, and keeps an explicit message as written', () => {
    // Prepare
    const plain = z.number().refine((n) => n > 0);
    const worded = z.number().refine((n) => n > 0, { message: 'positive, please' });
    // Act
    const fallback = plain.safeParse(-1, { error: errorMapFor('en') });
    const explicit = worded.safeParse(-1, { error: errorMapFor('zh-CN') });
    // Assess
    expect(fallback.error?.issues[0]?.message).toBe('Invalid value');
    expect(explicit.error?.issues[0]?.message).toBe('positive, please');
  });
});

describe('hazardRule', () => {
  const rule = hazardRule<{ n: number; where?: string }>(
    { id: 'too-many', severity: 'high', category: 'fire', title: { zh: '太多', en: 'Too many' } },
    (a) => (a.n > 3 ? { place: a.where, description: a.n > 9 ? `${a.n}` : undefined } : undefined),
  );

  it('raises a hazard carrying the rule severity, category and title', () => {
    // Act
    const hazard = rule.raise({ n: 12, where: '实验楼' });
    // Assess
    expect(hazard).toEqual({
      ruleId: 'too-many',
      severity: 'high',
      category: 'fire',
      title: { zh: '太多', en: 'Too many' },
      place: '实验楼',
      description: '12',
    });
  });

  it('leaves out a place and description the check did not give', () => {
    // Act
    const hazard = rule.raise({ n: 4 });
    // Assess
    expect(hazard).toEqual({
      ruleId: 'too-many',
      severity: 'high',
      category: 'fire',
      title: { zh: '太多', en: 'Too many' },
    });
  });

  it('raises nothing when the check finds nothing, even called unbound', () => {
    // Prepare
    const { raise } = rule;
    // Act
    const hazard = raise({ n: 3 });
    // Assess
    expect(hazard).toBeUndefined();
  });
});

describe('tally', () => {
  it('turns yes into 1 and no into 0', () => {
    // Assess
    expect([tally(true), tally(false)]).toEqual([1, 0]);
  });
});
