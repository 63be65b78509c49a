import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { getDocumentClient } from '../../shared/clients';
import { DistrictEntity, HazardEntity, SchoolEntity, SubmissionEntity } from '../../shared/db/entities';
import { hazardKey, submissionKey, type ItemKey } from '../../shared/db/keys';
import { DEFAULT_DUE_DAYS } from '../../shared/directory/district-settings';
import { toNewHazards } from '../../shared/hazards/raise-hazards';
import {
  readDistrictRecord,
  readSchoolFlags,
  readSchoolMonthOfForm,
  readSubmission,
  writeSubmission,
  type HazardToStore,
  type SubmissionToStore,
} from '../../shared/submissions/store';
import { createTestDistrict } from '../support/directory-fixtures';
import { submissionToStore } from '../support/submissions';

/*
 * The submission path reads and writes its items with the bare document client
 * (shared/submissions/store.ts), not through the toolbox entities every other function uses.
 * These tests write the same submission, hazards and correction both ways, each into a district
 * of its own, and compare the stored items attribute for attribute (keys and index keys
 * included); and they read the same items both ways.
 */

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function submission(
  districtId: string,
  submissionId: string,
  overrides: Partial<SubmissionToStore> = {},
): SubmissionToStore {
  return submissionToStore(districtId, 's-one', 'canteen-daily', '2026-11-20', {
    submissionId,
    answers: { ledgerKept: true, staffOnDuty: 12, foodWasteKg: 3.5, notes: ['a', 'b'], nested: { ok: false } },
    responseBody: JSON.stringify({ submission: { submissionId } }),
    ...overrides,
  });
}

function hazards(source: SubmissionToStore): HazardToStore[] {
  return toNewHazards(
    [
      {
        ruleId: 'sample-not-kept',
        severity: 'high',
        category: 'food',
        title: { zh: '未留样', en: 'No food sample kept' },
      },
      {
        ruleId: 'report',
        severity: 'critical',
        category: 'electrical',
        title: { zh: '配电箱漏电', en: 'Leaking switchboard' },
        place: '教学楼二层',
        description: '漏电保护器失灵',
      },
    ],
    source,
    DEFAULT_DUE_DAYS,
  );
}

/** The reference: the same writes through the toolbox entities. */
async function writeWithEntities(sub: SubmissionToStore, raised: HazardToStore[]): Promise<void> {
  await execute(
    SubmissionEntity.build(PutTransaction)
      .item(sub)
      .options({ condition: { attr: 'submissionId', exists: false } }),
    ...raised.map((hazard) =>
      HazardEntity.build(PutTransaction)
        .item(hazard)
        .options({ condition: { attr: 'hazardId', exists: false } }),
    ),
    ...(sub.supersedes
      ? [
          SubmissionEntity.build(UpdateTransaction)
            .item({
              districtId: sub.districtId,
              schoolId: sub.schoolId,
              submissionId: sub.supersedes,
              supersededBy: sub.submissionId,
            })
            .options({
              condition: {
                and: [
                  { attr: 'submissionId', exists: true },
                  { attr: 'supersededBy', exists: false },
                ],
              },
            }),
        ]
      : []),
  );
}

/**
 * An item exactly as stored (every attribute), with its district's id and the hazard ids derived
 * from it as placeholders, and its clock timestamps checked, then left out.
 */
async function rawItem(key: ItemKey, districtId: string): Promise<unknown> {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: key, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { createdAt, updatedAt, ...rest } = Item;
  expect(createdAt).toMatch(ISO);
  expect(updatedAt).toMatch(ISO);
  return JSON.parse(
    JSON.stringify(rest)
      .replaceAll(districtId, '<district>')
      .replace(/hz_[0-9a-f]{24}/g, 'hz_<id>'),
  );
}

describe('the submission store (bare document client) against the toolbox entities, on DynamoDB Local', () => {
  let lean: Awaited<ReturnType<typeof createTestDistrict>>;
  let entities: Awaited<ReturnType<typeof createTestDistrict>>;

  beforeAll(async () => {
    const schools = [{ schoolId: 's-one', hasCanteen: true, boarding: true }];
    [lean, entities] = [await createTestDistrict(schools), await createTestDistrict(schools)];
  });

  it('stores a submission with its hazards exactly as the entities do', async () => {
    // Prepare
    const submissionId = randomUUID();
    const [viaStore, viaEntities] = [lean, entities].map(({ districtId }) => {
      const sub = submission(districtId, submissionId, {
        note: '补充说明',
        qualityFlags: [
          {
            code: 'meter-reading-outlier',
            field: 'electricityKwh',
            message: { zh: '读数异常', en: 'Unusual reading' },
            details: { historyCount: 3 },
          },
        ],
      });
      const raised = hazards(sub);
      return { districtId, sub: { ...sub, hazardIds: raised.map((h) => h.hazardId) }, raised };
    });
    // Act
    await writeSubmission(viaStore!.sub, viaStore!.raised);
    await writeWithEntities(viaEntities!.sub, viaEntities!.raised);
    // Assess
    const stored = async ({ districtId, sub, raised }: typeof viaStore & object) => ({
      submission: await rawItem(submissionKey(sub), districtId),
      hazards: await Promise.all(raised.map((hazard) => rawItem(hazardKey(hazard), districtId))),
    });
    const [fromStore, fromEntities] = [await stored(viaStore!), await stored(viaEntities!)];
    expect(fromStore).toEqual(fromEntities);
    // Not two empty results compared: both carry every key and index key.
    expect(fromStore).toMatchObject({
      submission: {
        pk: `SUB#<district>#s-one#${submissionId}`,
        sk: 'SUB',
        entity: 'Submission',
        schemaVersion: 1,
        gsi1pk: 'SCHOOL#<district>#s-one#MONTH#2026-11',
        gsi3sk: 's-one',
      },
      hazards: [
        { entity: 'Hazard', status: 'open', gsi2pk: 'DISTRICT#<district>#HAZARDS#open', gsi3pk: 'HAZARDS#OPEN' },
        {
          entity: 'Hazard',
          severity: 'critical',
          place: '教学楼二层',
          gsi3sk: expect.stringMatching(/^2026-11-21#<district>#hz_/),
        },
      ],
    });
  });

  it('marks the corrected submission exactly as the entities do, once', async () => {
    // Prepare: an original in each district, then its correction.
    const [originalId, correctionId] = [randomUUID(), randomUUID()];
    for (const { districtId } of [lean, entities])
      await SubmissionEntity.build(PutItemCommand).item(submission(districtId, originalId)).send();
    const correction = (districtId: string) =>
      submission(districtId, correctionId, { supersedes: originalId, note: '更正' });
    // Act
    await writeSubmission(correction(lean.districtId), []);
    await writeWithEntities(correction(entities.districtId), []);
    // Assess
    for (const submissionId of [originalId, correctionId]) {
      const [fromStore, fromEntities] = await Promise.all(
        [lean, entities].map(({ districtId }) =>
          rawItem(submissionKey({ districtId, schoolId: 's-one', submissionId }), districtId),
        ),
      );
      expect(fromStore).toEqual(fromEntities);
    }
    expect(
      await rawItem(
        submissionKey({ districtId: lean.districtId, schoolId: 's-one', submissionId: originalId }),
        lean.districtId,
      ),
    ).toMatchObject({ supersededBy: correctionId });
    // A second correction of the same submission: its mark's condition fails, so nothing is written.
    const second = submission(lean.districtId, randomUUID(), { supersedes: originalId });
    await expect(writeSubmission(second, [])).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(await rawItem(submissionKey(second), lean.districtId)).toBeUndefined();
  });

  it('refuses a submission or hazard that exists, writing nothing of the transaction', async () => {
    // Prepare
    const first = submission(lean.districtId, randomUUID());
    const raised = hazards(first);
    await writeSubmission({ ...first, hazardIds: raised.map((h) => h.hazardId) }, raised);
    const other = submission(lean.districtId, randomUUID());
    // Act: a new submission whose transaction also carries an existing hazard.
    const writing = writeSubmission(other, raised.slice(0, 1));
    // Assess
    await expect(writing).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(await rawItem(submissionKey(other), lean.districtId)).toBeUndefined();
  });

  it('reads the district, the school and a submission as the entities do', async () => {
    // Prepare
    const { districtId } = lean;
    await DistrictEntity.build(UpdateItemCommand)
      .item({ districtId, hazardDueDays: $set({ critical: 2, high: 4, medium: 8, low: 16 }) })
      .send();
    const sub = submission(districtId, randomUUID(), { supersededBy: 'later' });
    await SubmissionEntity.build(PutItemCommand).item(sub).send();
    // Act
    const [district, school, stored, missing] = await Promise.all([
      readDistrictRecord(districtId),
      readSchoolFlags(districtId, 's-one'),
      readSubmission(districtId, 's-one', sub.submissionId),
      readSubmission(districtId, 's-one', randomUUID()),
    ]);
    // Assess
    const { Item: districtItem } = await DistrictEntity.build(GetItemCommand).key({ districtId }).send();
    const { Item: schoolItem } = await SchoolEntity.build(GetItemCommand).key({ districtId, schoolId: 's-one' }).send();
    expect(district).toEqual({ timezone: districtItem!.timezone, hazardDueDays: districtItem!.hazardDueDays });
    expect(school).toEqual({
      hasCanteen: schoolItem!.hasCanteen,
      boarding: schoolItem!.boarding,
      nutritionProgramme: schoolItem!.nutritionProgramme,
    });
    expect(school).toEqual({ hasCanteen: true, boarding: true, nutritionProgramme: false });
    expect(stored).toEqual({
      formType: sub.formType,
      supersededBy: 'later',
      bodyHash: sub.bodyHash,
      responseBody: sub.responseBody,
    });
    expect(missing).toBeUndefined();
    expect(await readDistrictRecord(`gone-${randomUUID()}`)).toBeUndefined();
    expect(await readSchoolFlags(districtId, 's-gone')).toBeUndefined();
  });

  it('reads every page of a school’s month of one form, and only that form', async () => {
    // Prepare: 12 readings of ~100 kB each (more than one 1 MB page) and one of another form.
    const { districtId } = entities;
    const month = '2025-03';
    const bulky = 'x'.repeat(100_000);
    for (let day = 1; day <= 12; day += 1) {
      const date = `${month}-${String(day).padStart(2, '0')}`;
      await SubmissionEntity.build(PutItemCommand)
        .item(
          submission(districtId, randomUUID(), {
            formType: 'energy-meter',
            date,
            month,
            answers: { electricityKwh: day },
            responseBody: bulky,
          }),
        )
        .send();
    }
    await SubmissionEntity.build(PutItemCommand)
      .item(submission(districtId, randomUUID(), { date: `${month}-05`, month }))
      .send();
    const send = jest.spyOn(getDocumentClient(), 'send');
    // Act
    const readings = await readSchoolMonthOfForm(districtId, 's-one', month, 'energy-meter');
    // Assess
    expect(send.mock.calls.length).toBeGreaterThan(1);
    send.mockRestore();
    expect(readings.map((r) => r.answers.electricityKwh).sort((a, b) => Number(a) - Number(b))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(readings.every((r) => r.date.startsWith(month) && r.supersededBy === undefined)).toBe(true);
  });
});
