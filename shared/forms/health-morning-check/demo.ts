import { between, chance, defineDemo, monthNumber, wholeBetween } from '../demo-kit';
import { healthMorningCheck } from '.';

/** The flu season (late autumn to early spring) brings more suspected cases to the morning check. */
const fluSeason = (date: string) => [10, 11, 12, 1, 2, 3].includes(monthNumber(date));

/** The demo's morning checks: a few pupils ill, more in the flu season, never an outbreak. */
export const demo = defineDemo(healthMorningCheck, {
  answers: (school, date, random) => {
    const ill = Math.round(school.students * between(random, 0.002, 0.008, 4));
    const otherAbsence = Math.round(school.students * between(random, 0, 0.004, 4));
    const young = school.kind === 'kindergarten' || school.kind === 'primary';
    // Never three of one disease: that is an outbreak, a critical hazard.
    const flu = chance(random, fluSeason(date) ? 0.12 : 0.04) ? wholeBetween(random, 1, 2) : 0;
    const handFootMouth = young && chance(random, 0.03) ? 1 : 0;
    const chickenpox = chance(random, 0.02) ? 1 : 0;
    return {
      studentsPresent: school.students - ill - otherAbsence,
      absentForIllness: ill,
      suspectedFlu: flu,
      suspectedHandFootMouth: handFootMouth,
      suspectedChickenpox: chickenpox,
      suspectedMumps: 0,
      suspectedNorovirus: 0,
      suspectedOther: 0,
      reportedToHealthAuthority: flu + handFootMouth + chickenpox > 0,
    };
  },
  timeOfDay: [7 * 60 + 40, 8 * 60 + 30],
  gaps: [{ kind: 'share-of-days', schoolId: 'hy-mjcx', share: 0.25 }],
  photo: { kind: 'never-uploaded' },
});
