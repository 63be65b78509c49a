import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Principal } from '../../shared/auth/principal';
import { localDate, monthOf, shiftMonth } from '../../shared/time';
import { getDocumentClient } from '../../shared/clients';
import { DistrictEntity, SchoolEntity } from '../../shared/db/entities';
import { schoolKey } from '../../shared/db/keys';
import { HouqinTable } from '../../shared/db/table';
import { loadReportInput } from '../../shared/reports/load';
import { renderReportEmail } from '../../shared/reports/render/email';
import { renderReportWorkbook } from '../../shared/reports/render/workbook';
import { rollUpDistrictMonth } from '../../shared/reports/rollup';
import { recordSubmission } from '../../shared/submissions/record-submission';
import { submissionInput } from '../../shared/submissions/submission-request';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * Issue 16 point 1, as a new district starts (against DynamoDB Local): a district and its schools
 * registered today, the schools send last month's insurance, greening and work-study forms (all
 * accepted), the official produces last month's report: the figures count them (before the fix
 * every figure was 0 and all were "outside the roster"). A school archived before its
 * submission's date is left out and named, with the reason.
 */

jest.setTimeout(120_000);

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
const TIMEZONE = 'Asia/Shanghai';
const TODAY = localDate(TIMEZONE);
const LAST_MONTH = shiftMonth(monthOf(TODAY), -1);

describe('a district registered today, reporting last month', () => {
  it('counts every accepted submission of last month, and names what it leaves out', async () => {
    // Prepare: the district and three schools registered today.
    const districtId = `it-new-${randomUUID().slice(0, 8)}`;
    await DistrictEntity.build(PutItemCommand)
      .item({
        districtId,
        name: '新区县教育局',
        timezone: TIMEZONE,
        locale: 'zh-CN',
        officialEmails: ['houqin@new.example'],
      })
      .send();
    for (const schoolId of ['s1', 's2', 's3']) {
      await SchoolEntity.build(PutItemCommand)
        .item({
          districtId,
          schoolId,
          name: `新学校 ${schoolId}`,
          kind: 'primary',
          students: 500,
          staff: 40,
          hasCanteen: false,
          boarding: false,
          registeredOn: TODAY,
        })
        .send();
    }
    const send = async (schoolId: string, formType: keyof typeof allValidAnswers, day: string) => {
      const principal: SchoolPrincipal = { role: 'school', tokenId: `tok_${schoolId}`, districtId, schoolId };
      const body = {
        submissionId: `${schoolId}-${formType}`,
        formType,
        date: `${LAST_MONTH}-${day}`,
        answers: allValidAnswers[formType],
      };
      expect((await recordSubmission(submissionInput(body), principal)).kind).toBe('created');
    };
    for (const schoolId of ['s1', 's2']) {
      await send(schoolId, 'insurance-enrolment', '05');
      await send(schoolId, 'greening', '12');
      await send(schoolId, 'work-study', '20');
    }
    await send('s3', 'greening', '15');
    // s3 is archived afterwards, from the 10th of last month (before its submission's date).
    await getDocumentClient().send(
      new UpdateCommand({
        TableName: HouqinTable.getName(),
        Key: schoolKey({ districtId, schoolId: 's3' }),
        UpdateExpression: 'SET archivedOn = :on',
        ExpressionAttributeValues: { ':on': `${LAST_MONTH}-10` },
      }),
    );

    // Act
    const report = rollUpDistrictMonth((await loadReportInput(districtId, LAST_MONTH)).input);
    const workbook = await renderReportWorkbook(report, 'zh-CN');
    const mail = renderReportEmail(report, { locale: 'zh-CN', workbook, charts: [] });

    // Assess: counted, whatever the registration date.
    const enrolled = (allValidAnswers['insurance-enrolment'] as { studentsEnrolled: number }).studentsEnrolled;
    expect(report.sources.submissions).toMatchObject({ current: 7, outsideRoster: 1 });
    expect(report.sections.insurance.studentsEnrolled).toBe(2 * enrolled);
    expect(report.sections.greeningWorkStudy.greening.projects.current).toBe(2);
    expect(report.sections.greeningWorkStudy.workStudy.schools).toBe(2);
    // Compliance: nothing was owed before registration.
    expect(report.sections.compliance.schoolsRegistered).toBe(0);
    // The archived school's submission: left out, named with the reason, in the JSON and the mail.
    expect(
      report.sections.photosDataQuality.dataQuality.notes.filter((note) => note.kind === 'outside-roster'),
    ).toEqual([
      {
        kind: 'outside-roster',
        schoolId: 's3',
        name: '新学校 s3',
        reason: 'archived',
        archivedOn: `${LAST_MONTH}-10`,
        period: 'month',
        formTypes: ['greening'],
        count: 1,
      },
    ]);
    expect(mail.text).toContain(
      `[未计入的填报] 新学校 s3：本月 1 份填报（校园绿化）未计入统计：学校已归档（${LAST_MONTH}-10 起）`,
    );
  });
});
