import * as z from 'zod';
import { countOf, countWhere, field, hazardRule, meanOf, tally } from '../../../shared/forms/common';
import { unlessYes, whenAny } from '../../../shared/forms/rules';
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

describe('figure builders', () => {
  type Answers = { score: number; done: boolean };
  const answers: Answers = { score: 72.5, done: false };

  it('count every submission, count those that hold, and average an answer under its own name', () => {
    // Act
    const figures = [
      countOf<Answers>('checks', { zh: '检查次数', en: 'Checks' }),
      countWhere<Answers>('missed', { zh: '未完成', en: 'Not done' }, (a) => !a.done),
      meanOf<Answers, 'score'>('score', { zh: '平均分', en: 'Mean score' }, { zh: '分', en: 'points' }),
    ];
    // Assess
    expect(figures.map(({ id, aggregate, unit }) => ({ id, aggregate, unit }))).toEqual([
      { id: 'checks', aggregate: 'count', unit: undefined },
      { id: 'missed', aggregate: 'sum', unit: undefined },
      { id: 'score', aggregate: 'mean', unit: { zh: '分', en: 'points' } },
    ]);
    expect(figures.map((figure) => figure.value(answers))).toEqual([1, 1, 72.5]);
    expect('unit' in figures[0]!).toBe(false);
  });

  it('field gives a label, and a unit only when it has one', () => {
    // Assess
    expect(field({ zh: '甲', en: 'A' })).toEqual({ label: { zh: '甲', en: 'A' } });
    expect('unit' in field({ zh: '甲', en: 'A' })).toBe(false);
    expect(field({ zh: '甲', en: 'A' }, { zh: '个', en: 'items' })).toEqual({
      label: { zh: '甲', en: 'A' },
      unit: { zh: '个', en: 'items' },
    });
  });
});

describe('ready-made rules', () => {
  type Answers = { found: number; clear: boolean; where?: string };
  const spec = { id: 'x', severity: 'high', category: 'fire', title: { zh: '甲', en: 'A' } } as const;
  const raised = { ruleId: 'x', severity: 'high', category: 'fire', title: { zh: '甲', en: 'A' } };
  const where = (a: Answers) => a.where;

  it('whenAny raises on a count above zero, described as the count in its unit, at the place given', () => {
    // Prepare
    const rule = whenAny<Answers>(spec, 'found', { zh: '处', en: 'places' }, where);
    // Act
    const hazard = rule.raise({ found: 3, clear: true, where: '2 号楼' });
    // Assess
    expect(hazard).toEqual({ ...raised, place: '2 号楼', description: '3 处 / 3 places' });
    expect(rule.raise({ found: 0, clear: true, where: '2 号楼' })).toBeUndefined();
  });

  it('unlessYes raises when the answer is no, with no description, and nothing when it is yes', () => {
    // Prepare
    const rule = unlessYes<Answers>(spec, 'clear');
    // Assess
    expect(rule.raise({ found: 0, clear: false, where: '2 号楼' })).toEqual(raised);
    expect(rule.raise({ found: 0, clear: true })).toBeUndefined();
  });
});
