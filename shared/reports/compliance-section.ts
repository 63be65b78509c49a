import type { FormCompliance, SchoolCompliance } from '../compliance/compliance';
import { compareRates, compareText, rateOf, rateYearOnYear, targetOf } from './comparison';
import { refOf, type Context } from './rollup-context';
import type { ComplianceSection, FormTypeCompliance, Rate, SchoolComplianceRow } from './types';

/* The compliance section: the district's compliance (shared/compliance) as the report shows it. */

function complianceRate(tally: { submitted: number; expected: number }): Rate {
  return rateOf(tally.submitted, tally.expected);
}

function formTypeRow(row: FormCompliance): FormTypeCompliance {
  return { formType: row.formType, cadence: row.cadence, compliance: complianceRate(row), received: row.received };
}

export function complianceSection(ctx: Context): ComplianceSection {
  const { compliance, span } = ctx;
  const reporting = new Set(ctx.month.current.map((s) => s.schoolId));
  const registeredOn = new Map(ctx.registered.map((school) => [school.schoolId, school.registeredOn]));
  const schools = compliance.schools
    .map((school: SchoolCompliance): SchoolComplianceRow => {
      const on = registeredOn.get(school.schoolId) ?? '';
      return {
        schoolId: school.schoolId,
        name: school.name,
        registeredOn: on,
        newThisMonth: on >= span.first && on <= span.last,
        compliance: complianceRate(school),
        received: school.forms.reduce((sum, row) => sum + row.received, 0),
        forms: school.forms.map(formTypeRow),
      };
    })
    .sort((a, b) => compareRates(a.compliance.rate, b.compliance.rate) || compareText(a.schoolId, b.schoolId));
  const overall = complianceRate(compliance.district);
  const below = new Set(compliance.belowThreshold.map((school) => school.schoolId));
  const reportingCount = ctx.registered.filter((school) => reporting.has(school.schoolId)).length;
  return {
    schoolsRegistered: ctx.registered.length,
    schoolsReporting: reportingCount,
    reporting: rateOf(reportingCount, ctx.registered.length),
    schoolDays: compliance.schoolDays,
    schoolNights: compliance.schoolNights,
    threshold: compliance.threshold,
    overall: rateYearOnYear(overall, complianceRate(ctx.previousCompliance.district)),
    target: targetOf('atLeast', ctx.input.district.targets?.complianceRate, overall.rate),
    byFormType: compliance.byFormType.map(formTypeRow),
    schools,
    belowThreshold: schools.flatMap((row) =>
      below.has(row.schoolId) ? [{ schoolId: row.schoolId, name: row.name, compliance: row.compliance }] : [],
    ),
    notReporting: ctx.registered
      .filter((school) => !reporting.has(school.schoolId))
      .map((school) => refOf(ctx, school.schoolId)),
  };
}
