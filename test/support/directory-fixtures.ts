import { randomUUID } from 'node:crypto';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Principal } from '../../shared/auth/principal';
import { DistrictEntity, SchoolEntity } from '../../shared/db/entities';
import { createDistrict, type DirectoryOptions } from '../../shared/directory/districts';
import {
  parseDistrictInput,
  parseSchoolInput,
  type DistrictInput,
  type SchoolInput,
} from '../../shared/directory/schemas';
import { addSchool, type RegisterOptions } from '../../shared/directory/schools';
import {
  issueToken,
  parseRotation,
  parseTokenRequest,
  rotateToken,
  type RotateOptions,
  type RotationRequest,
  type TokenRequest,
} from '../../shared/directory/tokens';

/** A school as tests set it up. */
export interface TestSchool {
  schoolId: string;
  hasCanteen: boolean;
  boarding: boolean;
}

/**
 * A school's item as createTestDistrict writes it: primary, 500 pupils and 40 staff, registered on
 * 2025-09-01, named 学校 <id> unless `school` names it.
 */
export function testSchoolItem(districtId: string, school: TestSchool & { name?: string }) {
  return {
    districtId,
    name: `学校 ${school.schoolId}`,
    kind: 'primary' as const,
    students: 500,
    staff: 40,
    registeredOn: '2025-09-01',
    ...school,
  };
}

/**
 * Writes a district and its schools straight through the entities (a unique district id per
 * call, so test files never see each other's data) and returns principals for them.
 */
export async function createTestDistrict(schools: TestSchool[], timezone = 'Asia/Shanghai') {
  const districtId = `it-${randomUUID().slice(0, 8)}`;
  await DistrictEntity.build(PutItemCommand)
    .item({
      districtId,
      name: `测试区 ${districtId}`,
      timezone,
      locale: 'zh-CN',
      officialEmails: [`${districtId}@example.cn`],
    })
    .send();
  for (const school of schools)
    await SchoolEntity.build(PutItemCommand).item(testSchoolItem(districtId, school)).send();
  const schoolPrincipal = (schoolId: string): Principal => ({
    role: 'school',
    tokenId: `tok_${schoolId}`,
    districtId,
    schoolId,
  });
  const official: Principal = { role: 'official', tokenId: `tok_official_${districtId}`, districtId };
  return { districtId, schoolPrincipal, official };
}

/**
 * The roster input of the one school several directory tests add (hy-01 甲小学: primary, 100
 * pupils, 9 staff, a canteen, no boarders). Spread it and override what the test is about.
 */
export const SCHOOL_HY01 = {
  schoolId: 'hy-01',
  name: '甲小学',
  kind: 'primary',
  students: 100,
  staff: 9,
  hasCanteen: true,
  boarding: false,
} as const;

/** The kinds of school route tests set up: with a canteen (the plain one), boarding (no canteen), day (neither). */
const SCHOOL_KINDS = {
  canteen: { hasCanteen: true, boarding: false },
  boarding: { hasCanteen: false, boarding: true },
  day: { hasCanteen: false, boarding: false },
} as const;

/** A school of one of the kinds route tests set up, by id. */
export function testSchool(schoolId: string, kind: keyof typeof SCHOOL_KINDS): TestSchool {
  return { schoolId, ...SCHOOL_KINDS[kind] };
}

/** Schools with a canteen and no boarders (the plain set-up of most route tests), by id. */
export function canteenSchools(...schoolIds: string[]): TestSchool[] {
  return schoolIds.map((schoolId) => testSchool(schoolId, 'canteen'));
}

/**
 * Two districts for route tests about who sees what: one with a canteen school and a boarding
 * school, and another whose only school has the canteen school's id (same id, other district).
 */
export async function createNeighbourDistricts(canteenId: string, boardingId: string) {
  const district = await createTestDistrict([testSchool(canteenId, 'canteen'), testSchool(boardingId, 'boarding')]);
  const other = await createTestDistrict(canteenSchools(canteenId));
  return {
    district,
    other,
    canteen: district.schoolPrincipal(canteenId),
    boarding: district.schoolPrincipal(boardingId),
    farSchool: other.schoolPrincipal(canteenId),
  };
}

/**
 * Registers a district as the admin CLI's `district add` does: its raw input checked at the
 * boundary (parseDistrictInput, in `options.locale`), then createDistrict.
 */
export async function registerDistrict(input: DistrictInput, options: DirectoryOptions = {}) {
  return createDistrict(parseDistrictInput(input, options.locale), options);
}

/**
 * Registers a school as the admin CLI's `school add` does: its raw input checked at the boundary
 * (parseSchoolInput, in `options.locale`), then addSchool.
 */
export async function registerSchool(districtId: string, input: SchoolInput, options: RegisterOptions = {}) {
  return addSchool(districtId, parseSchoolInput(input, options.locale), options);
}

/**
 * Issues a token as the admin CLI's `token issue` does: its raw request checked at the boundary
 * (parseTokenRequest, in `options.locale`), then issueToken.
 */
export async function requestToken(request: TokenRequest, options: DirectoryOptions & { now?: Date } = {}) {
  return issueToken(parseTokenRequest(request, options.locale), options);
}

/**
 * Rotates a token as the admin CLI's `token rotate` does: its raw request (grace and validity as
 * typed, `7d`) checked at the boundary (parseRotation, in `options.locale`), then rotateToken.
 */
export async function requestRotation(tokenId: string, options: RotateOptions & Omit<RotationRequest, 'tokenId'> = {}) {
  const { grace, expiresIn, ...rest } = options;
  return rotateToken(parseRotation({ tokenId, grace, expiresIn }, options.locale), rest);
}
