import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { handler as getCompliance } from '../../functions/get-compliance/handler';
import type { Principal } from '../../shared/auth/principal';
import { localDate, monthOf, shiftMonth } from '../../shared/time';
import { nationalCalendarKnown } from '../../shared/calendar/national';
import { schoolDays } from '../../shared/calendar/school-calendar';
import { loadDistrictMonth } from '../../shared/compliance/load';
import { DistrictEntity, SchoolEntity, SubmissionEntity } from '../../shared/db/entities';
import type { ApiResponse } from '../../shared/http/api-handler';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { submissionToStore } from '../support/submissions';

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

async function get(principal: Principal | null, options: ApiEventOptions = {}) {
  const response = await (getCompliance as Handler)(
    apiEvent('get-compliance', { principal, ...options }),
    lambdaContext('get-compliance'),
  );
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

interface FormRow {
  formType: string;
  expected: number;
  submitted: number;
  rate: number | null;
}
interface SchoolRow extends FormRow {
  schoolId: string;
  name: string;
  forms: FormRow[];
}

const MONTH = '2026-10';
/** The district takes 15 October off: October 2026 then has 17 school days. */
const CALENDAR = { terms: [], extraHolidays: ['2026-10-15'], extraSchoolDays: [] };
const DAYS = schoolDays(MONTH, CALENDAR);

/** Writes a stored submission straight through the entity (quicker than the POST route). */
async function putSubmission(
  districtId: string,
  schoolId: string,
  formType: string,
  date: string,
  supersededBy?: string,
) {
  const submission = submissionToStore(districtId, schoolId, formType, date, {
    month: monthOf(date),
    receivedAt: `${date}T12:00:00.000Z`,
    bodyHash: '0'.repeat(64),
  });
  await SubmissionEntity.build(PutItemCommand)
    .item({ ...submission, ...(supersededBy ? { supersededBy } : {}), schemaVersion: 1 })
    .send();
  return submission.submissionId;
}

describe('GET /v1/compliance (handler against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let written = 0;

  beforeAll(async () => {
    district = await createTestDistrict([
      { schoolId: 's-canteen', hasCanteen: true, boarding: false },
      { schoolId: 's-boarding', hasCanteen: false, boarding: true },
    ]);
    const { districtId } = district;
    await DistrictEntity.build(UpdateItemCommand)
      .item({ districtId, complianceThreshold: 0.8, calendar: $set(CALENDAR) })
      .send();
    // A school registered mid-month, on Tuesday 20 October.
    await SchoolEntity.build(PutItemCommand)
      .item({
        districtId,
        schoolId: 's-new',
        name: '新建学校',
        kind: 'primary',
        students: 300,
        staff: 20,
        hasCanteen: true,
        boarding: false,
        registeredOn: '2026-10-20',
      })
      .send();

    const puts: Promise<string>[] = [];
    const put = (schoolId: string, formType: string, date: string, supersededBy?: string) => {
      written += 1;
      puts.push(putSubmission(districtId, schoolId, formType, date, supersededBy));
    };
    // s-canteen: every school day but the 19th, the 20th twice; its check of the 19th was
    // corrected to the 20th (superseded, so the 19th stays missed); a check on the holiday.
    for (const date of DAYS.filter((d) => d !== '2026-10-19')) put('s-canteen', 'canteen-daily', date);
    put('s-canteen', 'canteen-daily', '2026-10-20');
    put('s-canteen', 'canteen-daily', '2026-10-19', 'a-correction');
    put('s-canteen', 'canteen-daily', '2026-10-15');
    // s-boarding: patrols on the first 8 school nights, and two hazard reports.
    for (const date of DAYS.slice(0, 8)) put('s-boarding', 'dormitory-patrol', date);
    put('s-boarding', 'hazard-report', '2026-10-09');
    put('s-boarding', 'hazard-report', '2026-10-21');
    // Other months do not count.
    put('s-canteen', 'canteen-daily', '2026-09-30');
    await Promise.all(puts);

    // Another district with the same school ids: none of it may show.
    const other = await createTestDistrict([{ schoolId: 's-canteen', hasCanteen: true, boarding: false }]);
    await putSubmission(other.districtId, 's-canteen', 'canteen-daily', '2026-10-19');
  });

  it('gives an official every school of the district with expected and submitted per form type', async () => {
    // Act
    const response = await get(district.official, { query: { month: MONTH } });
    // Assess
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body).toMatchObject({ month: MONTH, schoolDays: 17, threshold: 0.8 });
    const schools = body.schools as SchoolRow[];
    expect(schools.map((s) => s.schoolId)).toEqual(['s-boarding', 's-canteen', 's-new']);
    const row = (schoolId: string, formType: string) =>
      schools.find((s) => s.schoolId === schoolId)?.forms.find((f) => f.formType === formType);
    expect(row('s-canteen', 'canteen-daily')).toEqual({
      formType: 'canteen-daily',
      expected: 17,
      submitted: 16,
      rate: 0.9412,
    });
    expect(row('s-boarding', 'canteen-daily')).toBeUndefined();
    expect(row('s-boarding', 'dormitory-patrol')).toEqual({
      formType: 'dormitory-patrol',
      expected: 17,
      submitted: 8,
      rate: 0.4706,
    });
    expect(row('s-boarding', 'hazard-report')).toEqual({
      formType: 'hazard-report',
      expected: 0,
      submitted: 2,
      rate: null,
    });
    // Registered on the 20th: 20–23 and 26–30 October.
    expect(row('s-new', 'canteen-daily')).toEqual({ formType: 'canteen-daily', expected: 9, submitted: 0, rate: 0 });
  });

  it("sums the schools into the district's figures and lists those under its threshold, worst first", async () => {
    // Act
    const { body } = await get(district.official, { query: { month: MONTH } });
    // Assess
    const schools = body.schools as SchoolRow[];
    for (const school of schools) {
      // Event forms are never expected, and what they received is left out of the school's figures.
      const due = school.forms.filter((f) => f.expected > 0);
      expect(school.expected).toBe(due.reduce((sum, f) => sum + f.expected, 0));
      expect(school.submitted).toBe(due.reduce((sum, f) => sum + f.submitted, 0));
    }
    expect(body.district.expected).toBe(schools.reduce((sum, s) => sum + s.expected, 0));
    expect(body.district.submitted).toBe(schools.reduce((sum, s) => sum + s.submitted, 0));
    const below = body.belowThreshold as { schoolId: string; rate: number }[];
    expect(below.map((s) => s.schoolId)).toEqual(expect.arrayContaining(['s-new', 's-boarding']));
    expect(below[0]).toEqual({ schoolId: 's-new', name: '新建学校', rate: 0 });
    expect(below.map((s) => s.rate)).toEqual([...below.map((s) => s.rate)].sort((a, b) => a - b));
    expect(body.byFormType.find((f: FormRow) => f.formType === 'canteen-daily')).toEqual({
      formType: 'canteen-daily',
      cadence: 'school-day',
      expected: 26,
      submitted: 16,
      rate: 0.6154,
    });
    expect(JSON.stringify(body)).not.toMatch(/"(pk|sk|gsi\dpk|gsi\dsk|entity|received|supersededBy)"/);
  });

  it('gives a school only its own row, with nothing summed over the district', async () => {
    // Act
    const mine = await get(district.schoolPrincipal('s-canteen'), { query: { month: MONTH } });
    const official = await get(district.official, { query: { month: MONTH } });
    // Assess
    expect(mine.status).toBe(200);
    expect(Object.keys(mine.body).sort()).toEqual([
      'asOf',
      'complete',
      'month',
      'schoolDays',
      'schoolDaysToDate',
      'schools',
      'threshold',
      'warnings',
    ]);
    expect(mine.body.schools).toHaveLength(1);
    expect(mine.body.schools[0]).toEqual(official.body.schools.find((s: SchoolRow) => s.schoolId === 's-canteen'));
  });

  it('reads every page of the month', async () => {
    // Act: pages of 5 items.
    const paged = await loadDistrictMonth(district.districtId, MONTH, { pageSize: 5 });
    // Assess: every October submission, the one of September and the other district's left out.
    expect(paged.submissions).toHaveLength(written - 1);
    expect(paged.schools.map((s) => s.schoolId)).toEqual(['s-boarding', 's-canteen', 's-new']);
    expect(paged.district.calendar?.extraHolidays).toEqual(['2026-10-15']);
  });

  it('defaults to the current month in the district timezone', async () => {
    // Act
    const response = await get(district.official, { query: {} });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.month).toBe(monthOf(localDate('Asia/Shanghai')));
  });

  it('returns 400 naming the field for a bad month, in Chinese or English', async () => {
    // Act
    const zh = await get(district.official, { query: { month: '2026-13' } });
    const en = await get(district.schoolPrincipal('s-canteen'), {
      query: { month: 'October' },
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.details).toEqual([
      expect.objectContaining({ field: 'month', reason: '应为月份，格式 YYYY-MM' }),
    ]);
    expect(en.status).toBe(400);
    expect(en.body.error.details).toEqual([
      expect.objectContaining({ field: 'month', reason: 'Expected a month written YYYY-MM' }),
    ]);
  });

  it('counts the current month as of today: a school registered today with its first check is not below the threshold', async () => {
    // Prepare: registered today (district time) with today's canteen check.
    const today = localDate('Asia/Shanghai');
    const fresh = await createTestDistrict([{ schoolId: 's-today', hasCanteen: true, boarding: false }]);
    await SchoolEntity.build(UpdateItemCommand)
      .item({ districtId: fresh.districtId, schoolId: 's-today', registeredOn: today })
      .send();
    await putSubmission(fresh.districtId, 's-today', 'canteen-daily', today);
    // Act
    const response = await get(fresh.official, { query: { month: monthOf(today) } });
    // Assess: today's check is the one thing due so far (nothing at all on a weekend or holiday).
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ month: monthOf(today), asOf: today, complete: false });
    const canteen = response.body.schools[0].forms.find((row: FormRow) => row.formType === 'canteen-daily');
    const schoolDay = schoolDays(monthOf(today)).includes(today);
    expect(canteen).toEqual({
      formType: 'canteen-daily',
      expected: schoolDay ? 1 : 0,
      submitted: schoolDay ? 1 : 0,
      rate: schoolDay ? 1 : null,
    });
    expect(response.body.belowThreshold).toEqual([]);
  });

  it('warns when the month lies in a term of a year with no national holiday data, and not otherwise', async () => {
    // Prepare: 2003 is before the national data begins (the same holds for a year not announced yet).
    expect(nationalCalendarKnown(2003)).toBe(false);
    // Act
    const unknown = await get(district.official, { query: { month: '2003-05' } });
    const unknownEn = await get(district.schoolPrincipal('s-canteen'), {
      query: { month: '2003-05' },
      headers: { 'accept-language': 'en' },
    });
    const known = await get(district.official, { query: { month: MONTH } });
    // Assess
    expect(unknown.status).toBe(200);
    expect(unknown.body.warnings).toEqual([
      expect.objectContaining({
        code: 'NATIONAL_CALENDAR_MISSING',
        year: 2003,
        term: expect.objectContaining({ start: '2003-03-01' }),
        message: expect.stringContaining('系统还没有 2003 年的全国法定节假日和调休数据'),
      }),
    ]);
    expect(unknownEn.body.warnings[0].message).toContain('npm run admin -- calendar national --year 2003');
    expect(known.body.warnings).toEqual([]);
  });

  it('refuses a month that has not begun, naming the field, in Chinese or English', async () => {
    // Prepare
    const next = shiftMonth(monthOf(localDate('Asia/Shanghai')), 1);
    // Act
    const zh = await get(district.official, { query: { month: next } });
    const en = await get(district.schoolPrincipal('s-canteen'), {
      query: { month: next },
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.details).toEqual([
      expect.objectContaining({ field: 'month', label: '月份', reason: expect.stringContaining(`${next} 尚未开始`) }),
    ]);
    expect(en.status).toBe(400);
    expect(en.body.error.details).toEqual([
      expect.objectContaining({ field: 'month', reason: expect.stringContaining(`${next} has not begun yet`) }),
    ]);
  });

  it('refuses a query key it does not know', async () => {
    // Act
    const response = await get(district.schoolPrincipal('s-canteen'), {
      query: { month: MONTH, schoolId: 's-boarding' },
    });
    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'schoolId' })]);
  });

  it('answers 401 without a principal and 403 to an administrator', async () => {
    // Act
    const anonymous = await get(null, { query: { month: MONTH } });
    const admin = await get({ role: 'admin', tokenId: 'tok_admin' }, { query: { month: MONTH } });
    // Assess
    expect(anonymous.status).toBe(401);
    expect(admin.status).toBe(403);
  });

  it('answers 404 to a school that is not registered', async () => {
    // Act
    const response = await get(district.schoolPrincipal('s-unknown'), { query: { month: MONTH } });
    // Assess
    expect(response.status).toBe(404);
  });
});
