import type { ComplianceForm, ComplianceSchool } from '../../../shared/compliance/compliance';

/** One form of each cadence, as a catalogue might hold them. */
export const CATALOGUE: ComplianceForm[] = [
  { id: 'canteen-daily', version: 1, cadence: 'school-day', appliesTo: 'hasCanteen' },
  { id: 'dormitory-patrol', version: 1, cadence: 'school-night', appliesTo: 'boarding' },
  { id: 'security-gate', version: 1, cadence: 'weekly', appliesTo: 'all' },
  { id: 'energy-meter', version: 1, cadence: 'monthly', appliesTo: 'all' },
  { id: 'insurance-enrolment', version: 1, cadence: 'term', appliesTo: 'all' },
  { id: 'hazard-report', version: 1, cadence: 'event', appliesTo: 'all' },
];

/** A school of the roster as compliance reads it: a canteen, no boarders, registered 2025-09-01 unless told. */
export function school(schoolId: string, overrides: Partial<ComplianceSchool> = {}): ComplianceSchool {
  return {
    schoolId,
    name: `学校 ${schoolId}`,
    hasCanteen: true,
    boarding: false,
    nutritionProgramme: false,
    registeredOn: '2025-09-01',
    ...overrides,
  };
}
