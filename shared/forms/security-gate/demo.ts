import { between, chance, defineDemo, pick, randomFor, wholeBetween } from '../demo-kit';
import { securityGate } from '.';

/** The demo's gate checks: guards and cameras by the school's size, at the start of the week. */
export const demo = defineDemo(securityGate, {
  answers: (school, _date, random) => {
    const cameras = Math.max(4, Math.round(school.students / 45));
    return {
      guardsOnDuty: school.students > 2000 ? 4 : school.students > 1000 ? 3 : school.students > 300 ? 2 : 1,
      visitorsRegistered:
        wholeBetween(random, 4, 12) + Math.round((school.students / 100) * between(random, 0.8, 1.4, 2)),
      visitorsUnregistered: 0,
      camerasTotal: cameras,
      camerasWorking: cameras - (chance(random, 0.25) ? 1 : 0),
      // What its recorder keeps: the same from one week to the next.
      cctvRetentionDays: pick(randomFor(school.schoolId, 'security-gate', 'traits'), [30, 30, 60, 90]),
      securityEquipmentComplete: true,
    };
  },
  timeOfDay: [8 * 60 + 30, 10 * 60],
  weekStart: true,
  gaps: [{ kind: 'first-weeks', schoolId: 'hy-mjcx', weeks: 2 }],
  findings: { 'cctv-retention': (a) => ({ ...a, cctvRetentionDays: 15 }) },
  photo: { kind: 'not-a-photo', text: (date) => `门卫登记表（文本文件，不是照片）${date}\n`.repeat(8) },
});
