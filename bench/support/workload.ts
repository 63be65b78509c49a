import { randomUUID } from 'node:crypto';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Principal } from '../../shared/auth/principal';
import { DistrictEntity, SchoolEntity } from '../../shared/db/entities';
import { FORMS } from '../../shared/forms/catalogue';
import { FORM_EXAMPLES } from '../../shared/forms/examples';
import type { FormDefinition } from '../../shared/forms/types';
import { localDate } from '../../shared/time';

/*
 * The workload the submission benches send: a district of its own per bench (so counting after
 * a run sees nothing else), schools that every form applies to, and a stream of distinct
 * submissions mixing the three everyday forms the way a school day does: mostly routine checks,
 * some hazard reports (of every severity, so critical alerts are raised too).
 */

export const BENCH_TIMEZONE = 'Asia/Shanghai';

/** The one current form type that `test` picks out of the catalogue; an error when none or several do. */
function formWhere(what: string, test: (form: FormDefinition) => boolean): FormDefinition {
  const found = [...new Set(FORMS.filter((form) => !form.retired && test(form)))];
  if (found.length !== 1)
    throw new Error(`The bench needs one form that is ${what}; the catalogue has ${found.length}`);
  return found[0]!;
}

/** The everyday forms the workload sends, found by what they are (the registry), not by id. */
export const WORKLOAD_FORMS = {
  /** The daily check of a school with a canteen. */
  daily: formWhere('daily for canteens', (form) => form.cadence === 'school-day' && form.appliesTo === 'hasCanteen'),
  /** A boarding school's nightly check. */
  nightly: formWhere('nightly', (form) => form.cadence === 'school-night'),
  /** The ad-hoc hazard report, whose rule raises the hazard as the school reports it. */
  hazardReport: formWhere('a hazard report', (form) => form.hazardRules.some((rule) => rule.asReported)),
};

/** A form's valid example answers (its folder's examples.ts). */
export const exampleOf = (form: FormDefinition): Record<string, unknown> =>
  (FORM_EXAMPLES as Record<string, Record<string, unknown>>)[form.id]!;

export interface BenchDistrict {
  districtId: string;
  schoolIds: string[];
  schoolPrincipal(schoolId: string): Extract<Principal, { role: 'school' }>;
  official: Extract<Principal, { role: 'official' }>;
}

/** Writes a district and `schools` schools (canteen and boarding, so every form applies) through the entities. */
export async function createBenchDistrict(label: string, schools: number): Promise<BenchDistrict> {
  const districtId = `bench-${label}-${randomUUID().slice(0, 8)}`;
  await DistrictEntity.build(PutItemCommand)
    .item({
      districtId,
      name: `基准测试区 ${label}`,
      timezone: BENCH_TIMEZONE,
      locale: 'zh-CN',
      officialEmails: [`${districtId}@bench.example`],
    })
    .send();
  const schoolIds = Array.from({ length: schools }, (_, i) => `s${String(i + 1).padStart(3, '0')}`);
  for (const schoolId of schoolIds) {
    await SchoolEntity.build(PutItemCommand)
      .item({
        districtId,
        schoolId,
        name: `学校 ${schoolId}`,
        kind: 'nine-year',
        students: 900,
        staff: 70,
        hasCanteen: true,
        boarding: true,
        registeredOn: '2025-09-01',
      })
      .send();
  }
  return {
    districtId,
    schoolIds,
    schoolPrincipal: (schoolId) => ({ role: 'school', tokenId: `tok_bench_${schoolId}`, districtId, schoolId }),
    official: { role: 'official', tokenId: `tok_bench_official`, districtId },
  };
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/**
 * The i-th submission of a run (`runId` keeps ids distinct across runs): form types in the
 * ratio 2 canteen checks : 1 dormitory patrol : 1 hazard report, dates spread over this month
 * up to today (district time). Hazard reports raise one hazard each; a fifth of them critical.
 */
export function submissionBody(runId: string, i: number, now: Date = new Date()): Record<string, unknown> {
  const today = localDate(BENCH_TIMEZONE, now);
  const day = (i % Number(today.slice(8, 10))) + 1;
  const date = `${today.slice(0, 8)}${String(day).padStart(2, '0')}`;
  const submissionId = `${runId}-${i}`;
  const ofForm = (form: FormDefinition, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    submissionId,
    formType: form.id,
    date,
    answers: { ...exampleOf(form), ...answers },
    ...extra,
  });
  switch (i % 4) {
    case 0:
    case 2:
      return ofForm(WORKLOAD_FORMS.daily, { mealsServed: 800 + (i % 500) });
    case 1:
      return ofForm(WORKLOAD_FORMS.nightly, { roomsChecked: 10 + (i % 30) });
    default:
      return ofForm(
        WORKLOAD_FORMS.hazardReport,
        { severity: SEVERITIES[Math.floor(i / 4) % 5 === 4 ? 3 : Math.floor(i / 4) % 3]! },
        { note: `基准测试 ${i}` },
      );
  }
}

/** The month every submission of `submissionBody` falls in. */
export function benchMonth(now: Date = new Date()): string {
  return localDate(BENCH_TIMEZONE, now).slice(0, 7);
}
