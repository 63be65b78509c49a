import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { DistrictEntity, SchoolEntity } from '../../../shared/db/entities';
import { localDate } from '../../../shared/time';
import { directorySchemas, type SchoolInput } from '../../../shared/directory/schemas';
import { cancellationCodes } from '../../../shared/db/writes';
import { issueToken, parseTokenRequest } from '../../../shared/directory/tokens';

/*
 * The demo district the local stack seeds on first start: 华蓥市 (a county-level city in
 * Guang'an, Sichuan), with a mix of schools like a real county's: a few large town schools, rural
 * township central schools (寄宿, in the nutrition programme), two village schools without a
 * canteen, a vocational school and kindergartens.
 */

export const DEMO_DISTRICT = {
  districtId: 'huaying',
  name: '华蓥市教育局',
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  // .example is reserved (RFC 2606): the demo's mail can never reach a real inbox.
  officialEmails: ['houqinban@huaying.example', 'anquangu@huaying.example'],
} as const;

/** The demo's schools board fully or not at all: `boarding` is a plain yes/no here. */
type DemoSchool = Omit<SchoolInput, 'registeredOn' | 'boarding'> & { name: string; boarding: boolean };

const school = (
  schoolId: string,
  name: string,
  kind: DemoSchool['kind'],
  students: number,
  staff: number,
  flags: { canteen?: boolean; boarding?: boolean; nutrition?: boolean } = {},
): DemoSchool => ({
  schoolId,
  name,
  kind,
  students,
  staff,
  hasCanteen: flags.canteen ?? true,
  boarding: flags.boarding ?? false,
  nutritionProgramme: flags.nutrition ?? false,
});

export const DEMO_SCHOOLS: readonly DemoSchool[] = [
  school('hy-zx', '四川省华蓥中学', 'middle', 3260, 246, { boarding: true }),
  school('hy-shz', '华蓥市双河中学', 'middle', 1840, 138, { boarding: true }),
  school('hy-zj', '华蓥市职业技术学校', 'vocational', 2150, 152, { boarding: true }),
  school('hy-sy', '华蓥市实验学校', 'nine-year', 2630, 188),
  school('hy-sh1x', '华蓥市双河第一小学', 'primary', 2410, 128),
  school('hy-sh2x', '华蓥市双河第二小学', 'primary', 1920, 104),
  school('hy-gqx', '华蓥市古桥小学', 'primary', 1480, 81),
  school('hy-hlx', '华蓥市华龙小学', 'primary', 960, 58),
  school('hy-tcz', '华蓥市天池镇中心学校', 'nine-year', 1290, 97, { boarding: true, nutrition: true }),
  school('hy-lsz', '华蓥市禄市镇中心学校', 'nine-year', 1130, 86, { boarding: true, nutrition: true }),
  school('hy-yxz', '华蓥市永兴镇初级中学', 'middle', 860, 71, { boarding: true, nutrition: true }),
  school('hy-myx', '华蓥市明月镇中心小学', 'primary', 640, 46, { boarding: true, nutrition: true }),
  school('hy-yhx', '华蓥市阳和镇中心小学', 'primary', 520, 39, { nutrition: true }),
  school('hy-gxz', '华蓥市高兴镇初级中学', 'middle', 730, 62, { boarding: true, nutrition: true }),
  school('hy-gyx', '华蓥市观音溪镇中心小学', 'primary', 430, 33, { nutrition: true }),
  school('hy-xkz', '华蓥市溪口镇中心学校', 'nine-year', 780, 64, { boarding: true, nutrition: true }),
  school('hy-hycx', '华蓥市庆华镇红岩村小学', 'primary', 86, 9, { canteen: false, nutrition: true }),
  school('hy-mjcx', '华蓥市天池镇牟家村小学', 'primary', 54, 6, { canteen: false, nutrition: true }),
  school('hy-shy', '华蓥市双河幼儿园', 'kindergarten', 420, 47),
  school('hy-gqy', '华蓥市古桥街道中心幼儿园', 'kindergarten', 310, 35),
];

/** What seeding hands back: every token, shown this once. */
export interface DemoSeed {
  tokens: {
    admin: string;
    official: string;
    schools: { schoolId: string; name: string; token: string }[];
  };
}

/** The demo district is already there: its tokens were handed out when it was seeded and cannot be shown again. */
export class DemoDistrictExistsError extends Error {
  constructor(readonly districtId: string) {
    super(
      `The demo district "${districtId}" already exists; its tokens cannot be shown again (issue new ones with npm run admin -- token issue). / 演示区县 ${districtId} 已存在，令牌无法再次显示。`,
    );
    this.name = 'DemoDistrictExistsError';
  }
}

/**
 * Seeds the demo district (华蓥市教育局, 20 schools), one admin token, one official token and one
 * token per school. The district and its schools are written in one transaction conditional on
 * the district being new, so seeding never duplicates anything: if the district exists it throws
 * `DemoDistrictExistsError` and writes nothing. `districtId` lets tests seed a copy beside it;
 * `registeredOn` (default: today) dates the schools' registration back, so a demo history
 * (infra/local/demo/seed-history.ts) recorded from that day counts in compliance.
 */
export async function seedDemoDistrict(
  options: { now?: Date; districtId?: string; registeredOn?: string } = {},
): Promise<DemoSeed> {
  const schemas = directorySchemas('zh-CN');
  const district = schemas.district.parse({
    ...DEMO_DISTRICT,
    districtId: options.districtId ?? DEMO_DISTRICT.districtId,
  });
  const registeredOn = options.registeredOn ?? localDate(district.timezone, options.now);
  const schools = DEMO_SCHOOLS.map((input) => ({
    ...schemas.school.parse({ ...input, registeredOn }),
    districtId: district.districtId,
    registeredOn,
  }));

  try {
    await execute(
      DistrictEntity.build(PutTransaction)
        .item(district)
        .options({ condition: { attr: 'districtId', exists: false } }),
      ...schools.map((item) =>
        SchoolEntity.build(PutTransaction)
          .item(item)
          .options({ condition: { attr: 'schoolId', exists: false } }),
      ),
    );
  } catch (error) {
    if (cancellationCodes(error)?.includes('ConditionalCheckFailed'))
      throw new DemoDistrictExistsError(district.districtId);
    throw error;
  }

  const { districtId } = district;
  const [admin, official, ...schoolTokens] = await Promise.all([
    issueToken(parseTokenRequest({ role: 'admin', label: `演示管理员（${districtId}）` })),
    issueToken(parseTokenRequest({ role: 'official', districtId, label: `${district.name} 后勤办（演示）` })),
    ...schools.map(({ schoolId, name }) =>
      issueToken(parseTokenRequest({ role: 'school', districtId, schoolId, label: `${name}（演示）` })),
    ),
  ]);
  return {
    tokens: {
      admin: admin!.token,
      official: official!.token,
      schools: schools.map(({ schoolId, name }, index) => ({ schoolId, name, token: schoolTokens[index]!.token })),
    },
  };
}
