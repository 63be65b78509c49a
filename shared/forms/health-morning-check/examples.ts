/** A morning with six absent for illness and two suspected flu cases, reported: no hazard. */
export const example = Object.freeze({
  studentsPresent: 1180,
  absentForIllness: 6,
  suspectedFlu: 2,
  suspectedHandFootMouth: 0,
  suspectedChickenpox: 0,
  suspectedMumps: 0,
  suspectedNorovirus: 0,
  suspectedOther: 0,
  reportedToHealthAuthority: true,
});
