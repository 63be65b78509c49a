import { randomUUID } from 'node:crypto';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { handler as authorize } from '../../functions/authorizer/handler';
import { handler as getCompliance } from '../../functions/get-compliance/handler';
import { addDays, localDate } from '../../shared/time';
import { importRoster, type TransactWrite } from '../../shared/directory/import-roster';
import { parseRoster } from '../../shared/directory/roster';
import { removeSchool, updateSchool } from '../../shared/directory/school-changes';
import { listSchools, type School } from '../../shared/directory/schools';
import { resolveToken } from '../../shared/directory/tokens';
import type { AppError } from '../../shared/errors';
import type { ApiResponse } from '../../shared/http/api-handler';
import { SCHOOL_HY01, registerDistrict, registerSchool, requestToken } from '../support/directory-fixtures';
import { apiEvent, authorizerEvent, lambdaContext } from '../support/events';

/*
 * A roster that changes (issue 23 point 1): import --update, update, remove (archive), and an
 * archived school's tokens; the registration date of an import (issue 16 point 1).
 */

const TODAY = () => localDate('Asia/Shanghai');

async function newDistrict() {
  const districtId = `rc-${randomUUID().slice(0, 8)}`;
  await registerDistrict({ districtId, name: '花名册变更测试区', officialEmails: ['houqin@example.cn'] });
  return districtId;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as AppError,
  );
}

const HEADER = '学校编号,学校名称,学校类型,在校生（人）,教职工数,是否有食堂,是否寄宿,营养餐';
const FIRST = [
  HEADER,
  'hy-01,双河第一小学,小学,2410,128,是,否,否',
  'hy-02,天池镇中心学校,九年一贯制,1290,97,有,是,是',
  'hy-03,双河幼儿园,幼儿园,420,47,是,否,否',
].join('\n');
/** The corrected roster: hy-01's count fixed, hy-02 now partly boarding and renamed, hy-03 as it was, hy-04 new (special education). */
const CORRECTED = [
  HEADER,
  'hy-01,双河第一小学,小学,2450,128,是,否,否',
  'hy-02,天池镇中心学校（九年一贯制）,九年一贯制,1290,97,有,部分,是',
  'hy-03,双河幼儿园,幼儿园,420,47,是,否,否',
  'hy-04,华蓥市特殊教育学校,特殊教育学校,96,30,是,部分,否',
].join('\n');

async function schoolsById(districtId: string): Promise<Map<string, School>> {
  return new Map((await listSchools(districtId)).map((school) => [school.schoolId, school]));
}

describe('school import --update', () => {
  it('updates the schools already there, adds the new ones, and says what changed field by field', async () => {
    // Prepare
    const districtId = await newDistrict();
    await importRoster(districtId, await parseRoster(FIRST, 'csv'), { registeredOn: '2026-09-01' });
    // Act
    const again = await refusal(importRoster(districtId, await parseRoster(CORRECTED, 'csv')));
    const result = await importRoster(districtId, await parseRoster(CORRECTED, 'csv'), {
      update: true,
      registeredOn: '2026-12-01',
    });
    // Assess: without --update the corrected roster is refused as before, with the way out named.
    expect(again.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: 2, reason: expect.stringContaining('请加 --update') })]),
    );
    expect(result).toMatchObject({ added: ['hy-04'], unchanged: ['hy-03'], notInFile: [] });
    expect(result.changed).toEqual([
      { schoolId: 'hy-01', changes: [{ field: 'students', from: 2410, to: 2450 }] },
      {
        schoolId: 'hy-02',
        changes: [
          { field: 'name', from: '天池镇中心学校', to: '天池镇中心学校（九年一贯制）' },
          { field: 'boarding', from: true, to: 'partly' },
        ],
      },
    ]);
    const schools = await schoolsById(districtId);
    expect(schools.get('hy-01')).toMatchObject({ students: 2450, registeredOn: '2026-09-01' });
    expect(schools.get('hy-02')).toMatchObject({ boarding: true, partlyBoarding: true, registeredOn: '2026-09-01' });
    expect(schools.get('hy-04')).toMatchObject({
      kind: 'special',
      boarding: true,
      partlyBoarding: true,
      registeredOn: '2026-12-01',
    });
  });

  it('writes nothing when any row is bad, and lists the problem by line', async () => {
    // Prepare
    const districtId = await newDistrict();
    await importRoster(districtId, await parseRoster(FIRST, 'csv'));
    const before = await listSchools(districtId);
    const broken = CORRECTED.replace('hy-03,双河幼儿园,幼儿园,420', 'hy-03,双河幼儿园,幼儿园,很多');
    // Act
    const error = await refusal(importRoster(districtId, await parseRoster(broken, 'csv'), { update: true }));
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([expect.objectContaining({ line: 4, field: 'students' })]);
    expect(await listSchools(districtId)).toEqual(before);
  });

  it('puts changed schools back and deletes added ones when a later transaction fails', async () => {
    // Prepare: 150 schools, then a file changing all of them and adding 60 (three transactions).
    const districtId = await newDistrict();
    const rows = (count: number, students: number) =>
      [
        HEADER,
        ...Array.from({ length: count }, (_, index) => `s-${index + 1},学校${index + 1},小学,${students},10,是,否,否`),
      ].join('\n');
    await importRoster(districtId, await parseRoster(rows(150, 100), 'csv'));
    const before = await listSchools(districtId);
    const injected = new Error('injected failure in the third transaction');
    let calls = 0;
    const transactWrite: TransactWrite = (transactions) => {
      calls += 1;
      return calls === 3 ? Promise.reject(injected) : execute(...transactions);
    };
    // Act
    const error = await importRoster(districtId, await parseRoster(rows(210, 200), 'csv'), {
      update: true,
      transactWrite,
    }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBe(injected);
    expect(await listSchools(districtId)).toEqual(before);
  }, 60_000);

  it('takes the registration date from a 注册日期 column, else from --registered-on, else today', async () => {
    // Prepare
    const districtId = await newDistrict();
    const roster = [
      `${HEADER},注册日期`,
      'hy-01,甲小学,小学,10,2,是,否,否,2026/9/1',
      'hy-02,乙小学,小学,10,2,是,否,否,',
    ].join('\n');
    // Act
    await importRoster(districtId, await parseRoster(roster, 'csv'), { registeredOn: '2026-10-08' });
    await importRoster(districtId, await parseRoster([HEADER, 'hy-03,丙小学,小学,10,2,是,否,否'].join('\n'), 'csv'));
    // Assess
    const schools = await schoolsById(districtId);
    expect(schools.get('hy-01')?.registeredOn).toBe('2026-09-01');
    expect(schools.get('hy-02')?.registeredOn).toBe('2026-10-08');
    expect(schools.get('hy-03')?.registeredOn).toBe(TODAY());
  });
});

describe('updateSchool', () => {
  it('changes the fields given, and only those, and reports what changed', async () => {
    // Prepare
    const districtId = await newDistrict();
    await registerSchool(districtId, { ...SCHOOL_HY01, hasCanteen: false, registeredOn: '2026-09-01' });
    // Act
    const update = await updateSchool(districtId, 'hy-01', { students: 120, hasCanteen: true, boarding: 'partly' });
    const same = await updateSchool(districtId, 'hy-01', { students: 120 });
    // Assess
    expect(update.changes).toEqual([
      { field: 'students', from: 100, to: 120 },
      { field: 'hasCanteen', from: false, to: true },
      { field: 'boarding', from: false, to: 'partly' },
    ]);
    expect(update.school).toMatchObject({
      name: '甲小学',
      students: 120,
      hasCanteen: true,
      boarding: true,
      partlyBoarding: true,
      registeredOn: '2026-09-01',
    });
    expect(same.changes).toEqual([]);
    expect((await schoolsById(districtId)).get('hy-01')).toEqual(update.school);
  });

  it('refuses a bad value, no field at all, or a school the district does not have, changing nothing', async () => {
    // Prepare
    const districtId = await newDistrict();
    await registerSchool(districtId, { ...SCHOOL_HY01, hasCanteen: false });
    const before = await listSchools(districtId);
    // Act
    const bad = await refusal(
      updateSchool(districtId, 'hy-01', { students: -1, kind: 'castle' as never }, { locale: 'en' }),
    );
    const empty = await refusal(updateSchool(districtId, 'hy-01', {}));
    const unknown = await refusal(updateSchool(districtId, 'hy-99', { students: 1 }));
    // Assess
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect((bad.details as { field: string }[]).map((issue) => issue.field).sort()).toEqual(['kind', 'students']);
    expect(empty.details).toEqual([expect.objectContaining({ reason: expect.stringContaining('没有要修改的字段') })]);
    expect(unknown.code).toBe('NOT_FOUND');
    expect(await listSchools(districtId)).toEqual(before);
  });
});

describe('addSchool', () => {
  it('registers a special-education school that partly boards', async () => {
    // Prepare
    const districtId = await newDistrict();
    // Act
    const school = await registerSchool(districtId, {
      schoolId: 'hy-tj',
      name: '华蓥市特殊教育学校',
      kind: 'special',
      students: 96,
      staff: 31,
      hasCanteen: true,
      boarding: 'partly',
    });
    // Assess
    expect(school).toMatchObject({ kind: 'special', boarding: true, partlyBoarding: true });
    expect((await schoolsById(districtId)).get('hy-tj')).toEqual(school);
  });
});

describe('removeSchool', () => {
  it('archives a school from today, keeps it listed, refuses an update and is harmless twice', async () => {
    // Prepare
    const districtId = await newDistrict();
    await registerSchool(districtId, { ...SCHOOL_HY01, registeredOn: '2026-09-01' });
    // Act
    const removal = await removeSchool(districtId, 'hy-01');
    const twice = await removeSchool(districtId, 'hy-01', { from: '2026-09-15' });
    const update = await refusal(updateSchool(districtId, 'hy-01', { students: 1 }));
    // Assess
    expect(removal).toMatchObject({ archivedOn: TODAY(), alreadyArchived: false });
    expect(twice).toMatchObject({ archivedOn: TODAY(), alreadyArchived: true });
    expect((await schoolsById(districtId)).get('hy-01')).toMatchObject({ archivedOn: TODAY(), students: 100 });
    expect(update.details).toEqual([
      expect.objectContaining({ reason: `学校 hy-01 已从花名册撤销（自 ${TODAY()} 起）` }),
    ]);
  });

  it('refuses a date before the registration, or not a date, changing nothing', async () => {
    // Prepare
    const districtId = await newDistrict();
    await registerSchool(districtId, { ...SCHOOL_HY01, registeredOn: '2026-09-01' });
    // Act
    const early = await refusal(removeSchool(districtId, 'hy-01', { from: '2026-08-31', locale: 'en' }));
    const garbage = await refusal(removeSchool(districtId, 'hy-01', { from: '2026-02-30' }));
    // Assess
    expect(early.details).toEqual([
      expect.objectContaining({
        field: 'archivedOn',
        reason: "must not be before the school's registration date 2026-09-01",
      }),
    ]);
    expect(garbage.details).toEqual([expect.objectContaining({ field: 'archivedOn', label: '撤销日期' })]);
    expect((await schoolsById(districtId)).get('hy-01')).not.toHaveProperty('archivedOn');
  });

  it("stops the school's tokens from its date, clearly, and issues it no new one", async () => {
    // Prepare: one school archived from today, one from tomorrow.
    const districtId = await newDistrict();
    for (const schoolId of ['hy-01', 'hy-02']) {
      await registerSchool(districtId, {
        schoolId,
        name: `学校 ${schoolId}`,
        kind: 'primary',
        students: 100,
        staff: 9,
        hasCanteen: true,
        boarding: false,
        registeredOn: '2026-09-01',
      });
    }
    const gone = await requestToken({ role: 'school', districtId, schoolId: 'hy-01' });
    const leaving = await requestToken({ role: 'school', districtId, schoolId: 'hy-02' });
    const before = await authorize(authorizerEvent(`Bearer ${gone.token}`));
    await removeSchool(districtId, 'hy-01');
    await removeSchool(districtId, 'hy-02', { from: addDays(TODAY(), 1) });
    // Act
    const after = await authorize(authorizerEvent(`Bearer ${gone.token}`));
    const stillOn = await authorize(authorizerEvent(`Bearer ${leaving.token}`));
    const route = async (language: string) => {
      const event = apiEvent('get-compliance', { principal: null, headers: { 'accept-language': language } });
      event.requestContext.authorizer = { lambda: { ...after.context } } as typeof event.requestContext.authorizer;
      const response = (await (
        getCompliance as (e: typeof event, c: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>
      )(event, lambdaContext('get-compliance'))) as ApiResponse;
      return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
    };
    const zh = await route('zh-CN');
    const en = await route('en');
    const newToken = await refusal(requestToken({ role: 'school', districtId, schoolId: 'hy-01' }));
    // Assess
    expect(before.context.authenticated).toBe('true');
    expect(after.context).toEqual({ authenticated: 'false', credentials: 'school-archived', archivedOn: TODAY() });
    expect(stillOn.context).toMatchObject({ authenticated: 'true', schoolId: 'hy-02' });
    expect((await resolveToken(leaving.token, new Date(Date.now() + 2 * 86_400_000))).principal).toBeUndefined();
    expect(zh.status).toBe(401);
    expect(zh.body.error).toMatchObject({
      code: 'SCHOOL_ARCHIVED',
      message: expect.stringContaining(`已从区县花名册撤销（自 ${TODAY()} 起）`),
    });
    expect(en.body.error.message).toContain(`removed from the district roster (from ${TODAY()})`);
    expect(newToken.details).toEqual([
      expect.objectContaining({ field: 'schoolId', reason: `学校 hy-01 已从花名册撤销（自 ${TODAY()} 起）` }),
    ]);
  });
});
