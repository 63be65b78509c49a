import {
  ASSUMPTIONS,
  monthlyCost,
  type Assumptions,
  PRICES,
  SERVICES,
  type UnitUsage,
} from '../../../bench/cost-model';
import { benchSchoolMonth, benchSchools, BENCH_MONTH } from '../../../bench/generate-district';

/** Unit usage with round numbers, so the expected figures can be worked out by hand. */
const usage: UnitUsage = {
  submissionsPerSchoolMonth: 100,
  hazardsPerSchoolMonth: 0,
  submission: { writeUnits: 10, readUnits: 2, gbSeconds: 0.05 },
  report: {
    schools: 300,
    readUnits: 30_000,
    writeUnits: 20,
    gbSeconds: 60,
    s3Puts: 2,
    s3PutBytes: 0,
    sesMessages: 3,
    sesBytes: 0,
  },
};

/** Assumptions that switch off everything but the submissions, the reports and their mail. */
const bare: Assumptions = {
  ...ASSUMPTIONS,
  photosPerSchoolMonth: 0,
  readRequestsPerSchoolMonth: 0,
  authorizerMs: 0,
  eventsPerSubmission: 0,
  publisherMs: 0,
  submissionStoredKb: 0,
  logKbPerInvocation: 0,
  scheduledInvocationsPerMonth: 0,
};

describe('monthlyCost', () => {
  it('prices a county’s submissions and report from unit usage and list prices', () => {
    // Prepare
    const shape = { schools: 300, districts: 1 };

    // Act
    const cost = monthlyCost(usage, shape, bare);

    // Assess: 30,000 submissions × 10 WRU + 20 report WRU; 30,000 × 2 + 30,000 RRU.
    const dynamodb =
      (300_020 / 1e6) * PRICES.dynamodb.writeRequestUnitsPerMillion +
      (90_000 / 1e6) * PRICES.dynamodb.readRequestUnitsPerMillion;
    expect(cost.byService.DynamoDB).toBeCloseTo(dynamodb, 10);
    // 30,000 × 0.05 GB-s + 60 GB-s; invocations: 30,000 API calls × 2 (handler, authorizer), 1 report,
    // and a tenth of a publisher invocation for its one ReportProduced event.
    expect(cost.byService.Lambda).toBeCloseTo(
      1560 * PRICES.lambda.gbSecond + (60_001.1 / 1e6) * PRICES.lambda.requestsPerMillion,
      10,
    );
    expect(cost.byService['API Gateway']).toBeCloseTo(0.03 * PRICES.apiGatewayHttpPerMillion, 10);
    expect(cost.byService.SES).toBeCloseTo(0.003 * PRICES.ses.perThousandMessages, 10);
    expect(cost.total).toBeCloseTo(
      SERVICES.reduce((sum, service) => sum + cost.byService[service], 0),
      10,
    );
    expect(cost.perSchool).toBeCloseTo(cost.total / 300, 12);
  });

  it('grows the report’s work with the schools and its mail with the districts', () => {
    // Act
    const county = monthlyCost(usage, { schools: 300, districts: 1 }, bare);
    const province = monthlyCost(usage, { schools: 3000, districts: 10 }, bare);

    // Assess: ten times the schools in ten districts cost ten times as much.
    for (const service of SERVICES) expect(province.byService[service]).toBeCloseTo(10 * county.byService[service], 9);
    expect(province.perSchool).toBeCloseTo(county.perSchool, 12);
  });

  it('spreads the fixed schedules over the schools', () => {
    // Prepare
    const scheduled: Assumptions = { ...bare, scheduledInvocationsPerMonth: 1_000_000 };

    // Act
    const small = monthlyCost(usage, { schools: 300, districts: 1 }, scheduled);
    const large = monthlyCost(usage, { schools: 3000, districts: 10 }, scheduled);

    // Assess
    expect(large.perSchool).toBeLessThan(small.perSchool);
    // A million schedule invocations, and the one ReportProduced event.
    expect(small.byService.EventBridge).toBeCloseTo(
      PRICES.schedulerPerMillion + PRICES.eventBridgePerMillion / 1e6,
      10,
    );
  });
});

describe('benchSchoolMonth', () => {
  it('submits a daily form once a school day and a monthly form once, less the days a school forgets', () => {
    // Prepare
    const schools = benchSchools('unit', 20);

    // Act
    const months = schools.map((school) => ({ school, submissions: benchSchoolMonth('unit', school, BENCH_MONTH) }));

    // Assess: December 2025 has 23 school days; a dutiful school misses about 1 %.
    for (const { school, submissions } of months) {
      const count = (formType: string) => submissions.filter((s) => s.body.formType === formType).length;
      expect(count('health-morning-check')).toBeLessThanOrEqual(23);
      expect(count('health-morning-check')).toBeGreaterThan(10);
      expect(count('electrical-fire')).toBeLessThanOrEqual(1);
      expect(count('security-gate')).toBeLessThanOrEqual(5);
      if (!school.hasCanteen) expect(count('canteen-daily')).toBe(0);
      if (!school.boarding) expect(count('dormitory-patrol')).toBe(0);
      expect(new Set(submissions.map((s) => s.body.submissionId)).size).toBe(submissions.length);
    }
    const total = months.reduce((sum, m) => sum + m.submissions.length, 0);
    expect(total / schools.length).toBeGreaterThan(60);
    expect(total / schools.length).toBeLessThan(130);
  });

  it('plans the same month the same way every time', () => {
    // Prepare
    const [school] = benchSchools('unit', 1);

    // Act
    const once = benchSchoolMonth('unit', school!, BENCH_MONTH);
    const again = benchSchoolMonth('unit', school!, BENCH_MONTH);

    // Assess
    expect(again).toEqual(once);
  });
});
