import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Principal } from '../../shared/auth/principal';
import { HazardEntity } from '../../shared/db/entities';
import { AppError } from '../../shared/errors';
import { rectifyHazard, verifyHazard } from '../../shared/hazards/lifecycle';
import { loadReportInput, type LoadedReportInput, type PhotoRequest } from '../../shared/reports/load';
import type { ReportPhoto } from '../../shared/reports/input';
import { rollUpDistrictMonth } from '../../shared/reports/rollup';
import type { DistrictReport } from '../../shared/reports/types';
import { recordSubmission } from '../../shared/submissions/record-submission';
import { submissionInput } from '../../shared/submissions/submission-request';
import { createTestDistrict } from '../support/directory-fixtures';
import { storeTargetsAsIs } from '../support/targets';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * A small month recorded through the real submission path (record, correct, rectify, verify),
 * then loaded from DynamoDB Local with a page size of 2 and rolled up. Every item that exists is
 * read exactly once; an old verified hazard outside the range is not read at all.
 */

const MONTH = '2026-03';
/** Beijing noon on a day of the month, as a UTC instant. */
const at = (date: string, hour = 12) => new Date(`${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`);

type FormId = keyof typeof allValidAnswers;
type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
type OfficialPrincipal = Extract<Principal, { role: 'official' }>;

let counter = 0;

async function record(
  principal: Principal,
  formType: FormId,
  date: string,
  answers: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
  now = at(date),
) {
  counter += 1;
  const submissionId = `it-report-${counter}`;
  const body = {
    submissionId,
    formType,
    date,
    answers: { ...(allValidAnswers[formType] as Record<string, unknown>), ...answers },
    ...extra,
  };
  const outcome = await recordSubmission(submissionInput(body), principal as SchoolPrincipal, now);
  return {
    submissionId,
    hazards: (outcome.body as { hazards: { hazardId: string }[] }).hazards.map((hazard) => hazard.hazardId),
  };
}

describe('loadReportInput and the rollup (against DynamoDB Local)', () => {
  let districtId: string;
  let loaded: LoadedReportInput;
  let report: DistrictReport;
  let photoRequests: PhotoRequest[];
  const written = { submissions: 0, previousYear: 0, hazards: 0 };

  beforeAll(async () => {
    const district = await createTestDistrict([
      { schoolId: 's1', hasCanteen: true, boarding: false },
      { schoolId: 's2', hasCanteen: false, boarding: true },
      { schoolId: 's3', hasCanteen: false, boarding: false },
    ]);
    districtId = district.districtId;
    const [s1, s2] = [district.schoolPrincipal('s1'), district.schoolPrincipal('s2')];
    const official = district.official as OfficialPrincipal;

    // Targets written by hand, bypassing the CLI's validation: the loader keeps only known keys in range.
    await storeTargetsAsIs(districtId, {
      electricityReductionPercent: 15,
      insuranceRate: 1,
      unknownTarget: 3,
      complianceRate: 95,
    });

    // The same month a year earlier: two energy readings (recorded then, so within the date window).
    await record(s1, 'energy-meter', '2025-03-31', { electricityKwh: 1000, waterM3: 100 }, {}, at('2025-04-01'));
    await record(s2, 'energy-meter', '2025-03-31', { electricityKwh: 500, waterM3: 50 }, {}, at('2025-04-01'));
    written.previousYear = 2;

    // This month. s1: three canteen checks, the second without samples (one hazard), then corrected.
    await record(s1, 'canteen-daily', '2026-03-02');
    const noSample = await record(s1, 'canteen-daily', '2026-03-03', {
      sampleKept: false,
      sampleGramsPerDish: undefined,
      sampleHours: undefined,
    });
    await record(s1, 'canteen-daily', '2026-03-03', { mealsServed: 1000 }, { supersedes: noSample.submissionId });
    await record(s1, 'energy-meter', '2026-03-31', { electricityKwh: 850, waterM3: 95 }, {}, at('2026-04-01'));
    // s2: a patrol, an energy reading and a hazard report; a work-study whose total does not add up.
    await record(s2, 'dormitory-patrol', '2026-03-02');
    await record(s2, 'energy-meter', '2026-03-31', { electricityKwh: 500, waterM3: 50 }, {}, at('2026-04-01'));
    const reported = await record(s2, 'hazard-report', '2026-03-10');
    await record(s2, 'work-study', '2026-03-31', { totalAreaMu: 90 }, {}, at('2026-04-01'));
    written.submissions = 8;
    written.hazards = noSample.hazards.length + reported.hazards.length;

    // The hazard report is rectified in March and verified in April; the missing sample stays open.
    await rectifyHazard(
      s2 as SchoolPrincipal,
      reported.hazards[0],
      { note: '已更换插座面板' },
      'zh-CN',
      at('2026-03-12'),
    );
    await verifyHazard(official, reported.hazards[0], { accepted: true }, 'zh-CN', at('2026-04-03'));

    // A hazard verified long ago, due two years before the month: outside what the loader reads.
    await HazardEntity.build(PutItemCommand)
      .item({
        districtId,
        hazardId: 'hz-ancient',
        schoolId: 's3',
        submissionId: 'old',
        formType: 'hazard-report',
        ruleId: 'reported',
        severity: 'low',
        category: 'other',
        title: { zh: '旧隐患', en: 'Old hazard' },
        status: 'verified',
        foundOn: '2024-02-01',
        dueDate: '2024-03-02',
        raisedAt: '2024-02-01T04:00:00.000Z',
        history: [{ action: 'raised', status: 'open', at: '2024-02-01T04:00:00.000Z', by: 'tok' }],
        schemaVersion: 1,
      })
      .send();

    photoRequests = [];
    const photos: ReportPhoto[] = [
      {
        photoId: 'p1',
        schoolId: 's2',
        status: 'verified',
        verifiedAt: '2026-03-12T05:00:00.000Z',
        owner: { kind: 'hazard', id: reported.hazards[0] as string },
      },
    ];
    loaded = await loadReportInput(districtId, MONTH, {
      pageSize: 2,
      now: at('2026-04-10'),
      loadPhotos: async (request) => {
        photoRequests.push(request);
        return photos;
      },
    });
    report = rollUpDistrictMonth(loaded.input);
    // Some fifteen writes and transactions in turn: generous for a busy machine.
  }, 60_000);

  it('reads every item that exists exactly once, page by page', () => {
    // Assess
    const { input, reads } = loaded;
    const expected = 1 + 3 + written.submissions + written.previousYear + written.hazards;
    expect(reads.items).toBe(expected);
    expect(reads.byRequest).toMatchObject({
      district: { items: 1, pages: 1 },
      schools: { items: 3 },
      submissions: { items: written.submissions },
      previousYearSubmissions: { items: written.previousYear },
    });
    expect(reads.byRequest.submissions?.pages).toBeGreaterThanOrEqual(Math.ceil(written.submissions / 2));
    expect(new Set(input.submissions.map((s) => s.submissionId)).size).toBe(input.submissions.length);
    expect(new Set(input.hazards.map((h) => h.hazardId)).size).toBe(written.hazards);
    expect(input.hazards.map((h) => h.hazardId)).not.toContain('hz-ancient');
  });

  it('reads the district’s known numeric targets and ignores the rest', () => {
    // Assess
    expect(loaded.input.district).toMatchObject({ districtId, timezone: 'Asia/Shanghai', locale: 'zh-CN' });
    expect(loaded.input.district.targets).toEqual({ electricityReductionPercent: 15, insuranceRate: 1 });
  });

  it('asks the plugged-in photo query for the month and passes its photos on', () => {
    // Assess
    expect(photoRequests).toEqual([
      {
        districtId,
        timezone: 'Asia/Shanghai',
        span: expect.objectContaining({ month: MONTH, end: '2026-03-31T16:00:00.000Z' }),
      },
    ]);
    expect(report.sections.photosDataQuality.photos.archived).toBe(1);
  });

  it('rolls the loaded month up: sources, schools reporting and the corrected check counted once', () => {
    // Assess
    expect(report.sources.submissions).toEqual({ stored: 8, current: 7, superseded: 1, outsideRoster: 0 });
    expect(report.sections.compliance).toMatchObject({
      schoolsRegistered: 3,
      schoolsReporting: 2,
      notReporting: [{ schoolId: 's3' }],
    });
    expect(report.sections.canteen.checks.current).toBe(2);
    expect(report.sections.canteen.sampleRetention).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(report.sections.canteen.mealsServed.current).toBe(1260 + 1000);
  });

  it('gives the hazards their state at month end, not today’s', () => {
    // Assess
    const { hazards } = report.sections;
    expect(hazards.found.total).toBe(2);
    expect(hazards.awaitingVerificationAtMonthEnd).toBe(1);
    expect(hazards.openAtMonthEnd.total).toBe(1);
    expect(hazards.verifiedThisMonth).toBe(0);
    expect(hazards.overdue.map((line) => [line.schoolId, line.daysOverdue])).toEqual([['s1', 26]]);
  });

  it('compares energy with the same month a year earlier and with the target', () => {
    // Assess
    const { energy } = report.sections;
    expect(energy.electricityKwh).toEqual({ current: 1350, previousYear: 1500, changePercent: -10 });
    expect(energy.targets.electricityReductionPercent).toEqual({
      direction: 'atLeast',
      target: 15,
      actual: 10,
      met: false,
    });
  });

  it('notes the total that does not add up, flagged on the way in', () => {
    // Assess
    expect(report.sections.greeningWorkStudy.workStudy.totalsNotAddingUp).toBe(1);
    expect(report.sections.photosDataQuality.dataQuality.notes).toContainEqual(
      expect.objectContaining({
        kind: 'quality-flag',
        schoolId: 's2',
        formType: 'work-study',
        code: 'total-differs-from-parts',
      }),
    );
  });

  it('refuses an unknown district and a malformed month', async () => {
    // Act / Assess
    await expect(loadReportInput('it-no-such-district', MONTH)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadReportInput(districtId, '2026-13')).rejects.toBeInstanceOf(AppError);
  });
});
