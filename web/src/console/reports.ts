import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp, useLoad } from '../context';
import { href } from '../router';
import { Failure, Loading } from './common';
import { localTime, percent, useWords } from './i18n';
import type { ReportItem } from './types';
import { download } from './xlsx';

/*
 * Reports: the district's months with their state (GET /v1/reports); a report opens as its
 * e-mail's HTML (GET /v1/reports/{month}/html); the workbook downloads; produce again and send
 * again use POST /v1/reports/{month}, after a confirmation.
 */

/** The month before the one `today` (YYYY-MM-DD) is in. */
function previousMonth(today: string | undefined): string | undefined {
  if (!today) return undefined;
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

export function ReportsScreen() {
  const { api, me } = useApp();
  const { w, wo, locale } = useWords();
  const { data, error, reload } = useLoad(() => api.get<{ items: ReportItem[] }>('/v1/reports?limit=24'), [locale]);
  const lastMonth = previousMonth(me.today?.date);
  const [message, setMessage] = useState<{ text: string; bad?: boolean }>();
  const [busy, setBusy] = useState<string>();
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;

  async function workbook(item: ReportItem) {
    if (!api.blob) return;
    setBusy(`wb-${item.month}`);
    try {
      const file = await api.blob(item.workbook.href);
      download(file.blob, file.fileName ?? `report-${item.month}.xlsx`);
    } catch (failure) {
      setMessage({ text: (failure as Error).message, bad: true });
    } finally {
      setBusy(undefined);
    }
  }
  async function again(item: Pick<ReportItem, 'month'>, send: boolean) {
    if (!confirm(w(send ? 'confirmSend' : 'confirmProduce', { month: item.month }))) return;
    setBusy(`${send ? 'send' : 'produce'}-${item.month}`);
    try {
      await api.post(`/v1/reports/${item.month}`, { send });
      setMessage({ text: `${item.month}: ${w('requested')}` });
      reload();
    } catch (failure) {
      setMessage({ text: failure instanceof ApiError ? failure.message : String(failure), bad: true });
    } finally {
      setBusy(undefined);
    }
  }
  return html`<section>
    <h2>${w('reports')}</h2>
    ${message ? html`<p class=${`notice${message.bad ? ' warn' : ' ok'}`} role="status">${message.text}</p>` : null}
    ${data.items.length === 0 ? html`<p class="notice">${w('noReports')}</p>` : null}
    ${
      lastMonth && !data.items.some((item) => item.month === lastMonth)
        ? html`<p class="actions"><button type="button" class="button" disabled=${Boolean(busy)} onClick=${() => again({ month: lastMonth }, false)}>${w('produceMonth', { month: lastMonth })}</button></p>`
        : null
    }
    ${
      data.items.length
        ? html`<div class="table-wrap"><table class="grid" data-table="reports">
          <thead><tr><th scope="col">${w('month')}</th><th scope="col">${w('state')}</th><th scope="col" class="num">${w('districtRate')}</th><th scope="col">${w('producedAt')}</th><th scope="col"><span class="visually-hidden">${w('reports')}</span></th></tr></thead>
          <tbody>${data.items.map(
            (item) => html`<tr data-report=${item.month}>
              <th scope="row"><a href=${href(['reports', item.month])}>${item.month}</a></th>
              <td><span class=${`pill state-${item.state}`}>${wo(`state_${item.state}`, item.state)}</span></td>
              <td class="num">${percent(item.summary.complianceRate)}</td>
              <td>${localTime(item.producedAt, me.district?.timezone)}</td>
              <td class="row-actions">
                <a class="button secondary" href=${href(['reports', item.month])}>${w('openReport')}</a>
                <button type="button" class="button secondary" data-workbook=${item.month} disabled=${busy === `wb-${item.month}`} onClick=${() => workbook(item)}>${w('workbook')}</button>
                <button type="button" class="button secondary" disabled=${Boolean(busy)} onClick=${() => again(item, false)}>${w('produceAgain')}</button>
                <button type="button" class="button danger" disabled=${Boolean(busy)} onClick=${() => again(item, true)}>${w('sendAgain')}</button>
              </td></tr>`,
          )}</tbody></table></div>`
        : null
    }
  </section>`;
}

/**
 * The mail's HTML shown in the page. The app's CSP allows no inline style, so the HTML is parsed
 * inert (DOMParser), scripts and handlers dropped, and each element's style attribute applied
 * through the CSSOM, which a CSP does not restrict. Nothing else of the mail is changed, except
 * three colours (see below).
 */
function MailHtml(props: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = ref.current;
    if (!target) return;
    const parsed = new DOMParser().parseFromString(props.html, 'text/html');
    parsed.querySelectorAll('script, style, link, meta, iframe, object, embed').forEach((element) => element.remove());
    const styles = new Map<Element, string>();
    parsed.body.querySelectorAll('*').forEach((element) => {
      for (const attribute of [...element.attributes]) {
        if (
          attribute.name.startsWith('on') ||
          ((attribute.name === 'href' || attribute.name === 'src') && /^\s*javascript:/i.test(attribute.value))
        )
          element.removeAttribute(attribute.name);
      }
      const style = element.getAttribute('style');
      if (style !== null) {
        styles.set(element, style);
        element.removeAttribute('style');
      }
    });
    target.replaceChildren(...[...parsed.body.childNodes].map((node) => document.adoptNode(node)));
    // Three of the mail's colours are a shade under WCAG's 4.5:1 (its lightest greys on its light
    // panels, white on the high-severity orange #d84315, 4.4:1): darkened here, the mail itself is left as it is.
    const darker = (style: string) =>
      style
        .replace(/(^|;)\s*color:\s*#(777|666)\b/gi, '$1color:#595959')
        .replace(/background:\s*#d84315\b/gi, 'background:#bf360c');
    for (const [element, style] of styles) (element as HTMLElement).style.cssText = darker(style);
  }, [props.html]);
  return html`<div class="mail-html" ref=${ref}></div>`;
}

export function ReportScreen(props: { month: string }) {
  const { api } = useApp();
  const { w, locale } = useWords();
  const { data, error } = useLoad(
    () => api.get<{ subject: string; html: string }>(`/v1/reports/${encodeURIComponent(props.month)}/html`),
    [props.month, locale],
  );
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  return html`<section>
    <p class="meta"><a href=${href(['reports'])}>← ${w('reports')}</a></p>
    <h2 class="visually-hidden">${data.subject}</h2>
    <${MailHtml} html=${data.html} />
  </section>`;
}
