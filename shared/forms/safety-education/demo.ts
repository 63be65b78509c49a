import { between, chance, defineDemo, monthNumber, pick } from '../demo-kit';
import { safetyEducation } from '.';

const THEMES = {
  drowning: '防溺水安全教育主题班会（“六不两会”）',
  traffic: '交通安全进校园：文明出行、拒乘“三无”车辆',
  fire: '“119”消防宣传月：家庭火灾隐患排查与逃生自救',
  law: '法治进校园：预防校园欺凌专题讲座',
  other: '食品安全与传染病防控知识讲座',
} as const;

type Topic = keyof typeof THEMES;

/** What a month's safety education is usually about (全国消防日 11-9, 交通安全日 12-2, 宪法日 12-4, summer drowning). */
function topicsOf(date: string): readonly Topic[] {
  const m = monthNumber(date);
  if (m >= 4 && m <= 9) return ['drowning', 'drowning', 'traffic', 'other'];
  if (m === 11) return ['fire', 'fire', 'traffic', 'law'];
  if (m === 12) return ['traffic', 'law', 'fire'];
  return ['traffic', 'law', 'fire', 'other'];
}

/** The demo's safety education: a lesson or two a month at every school, on the month's usual topics. */
export const demo = defineDemo(safetyEducation, {
  answers: (school, date, random) => {
    const topic = pick(random, topicsOf(date));
    const participants = Math.max(1, Math.round(school.students * pick(random, [1, 1, 0.5, 0.3])));
    return {
      topic,
      theme: THEMES[topic],
      participants,
      lettersToParents:
        topic === 'drowning' || chance(random, 0.4) ? Math.round(participants * between(random, 0.85, 0.98, 2)) : 0,
    };
  },
  events: { kind: 'per-school-month', min: 1, max: 2 },
  bench: { eventChance: 0.9 },
});
