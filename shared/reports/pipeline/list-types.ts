/*
 * What GET /v1/reports returns (list-api.ts), in a module that imports nothing: the web console
 * uses these very types (web/src/console/types.ts).
 */

/**
 * A delivery's state: in-progress while any recipient may still be sent (pending, sending, or
 * failed and retried later); sent when every recipient not skipped was sent; partly-sent when
 * some were and others failed for good; failed when none was (views.ts).
 */
export type DeliveryState = 'in-progress' | 'sent' | 'partly-sent' | 'failed';

/**
 * A month's report as the list shows it: produced (no mail asked yet), sending (a delivery may
 * still be sent), sent, partly-sent, failed (the latest delivery reached nobody) or bounced
 * (it was sent, and at least one address bounced since).
 */
export type ReportListState = 'produced' | 'sending' | Exclude<DeliveryState, 'in-progress'> | 'bounced';

/** One month of the list; `MailStatus`: the statuses a recipient's mail can have (outbox.ts). */
export interface ReportListItem<MailStatus extends string = string> {
  month: string;
  producedAt: string;
  revision: number;
  state: ReportListState;
  /** The latest delivery: its number, when it was asked for, and its recipients by status. */
  latestDelivery: {
    delivery: number;
    createdAt: string;
    recipients: Partial<Record<MailStatus, number>>;
  } | null;
  summary: {
    schoolsRegistered: number;
    schoolsReporting: number;
    complianceRate: number | null;
    hazardsFound: number;
    hazardsOpenAtMonthEnd: number;
    hazardsOverdueAtMonthEnd: number;
    criticalHazards: number;
  };
  href: string;
  workbook: { bytes: number; href: string };
}
