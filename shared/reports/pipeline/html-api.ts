import type { Principal } from '../../auth/principal';
import type { Locale } from '../../i18n';
import { renderReportEmail } from '../render/email';
import { requireStoredReport, type ReadDeps } from './read-api';
import { readReportJson } from './store';

/*
 * GET /v1/reports/{month}/html (functions/get-report-html): the report as the HTML of its e-mail,
 * rendered by the mail's own renderer from the stored JSON, in the caller's language, for the
 * officials' console. Without the inline charts (the console draws its own) and without photo
 * links (the console opens photos through GET /v1/photos/{id}).
 */

type Official = Extract<Principal, { role: 'official' }>;

export interface ReportHtmlResponse {
  districtId: string;
  month: string;
  subject: string;
  html: string;
}

export async function getReportHtml(
  principal: Official,
  month: string,
  locale: Locale,
  deps: ReadDeps,
): Promise<ReportHtmlResponse> {
  const stored = await requireStoredReport(principal.districtId, month, (deps.now ?? (() => new Date()))());
  const report = await readReportJson(deps.bucket, stored);
  const mail = renderReportEmail(report, { locale, workbook: Buffer.alloc(0), charts: [] });
  return { districtId: stored.districtId, month, subject: mail.subject, html: mail.html };
}
