import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Principal } from '../auth/principal';
import { isSchoolDay } from '../calendar/school-calendar';
import { SchoolEntity } from '../db/entities';
import { AppError } from '../errors';
import { localDate } from '../time';
import { getDistrict } from './districts';
import type { MeView } from './me-types';

/**
 * GET /v1/me: who a token is, for the school app and the officials' console. Everything comes
 * from the principal the authorizer resolved, never from the request.
 */
export type { MeView };

/** Reads the caller's district and school; a principal whose district or school is gone is NOT_FOUND. */
export async function describePrincipal(principal: Principal, now: Date = new Date()): Promise<MeView> {
  if (principal.role === 'admin') return { role: 'admin', tokenId: principal.tokenId };
  const [district, school] = await Promise.all([
    getDistrict(principal.districtId),
    principal.role === 'school'
      ? SchoolEntity.build(GetItemCommand)
          .key({ districtId: principal.districtId, schoolId: principal.schoolId })
          .send()
      : undefined,
  ]);
  if (!district || (principal.role === 'school' && !school?.Item)) throw new AppError('NOT_FOUND');
  const date = localDate(district.timezone, now);
  const item = school?.Item;
  return {
    role: principal.role,
    tokenId: principal.tokenId,
    district: {
      districtId: district.districtId,
      name: district.name,
      timezone: district.timezone,
      locale: district.locale,
    },
    ...(item
      ? {
          school: {
            schoolId: item.schoolId,
            name: item.name,
            kind: item.kind,
            hasCanteen: item.hasCanteen,
            boarding: item.boarding,
            nutritionProgramme: item.nutritionProgramme,
          },
        }
      : {}),
    today: { date, schoolDay: isSchoolDay(date, district.calendar) },
  };
}
