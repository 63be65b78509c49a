import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as listHazards } from '../../functions/list-hazards/handler';
import { handler as listSubmissions } from '../../functions/list-submissions/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { handler as rectifyHazard } from '../../functions/rectify-hazard/handler';
import type { Principal } from '../../shared/auth/principal';
import { listSchools } from '../../shared/directory/schools';
import type { ApiResponse } from '../../shared/http/api-handler';
import { canonicalId } from '../../shared/ids';
import { reportRequestBodySchema } from '../../shared/reports/pipeline/api';
import { runAdmin, writeStackFile } from '../support/admin-cli';
import { createTestDistrict, registerDistrict, registerSchool } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { todaysHazardReport } from '../support/submissions';

/*
 * Issue 23, point 5: an id that differs only in case (or is typed full-width by a Chinese input
 * method, or with spaces) names the same school, district or hazard wherever it comes in: an API
 * query, path or body, the admin CLI, a roster. One helper (shared/ids.ts canonicalId) does it.
 */

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

async function call(handler: Handler, fixture: string, options: ApiEventOptions) {
  const response = await handler(apiEvent(fixture, options), lambdaContext(fixture));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

/** The ways a person types school s-one's id. */
const SPELLINGS = ['S-ONE', ' s-One ', 'Ｓ－ＯＮＥ'];

describe('ids in canonical form wherever they come in (issue 23, point 5)', () => {
  let official: Principal;
  let school: Principal;
  let submissionId: string;
  let hazardId: string;

  beforeAll(async () => {
    const district = await createTestDistrict([{ schoolId: 's-one', hasCanteen: true, boarding: false }]);
    official = district.official;
    school = district.schoolPrincipal('s-one');
    submissionId = randomUUID();
    const body = todaysHazardReport(submissionId);
    const recorded = await call(recordSubmission as Handler, 'record-submission', { principal: school, body });
    expect(recorded.status).toBe(201);
    hazardId = recorded.body.hazards[0].hazardId;
  });

  it('puts ids in one canonical form: NFKC, trimmed, lowercase', () => {
    expect(SPELLINGS.map(canonicalId)).toEqual(['s-one', 's-one', 's-one']);
  });

  it.each(SPELLINGS)(
    'finds the school’s hazards and submissions for the query schoolId=%p, as for s-one',
    async (spelling) => {
      // Act
      const hazards = await call(listHazards as Handler, 'list-hazards', {
        principal: official,
        query: { schoolId: spelling },
      });
      const submissions = await call(listSubmissions as Handler, 'list-submissions', {
        principal: official,
        query: { schoolId: spelling },
      });
      const one = await call(getSubmission as Handler, 'get-submission', {
        principal: official,
        pathParameters: { id: submissionId },
        query: { schoolId: spelling },
      });
      const own = await call(listHazards as Handler, 'list-hazards', {
        principal: school,
        query: { schoolId: spelling },
      });
      // Assess
      expect(hazards.status).toBe(200);
      expect(hazards.body.items.map((item: { hazardId: string }) => item.hazardId)).toEqual([hazardId]);
      expect(submissions.body.items.map((item: { submissionId: string }) => item.submissionId)).toEqual([submissionId]);
      expect(one.status).toBe(200);
      // A school naming itself in another case is itself, not another school (404).
      expect(own.status).toBe(200);
      expect(own.body.items).toHaveLength(1);
    },
  );

  it('acts on a hazard whose id in the path differs only in case', async () => {
    // Act
    const response = await call(rectifyHazard as Handler, 'rectify-hazard', {
      principal: school,
      pathParameters: { id: hazardId.toUpperCase() },
      body: { note: '已整改' },
    });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.hazard).toMatchObject({ hazardId, status: 'rectified' });
  });

  it('reads a district id in a request body in canonical form', () => {
    expect(reportRequestBodySchema.parse({ districtId: 'Huaying' })).toEqual({ districtId: 'huaying' });
  });

  it('registers a school typed full-width or in capitals (a roster line, school add) under its canonical id', async () => {
    // Prepare
    const districtId = `ci-${randomUUID().slice(0, 8)}`;
    await registerDistrict({
      districtId: districtId.toUpperCase(),
      name: '编号测试区',
      officialEmails: ['houqin@example.cn'],
    });
    // Act
    await registerSchool(districtId, {
      schoolId: 'ＣＳ－０７',
      name: '城关七小',
      kind: 'primary',
      students: 300,
      staff: 20,
      hasCanteen: false,
      boarding: false,
    });
    // Assess
    expect((await listSchools(districtId)).map((s) => s.schoolId)).toEqual(['cs-07']);
  });

  it('looks an id given to the admin CLI up in canonical form', async () => {
    // Prepare
    const workDir = mkdtempSync(join(tmpdir(), 'houqin-ids-'));
    const stackFile = join(workDir, 'local-stack.json');
    writeStackFile(stackFile);
    const districtId = `ci-${randomUUID().slice(0, 8)}`;
    await registerDistrict({ districtId, name: '命令行编号测试区', officialEmails: ['houqin@example.cn'] });
    try {
      // Act
      const run = await runAdmin(['district', 'show', '--id', districtId.toUpperCase(), '--json'], {
        HOUQIN_LOCAL_STACK_FILE: stackFile,
      });
      // Assess
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ districtId });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 60_000);
});
