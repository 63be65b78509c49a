import type { StoredReport } from '../pipeline/store';
import type { RenderedReportEmail } from '../render/email';
import { renderAnnualCharts } from './render/charts';
import { renderAnnualEmail } from './render/email';
import { annualContentHash, readAnnualDocument, readAnnualJson, readAnnualWorkbook } from './store';

/*
 * Apart from store.ts so that the read routes, which only read stored objects, do not bundle the
 * chart renderer (test/infra/bundle-contents.test.ts).
 */

/** What the outbox mails for a stored summary: read back from S3, so a retry hours later mails the same figures. */
export async function annualMailContent(
  bucket: string,
  stored: StoredReport,
): Promise<{ contentHash: string; rendered: RenderedReportEmail }> {
  const report = await readAnnualJson(bucket, stored);
  const locale = report.district.locale;
  const [workbook, document, charts] = await Promise.all([
    readAnnualWorkbook(bucket, stored),
    readAnnualDocument(bucket, stored),
    renderAnnualCharts(report, locale),
  ]);
  return {
    contentHash: annualContentHash(report),
    rendered: renderAnnualEmail(report, { locale, workbook, document, charts }),
  };
}
