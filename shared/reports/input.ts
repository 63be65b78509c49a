import type { DistrictCalendar } from '../calendar/school-calendar';
import type { School } from '../directory/schools';
import type { QualityFlag } from '../forms/quality';
import type { Locale, Text } from '../i18n';

/*
 * What `rollUpDistrictMonth` reads: one district's month as plain data, loaded by
 * `loadReportInput` (./load.ts) or made by hand in tests. Each type names only what the report
 * needs of the stored item, so a stored item (which has more) can be passed as it is.
 */

/**
 * A district's targets (DOMAIN.md: "targets (e.g. energy use −15 % year on year)"). Every one is
 * optional; a target the district does not set is reported as null.
 */
export interface DistrictTargets {
  /** Most electricity the district's schools together should use in a month, in kWh. */
  electricityKwh?: number;
  /** Most water the district's schools together should use in a month, in m³. */
  waterM3?: number;
  /** Least reduction of electricity against the same month a year earlier, in % (15 means −15 %). */
  electricityReductionPercent?: number;
  /** Least reduction of water against the same month a year earlier, in %. */
  waterReductionPercent?: number;
  /** Least share of students covered by school liability insurance (校方责任险), 0–1. */
  insuranceRate?: number;
  /** Least overall compliance rate, 0–1. */
  complianceRate?: number;
}

/** The district, with the settings the report reads. */
export interface ReportDistrictInput {
  districtId: string;
  name: string;
  locale: Locale;
  timezone: string;
  /** Compliance rate under which a school is listed (0–1); the default 0.9 when absent. */
  complianceThreshold?: number;
  /** The district's school calendar; the national calendar and default terms when absent. */
  calendar?: DistrictCalendar;
  /** The district's targets; none when absent. */
  targets?: DistrictTargets;
}

/**
 * A school of the roster, as a report reads it. `registeredOn` is the first school-local date the
 * school is expected to submit: it bounds compliance (what the school owed), never which of its
 * submissions count (a school registered today that sends last month's forms counts in last
 * month's figures). `archivedOn`, absent for a school on the roster, is the school-local date from
 * which it is archived: its submissions dated before it still count; later ones do not (a
 * data-quality note names them). `partlyBoarding` schools are also `boarding`.
 */
export type ReportSchool = Pick<
  School,
  | 'schoolId'
  | 'name'
  | 'hasCanteen'
  | 'boarding'
  | 'partlyBoarding'
  | 'nutritionProgramme'
  | 'registeredOn'
  | 'archivedOn'
>;

/** A stored submission, as the report reads it. */
export interface ReportSubmission {
  submissionId: string;
  schoolId: string;
  formType: string;
  formVersion: number;
  /** School-local date it is about. */
  date: string;
  /** The answers as stored (parsed by the form's schema when recorded). */
  answers: Record<string, unknown>;
  /** When it was received (ISO-8601 UTC). */
  receivedAt: string;
  /** Set when a later correction superseded it: it then counts nowhere. */
  supersededBy?: string;
  /** The hazards it raised. */
  hazardIds: readonly string[];
  /** Suspicious but accepted answers. */
  qualityFlags?: readonly QualityFlag[];
  /** A past record loaded by `history import`: it counts like any other, but is never late (its `receivedAt` is the import's). */
  imported?: boolean;
}

/** One step of a hazard's history, as the report reads it. */
export interface ReportHazardStep {
  /** raised, rectified, verified, rejected (reopened) or overdue. */
  action: string;
  /** The hazard's status after the step. */
  status: string;
  /** When (ISO-8601 UTC). */
  at: string;
}

/** A stored hazard, as the report reads it. */
export interface ReportHazard {
  hazardId: string;
  schoolId: string;
  /** The submission that raised it (its photos are the hazard's evidence). */
  submissionId?: string;
  formType: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  category: string;
  title: Text;
  place?: string;
  description?: string;
  /** School-local date it was found (the raising submission's date). */
  foundOn: string;
  /** Last day to rectify it. */
  dueDate: string;
  /** Its history, oldest first; the first entry is `raised`. */
  history: readonly ReportHazardStep[];
}

/** What a photo belongs to. */
export interface ReportPhotoOwner {
  kind: 'submission' | 'hazard';
  id: string;
}

/** A photo, as the report reads it (the photo store maps its items to this). */
export interface ReportPhoto {
  photoId: string;
  schoolId: string;
  /** requested: upload not yet checked; verified: archived; quarantined: refused content. */
  status: 'requested' | 'verified' | 'quarantined';
  /** When it was verified (ISO-8601 UTC). */
  verifiedAt?: string;
  /** The earlier photo whose content it repeats. */
  duplicateOf?: string;
  /** Why it was quarantined. */
  quarantineReason?: string;
  owner: ReportPhotoOwner;
}

/** One district's month, everything the report is made from. */
export interface ReportInput {
  district: ReportDistrictInput;
  /** The whole roster, archived schools included (registration bounds compliance only, see `ReportSchool`). */
  schools: readonly ReportSchool[];
  /** The month reported, YYYY-MM. */
  month: string;
  /**
   * Every stored submission dated in the month, superseded ones included: the rollup keeps the
   * latest of each correction chain itself (and counts the others in `sources`).
   */
  submissions: readonly ReportSubmission[];
  /** Every stored submission dated in the same month a year earlier, likewise. */
  previousYearSubmissions: readonly ReportSubmission[];
  /**
   * Hazards that may matter for the month: at least every hazard found in it, every hazard
   * not verified at its end and every hazard that changed status during it. More does no harm:
   * the rollup ignores the rest.
   */
  hazards: readonly ReportHazard[];
  /** Photos that may matter for the month (at least those verified during it); none when the photo store is not plugged in. */
  photos: readonly ReportPhoto[];
  /** Critical-hazard alerts held past an hour's alert budget in the month (shared/hazards/alert-budget.ts); none when absent. */
  heldAlerts?: readonly ReportHeldAlert[];
  /** When the report is produced (its `producedAt`). */
  now: Date;
}

/** A critical-hazard alert held past its hour's budget, for the digest (the monthly report counts them). */
export interface ReportHeldAlert {
  schoolId: string;
  hazardId: string;
  /** The hour (UTC start) it was raised in. */
  windowStart: string;
  reason: 'school-budget' | 'district-budget';
}
