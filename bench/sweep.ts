/*
 * Bench: the overdue sweep at a province's scale (issue 24, point 4). A province of 100 districts
 * and 20,000 schools (200 a district, Asia/Shanghai), each school with the hazards it reported in
 * the 60 days before the sweep (about one a month, raised through the ad-hoc hazard report's own
 * rule, due after the default days of their severity, then moved through the lifecycle as
 * bench/generate-district.ts does: most rectified, most of those verified, some rejected). The
 * sweep has never run: every hazard still open past its due date is to be marked (the first
 * sweep after deployment, or after days of outage — the heaviest day the sweep has).
 *
 * The path is the deployed one: the dispatcher (dispatch-overdue-sweeps' code) finds the districts
 * at 09:00 and puts one OverdueSweepRequested each (captured here: their bytes are measured); each
 * is then handed to the sweep-overdue-hazards handler, one invocation after another, as Lambda
 * would run them (concurrently on AWS; one at a time here, so each is timed alone). One more
 * district is swept before them as a warm-up (modules loaded, connections open: a warm Lambda)
 * and left out of the figures. Reported:
 *  - each district's sweep against the first district's (the baseline): the mean over the first
 *    10 districts and over all of them, the slowest, and the time per hazard marked (linear: the
 *    ratios stay near 1 however many districts the province has, since each district reads and
 *    writes only its own partitions);
 *  - the second run of the same day (a redelivered command): nothing marked, nothing sent;
 *  - bytes: the largest command on the bus, the largest digest's outbox item;
 *  - what the old single invocation would have needed (the sum), against its 300 s timeout.
 * Checks: every hazard open past due marked exactly once, one digest mail per district, and the
 * handler's domain metrics (EMF lines on stdout, summed here by bench/support/emf.ts and not
 * printed) counting the same: HazardsMarkedOverdue and OverdueDigestsSent, nothing on the second run.
 * Quick mode: 10 districts of 50 schools. BENCH_SWEEP_DISTRICTS and BENCH_SWEEP_SCHOOLS override.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { FUNCTIONS } from '../functions/manifest';
import { DistrictEntity, HazardEntity } from '../shared/db/entities';
import { chance, pick, randomFor, wholeBetween } from '../shared/forms/demo-kit';
import { entrySize } from '../shared/events/publish';
import { toNewHazards } from '../shared/hazards/raise-hazards';
import type { OverdueSweepRequest } from '../shared/hazards/sweep-dispatch';
import { addDays } from '../shared/time';
import {
  BatchWriter,
  benchSchoolItem,
  benchSchools,
  BENCH_TIMEZONE,
  hazardAtNow,
  OFFICIALS_PER_DISTRICT,
  REPORTED,
  type BenchHazard,
} from './generate-district';
import { withEmf } from './support/emf';
import { countDynamoDbUsage, usageBetween, type DynamoDbUsage } from './support/dynamodb-usage';
import { row } from './support/rows';
import { round, summarize } from './support/stats';
import { WORKLOAD_FORMS } from './support/workload';
import type { BenchContext, BenchRow, BenchSection, Budget } from './types';

/** The run the bench sweeps for: 09:00 on 11 May 2026 in Asia/Shanghai. */
const SWEEP_AT = new Date('2026-05-11T01:00:00Z');
const SWEEP_DATE = '2026-05-11';
/** How far back the schools' hazards reach, and how many a school reports a day on average (≈ 1 a month). */
const HISTORY_DAYS = 60;
const HAZARDS_PER_SCHOOL_DAY = 1 / 30;
/** Each district's time (and time per hazard) within this factor of the first district's: linear enough. */
export const LINEARITY_BUDGET = 1.5;
/** The budget of every row that compares a district's sweep with the first district's. */
const LINEAR: Budget = {
  kind: 'maxRatio',
  max: LINEARITY_BUDGET,
  description: `within ${LINEARITY_BUDGET}× the first district's`,
};
const DISTRICT_PREFIX = 'bench-sweep-';

const elapsed = (from: number) => performance.now() - from;
const sweepFunction = FUNCTIONS.find((spec) => spec.name === 'sweep-overdue-hazards')!;

/** One school's reported hazards of the last HISTORY_DAYS, as they stand just before the sweep, never marked overdue. */
function schoolHazards(districtId: string, schoolId: string, official: string): BenchHazard[] {
  const random = randomFor('bench-sweep', districtId, schoolId);
  const hazards: BenchHazard[] = [];
  for (let day = HISTORY_DAYS; day >= 1; day -= 1) {
    if (!chance(random, HAZARDS_PER_SCHOOL_DAY)) continue;
    const date = addDays(SWEEP_DATE, -day);
    const reported = pick(random, REPORTED);
    const raised = WORKLOAD_FORMS.hazardReport.hazardRules[0]!.raise({
      place: reported.place,
      category: reported.category,
      severity: reported.severity,
      description: reported.description,
    } as never);
    if (!raised) continue;
    const receivedAt = new Date(
      Date.parse(`${date}T00:00:00Z`) + wholeBetween(random, 0, 10 * 3_600_000),
    ).toISOString();
    const [hazard] = toNewHazards([raised], {
      districtId,
      schoolId,
      submissionId: `sub-${schoolId}-${date}`,
      formType: WORKLOAD_FORMS.hazardReport.id,
      date,
      receivedAt,
      submittedBy: `tok_bench_${districtId}_${schoolId}`,
    });
    // What the school and the district did up to the sweep; the sweep itself never ran.
    const { overdueAt: _never, ...stood } = hazardAtNow(hazard!, new Date(SWEEP_AT.getTime() - 1000), official);
    hazards.push({ ...stood, history: stood.history.filter((entry) => entry.action !== 'overdue') });
  }
  return hazards;
}

interface Generated {
  districtIds: string[];
  /** Per district: hazards open and past due on the sweep date (what the sweep must mark). */
  expected: Map<string, number>;
  hazards: number;
  items: number;
  ms: number;
}

async function generate(
  writer: BatchWriter,
  districts: number,
  schoolsPerDistrict: number,
  log: (message: string) => void,
): Promise<Generated> {
  const started = performance.now();
  // District 000 is the warm-up (modules loaded, connections open), swept first and left out of the figures.
  const districtIds = Array.from(
    { length: districts + 1 },
    (_, i) => `${DISTRICT_PREFIX}${String(i).padStart(3, '0')}`,
  );
  const expected = new Map<string, number>();
  let hazards = 0;
  let items = 0;
  for (const [index, districtId] of districtIds.entries()) {
    await writer.put(
      DistrictEntity.build(BatchPutRequest)
        .item({
          districtId,
          name: `扫描基准区 ${districtId}`,
          timezone: BENCH_TIMEZONE,
          locale: 'zh-CN',
          officialEmails: Array.from(
            { length: OFFICIALS_PER_DISTRICT },
            (_, i) => `official-${i + 1}@${districtId}.bench.example`,
          ),
          schemaVersion: 1,
        })
        .params().PutRequest!.Item!,
    );
    items += 1;
    let due = 0;
    for (const school of benchSchools(districtId, schoolsPerDistrict)) {
      const { schoolId } = school;
      await writer.put(benchSchoolItem(districtId, school));
      items += 1;
      for (const hazard of schoolHazards(districtId, schoolId, `tok_bench_official_${districtId}`)) {
        await writer.put(HazardEntity.build(BatchPutRequest).item(hazard).params().PutRequest!.Item!);
        items += 1;
        hazards += 1;
        if (hazard.status === 'open' && hazard.dueDate < SWEEP_DATE) due += 1;
      }
    }
    expected.set(districtId, due);
    if (index % 10 === 0) log(`sweep: ${index}/${districts} districts generated (${items} items)`);
  }
  await writer.flush();
  return { districtIds, expected, hazards, items, ms: elapsed(started) };
}

/** Per district of the bench: hazards carrying an overdue mark, and how many overdue history entries they hold. */
async function countMarks(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<Map<string, { marked: number; entries: number; hazardIds: string[] }>> {
  const byDistrict = new Map<string, { marked: number; entries: number; hazardIds: string[] }>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#e = :hazard AND begins_with(pk, :prefix) AND attribute_exists(overdueAt)',
        ExpressionAttributeNames: { '#e': 'entity' },
        ExpressionAttributeValues: { ':hazard': 'Hazard', ':prefix': `HAZARD#${DISTRICT_PREFIX}` },
        ProjectionExpression: 'districtId, hazardId, history',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const counts = byDistrict.get(String(item.districtId)) ?? { marked: 0, entries: 0, hazardIds: [] };
      counts.marked += 1;
      counts.hazardIds.push(String(item.hazardId));
      counts.entries += (item.history as { action: string }[]).filter((entry) => entry.action === 'overdue').length;
      byDistrict.set(String(item.districtId), counts);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return byDistrict;
}

interface DistrictRun {
  districtId: string;
  ms: number;
  usage: DynamoDbUsage;
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const districts = Number(process.env.BENCH_SWEEP_DISTRICTS ?? (ctx.quick ? 10 : 100));
  const schools = Number(process.env.BENCH_SWEEP_SCHOOLS ?? (ctx.quick ? 500 : 20_000));
  const schoolsPerDistrict = Math.max(1, Math.round(schools / districts));

  // Loaded now: the shared modules read TABLE_NAME and the endpoints, which the runner has set.
  const { getDocumentClient } = await import('../shared/clients');
  const { listDistricts } = await import('../shared/hazards/sweep');
  const { dispatchOverdueSweeps } = await import('../shared/hazards/sweep-dispatch');
  const { handler } = await import('../functions/sweep-overdue-hazards/handler');

  const plain = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const usage = countDynamoDbUsage(getDocumentClient());

  ctx.log(
    `sweep: generating ${districts} districts × ${schoolsPerDistrict} schools with ${HISTORY_DAYS} days of reported hazards…`,
  );
  const generated = await generate(
    new BatchWriter(plain, ctx.names.tableName, 8),
    districts,
    schoolsPerDistrict,
    ctx.log,
  );
  const warmUp = generated.districtIds[0]!;
  const measured = generated.districtIds.slice(1);
  const expectedTotal = measured.reduce((sum, id) => sum + (generated.expected.get(id) ?? 0), 0);
  ctx.log(
    `sweep: ${generated.items.toLocaleString('en')} items (${generated.hazards.toLocaleString('en')} hazards, ${expectedTotal.toLocaleString('en')} open past due) in ${(generated.ms / 1000).toFixed(0)} s`,
  );

  // ---- The dispatcher: the bench's districts (other modules' districts share the table), one command each.
  const put: PutEventsRequestEntry[] = [];
  let putCalls = 0;
  const dispatchStarted = performance.now();
  const dispatched = await dispatchOverdueSweeps(SWEEP_AT, {
    busName: ctx.names.eventBusName,
    listDistricts: async () =>
      (await listDistricts()).filter((d) => d.districtId.startsWith(DISTRICT_PREFIX) && d.districtId !== warmUp),
    putEvents: async (entries) => {
      putCalls += 1;
      put.push(...entries);
      return entries.map((_, i) => ({ EventId: `bench-${putCalls}-${i}` }));
    },
  });
  const dispatchMs = elapsed(dispatchStarted);
  if (dispatched.requested.length !== districts)
    throw new Error(`the dispatcher asked for ${dispatched.requested.length} districts, not ${districts}`);
  const events = put.map((entry, i): EventBridgeEvent<'OverdueSweepRequested', OverdueSweepRequest> => ({
    version: '0',
    id: `bench-sweep-${i}`,
    'detail-type': 'OverdueSweepRequested',
    source: 'houqin',
    account: '000000000000',
    time: SWEEP_AT.toISOString(),
    region: 'ap-east-1',
    resources: [],
    detail: JSON.parse(entry.Detail!) as OverdueSweepRequest,
  }));

  // The handler's domain metrics (EMF lines on stdout, one per severity and district) are summed, not printed.
  await withEmf(() =>
    handler({ ...events[0]!, id: 'bench-sweep-warm-up', detail: { ...events[0]!.detail, districtId: warmUp } }),
  );

  // ---- One invocation per district, each timed alone; then the same commands again (a redelivery).
  const sweepAll = async (label: string): Promise<DistrictRun[]> => {
    const runs: DistrictRun[] = [];
    for (const [index, event] of events.entries()) {
      const before = usage.snapshot();
      const started = performance.now();
      await handler(event);
      runs.push({
        districtId: event.detail.districtId,
        ms: elapsed(started),
        usage: usageBetween(before, usage.snapshot()),
      });
      if ((index + 1) % 20 === 0) ctx.log(`sweep: ${label} ${index + 1}/${events.length}`);
    }
    return runs;
  };
  const { result: first, emf: firstEmf } = await withEmf(() => sweepAll('first run'));
  const marks = await countMarks(plain, ctx.names.tableName);
  const { result: second, emf: secondEmf } = await withEmf(() => sweepAll('second run'));
  const marksAfter = await countMarks(plain, ctx.names.tableName);

  // The digest mails, by the district their officials' addresses name (official-N@<district>.bench.example).
  const mails = (
    (await (await fetch(`${ctx.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    }
  ).emails.filter((mail) => mail.destination.to.some((to) => to.includes(`@${DISTRICT_PREFIX}`)));
  const mailedDistricts = new Map<string, number>();
  for (const mail of mails) {
    const districtId = /@([^.]+)\.bench\.example/.exec(mail.destination.to[0] ?? '')?.[1] ?? '?';
    mailedDistricts.set(districtId, (mailedDistricts.get(districtId) ?? 0) + 1);
  }
  const { getAlert } = await import('../shared/email/alert-log');
  const { digestAlertId } = await import('../shared/hazards/sweep');

  // ---- Checks: every hazard open past due marked once, nothing else marked, nothing more on the second run.
  const wrong: string[] = [];
  for (const districtId of measured) {
    const want = generated.expected.get(districtId) ?? 0;
    const got = marks.get(districtId) ?? { marked: 0, entries: 0, hazardIds: [] };
    const again = marksAfter.get(districtId) ?? { marked: 0, entries: 0, hazardIds: [] };
    if (got.marked !== want || got.entries !== want)
      wrong.push(`${districtId}: ${got.marked}/${got.entries} marks, ${want} due`);
    if (again.marked !== got.marked || again.entries !== got.entries)
      wrong.push(`${districtId}: the second run marked more`);
  }
  mailedDistricts.delete(warmUp);
  const districtsWithDue = measured.filter((id) => (generated.expected.get(id) ?? 0) > 0).length;
  if (mailedDistricts.size !== districtsWithDue || [...mailedDistricts.values()].some((n) => n !== 1))
    wrong.push(
      `digest mails for ${mailedDistricts.size} districts (${mails.length} mails), ${districtsWithDue} have overdue hazards`,
    );
  // The metrics count what was done, once: the hazards marked and the digests sent, nothing on the second run.
  // (Unless POWERTOOLS_METRICS_DISABLED=true turned them off for this run.)
  const metric = (emf: typeof firstEmf, name: string) => emf.metrics[name] ?? 0;
  const metricsOn = process.env.POWERTOOLS_METRICS_DISABLED !== 'true';
  if (
    metricsOn &&
    (metric(firstEmf, 'HazardsMarkedOverdue') !== expectedTotal || metric(secondEmf, 'HazardsMarkedOverdue') !== 0)
  )
    wrong.push(
      `HazardsMarkedOverdue counted ${metric(firstEmf, 'HazardsMarkedOverdue')} then ${metric(secondEmf, 'HazardsMarkedOverdue')}, ${expectedTotal} marked`,
    );
  if (
    metricsOn &&
    (metric(firstEmf, 'OverdueDigestsSent') !== districtsWithDue || metric(secondEmf, 'OverdueDigestsSent') !== 0)
  )
    wrong.push(
      `OverdueDigestsSent counted ${metric(firstEmf, 'OverdueDigestsSent')} then ${metric(secondEmf, 'OverdueDigestsSent')}, ${districtsWithDue} sent`,
    );
  if (wrong.length) throw new Error(`the sweep's marks are wrong: ${wrong.slice(0, 5).join('; ')}`);

  // ---- Bytes: the largest command, the largest digest's outbox item.
  const largestEvent = Math.max(...put.map(entrySize));
  const largestDistrict = measured
    .map((id): [string, number] => [id, generated.expected.get(id) ?? 0])
    .sort((a, b) => b[1] - a[1])[0]!;
  const digest = await getAlert(
    largestDistrict[0],
    digestAlertId(SWEEP_DATE, marks.get(largestDistrict[0])?.hazardIds ?? []),
  );
  const digestBytes = digest ? Buffer.byteLength(JSON.stringify(digest), 'utf8') : Number.NaN;

  // ---- Figures.
  const baseline = first[0]!;
  const baselineMarked = generated.expected.get(baseline.districtId) ?? 0;
  const firstTen = first.slice(0, Math.min(10, first.length));
  const meanOf = (runs: readonly DistrictRun[]) => runs.reduce((sum, r) => sum + r.ms, 0) / runs.length;
  const all = summarize(first.map((r) => r.ms));
  const totalMarked = expectedTotal;
  const perHazard = first.reduce((sum, r) => sum + r.ms, 0) / Math.max(1, totalMarked);
  const baselinePerHazard = baseline.ms / Math.max(1, baselineMarked);
  const provinceMs = first.reduce((sum, r) => sum + r.ms, 0);
  const writeUnits = first.reduce((sum, r) => sum + r.usage.writeUnits, 0);
  const readUnits = first.reduce((sum, r) => sum + r.usage.readUnits, 0);
  const transactions = first.reduce((sum, r) => sum + (r.usage.byCommand.TransactWriteItemsCommand ?? 0), 0);
  const secondMean = meanOf(second);
  const slowest = first.reduce((a, b) => (b.ms > a.ms ? b : a));

  const rows: BenchRow[] = [
    row({
      id: 'sweep.first-district-ms',
      name: `first district's sweep (${schoolsPerDistrict} schools, ${baselineMarked} hazards marked, one digest)`,
      value: round(baseline.ms),
      unit: 'ms',
      note: 'the baseline of the rows below',
    }),
    row({
      id: 'sweep.per-district-10-ms',
      name: `mean district sweep, first ${firstTen.length} districts`,
      value: round(meanOf(firstTen)),
      unit: 'ms',
      baseline: round(baseline.ms),
      budget: LINEAR,
    }),
    row({
      id: 'sweep.per-district-ms',
      name: `mean district sweep, all ${first.length} districts (${(schoolsPerDistrict * districts).toLocaleString('en')} schools)`,
      value: round(all.mean),
      unit: 'ms',
      baseline: round(baseline.ms),
      budget: LINEAR,
      note: `p90 ${round(all.p90)} ms`,
    }),
    row({
      id: 'sweep.per-hazard-ms',
      name: `time per hazard marked, all districts (${totalMarked.toLocaleString('en')} hazards)`,
      value: round(perHazard, 3),
      unit: 'ms',
      baseline: round(baselinePerHazard, 3),
      budget: LINEAR,
    }),
    row({
      id: 'sweep.slowest-district-ms',
      name: `slowest district (${slowest.districtId}, ${generated.expected.get(slowest.districtId) ?? 0} hazards marked)`,
      value: round(slowest.ms),
      unit: 'ms',
      baseline: round(baseline.ms),
      budget: {
        kind: 'maxValue',
        max: (sweepFunction.timeoutSeconds * 1000) / 10,
        description: `a tenth of the function's ${sweepFunction.timeoutSeconds} s timeout`,
      },
    }),
    row({
      id: 'sweep.second-run-ms',
      name: 'mean district sweep, the same commands again (nothing marked, nothing sent)',
      value: round(secondMean),
      unit: 'ms',
      baseline: round(baseline.ms),
    }),
    row({
      id: 'sweep.province-s',
      name: `all ${districts} districts one after another (what the single invocation needed)`,
      value: round(provinceMs / 1000, 1),
      unit: 's',
      note: `its timeout was ${sweepFunction.timeoutSeconds} s; now each district has its own`,
    }),
    row({
      id: 'sweep.dispatch-ms',
      name: `dispatcher: ${districts} districts listed, ${putCalls} PutEvents calls`,
      value: round(dispatchMs),
      unit: 'ms',
    }),
    row({
      id: 'sweep.event-bytes',
      name: 'largest OverdueSweepRequested on the bus',
      value: largestEvent,
      unit: 'B',
      budget: { kind: 'maxValue', max: 256 * 1024, description: "EventBridge's 256 KB per entry" },
    }),
    row({
      id: 'sweep.digest-outbox-kib',
      name: `largest digest's outbox item (${largestDistrict[1]} hazards)`,
      value: round(digestBytes / 1024),
      unit: 'KiB',
      budget: { kind: 'maxValue', max: 400, description: "DynamoDB's 400 KB item limit" },
    }),
    row({
      id: 'sweep.write-units-per-hazard',
      name: `write units per hazard marked (${transactions} transactions)`,
      value: round(writeUnits / Math.max(1, totalMarked)),
      unit: 'WRU',
    }),
    row({
      id: 'sweep.read-units-per-district',
      name: 'read units per district sweep',
      value: round(readUnits / first.length),
      unit: 'RRU',
    }),
  ];

  return {
    id: 'sweep',
    title: `Overdue sweep: a province of ${districts} districts, ${(schoolsPerDistrict * districts).toLocaleString('en')} schools`,
    rows,
    usage: {
      dynamodbReadUnits: round(readUnits),
      dynamodbWriteUnits: round(writeUnits),
      dynamodbRequests: first.reduce((sum, r) => sum + r.usage.requests, 0),
      lambdaInvocations: first.length + 1,
      lambdaGbSeconds: round(((provinceMs / 1000) * sweepFunction.memoryMb) / 1024, 3),
      sesMessages: mails.length,
      eventBridgeEvents: put.length,
    },
    details: {
      districts,
      schoolsPerDistrict,
      items: generated.items,
      hazards: generated.hazards,
      hazardsMarked: totalMarked,
      generationSeconds: round(generated.ms / 1000, 1),
      digestMails: mails.length,
      metrics: { firstRun: firstEmf, secondRun: secondEmf },
      districtMs: first.map((r) => round(r.ms)),
      secondRunMs: second.map((r) => round(r.ms)),
    },
  };
}
