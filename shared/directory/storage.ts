import { EntityParser } from 'dynamodb-toolbox/entity/actions/parse';
import { TokenEntity } from '../db/entities';
import { schoolKey } from '../db/keys';

/*
 * Small helpers the directory's reads and writes share. Query keys are derived where the entities
 * derive them: a school's key by shared/db/keys.ts, a token's index key by letting the toolbox
 * compute it, so that no key is written down twice.
 */

/** The partition and sort-key prefix under which a district's schools are stored. */
export function schoolsOfDistrict(districtId: string): { partition: string; range: { beginsWith: string } } {
  const { pk, sk } = schoolKey({ districtId, schoolId: '' });
  return { partition: pk, range: { beginsWith: sk } };
}

/** The gsi1 partition listing a district's tokens (or, with no district, the admin tokens). */
export function tokenListPartition(districtId: string | undefined): string {
  const { item } = TokenEntity.build(EntityParser).parse({
    tokenHash: '-',
    tokenId: '-',
    role: districtId ? 'official' : 'admin',
    label: '-',
    districtId,
  });
  return String(item.gsi1pk);
}
