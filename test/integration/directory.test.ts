import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { hashToken } from '../../shared/auth/tokens';
import { DistrictEntity, TokenEntity, TokenIdEntity } from '../../shared/db/entities';
import { DEMO_SCHOOLS, DemoDistrictExistsError, seedDemoDistrict } from '../../infra/local/demo/district';
import { configureDistrict, getDistrict } from '../../shared/directory/districts';
import { importRoster, type TransactWrite } from '../../shared/directory/import-roster';
import { parseRoster, type RosterRow } from '../../shared/directory/roster';
import { listSchools } from '../../shared/directory/schools';
import { listTokens, resolvePrincipal, revokeToken } from '../../shared/directory/tokens';
import { AppError } from '../../shared/errors';
import { SCHOOL_HY01, registerDistrict, registerSchool, requestToken } from '../support/directory-fixtures';

// Every test makes its own district: test files share one DynamoDB Local and run in parallel.
const newDistrictId = () => `dir-${randomUUID().slice(0, 8)}`;

async function newDistrict(overrides: Record<string, unknown> = {}) {
  return registerDistrict({
    districtId: newDistrictId(),
    name: '测试区教育局',
    officialEmails: ['houqin@example.cn'],
    ...overrides,
  });
}

/** The AppError a call rejects with (fails the test if it resolves or throws something else). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const school = (schoolId: string, line: number, overrides: Partial<RosterRow> = {}): RosterRow => ({
  line,
  schoolId,
  name: `学校 ${schoolId}`,
  kind: 'primary',
  students: 300,
  staff: 25,
  hasCanteen: true,
  boarding: false,
  nutritionProgramme: false,
  ...overrides,
});

const rosterOf = (count: number) =>
  Array.from({ length: count }, (_, index) => school(`s-${String(index + 1).padStart(3, '0')}`, index + 2));

/** A small school a district already has before a roster import. */
const existingSchool = (schoolId: string) =>
  ({
    schoolId,
    name: '已有学校',
    kind: 'primary',
    students: 10,
    staff: 2,
    hasCanteen: false,
    boarding: false,
  }) as const;

const rosterFixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'rosters', name));

describe('directory (against DynamoDB Local)', () => {
  describe('createDistrict', () => {
    it('stores a district with Asia/Shanghai and zh-CN unless told otherwise', async () => {
      // Prepare
      const districtId = newDistrictId();
      // Act
      const created = await registerDistrict({
        districtId,
        name: '华蓥市教育局',
        officialEmails: ['a@example.cn', 'b@example.cn'],
      });
      // Assess
      expect(created).toEqual({
        districtId,
        name: '华蓥市教育局',
        timezone: 'Asia/Shanghai',
        locale: 'zh-CN',
        officialEmails: ['a@example.cn', 'b@example.cn'],
        createdAt: expect.any(String),
        hazardDueDays: { critical: 1, high: 3, medium: 7, low: 30 },
        complianceThreshold: 0.9,
        alertBudget: { school: 5, district: 20 },
        schoolTokenDays: 365,
        photoUploadsPerDay: 200,
      });
      expect(await getDistrict(districtId)).toEqual(created);
    });

    it('takes a timezone in any case and stores its canonical name', async () => {
      // Act
      const created = await newDistrict({ timezone: 'asia/urumqi', locale: 'en' });
      // Assess
      expect(created).toMatchObject({ timezone: 'Asia/Urumqi', locale: 'en' });
    });

    it('refuses an id that is already taken and leaves the first district as it was', async () => {
      // Prepare
      const first = await newDistrict();
      // Act
      const error = await refusal(
        registerDistrict(
          { districtId: first.districtId, name: '另一个', officialEmails: ['x@example.cn'] },
          { locale: 'en' },
        ),
      );
      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual([
        {
          field: 'districtId',
          label: 'district id',
          value: first.districtId,
          reason: `a district with id ${first.districtId} already exists`,
        },
      ]);
      expect((await getDistrict(first.districtId))?.name).toBe('测试区教育局');
    });

    it('names every invalid field: id, timezone, locale, e-mails', async () => {
      // Act
      const error = await refusal(
        registerDistrict(
          {
            districtId: 'Bad_Id',
            name: ' ',
            timezone: 'Mars/Olympus',
            locale: 'fr' as 'en',
            officialEmails: ['ok@example.cn', 'nope'],
          },
          { locale: 'en' },
        ),
      );
      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      expect((error.details as { field: string }[]).map((issue) => issue.field)).toEqual([
        'districtId',
        'name',
        'timezone',
        'locale',
        'officialEmails.1',
      ]);
    });

    it('refuses a district without officials', async () => {
      // Act
      const error = await refusal(
        registerDistrict({ districtId: newDistrictId(), name: '测试区', officialEmails: [] }),
      );
      // Assess
      expect(error.details).toEqual([
        expect.objectContaining({ field: 'officialEmails', reason: '至少需要一位官员的电子邮件地址' }),
      ]);
    });
  });

  describe('configureDistrict', () => {
    const CALENDAR = {
      terms: [
        { name: '2026年秋季学期', start: '2026-09-01', end: '2027-01-17' },
        { name: '2027年春季学期', start: '2027-02-24', end: '2027-07-04' },
      ],
      extraHolidays: ['2026-11-20'],
      extraSchoolDays: ['2026-09-27'],
    };

    /** The district item as stored, internal attributes and all. */
    const storedItem = async (districtId: string) =>
      (await DistrictEntity.build(GetItemCommand).key({ districtId }).options({ consistent: true }).send()).Item;
    const storedDueDays = async (districtId: string) => (await storedItem(districtId))?.hazardDueDays;
    const readDueDays = async (districtId: string) => (await getDistrict(districtId))?.hazardDueDays;

    it('overrides the days to rectify, given in full, for a district that had none', async () => {
      // Prepare
      const district = await newDistrict();
      // Act
      const configured = await configureDistrict(district.districtId, {
        hazardDueDays: { critical: 1, high: 2, medium: 5, low: 20 },
      });
      // Assess
      expect(configured.hazardDueDays).toEqual({ critical: 1, high: 2, medium: 5, low: 20 });
      expect(await storedDueDays(district.districtId)).toEqual({ critical: 1, high: 2, medium: 5, low: 20 });
    });

    it('stores the full map when only some severities are given, the rest from the defaults', async () => {
      // Prepare
      const district = await newDistrict();
      // Act
      await configureDistrict(district.districtId, { hazardDueDays: { high: 2 } });
      // Assess
      expect(await storedDueDays(district.districtId)).toEqual({ critical: 1, high: 2, medium: 7, low: 30 });
    });

    it("merges severities given later with the district's own days", async () => {
      // Prepare
      const district = await newDistrict();
      await configureDistrict(district.districtId, { hazardDueDays: { critical: 2, high: 4, medium: 10, low: 60 } });
      // Act
      const configured = await configureDistrict(district.districtId, { hazardDueDays: { medium: 14 } });
      // Assess
      expect(configured.hazardDueDays).toEqual({ critical: 2, high: 4, medium: 14, low: 60 });
    });

    it('keeps both of two partial changes made at the same time', async () => {
      // Prepare
      const district = await newDistrict();
      // Act
      await Promise.all([
        configureDistrict(district.districtId, { hazardDueDays: { high: 2 } }),
        configureDistrict(district.districtId, { hazardDueDays: { low: 20 } }),
      ]);
      // Assess
      expect(await readDueDays(district.districtId)).toEqual({ critical: 1, high: 2, medium: 7, low: 20 });
    });

    it('overrides the compliance threshold', async () => {
      // Prepare
      const district = await newDistrict();
      // Act
      const configured = await configureDistrict(district.districtId, { complianceThreshold: 0.85 });
      // Assess
      expect(configured.complianceThreshold).toBe(0.85);
      expect((await getDistrict(district.districtId))?.complianceThreshold).toBe(0.85);
    });

    it('stores the school calendar whole, replacing the one before', async () => {
      // Prepare
      const district = await newDistrict();
      await configureDistrict(district.districtId, {
        calendar: {
          terms: [{ name: '旧学期', start: '2025-09-01', end: '2026-01-18' }],
          extraHolidays: ['2025-10-09'],
        },
      });
      // Act
      const configured = await configureDistrict(district.districtId, { calendar: CALENDAR });
      // Assess
      expect(configured.calendar).toEqual(CALENDAR);
      expect((await storedItem(district.districtId))?.calendar).toEqual(CALENDAR);
    });

    it('leaves the settings it is not given as they were', async () => {
      // Prepare
      const district = await newDistrict();
      await configureDistrict(district.districtId, { hazardDueDays: { high: 2 }, calendar: CALENDAR });
      // Act
      const configured = await configureDistrict(district.districtId, { complianceThreshold: 0.8 });
      // Assess
      expect(configured).toMatchObject({
        hazardDueDays: { high: 2 },
        complianceThreshold: 0.8,
        calendar: CALENDAR,
        name: district.name,
      });
    });

    it('clears the settings named by reset back to the defaults, and only those', async () => {
      // Prepare
      const district = await newDistrict();
      await configureDistrict(district.districtId, {
        hazardDueDays: { high: 2 },
        complianceThreshold: 0.8,
        calendar: CALENDAR,
      });
      // Act
      const configured = await configureDistrict(district.districtId, { reset: ['hazardDueDays', 'calendar'] });
      // Assess
      expect(configured.hazardDueDays).toEqual({ critical: 1, high: 3, medium: 7, low: 30 });
      expect(configured.complianceThreshold).toBe(0.8);
      expect(configured.calendar).toBeUndefined();
      const stored = await storedItem(district.districtId);
      expect(stored).not.toHaveProperty('hazardDueDays');
      expect(stored).not.toHaveProperty('calendar');
    });

    /** One refusal in both languages: the same settings, the same field, its label and reason in each. */
    const inBothLanguages = (
      settings: object,
      field: string,
      en: { label: string; reason: string },
      zh: { label: string; reason: string },
    ) =>
      [
        ['en', settings, { field, ...en }],
        ['zh-CN', settings, { field, ...zh }],
      ] as const;

    it.each([
      ...inBothLanguages(
        { hazardDueDays: { high: 10 } },
        'hazardDueDays.high',
        {
          label: 'days to rectify a high hazard',
          reason: 'must not exceed the 7 days of medium hazards: a graver hazard cannot get longer',
        },
        { label: '较大隐患整改天数', reason: '不能多于一般隐患的 7 天：风险越高，整改期限不能越长' },
      ),
      ...inBothLanguages(
        { hazardDueDays: { low: 400 } },
        'hazardDueDays.low',
        { label: 'days to rectify a low hazard', reason: 'must be a whole number of days from 1 to 365' },
        { label: '轻微隐患整改天数', reason: '应为 1 到 365 之间的整数（天）' },
      ),
      ...inBothLanguages(
        { complianceThreshold: 1.2 },
        'complianceThreshold',
        { label: 'compliance threshold', reason: 'must be a number from 0 to 1 (0.9 means 90%)' },
        { label: '合规率阈值', reason: '应为 0 到 1 之间的数（例如 0.9 表示 90%）' },
      ),
      [
        'en',
        {
          calendar: {
            terms: [
              { name: 'autumn', start: '2026-09-01', end: '2027-01-17' },
              { name: 'spring', start: '2027-01-10', end: '2027-07-04' },
            ],
          },
        },
        { field: 'calendar.terms.1', label: 'terms', reason: 'overlaps the term "autumn" (2026-09-01 to 2027-01-17)' },
      ],
      [
        'zh-CN',
        { calendar: { terms: [{ name: '秋季', start: '2027-01-17', end: '2026-09-01' }] } },
        { field: 'calendar.terms.0.end', label: '学期', reason: '不能早于开始日期 2027-01-17' },
      ],
      [
        'en',
        { calendar: { extraHolidays: ['2026-11-31'] } },
        {
          field: 'calendar.extraHolidays.0',
          label: 'extra holidays',
          reason: 'must be a real date written YYYY-MM-DD',
        },
      ],
      [
        'zh-CN',
        { calendar: { extraHolidays: ['2026-11-20'], extraSchoolDays: ['2026-11-20'] } },
        {
          field: 'calendar.extraSchoolDays',
          label: '额外上课日',
          reason: '以下日期同时列为额外假日和额外上课日：2026-11-20',
        },
      ],
      [
        'en',
        { complianceThreshold: 0.8, reset: ['complianceThreshold'] },
        { field: 'reset', label: 'settings to clear', reason: 'cannot be both set and cleared: complianceThreshold' },
      ],
    ] as const)('refuses (%s) %j, naming the field and why, and changes nothing', async (locale, settings, issue) => {
      // Prepare
      const district = await newDistrict();
      await configureDistrict(district.districtId, {
        hazardDueDays: { critical: 1 },
        complianceThreshold: 0.8,
        calendar: CALENDAR,
      });
      const before = await storedItem(district.districtId);
      // Act
      const error = await refusal(
        configureDistrict(district.districtId, settings as Parameters<typeof configureDistrict>[1], { locale }),
      );
      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual([issue]);
      expect(await storedItem(district.districtId)).toEqual(before);
    });

    it.each([
      ['en', 'district dir-missing does not exist'],
      ['zh-CN', '区县 dir-missing 不存在'],
    ] as const)(
      'answers NOT_FOUND (%s) for a district that does not exist, and creates none',
      async (locale, reason) => {
        // Act
        const error = await refusal(configureDistrict('dir-missing', { complianceThreshold: 0.8 }, { locale }));
        // Assess
        expect(error.code).toBe('NOT_FOUND');
        expect(error.details).toEqual([expect.objectContaining({ field: 'districtId', value: 'dir-missing', reason })]);
        expect(await storedItem('dir-missing')).toBeUndefined();
      },
    );

    it('answers NOT_FOUND for an id that cannot be a district id', async () => {
      // Act
      const error = await refusal(configureDistrict('Not An Id', { complianceThreshold: 0.8 }));
      // Assess
      expect(error.code).toBe('NOT_FOUND');
    });
  });

  describe('addSchool', () => {
    it('registers a school dated today in the district timezone', async () => {
      // Prepare
      const district = await newDistrict({ timezone: 'Asia/Shanghai' });
      const now = new Date('2026-03-01T17:30:00Z'); // already 2 March in Shanghai
      const school = {
        schoolId: 'hy-zx',
        name: '四川省华蓥中学',
        kind: 'middle',
        students: 3260,
        staff: 246,
        hasCanteen: true,
        boarding: true,
      } as const;
      // Act
      const added = await registerSchool(district.districtId, school, { now });
      // Assess: what was given, the district, no nutrition programme, registered today.
      const expected = {
        districtId: district.districtId,
        ...school,
        nutritionProgramme: false,
        registeredOn: '2026-03-02',
      };
      expect(added).toEqual(expected);
      expect(await listSchools(district.districtId)).toEqual([expected]);
    });

    it('refuses a school id the district already has', async () => {
      // Prepare
      const district = await newDistrict();
      const input = { ...SCHOOL_HY01, hasCanteen: false };
      await registerSchool(district.districtId, input);
      // Act
      const error = await refusal(registerSchool(district.districtId, { ...input, name: '乙小学' }));
      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual([
        expect.objectContaining({ field: 'schoolId', reason: '该区县已有学校使用编号 hy-01' }),
      ]);
      expect((await listSchools(district.districtId)).map((s) => s.name)).toEqual(['甲小学']);
    });

    it('refuses a school for a district that does not exist', async () => {
      // Act
      const error = await refusal(
        registerSchool('no-such-district', {
          schoolId: 'hy-01',
          name: '甲小学',
          kind: 'primary',
          students: 1,
          staff: 1,
          hasCanteen: false,
          boarding: false,
        }),
      );
      // Assess
      expect(error.code).toBe('NOT_FOUND');
      expect(error.details).toEqual([
        expect.objectContaining({ field: 'districtId', reason: '区县 no-such-district 不存在' }),
      ]);
    });

    it('refuses an unknown kind and negative counts', async () => {
      // Prepare
      const district = await newDistrict();
      // Act
      const error = await refusal(
        registerSchool(
          district.districtId,
          {
            schoolId: 'hy-01',
            name: '甲',
            kind: 'college' as 'primary',
            students: -1,
            staff: 1.5,
            hasCanteen: true,
            boarding: false,
          },
          { locale: 'en' },
        ),
      );
      // Assess
      expect((error.details as { field: string }[]).map((issue) => issue.field)).toEqual(['kind', 'students', 'staff']);
    });
  });

  describe('importRoster', () => {
    it('registers every school of a parsed roster', async () => {
      // Prepare
      const district = await newDistrict();
      const roster = await parseRoster(rosterFixture('huaying-zh.csv'), 'csv');
      // Act
      const result = await importRoster(district.districtId, roster, { now: new Date('2026-09-01T02:00:00Z') });
      // Assess
      const ids = ['hy-01', 'hy-02', 'hy-03', 'hy-04', 'hy-05'];
      expect(result).toEqual({
        districtId: district.districtId,
        imported: 5,
        schoolIds: ids,
        added: ids,
        changed: [],
        unchanged: [],
        notInFile: [],
      });
      const schools = await listSchools(district.districtId);
      expect(schools.map((s) => [s.schoolId, s.kind, s.registeredOn])).toEqual([
        ['hy-01', 'primary', '2026-09-01'],
        ['hy-02', 'nine-year', '2026-09-01'],
        ['hy-03', 'vocational', '2026-09-01'],
        ['hy-04', 'kindergarten', '2026-09-01'],
        ['hy-05', 'primary', '2026-09-01'],
      ]);
    });

    it('writes nothing when any line is bad, and reports the bad lines together with ids the district has', async () => {
      // Prepare
      const district = await newDistrict();
      await registerSchool(district.districtId, existingSchool('s-01'));
      const roster = await parseRoster(rosterFixture('bad-rows.csv'), 'csv', { locale: 'en' });
      // Act
      const error = await refusal(importRoster(district.districtId, roster, { locale: 'en' }));
      // Assess
      expect(error.code).toBe('VALIDATION_FAILED');
      const lines = (error.details as { line: number; field: string }[]).map(({ line, field }) => `${line}:${field}`);
      expect(lines).toEqual([
        '2:schoolId',
        '3:name',
        '3:students',
        '3:hasCanteen',
        '4:schoolId',
        '4:kind',
        '5:schoolId',
        '6:students',
      ]);
      expect((error.details as { reason: string }[])[0]!.reason).toBe(
        'the district already has a school with id s-01 (add --update to update existing schools from the file)',
      );
      expect((await listSchools(district.districtId)).map((s) => s.schoolId)).toEqual(['s-01']);
    });

    it('writes nothing when one id of an otherwise good roster already exists', async () => {
      // Prepare
      const district = await newDistrict();
      await registerSchool(district.districtId, existingSchool('s-150'));
      // Act
      const error = await refusal(importRoster(district.districtId, rosterOf(200)));
      // Assess
      expect(error.details).toEqual([
        { line: 151, field: 'schoolId', reason: '该区县已有学校使用编号 s-150（要按文件更新已有学校，请加 --update）' },
      ]);
      expect(await listSchools(district.districtId)).toHaveLength(1);
    });

    it('refuses ids repeated within the rows themselves', async () => {
      // Prepare
      const district = await newDistrict();
      // Act
      const error = await refusal(
        importRoster(district.districtId, [school('s-1', 2), school('s-1', 7)], { locale: 'en' }),
      );
      // Assess
      expect(error.details).toEqual([{ line: 7, field: 'schoolId', reason: 'school id s-1 repeats line 2' }]);
    });

    it('writes a large roster in transactions of at most 100 items', async () => {
      // Prepare
      const district = await newDistrict();
      const sizes: number[] = [];
      const transactWrite: TransactWrite = (transactions) => {
        sizes.push(transactions.length);
        return execute(...transactions);
      };
      // Act
      const result = await importRoster(district.districtId, rosterOf(250), { transactWrite });
      // Assess
      expect(sizes).toEqual([100, 100, 50]);
      expect(result.imported).toBe(250);
      expect(await listSchools(district.districtId)).toHaveLength(250);
    });

    it('deletes what earlier transactions wrote when a later one fails, then rethrows', async () => {
      // Prepare
      const district = await newDistrict();
      const injected = new Error('injected failure in the third transaction');
      let calls = 0;
      const transactWrite: TransactWrite = (transactions) => {
        calls += 1;
        return calls === 3 ? Promise.reject(injected) : execute(...transactions);
      };
      // Act
      const error = await importRoster(district.districtId, rosterOf(250), { transactWrite }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      // Assess
      expect(error).toBe(injected);
      expect(calls).toBe(5); // two chunks written, the third failed, two chunks of deletes
      expect(await listSchools(district.districtId)).toEqual([]);
    });

    it('undoes earlier transactions when a school is registered meanwhile, and reports its line', async () => {
      // Prepare
      const district = await newDistrict();
      let calls = 0;
      const transactWrite: TransactWrite = async (transactions) => {
        calls += 1;
        // Another administrator adds s-120 between our check and our second transaction.
        if (calls === 2)
          await registerSchool(district.districtId, {
            schoolId: 's-120',
            name: '同时添加',
            kind: 'primary',
            students: 1,
            staff: 1,
            hasCanteen: false,
            boarding: false,
          });
        return execute(...transactions);
      };
      // Act
      const error = await refusal(importRoster(district.districtId, rosterOf(150), { transactWrite }));
      // Assess
      expect(error.details).toEqual([{ line: 121, field: 'schoolId', reason: '该区县已有学校使用编号 s-120' }]);
      expect((await listSchools(district.districtId)).map((s) => s.name)).toEqual(['同时添加']);
    });

    it('refuses a roster for a district that does not exist', async () => {
      // Act
      const error = await refusal(importRoster('no-such-district', rosterOf(1)));
      // Assess
      expect(error.code).toBe('NOT_FOUND');
    });
  });

  describe('tokens', () => {
    async function districtWithSchool() {
      const district = await newDistrict();
      await registerSchool(district.districtId, SCHOOL_HY01);
      return district.districtId;
    }

    it('issues a school token that resolves to its school, stored only as a SHA-256 hash', async () => {
      // Prepare
      const districtId = await districtWithSchool();
      // Act
      const { token, tokenId } = await requestToken({ role: 'school', districtId, schoolId: 'hy-01', label: '总务处' });
      // Assess
      expect(await resolvePrincipal(token)).toEqual({ role: 'school', tokenId, districtId, schoolId: 'hy-01' });
      const stored = await TokenEntity.build(GetItemCommand)
        .key({ tokenHash: hashToken(token) })
        .send();
      const pointer = await TokenIdEntity.build(GetItemCommand).key({ tokenId }).send();
      expect(stored.Item).toMatchObject({ tokenId, role: 'school', districtId, schoolId: 'hy-01', label: '总务处' });
      expect(pointer.Item?.tokenHash).toBe(hashToken(token));
      expect(JSON.stringify([stored.Item, pointer.Item])).not.toContain(token);
    });

    it('issues official and admin tokens', async () => {
      // Prepare
      const districtId = await districtWithSchool();
      // Act
      const official = await requestToken({ role: 'official', districtId });
      const admin = await requestToken({ role: 'admin', label: 'ops' });
      // Assess
      expect(await resolvePrincipal(official.token)).toEqual({
        role: 'official',
        tokenId: official.tokenId,
        districtId,
      });
      expect(await resolvePrincipal(admin.token)).toEqual({ role: 'admin', tokenId: admin.tokenId });
    });

    it('refuses a school token for a school that does not exist and writes nothing', async () => {
      // Prepare
      const districtId = await districtWithSchool();
      // Act
      const error = await refusal(requestToken({ role: 'school', districtId, schoolId: 'hy-99' }));
      // Assess
      expect(error.code).toBe('NOT_FOUND');
      expect(error.details).toEqual([
        expect.objectContaining({ field: 'schoolId', reason: `区县 ${districtId} 中没有学校 hy-99` }),
      ]);
      expect(await listTokens(districtId)).toEqual([]);
    });

    it('refuses an official token for a district that does not exist', async () => {
      // Act
      const error = await refusal(requestToken({ role: 'official', districtId: newDistrictId() }));
      // Assess
      expect(error.code).toBe('NOT_FOUND');
    });

    it('refuses a scope that does not fit the role', async () => {
      // Act
      const admin = await refusal(requestToken({ role: 'admin', districtId: 'huaying' }, { locale: 'en' }));
      const school = await refusal(requestToken({ role: 'school', districtId: 'huaying' }, { locale: 'en' }));
      // Assess
      expect(admin.details).toEqual([
        expect.objectContaining({ field: 'districtId', reason: 'an admin token takes no district id or school id' }),
      ]);
      expect(school.details).toEqual([
        expect.objectContaining({ field: 'schoolId', reason: 'a school token needs a district id and a school id' }),
      ]);
    });

    it('revokes a token at once, and a second revocation keeps the first time', async () => {
      // Prepare
      const districtId = await districtWithSchool();
      const { token, tokenId } = await requestToken({ role: 'school', districtId, schoolId: 'hy-01' });
      // Act
      const first = await revokeToken(tokenId, { now: new Date('2026-05-01T00:00:00Z') });
      const second = await revokeToken(tokenId);
      // Assess
      expect(first).toEqual({ tokenId, revokedAt: '2026-05-01T00:00:00.000Z', alreadyRevoked: false });
      expect(second).toEqual({ tokenId, revokedAt: '2026-05-01T00:00:00.000Z', alreadyRevoked: true });
      expect(await resolvePrincipal(token)).toBeUndefined();
      const [listed] = await listTokens(districtId);
      expect(listed).toMatchObject({ tokenId, role: 'school', revokedAt: '2026-05-01T00:00:00.000Z' });
    });

    it('says clearly that a token id is unknown or malformed', async () => {
      // Act
      const unknown = await refusal(revokeToken('tok_0000000000000000', { locale: 'en' }));
      const malformed = await refusal(revokeToken('hq_not-an-id', { locale: 'en' }));
      // Assess
      expect(unknown.code).toBe('NOT_FOUND');
      expect(unknown.details).toEqual([
        expect.objectContaining({ field: 'tokenId', reason: 'there is no token with id tok_0000000000000000' }),
      ]);
      expect(malformed.code).toBe('VALIDATION_FAILED');
    });

    it('lists a district tokens and the admin tokens by id, role and label, never a hash', async () => {
      // Prepare
      const districtId = await districtWithSchool();
      const school = await requestToken({ role: 'school', districtId, schoolId: 'hy-01', label: '甲小学总务处' });
      const official = await requestToken({ role: 'official', districtId, label: '后勤办' });
      const admin = await requestToken({ role: 'admin', label: '运维' });
      // Act
      const listed = await listTokens(districtId);
      const admins = await listTokens('admin');
      // Assess
      expect(listed).toEqual(
        [
          {
            tokenId: school.tokenId,
            role: 'school',
            districtId,
            schoolId: 'hy-01',
            label: '甲小学总务处',
            createdAt: expect.any(String),
            expiresAt: school.expiresAt,
            state: 'active',
          },
          {
            tokenId: official.tokenId,
            role: 'official',
            districtId,
            label: '后勤办',
            createdAt: expect.any(String),
            state: 'active',
          },
        ].sort((a, b) => a.tokenId.localeCompare(b.tokenId)),
      );
      expect(admins).toContainEqual({
        tokenId: admin.tokenId,
        role: 'admin',
        label: '运维',
        createdAt: expect.any(String),
        state: 'active',
      });
      expect(JSON.stringify([...listed, ...admins])).not.toMatch(/tokenHash|hq_/);
    });

    it('resolves nothing for a malformed, unknown or missing token', async () => {
      // Act
      const results = await Promise.all([
        resolvePrincipal('not a token'),
        resolvePrincipal(`hq_${'A'.repeat(43)}`),
        resolvePrincipal(''),
      ]);
      // Assess
      expect(results).toEqual([undefined, undefined, undefined]);
    });
  });

  describe('seedDemoDistrict', () => {
    it('seeds a district of about twenty mixed schools with an admin, an official and one token per school', async () => {
      // Prepare
      const districtId = newDistrictId();
      // Act
      const seed = await seedDemoDistrict({ districtId, now: new Date('2026-09-01T00:00:00Z') });
      // Assess
      expect(Object.keys(seed)).toEqual(['tokens']);
      expect(Object.keys(seed.tokens)).toEqual(['admin', 'official', 'schools']);
      expect(await getDistrict(districtId)).toMatchObject({
        name: '华蓥市教育局',
        timezone: 'Asia/Shanghai',
        locale: 'zh-CN',
        officialEmails: [expect.any(String), expect.any(String)],
      });
      const schools = await listSchools(districtId);
      expect(schools).toHaveLength(DEMO_SCHOOLS.length);
      expect(schools.length).toBeGreaterThanOrEqual(18);
      expect(new Set(schools.map((s) => s.kind))).toEqual(
        new Set(['primary', 'middle', 'nine-year', 'vocational', 'kindergarten']),
      );
      expect(schools.filter((s) => !s.hasCanteen).length).toBeGreaterThanOrEqual(2);
      expect(schools.filter((s) => s.boarding).length).toBeGreaterThanOrEqual(3);
      expect(schools.every((s) => s.registeredOn === '2026-09-01')).toBe(true);

      expect(await resolvePrincipal(seed.tokens.admin)).toMatchObject({ role: 'admin' });
      expect(await resolvePrincipal(seed.tokens.official)).toMatchObject({ role: 'official', districtId });
      expect(seed.tokens.schools.map((s) => s.schoolId).sort()).toEqual(schools.map((s) => s.schoolId).sort());
      for (const { schoolId, name, token } of seed.tokens.schools) {
        expect(Object.keys(seed.tokens.schools[0]!)).toEqual(['schoolId', 'name', 'token']);
        expect(name).toBe(schools.find((s) => s.schoolId === schoolId)?.name);
        expect(await resolvePrincipal(token)).toMatchObject({ role: 'school', districtId, schoolId });
      }
    });

    it('refuses to seed the same district twice and writes nothing the second time', async () => {
      // Prepare
      const districtId = newDistrictId();
      await seedDemoDistrict({ districtId });
      const tokensBefore = await listTokens(districtId);
      // Act
      const error = await seedDemoDistrict({ districtId }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      // Assess
      expect(error).toBeInstanceOf(DemoDistrictExistsError);
      expect(await listTokens(districtId)).toEqual(tokensBefore);
      expect(await listSchools(districtId)).toHaveLength(DEMO_SCHOOLS.length);
    });
  });
});
