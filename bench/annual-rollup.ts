/*
 * Bench: the year-end summary (issue 16, point 4). Three measurements:
 *  1. Time. A 300-school district's year, generated in memory (twelve months and the twelve
 *     before them, each school's month as bench/generate-district.ts plans it, prepared by the
 *     real submission path's code so answers, hazards and quality flags are what would be
 *     stored): the summary's rollup (`rollUpDistrictPeriod`: twelve monthly rollups and their
 *     composition) against the sum of the twelve monthly rollups (`rollUpDistrictMonth`, each
 *     timed alone), in the same run, alternating, the faster of the rounds each. Budget: ≤ 1.2×.
 *     Rendering the charts, the Word document and the workbook is timed beside it (no budget).
 *  2. Memory. The peak resident set of this process (process.resourceUsage().maxRSS) after
 *     the rollup and the rendering of the 300-school year: an upper bound of what the
 *     produce-annual-report function needs (this process also holds the generator's data).
 *     Budget: within the function's 2,048 MB.
 *  3. Reads. A district written to DynamoDB Local for twelve months and the twelve before them
 *     (BENCH_ANNUAL_DB_SCHOOLS schools, default 10; DynamoDB Local writes ~500 items/s on two
 *     shared cores, so a 300-school year, ~700,000 items, is not written here) is loaded by
 *     `loadReportMonths` as produce-annual-report does: the items read against the items that
 *     exist, and no item read twice. Budget: read once (ratio 1).
 * Quick mode: 30 schools in memory, 3 written.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { shiftMonth } from '../shared/time';
import type { ReportHazard, ReportSubmission } from '../shared/reports/input';
import { loadReportMonths } from '../shared/reports/load';
import { rollUpDistrictMonth } from '../shared/reports/rollup';
import { monthlyInputs, rollUpDistrictPeriod, type AnnualInput } from '../shared/reports/annual/compose';
import { parsePeriod } from '../shared/reports/annual/period';
import { renderAnnualCharts } from '../shared/reports/annual/render/charts';
import { renderAnnualDocument } from '../shared/reports/annual/render/document';
import { renderAnnualWorkbook } from '../shared/reports/annual/render/workbook';
import { DEFAULT_DUE_DAYS } from '../shared/directory/district-settings';
import { prepareSubmission } from '../shared/submissions/record-submission';
import { submissionInput } from '../shared/submissions/submission-request';
import { benchSchoolMonth, benchSchools, BENCH_TIMEZONE, generateDistrict, hazardAtNow } from './generate-district';
import { repeatedItems } from './rollup-scale';
import { row } from './support/rows';
import { round } from './support/stats';
import type { BenchContext, BenchSection } from './types';

/** The summary's rollup within this factor of its twelve monthly rollups. */
export const ANNUAL_RATIO_BUDGET = 1.2;
/** The produce-annual-report function's memory (functions/manifest.ts). */
export const FUNCTION_MEMORY_MB = 2048;
/** The calendar year the bench summarises (and 2024 before it). */
const PERIOD = '2025';
const NOW = new Date('2026-01-05T00:00:00.000Z');
const elapsed = (from: number) => performance.now() - from;

function envNumber(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A district's 24 months in memory, as the submission path would have stored them. */
function generateInMemory(districtId: string, schoolCount: number): AnnualInput & { submissionCount: number } {
  const period = parsePeriod(PERIOD)!;
  const schools = benchSchools(districtId, schoolCount).map((s) => ({ ...s, registeredOn: '2023-09-01' }));
  const official = `tok_bench_official_${districtId}`;
  const hazards: ReportHazard[] = [];
  let submissionCount = 0;
  const monthOf = (month: string): ReportSubmission[] =>
    schools.flatMap((school) => {
      const principal = {
        role: 'school' as const,
        tokenId: `tok_${school.schoolId}`,
        districtId,
        schoolId: school.schoolId,
      };
      const context = { timezone: BENCH_TIMEZONE, school, dueDays: DEFAULT_DUE_DAYS, history: [] };
      return benchSchoolMonth(districtId, school, month).map(({ body, receivedAt }) => {
        const prepared = prepareSubmission(submissionInput(body), principal, context, new Date(receivedAt));
        for (const raised of prepared.hazards)
          hazards.push(hazardAtNow(raised, NOW, official) as unknown as ReportHazard);
        submissionCount += 1;
        const s = prepared.submission;
        return {
          submissionId: s.submissionId,
          schoolId: s.schoolId,
          formType: s.formType,
          formVersion: s.formVersion,
          date: s.date,
          answers: s.answers as Record<string, unknown>,
          receivedAt: s.receivedAt,
          hazardIds: s.hazardIds ?? [],
          ...(s.qualityFlags ? { qualityFlags: s.qualityFlags } : {}),
        } as ReportSubmission;
      });
    });
  return {
    district: {
      districtId,
      name: `基准测试区 ${districtId}`,
      locale: 'zh-CN',
      timezone: BENCH_TIMEZONE,
      complianceThreshold: 0.9,
      targets: { electricityReductionPercent: 15 },
    },
    schools,
    period,
    months: period.months.map((month) => ({
      month,
      submissions: monthOf(month),
      previousYearSubmissions: monthOf(shiftMonth(month, -12)),
      photos: [],
    })),
    hazards,
    now: NOW,
    submissionCount,
  };
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const schoolCount = envNumber('BENCH_ANNUAL_SCHOOLS') ?? (ctx.quick ? 30 : 300);
  const dbSchools = envNumber('BENCH_ANNUAL_DB_SCHOOLS') ?? (ctx.quick ? 3 : 10);
  const rounds = ctx.quick ? 2 : 3;

  // 1. Time, in memory.
  ctx.log(`annual-rollup: generating ${schoolCount} schools × 24 months in memory`);
  let started = performance.now();
  const input = generateInMemory('bench-annual', schoolCount);
  const generateMs = elapsed(started);
  const inputs = monthlyInputs(input);
  let monthlyBest = Infinity;
  let annualBest = Infinity;
  let report: ReturnType<typeof rollUpDistrictPeriod>['report'] | undefined;
  for (let round_ = 0; round_ < rounds; round_ += 1) {
    let monthly = 0;
    for (const month of inputs) {
      started = performance.now();
      rollUpDistrictMonth(month);
      monthly += elapsed(started);
    }
    monthlyBest = Math.min(monthlyBest, monthly);
    started = performance.now();
    report = rollUpDistrictPeriod(input).report;
    annualBest = Math.min(annualBest, elapsed(started));
    ctx.log(
      `annual-rollup: round ${round_ + 1}: twelve monthly ${Math.round(monthly)} ms, summary ${Math.round(elapsed(started))} ms`,
    );
  }
  started = performance.now();
  const charts = await renderAnnualCharts(report!, 'zh-CN');
  const [document, workbook] = await Promise.all([
    renderAnnualDocument(report!, 'zh-CN', charts),
    renderAnnualWorkbook(report!, 'zh-CN'),
  ]);
  const renderMs = elapsed(started);

  // 2. Memory.
  const peakMb = process.resourceUsage().maxRSS / 1024;

  // 3. Reads, against DynamoDB Local.
  ctx.log(`annual-rollup: writing ${dbSchools} schools × 24 months to DynamoDB Local`);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: ctx.env.AWS_ENDPOINT_URL_DYNAMODB, region: ctx.env.AWS_REGION ?? 'ap-east-1' }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const districtId = `bench-annual-db-${Date.now().toString(36)}`;
  const period = parsePeriod(PERIOD)!;
  let written = { submissions: 0, hazards: 0 };
  for (const month of period.months) {
    const generated = await generateDistrict(districtId, dbSchools, {
      client,
      tableName: ctx.names.tableName,
      month,
      now: NOW,
    });
    written = {
      submissions: written.submissions + generated.counts.submissions.month + generated.counts.submissions.previousYear,
      hazards: written.hazards + generated.counts.hazardsTotal,
    };
  }
  started = performance.now();
  const loaded = await loadReportMonths(districtId, period.months);
  const loadMs = elapsed(started);
  const existing = 1 + dbSchools + written.submissions + written.hazards;
  const repeated = repeatedItems({
    schools: loaded.schools,
    hazards: loaded.hazards,
    photos: [],
    submissions: loaded.months.flatMap((m) => m.submissions),
    previousYearSubmissions: loaded.months.flatMap((m) => m.previousYearSubmissions),
  });
  client.destroy();

  return {
    id: 'annual-rollup',
    title: `Year-end summary (${schoolCount} schools, ${input.submissionCount.toLocaleString('en')} submissions over 24 months)`,
    rows: [
      row({
        id: 'annual-rollup.summary-ms',
        name: 'Summary rollup (12 monthly rollups + composition)',
        value: round(annualBest),
        unit: 'ms',
        baseline: round(monthlyBest),
        budget: {
          kind: 'maxRatio',
          max: ANNUAL_RATIO_BUDGET,
          description: `≤ ${ANNUAL_RATIO_BUDGET}× the twelve monthly rollups timed alone`,
        },
        note: 'baseline: the sum of the twelve monthly rollups, same run, faster round each',
      }),
      row({
        id: 'annual-rollup.render-ms',
        name: 'Charts, Word document and workbook',
        value: round(renderMs),
        unit: 'ms',
        note: `docx ${Math.round(document.byteLength / 1024)} KiB, xlsx ${Math.round(workbook.byteLength / 1024)} KiB`,
      }),
      row({
        id: 'annual-rollup.peak-rss-mb',
        name: 'Peak resident memory (whole bench process, an upper bound)',
        value: round(peakMb),
        unit: 'MB',
        budget: {
          kind: 'maxValue',
          max: FUNCTION_MEMORY_MB,
          description: `within the function's ${FUNCTION_MEMORY_MB} MB`,
        },
      }),
      row({
        id: 'annual-rollup.items-read',
        name: `Items read loading a written year (${dbSchools} schools)`,
        value: loaded.reads.items + repeated,
        unit: 'count',
        baseline: existing,
        budget: { kind: 'maxRatio', max: 1, description: 'each item read at most once' },
        note: `${repeated} read twice; ${loaded.reads.pages} pages in ${Math.round(loadMs)} ms`,
      }),
    ],
    usage: { dynamodbRequests: loaded.reads.pages },
    details: {
      schools: schoolCount,
      submissions: input.submissionCount,
      hazards: input.hazards.length,
      generateMs: Math.round(generateMs),
      rounds,
      dbSchools,
      existing,
      readsByRequest: loaded.reads.byRequest,
    },
  };
}
