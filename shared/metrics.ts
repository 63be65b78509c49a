import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The domain metrics (issue 22), with Powertools' metrics utility: each is one log line in the
 * CloudWatch embedded metric format (EMF), which CloudWatch turns into a metric of the namespace
 * `Houqin` without any API call. Every metric the system emits is named here, and each handler
 * reports its outcome through one of the functions below. POWERTOOLS_METRICS_DISABLED=true (tests,
 * the local stack) turns them off; it is read at each emission.
 */
export const METRICS_NAMESPACE = 'Houqin';

export const DOMAIN_METRICS = {
  /** A submission stored (dimension formType). */
  submissionsRecorded: 'SubmissionsRecorded',
  /** An identical replay answered from the stored submission (dimension formType). */
  submissionReplays: 'SubmissionReplays',
  /** A hazard raised by a submission (dimension severity). */
  hazardsRaised: 'HazardsRaised',
  /** A critical hazard's alert e-mailed to the district's officials. */
  alertsSent: 'AlertsSent',
  /** A critical hazard's alert not sent (dimension reason: no-recipients, already-sent). */
  alertsHeldBack: 'AlertsHeldBack',
  /** A critical hazard's alert held past the hour's alert budget for the digest (dimension reason: school-budget, district-budget). */
  alertsOverBudget: 'AlertsOverBudget',
  /** A digest of held alerts mailed to a district's officials. */
  alertDigestsSent: 'AlertDigestsSent',
  photosVerified: 'PhotosVerified',
  photosQuarantined: 'PhotosQuarantined',
  /** A district's report of last month still missing or unmailed on the 1st at 10:00 district time or later (the dispatcher asks for it again). */
  monthlyReportsLate: 'MonthlyReportsLate',
  /** A report produced and stored (a new revision; an unchanged month writes nothing and is not counted). */
  reportsProduced: 'ReportsProduced',
  /** A year-end summary produced and stored (a new revision; an unchanged year is not counted). Its mail counts in ReportMailsSent and ReportMailFailures. */
  annualReportsProduced: 'AnnualReportsProduced',
  /** Hazards the overdue sweep marked overdue (dimension severity); those an earlier run marked are not counted again. */
  hazardsMarkedOverdue: 'HazardsMarkedOverdue',
  /** An overdue digest mailed to a district's officials (one a district and day; a digest sent before is not counted again). */
  overdueDigestsSent: 'OverdueDigestsSent',
  /** A report mail SES took, one per recipient. */
  reportMailsSent: 'ReportMailsSent',
  /** A report mail send that failed (dimension final: "yes" when no attempt follows, "no" when it will be retried). */
  reportMailFailures: 'ReportMailFailures',
} as const;

export type DomainMetric = (typeof DOMAIN_METRICS)[keyof typeof DOMAIN_METRICS];

/**
 * Emits `count` of `metric` at once (one EMF line), with `dimensions` on top of the service.
 * A count of 0 emits nothing.
 */
export function countMetric(metric: DomainMetric, dimensions: Record<string, string> = {}, count = 1): void {
  if (count <= 0) return;
  const single = new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'houqin',
    singleMetric: true,
  });
  for (const [name, value] of Object.entries(dimensions)) single.addDimension(name, value);
  single.addMetric(metric, MetricUnit.Count, count);
}

/** POST /v1/submissions answered: stored (201) or an identical replay (200), with the hazards it raised. */
export function submissionMetrics(status: number, body: unknown): void {
  const view = body as { submission?: { formType?: unknown }; hazards?: { severity?: unknown }[] } | undefined;
  const formType = typeof view?.submission?.formType === 'string' ? view.submission.formType : 'unknown';
  if (status === 200) {
    countMetric(DOMAIN_METRICS.submissionReplays, { formType });
    return;
  }
  if (status !== 201) return;
  countMetric(DOMAIN_METRICS.submissionsRecorded, { formType });
  const bySeverity = new Map<string, number>();
  for (const hazard of view?.hazards ?? []) {
    const severity = typeof hazard.severity === 'string' ? hazard.severity : 'unknown';
    bySeverity.set(severity, (bySeverity.get(severity) ?? 0) + 1);
  }
  for (const [severity, count] of bySeverity) countMetric(DOMAIN_METRICS.hazardsRaised, { severity }, count);
}

/** A critical hazard's alert: sent, or held back with the reason. */
export function alertMetrics(status: string, holdReason?: string): void {
  if (status === 'sent') countMetric(DOMAIN_METRICS.alertsSent);
  else if (status === 'held') countMetric(DOMAIN_METRICS.alertsOverBudget, { reason: holdReason ?? 'unknown' });
  else countMetric(DOMAIN_METRICS.alertsHeldBack, { reason: status });
}

/** A run of the alert digest: the digests it sent. */
export function alertDigestMetrics(outcomes: readonly { status: string }[]): void {
  countMetric(DOMAIN_METRICS.alertDigestsSent, {}, outcomes.filter((o) => o.status === 'sent').length);
}

/** A photo upload checked: verified or quarantined. */
export function photoMetrics(outcome: 'verified' | 'quarantined'): void {
  if (outcome === 'quarantined') countMetric(DOMAIN_METRICS.photosQuarantined);
  else if (outcome === 'verified') countMetric(DOMAIN_METRICS.photosVerified);
}

/** Report mail outcomes of a run (produce-report's first send, send-report-mail's retries). */
export function reportMailMetrics(outcomes: readonly { status: string; nextAttemptAt?: string }[]): void {
  countMetric(DOMAIN_METRICS.reportMailsSent, {}, outcomes.filter((o) => o.status === 'sent').length);
  const failed = outcomes.filter((o) => o.status === 'failed');
  countMetric(
    DOMAIN_METRICS.reportMailFailures,
    { final: 'no' },
    failed.filter((o) => o.nextAttemptAt !== undefined).length,
  );
  countMetric(
    DOMAIN_METRICS.reportMailFailures,
    { final: 'yes' },
    failed.filter((o) => o.nextAttemptAt === undefined).length,
  );
}

/** A report produced: counted when a new revision was written. */
export function reportProducedMetrics(written: boolean): void {
  if (written) countMetric(DOMAIN_METRICS.reportsProduced);
}

/** A year-end summary produced: counted when a new revision was written, with the mail of its run. */
export function annualReportMetrics(outcome: {
  written: boolean;
  mail: readonly { status: string; nextAttemptAt?: string }[];
}): void {
  if (outcome.written) countMetric(DOMAIN_METRICS.annualReportsProduced);
  reportMailMetrics(outcome.mail);
}

/** A district's overdue sweep: the hazards it marked now (by severity) and the digest it sent. A preview counts nothing. */
export function overdueSweepMetrics(sweep: {
  applied: boolean;
  marked: readonly { severity: string }[];
  digests: readonly { status: string }[];
}): void {
  if (!sweep.applied) return;
  const bySeverity = new Map<string, number>();
  for (const hazard of sweep.marked) bySeverity.set(hazard.severity, (bySeverity.get(hazard.severity) ?? 0) + 1);
  for (const [severity, count] of bySeverity) countMetric(DOMAIN_METRICS.hazardsMarkedOverdue, { severity }, count);
  countMetric(DOMAIN_METRICS.overdueDigestsSent, {}, sweep.digests.filter((d) => d.status === 'sent').length);
}
