import { EntityParser } from 'dynamodb-toolbox/entity/actions/parse';
import { SchoolEntity, TokenEntity } from '../db/entities';

/*
 * Small helpers the directory's reads and writes share. Query keys are derived from the entity
 * models (by letting the toolbox compute them) so that entities.ts stays the one place keys are
 * written down.
 */

/** The partition and sort-key prefix under which a district's schools are stored. */
export function schoolsOfDistrict(districtId: string): { partition: string; range: { beginsWith: string } } {
  const { key } = SchoolEntity.build(EntityParser).parse({ districtId, schoolId: '' }, { mode: 'key' });
  return { partition: String(key.pk), range: { beginsWith: String(key.sk) } };
}

/** The gsi1 partition listing a district's tokens (or, with no district, the admin tokens). */
export function tokenListPartition(districtId: string | undefined): string {
  const { item } = TokenEntity.build(EntityParser).parse({ tokenHash: '-', tokenId: '-', role: districtId ? 'official' : 'admin', label: '-', districtId });
  return String(item.gsi1pk);
}
