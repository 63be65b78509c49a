import { districtPartition, SCHOOL_SORT_PREFIX } from '../db/keys';

/*
 * Small helpers the directory's reads and writes share. Query keys come from shared/db/keys.ts
 * and shared/db/entities.ts, so that no key is written down twice.
 */

/** The partition and sort-key prefix under which a district's schools are stored. */
export function schoolsOfDistrict(districtId: string): { partition: string; range: { beginsWith: string } } {
  return { partition: districtPartition(districtId), range: { beginsWith: SCHOOL_SORT_PREFIX } };
}
