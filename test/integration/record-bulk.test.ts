import { randomUUID } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Principal } from '../../shared/auth/principal';
import { addDays, localDate, monthOf, shiftMonth } from '../../shared/time';
import { getDocumentClient } from '../../shared/clients';
import { DistrictEntity, HazardEntity, SubmissionEntity } from '../../shared/db/entities';
import { AppError } from '../../shared/errors';
import {
  loadSchoolContext,
  recordSubmission,
  recordSubmissionInContext,
  type RecordOutcome,
} from '../../shared/submissions/record-submission';
import { submissionInput } from '../../shared/submissions/submission-request';
import { createTestDistrict } from '../support/directory-fixtures';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * The demo seeder records through recordSubmissionInContext, with each school's context loaded
 * once. Each test sends the same submission through it and through recordSubmission (the HTTP
 * path), each into a district of its own set up alike, and compares what they answer and store.
 */

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
type Outcome = { outcome: RecordOutcome } | { refused: { code: string; details: unknown } };

const NOW = new Date();
const today = localDate('Asia/Shanghai', NOW);
const DUE_DAYS = { critical: 1, high: 5, medium: 10, low: 20 };
const SCHOOLS = [
  { schoolId: 's-canteen', hasCanteen: true, boarding: false },
  { schoolId: 's-day', hasCanteen: false, boarding: false },
];

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function settle(record: () => Promise<RecordOutcome>): Promise<Outcome> {
  try {
    return { outcome: await record() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { refused: { code: error.code, details: error.details ?? null } };
  }
}

describe('recordSubmissionInContext (against DynamoDB Local)', () => {
  let http: Awaited<ReturnType<typeof createTestDistrict>>;
  let bulk: Awaited<ReturnType<typeof createTestDistrict>>;

  beforeAll(async () => {
    [http, bulk] = [await createTestDistrict(SCHOOLS), await createTestDistrict(SCHOOLS)];
    // The district's own days to rectify: the context carries them, the hazards' due dates show them.
    for (const { districtId } of [http, bulk])
      await DistrictEntity.build(UpdateItemCommand)
        .item({ districtId, hazardDueDays: $set(DUE_DAYS) })
        .send();
  });

  afterEach(() => jest.restoreAllMocks());

  const principal = (district: typeof http, schoolId: string) => district.schoolPrincipal(schoolId) as SchoolPrincipal;

  /** The same body through both paths, each into its own district. */
  async function throughBoth(schoolId: string, body: Record<string, unknown>, now: Date = NOW) {
    const viaHttp = await settle(() => recordSubmission(submissionInput(copy(body)), principal(http, schoolId), now));
    const context = await loadSchoolContext(principal(bulk, schoolId));
    const viaBulk = await settle(() =>
      recordSubmissionInContext(submissionInput(copy(body)), principal(bulk, schoolId), context, now),
    );
    return { viaHttp, viaBulk };
  }

  /** A submission as stored, with its hazards, its district's id and the toolbox's clock timestamps left out. */
  async function stored(district: typeof http, schoolId: string, submissionId: string) {
    const { Item: submission } = await SubmissionEntity.build(GetItemCommand)
      .key({ districtId: district.districtId, schoolId, submissionId })
      .options({ consistent: true })
      .send();
    const hazards = await Promise.all(
      (submission?.hazardIds ?? []).map(
        async (hazardId) =>
          (
            await HazardEntity.build(GetItemCommand)
              .key({ districtId: district.districtId, hazardId })
              .options({ consistent: true })
              .send()
          ).Item,
      ),
    );
    return comparable({ submission, hazards }, district.districtId);
  }

  /** Ids that differ by district (the district's own and the hazard ids derived from it) as placeholders. */
  function comparable(value: unknown, districtId: string): unknown {
    const text = JSON.stringify(value, (key, v: unknown) =>
      key === 'createdAt' || key === 'updatedAt' ? undefined : v,
    );
    return JSON.parse(text.replaceAll(districtId, '<district>').replace(/hz_[0-9a-f]{24}/g, 'hz_<id>'));
  }

  it('stores the same submission and hazards through both paths, due dates from the district’s days to rectify', async () => {
    // Prepare
    const body = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: { ...allValidAnswers['hazard-report'], severity: 'high', category: 'electrical' },
    };
    // Act
    const { viaHttp, viaBulk } = await throughBoth('s-canteen', body);
    // Assess
    expect(viaBulk).toMatchObject({ outcome: { kind: 'created' } });
    expect(comparable(viaBulk, bulk.districtId)).toEqual(comparable(viaHttp, http.districtId));
    const [fromHttp, fromBulk] = [
      await stored(http, 's-canteen', body.submissionId),
      await stored(bulk, 's-canteen', body.submissionId),
    ];
    expect(fromBulk).toEqual(fromHttp);
    expect(fromBulk).toMatchObject({ hazards: [{ severity: 'high', dueDate: addDays(today, DUE_DAYS.high) }] });
  });

  it('flags the same meter outlier against the school’s own history through both paths', async () => {
    // Prepare: three ordinary monthly readings, then one ten times as high.
    const reading = (monthsAgo: number, electricityKwh: number) => ({
      submissionId: randomUUID(),
      formType: 'energy-meter',
      date: monthsAgo === 0 ? today : `${shiftMonth(monthOf(today), -monthsAgo)}-15`,
      answers: { ...allValidAnswers['energy-meter'], electricityKwh },
    });
    for (const monthsAgo of [3, 2, 1]) await throughBoth('s-canteen', reading(monthsAgo, 18_000 + monthsAgo));
    const outlier = reading(0, 180_000);
    // Act
    const { viaHttp, viaBulk } = await throughBoth('s-canteen', outlier);
    // Assess
    expect(comparable(viaBulk, bulk.districtId)).toEqual(comparable(viaHttp, http.districtId));
    const [fromHttp, fromBulk] = [
      await stored(http, 's-canteen', outlier.submissionId),
      await stored(bulk, 's-canteen', outlier.submissionId),
    ];
    expect(fromBulk).toEqual(fromHttp);
    expect(fromBulk).toMatchObject({
      submission: { qualityFlags: [{ code: 'meter-reading-outlier', details: { historyCount: 3 } }] },
    });
  });

  it('stores the same correction through both paths and marks the submission it corrects', async () => {
    // Prepare
    const original = {
      submissionId: randomUUID(),
      formType: 'canteen-daily',
      date: today,
      answers: allValidAnswers['canteen-daily'],
    };
    await throughBoth('s-canteen', original);
    const correction = {
      ...original,
      submissionId: randomUUID(),
      supersedes: original.submissionId,
      note: '留样记录补正',
    };
    // Act
    const { viaHttp, viaBulk } = await throughBoth('s-canteen', correction);
    // Assess
    expect(viaBulk).toMatchObject({ outcome: { kind: 'created' } });
    expect(comparable(viaBulk, bulk.districtId)).toEqual(comparable(viaHttp, http.districtId));
    expect(await stored(bulk, 's-canteen', correction.submissionId)).toEqual(
      await stored(http, 's-canteen', correction.submissionId),
    );
    expect(await stored(bulk, 's-canteen', original.submissionId)).toEqual(
      await stored(http, 's-canteen', original.submissionId),
    );
    expect(await stored(bulk, 's-canteen', original.submissionId)).toMatchObject({
      submission: { supersededBy: correction.submissionId },
    });
  });

  it.each([
    [
      'a form that does not apply to the school',
      's-day',
      { formType: 'canteen-daily', answers: allValidAnswers['canteen-daily'] },
    ],
    ['a date in the future', 's-canteen', { date: addDays(today, 1) }],
    [
      'answers the form refuses',
      's-canteen',
      { answers: { ...allValidAnswers['hazard-report'], severity: 'catastrophic' } },
    ],
    ['a correction of a submission that does not exist', 's-canteen', { supersedes: randomUUID() }],
    ['an unknown form type', 's-canteen', { formType: 'no-such-form' }],
  ])('refuses %s as the HTTP path does, storing nothing', async (_case, schoolId, overrides) => {
    // Prepare
    const body = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: allValidAnswers['hazard-report'],
      ...overrides,
    };
    // Act
    const { viaHttp, viaBulk } = await throughBoth(schoolId, body);
    // Assess
    expect(viaHttp).toMatchObject({ refused: { code: expect.any(String) } });
    expect(viaBulk).toEqual(viaHttp);
    expect(await stored(bulk, schoolId, body.submissionId)).toEqual({ hazards: [] });
  });

  it('answers an identical replay as replayed with the first response, and refuses another body under the same id', async () => {
    // Prepare
    const body = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: { ...allValidAnswers['hazard-report'], severity: 'medium' },
    };
    const school = principal(bulk, 's-canteen');
    const context = await loadSchoolContext(school);
    const first = await recordSubmissionInContext(submissionInput(copy(body)), school, context, NOW);
    // Act
    const replay = await recordSubmissionInContext(
      submissionInput(copy(body)),
      school,
      context,
      new Date(NOW.getTime() + 60_000),
    );
    const other = await settle(() =>
      recordSubmissionInContext(submissionInput({ ...copy(body), note: '另一份' }), school, context, NOW),
    );
    // Assess
    expect(first.kind).toBe('created');
    expect(replay).toEqual({ kind: 'replayed', body: first.body });
    expect(other).toMatchObject({ refused: { code: 'SUBMISSION_CONFLICT' } });
  });

  it('costs one DynamoDB request per submission that needs neither history nor a correction', async () => {
    // Prepare
    const school = principal(bulk, 's-canteen');
    const context = await loadSchoolContext(school);
    const send = jest.spyOn(getDocumentClient(), 'send');
    const body = () => ({
      submissionId: randomUUID(),
      formType: 'canteen-daily',
      date: today,
      answers: allValidAnswers['canteen-daily'],
    });
    // Act
    for (let i = 0; i < 3; i += 1) await recordSubmissionInContext(submissionInput(body()), school, context, NOW);
    // Assess
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual([
      'TransactWriteCommand',
      'TransactWriteCommand',
      'TransactWriteCommand',
    ]);
  });

  it('refuses a context loaded for another school, before anything is read or written', async () => {
    // Prepare
    const context = await loadSchoolContext(principal(bulk, 's-day'));
    const send = jest.spyOn(getDocumentClient(), 'send');
    const body = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: allValidAnswers['hazard-report'],
    };
    // Act
    const recording = recordSubmissionInContext(submissionInput(body), principal(bulk, 's-canteen'), context, NOW);
    // Assess
    await expect(recording).rejects.toThrow(/context of school .*\/s-day was passed for .*\/s-canteen/);
    expect(send).not.toHaveBeenCalled();
  });

  it('loads no context for a school that is not registered', async () => {
    // Act
    const loading = loadSchoolContext({
      role: 'school',
      tokenId: 'tok_gone',
      districtId: bulk.districtId,
      schoolId: 's-gone',
    });
    // Assess
    await expect(loading).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
