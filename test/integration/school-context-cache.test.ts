import { randomUUID } from 'node:crypto';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Principal } from '../../shared/auth/principal';
import { getDocumentClient } from '../../shared/clients';
import { SchoolEntity } from '../../shared/db/entities';
import { AppError } from '../../shared/errors';
import {
  forgetSchoolContexts,
  recordSubmission,
  SCHOOL_CONTEXT_TTL_MS,
} from '../../shared/submissions/record-submission';
import { submissionInput } from '../../shared/submissions/submission-request';
import { localDate } from '../../shared/time';
import { countDynamoDbUsage } from '../../bench/support/dynamodb-usage';
import { createTestDistrict } from '../support/directory-fixtures';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * A warm record-submission function reads a school's context (its district's timezone and due
 * days, its own flags) once per SCHOOL_CONTEXT_TTL_MS, not on every submission: a submission
 * then costs its transaction alone. A change to the school is seen once the context expires.
 */

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

const today = localDate('Asia/Shanghai', new Date());
const canteenBody = () => ({
  submissionId: randomUUID(),
  formType: 'canteen-daily',
  date: today,
  answers: allValidAnswers['canteen-daily'],
});

describe('the school context of record-submission (against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let principal: SchoolPrincipal;
  const usage = countDynamoDbUsage(getDocumentClient());

  beforeAll(async () => {
    district = await createTestDistrict([{ schoolId: 'canteen', hasCanteen: true, boarding: false }]);
    principal = district.schoolPrincipal('canteen') as SchoolPrincipal;
  });

  beforeEach(() => forgetSchoolContexts());
  afterEach(() => jest.restoreAllMocks());

  it('reads the district and the school once, then each submission costs its transaction alone', async () => {
    // Act
    usage.reset();
    await recordSubmission(submissionInput(canteenBody()), principal);
    const first = usage.snapshot().byCommand;
    usage.reset();
    await recordSubmission(submissionInput(canteenBody()), principal);
    await recordSubmission(submissionInput(canteenBody()), principal);
    const next = usage.snapshot().byCommand;
    // Assess
    expect(first).toEqual({ GetItemCommand: 2, TransactWriteItemsCommand: 1 });
    expect(next).toEqual({ TransactWriteItemsCommand: 2 });
  });

  it('sees a change to the school once its context has expired', async () => {
    // Prepare: the context is loaded, then the school's canteen closes.
    await recordSubmission(submissionInput(canteenBody()), principal);
    await SchoolEntity.build(UpdateItemCommand)
      .item({ districtId: district.districtId, schoolId: 'canteen', hasCanteen: false })
      .send();
    // Act: within the time the context is kept, then after it.
    const within = await recordSubmission(submissionInput(canteenBody()), principal);
    const later = Date.now() + SCHOOL_CONTEXT_TTL_MS + 1;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    const after = await recordSubmission(submissionInput(canteenBody()), principal).catch((error: unknown) => error);
    // Assess
    expect(within.kind).toBe('created');
    expect(after).toBeInstanceOf(AppError);
    expect((after as AppError).code).toBe('FORM_NOT_APPLICABLE');
  });

  it('does not keep a failed load: a school that is gone is refused every time', async () => {
    // Prepare
    const ghost = district.schoolPrincipal('no-such-school') as SchoolPrincipal;
    // Act
    const results = await Promise.all(
      [1, 2].map(() => recordSubmission(submissionInput(canteenBody()), ghost).catch((error: unknown) => error)),
    );
    usage.reset();
    await recordSubmission(submissionInput(canteenBody()), ghost).catch(() => undefined);
    // Assess
    for (const result of results) expect((result as AppError).code).toBe('UNAUTHENTICATED');
    expect(usage.snapshot().byCommand.GetItemCommand).toBe(2);
  });
});
