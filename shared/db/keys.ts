/*
 * The keys of the items a submission reads and writes (district, school, submission, hazard),
 * as plain functions. The toolbox entities (entities.ts) derive their keys and index keys with
 * them, and the submission path (shared/submissions/store.ts) reads and writes the same items
 * with them through the bare document client: loading dynamodb-toolbox was a fifth of that
 * function's cold start. Each key is still derived in one place; this module imports nothing.
 */

/** The attribute naming an item's entity (the toolbox's entity attribute, saved as `entity`). */
export const ENTITY_ATTRIBUTE = 'entity';
/** The attributes the toolbox's timestamps are saved as. */
export const TIMESTAMP_ATTRIBUTES = { created: 'createdAt', modified: 'updatedAt' } as const;
/** The schema version the submission path writes its items with (each entity's `schemaVersion`). */
export const SCHEMA_VERSIONS = { submission: 1, hazard: 1 } as const;

/** The entity names, as saved in the entity attribute. */
export const ENTITY_NAMES = {
  district: 'District',
  school: 'School',
  submission: 'Submission',
  hazard: 'Hazard',
} as const;

/** A table's primary key. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** The partition a district's item and its schools' items share. */
export const districtPartition = (districtId: string): string => `DISTRICT#${districtId}`;

/** The sort-key prefix of the school items in a district's partition (a Query's `beginsWith`). */
export const SCHOOL_SORT_PREFIX = 'SCHOOL#';

/** The partition of gsi1 listing every district. */
export const DISTRICTS_PARTITION = 'DISTRICTS';

export const districtKey = ({ districtId }: { districtId: string }): ItemKey => ({
  pk: districtPartition(districtId),
  sk: 'DISTRICT',
});

export const schoolKey = ({ districtId, schoolId }: { districtId: string; schoolId: string }): ItemKey => ({
  pk: districtPartition(districtId),
  sk: `${SCHOOL_SORT_PREFIX}${schoolId}`,
});

interface SubmissionKeyed {
  districtId: string;
  schoolId: string;
  submissionId: string;
  formType: string;
  date: string;
  month: string;
}

export const submissionKey = ({
  districtId,
  schoolId,
  submissionId,
}: Pick<SubmissionKeyed, 'districtId' | 'schoolId' | 'submissionId'>): ItemKey => ({
  pk: `SUB#${districtId}#${schoolId}#${submissionId}`,
  sk: 'SUB',
});

/** The partition of gsi1 holding one school's submissions of one month (YYYY-MM). */
export const schoolMonthPartition = (districtId: string, schoolId: string, month: string): string =>
  `SCHOOL#${districtId}#${schoolId}#MONTH#${month}`;

/** The partition of gsi2 holding a district's submissions of one month (YYYY-MM): the rollup's read. */
export const districtMonthPartition = (districtId: string, month: string): string =>
  `DISTRICT#${districtId}#MONTH#${month}`;

/** The partition of gsi3 holding the submission with one id in a district (an official's lookup). */
export const submissionIdPartition = (districtId: string, submissionId: string): string =>
  `DISTRICT#${districtId}#SUBID#${submissionId}`;

/**
 * The partition of gsi4 holding a district's submissions of one form type in one month: a list
 * filtered by form type (the whole district's, or one school's with its id as the sort key's
 * prefix) is a key condition, never a filter over the month's other forms.
 */
export const districtMonthFormPartition = (districtId: string, month: string, formType: string): string =>
  `DISTRICT#${districtId}#MONTH#${month}#FORM#${formType}`;

/**
 * A submission's index keys: 2. a school's month, 3. a district's month, an official's lookup
 * by id, and a district's month of one form type (gsi4).
 */
export const submissionIndexKeys = {
  gsi1pk: ({ districtId, schoolId, month }: SubmissionKeyed) => schoolMonthPartition(districtId, schoolId, month),
  gsi1sk: ({ date, formType, submissionId }: SubmissionKeyed) => `${date}#${formType}#${submissionId}`,
  gsi2pk: ({ districtId, month }: SubmissionKeyed) => districtMonthPartition(districtId, month),
  gsi2sk: ({ schoolId, date, submissionId }: SubmissionKeyed) => `${schoolId}#${date}#${submissionId}`,
  gsi3pk: ({ districtId, submissionId }: SubmissionKeyed) => submissionIdPartition(districtId, submissionId),
  gsi3sk: ({ schoolId }: SubmissionKeyed) => schoolId,
  gsi4pk: ({ districtId, month, formType }: SubmissionKeyed) => districtMonthFormPartition(districtId, month, formType),
  gsi4sk: ({ schoolId, date, submissionId }: SubmissionKeyed) => `${schoolId}#${date}#${submissionId}`,
};

interface HazardKeyed {
  districtId: string;
  schoolId: string;
  hazardId: string;
  severity: string;
  category: string;
  status: string;
  dueDate: string;
  raisedAt: string;
}

export const hazardKey = ({ districtId, hazardId }: Pick<HazardKeyed, 'districtId' | 'hazardId'>): ItemKey => ({
  pk: `HAZARD#${districtId}#${hazardId}`,
  sk: 'HAZARD',
});

/** The partition of gsi1 holding a school's hazards. */
export const schoolHazardsPartition = (districtId: string, schoolId: string): string =>
  `SCHOOL#${districtId}#${schoolId}#HAZARDS`;

/** The partition of gsi2 holding a district's hazards of one status. */
export const districtHazardsPartition = (districtId: string, status: string): string =>
  `DISTRICT#${districtId}#HAZARDS#${status}`;

/**
 * The partitions of a district's hazards of one status narrowed by one more thing (gsi4: a school,
 * gsi5: a severity, gsi6: a category), each sorted by due date like gsi2: every filter of the
 * officials' console is a key condition, overdue included (open, due before today).
 */
export const districtHazardsBySchoolPartition = (districtId: string, status: string, schoolId: string): string =>
  `${districtHazardsPartition(districtId, status)}#SCHOOL#${schoolId}`;
export const districtHazardsBySeverityPartition = (districtId: string, status: string, severity: string): string =>
  `${districtHazardsPartition(districtId, status)}#SEVERITY#${severity}`;
export const districtHazardsByCategoryPartition = (districtId: string, status: string, category: string): string =>
  `${districtHazardsPartition(districtId, status)}#CATEGORY#${category}`;

/**
 * A hazard's index keys: a school's hazards, a district's by status, all open ones by due date
 * (sparse), and a district's by status and school, severity or category (gsi4–6).
 */
export const hazardIndexKeys = {
  gsi1pk: ({ districtId, schoolId }: HazardKeyed) => schoolHazardsPartition(districtId, schoolId),
  gsi1sk: ({ raisedAt, hazardId }: HazardKeyed) => `${raisedAt}#${hazardId}`,
  gsi2pk: ({ districtId, status }: HazardKeyed) => districtHazardsPartition(districtId, status),
  gsi2sk: ({ dueDate, hazardId }: HazardKeyed) => `${dueDate}#${hazardId}`,
  gsi3pk: ({ status }: HazardKeyed) => (status === 'open' ? 'HAZARDS#OPEN' : undefined),
  gsi3sk: ({ status, dueDate, districtId, hazardId }: HazardKeyed) =>
    status === 'open' ? `${dueDate}#${districtId}#${hazardId}` : undefined,
  gsi4pk: ({ districtId, status, schoolId }: HazardKeyed) =>
    districtHazardsBySchoolPartition(districtId, status, schoolId),
  gsi4sk: ({ dueDate, hazardId }: HazardKeyed) => `${dueDate}#${hazardId}`,
  gsi5pk: ({ districtId, status, severity }: HazardKeyed) =>
    districtHazardsBySeverityPartition(districtId, status, severity),
  gsi5sk: ({ dueDate, hazardId }: HazardKeyed) => `${dueDate}#${hazardId}`,
  gsi6pk: ({ districtId, status, category }: HazardKeyed) =>
    districtHazardsByCategoryPartition(districtId, status, category),
  gsi6sk: ({ dueDate, hazardId }: HazardKeyed) => `${dueDate}#${hazardId}`,
};

/**
 * The attribute DynamoDB's time to live reads (epoch seconds): an item whose value has passed is
 * deleted by DynamoDB within days, at no cost. Only short-lived counters carry it.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The partition of one token's request counters (issue 19, point 3): written by the authorizer only. */
export const rateLimitPartition = (tokenId: string): string => `RATE#${tokenId}`;

/** One token's request counter of one route class in the fixed window starting at `windowStart` (epoch seconds). */
export const rateLimitKey = (tokenId: string, routeClass: string, windowStart: number): ItemKey => ({
  pk: rateLimitPartition(tokenId),
  sk: `${routeClass}#${windowStart}`,
});

/** The index keys `derive` gives `item`, leaving out the sparse ones it has none for. */
export function indexKeysOf<T>(
  item: T,
  derive: Record<string, (item: T) => string | undefined>,
): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [attribute, key] of Object.entries(derive)) {
    const value = key(item);
    if (value !== undefined) keys[attribute] = value;
  }
  return keys;
}
