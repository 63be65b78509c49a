import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp, useLoad } from '../context';
import { pick } from '../engine/text';
import { href } from '../router';
import { allPages, ExportButton, Failure, Loading, Photos } from './common';
import { HAZARD_CATEGORIES, SEVERITIES } from '../../../shared/forms/types';
import { localTime, useWords } from './i18n';
import type { Hazard, Overview, SubmissionDetail } from './types';

/*
 * Hazards: a list filtered by status (or overdue) and by one of school, severity or category, each
 * combination served by an index in one request (README § Data); a hazard's page with the finding
 * and the rectification side by side, its history, and accept / send back (a reason required).
 */

const FILTER_KEYS = ['status', 'overdue', 'schoolId', 'severity', 'category'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

function filtersOf(query: Record<string, string>): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) if (query[key]) filters[key] = query[key];
  // A list always has a status (or overdue): the console's lists are the ones the indexes serve.
  if (!filters.status && filters.overdue !== 'true') filters.status = 'open';
  return filters;
}

/** The query the API is asked: overdue means open and past due. */
function apiQuery(filters: Filters): Record<string, string | undefined> {
  return filters.overdue === 'true' ? { ...filters, status: undefined } : filters;
}

export function HazardListScreen(props: { query: Record<string, string> }) {
  const { api } = useApp();
  const { w, wo, locale } = useWords();
  const filters = filtersOf(props.query);
  const key = JSON.stringify(filters);
  const [pages, setPages] = useState<{ items: Hazard[]; nextCursor: string | null }[]>([]);
  const schools = useLoad(
    () =>
      api
        .get<Overview>('/v1/overview')
        .then((overview) =>
          overview.schools
            .map((s) => ({ schoolId: s.schoolId, name: s.name }))
            .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
        ),
    [],
  );
  const first = useLoad(async () => {
    const search = new URLSearchParams(
      Object.entries({ ...apiQuery(filters), limit: '50' }).filter((entry): entry is [string, string] =>
        Boolean(entry[1]),
      ),
    );
    return api.get<{ items: Hazard[]; nextCursor: string | null }>(`/v1/hazards?${search}`);
  }, [key, locale]);
  useEffect(() => setPages(first.data ? [first.data] : []), [first.data]);

  const go = (change: Filters) => {
    const next: Filters = { ...filters, ...change };
    // School, severity and category narrow one at a time (each is its own index).
    if (change.schoolId) Object.assign(next, { severity: undefined, category: undefined });
    if (change.severity) Object.assign(next, { schoolId: undefined, category: undefined });
    if (change.category) Object.assign(next, { schoolId: undefined, severity: undefined });
    location.hash = href(['hazards'], next as Record<string, string | undefined>);
  };
  async function more() {
    const last = pages.at(-1);
    if (!last?.nextCursor) return;
    const search = new URLSearchParams(
      Object.entries({ ...apiQuery(filters), limit: '50', cursor: last.nextCursor }).filter(
        (entry): entry is [string, string] => Boolean(entry[1]),
      ),
    );
    const page = await api.get<{ items: Hazard[]; nextCursor: string | null }>(`/v1/hazards?${search}`);
    setPages([...pages, page]);
  }
  const items = pages.flatMap((page) => page.items);
  const tab = (label: string, change: Filters, current: boolean) =>
    html`<a class=${`segment${current ? ' current' : ''}`} aria-current=${current ? 'true' : undefined} href=${href(['hazards'], { ...filters, status: undefined, overdue: undefined, ...change } as Record<string, string | undefined>)}>${label}</a>`;
  const statusNow = filters.overdue === 'true' ? 'overdue' : filters.status;
  /** The filter on `key` (one of its values or all), labelled with the word `word` (and id f-<word>). */
  const select = (
    key: 'schoolId' | 'severity' | 'category',
    word: 'school' | 'severity' | 'category',
    options: { value: string; label: string }[],
  ) =>
    html`<label class="filter" for=${`f-${word}`}><span>${w(word)}</span><select id=${`f-${word}`} value=${filters[key] ?? ''} onChange=${(event: Event) => go({ [key]: (event.target as HTMLSelectElement).value || undefined })}>
      <option value="">${w('all')}</option>${options.map((option) => html`<option value=${option.value}>${option.label}</option>`)}</select></label>`;
  const exportRows = async () => {
    const rows = await allPages<Hazard>(api, '/v1/hazards', apiQuery(filters));
    return {
      header: [
        w('school'),
        w('category'),
        w('severity'),
        pick({ zh: '隐患', en: 'Hazard' }, locale),
        w('status'),
        w('found'),
        w('due'),
        w('overdue'),
        'ID',
      ],
      rows: rows.map((h) => [
        h.schoolName ?? h.schoolId,
        wo(`category_${h.category}`, h.category),
        wo(`severity_${h.severity}`, h.severity),
        pick(h.title, locale),
        wo(`status_${h.status}`, h.status),
        h.foundOn,
        h.dueDate,
        h.daysOverdue,
        h.hazardId,
      ]),
    };
  };
  return html`<section>
    <h2>${w('hazards')}</h2>
    <nav class="segments" aria-label=${w('status')}>
      ${tab(w('open'), { status: 'open' }, statusNow === 'open')}
      ${tab(w('overdueList'), { overdue: 'true' }, statusNow === 'overdue')}
      ${tab(w('awaiting'), { status: 'rectified' }, statusNow === 'rectified')}
      ${tab(w('verified'), { status: 'verified' }, statusNow === 'verified')}
    </nav>
    <div class="filters" role="group" aria-label=${w('narrowBy')}>
      ${select(
        'schoolId',
        'school',
        (schools.data ?? []).map((s) => ({ value: s.schoolId, label: s.name })),
      )}
      ${select(
        'severity',
        'severity',
        SEVERITIES.map((s) => ({ value: s, label: wo(`severity_${s}`, s) })),
      )}
      ${select(
        'category',
        'category',
        HAZARD_CATEGORIES.map((c) => ({ value: c, label: wo(`category_${c}`, c) })),
      )}
      <${ExportButton} fileName=${`hazards-${statusNow}.xlsx`} sheet=${w('hazards')} build=${exportRows} />
    </div>
    <p class="meta">${w('narrowBy')}</p>
    ${first.error ? html`<${Failure} error=${first.error} />` : first.loading && !pages.length ? html`<${Loading} />` : null}
    ${!first.loading && items.length === 0 ? html`<p class="notice">${w('empty')}</p>` : null}
    ${
      items.length
        ? html`<div class="table-wrap"><table class="grid" data-table="hazards">
          <thead><tr><th scope="col">${pick({ zh: '隐患', en: 'Hazard' }, locale)}</th><th scope="col">${w('school')}</th><th scope="col">${w('severity')}</th><th scope="col">${w('category')}</th><th scope="col">${w('due')}</th><th scope="col">${w('status')}</th></tr></thead>
          <tbody>${items.map(
            (h) => html`<tr class=${h.overdue ? 'below' : ''} data-hazard=${h.hazardId}>
              <th scope="row"><a href=${href(['hazards', h.hazardId], { from: key })}>${pick(h.title, locale)}</a></th>
              <td>${h.schoolName ?? h.schoolId}</td>
              <td><span class=${`pill sev-${h.severity}`}>${wo(`severity_${h.severity}`, h.severity)}</span></td>
              <td>${wo(`category_${h.category}`, h.category)}</td>
              <td>${h.dueDate}${h.overdue ? html` <span class="pill overdue">${w('daysOverdue', { days: h.daysOverdue })}</span>` : null}</td>
              <td>${wo(`status_${h.status}`, h.status)}</td></tr>`,
          )}</tbody></table></div>`
        : null
    }
    ${pages.at(-1)?.nextCursor ? html`<p class="actions"><button type="button" class="button secondary" onClick=${more}>${w('more')}</button></p>` : null}
  </section>`;
}

/** The next hazard awaiting verification after a decision (by due date, the list's order), other than `done`. */
async function nextAwaiting(get: <T>(path: string) => Promise<T>, done: string): Promise<string | undefined> {
  const page = await get<{ items: Hazard[] }>('/v1/hazards?status=rectified&limit=5');
  return page.items.find((item) => item.hazardId !== done)?.hazardId;
}

export function HazardScreen(props: { hazardId: string }) {
  const { api, catalogue, me } = useApp();
  const { w, wo, locale } = useWords();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ next?: string }>();
  const { data, error, reload } = useLoad(async () => {
    const { hazard } = await api.get<{ hazard: Hazard }>(`/v1/hazards/${encodeURIComponent(props.hazardId)}`);
    const [finding, forms] = await Promise.all([
      api
        .get<SubmissionDetail>(
          `/v1/submissions/${encodeURIComponent(hazard.submissionId)}?schoolId=${encodeURIComponent(hazard.schoolId)}`,
        )
        .catch(() => undefined),
      catalogue().catch(() => []),
    ]);
    return { hazard, finding, form: forms.find((form) => form.id === hazard.formType) };
  }, [props.hazardId, locale]);
  useEffect(() => {
    setNote('');
    setProblem(undefined);
    setOutcome(undefined);
  }, [props.hazardId]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const { hazard, finding, form } = data;
  const rectification = [...hazard.history].reverse().find((entry) => entry.action === 'rectified');
  const rectificationPhotos = hazard.photos.filter((photo) => rectification?.photoIds.includes(photo.photoId));

  async function decide(accepted: boolean) {
    if (!accepted && !note.trim()) {
      setProblem(w('reasonRequired'));
      document.getElementById('decision-note')?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post(`/v1/hazards/${encodeURIComponent(hazard.hazardId)}/verification`, {
        accepted,
        ...(note.trim() ? { note: note.trim() } : accepted ? {} : {}),
      });
      const next = await nextAwaiting(api.get, hazard.hazardId);
      setOutcome({ next });
      if (next) location.hash = href(['hazards', next]);
      else reload();
    } catch (failure) {
      setProblem(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  const answers = finding ? Object.entries(finding.submission.answers) : [];
  const label = (name: string) => {
    const field = form?.fields.find((candidate) => candidate.name === name);
    return {
      text: field ? pick(field.label, locale) : name,
      unit: field?.unit ? pick(field.unit, locale) : '',
      options: field?.options,
    };
  };
  const shown = (name: string, value: unknown) => {
    const { unit, options } = label(name);
    if (typeof value === 'boolean') return value ? w('yes') : w('no');
    if (options && typeof value === 'string' && options[value]) return pick(options[value], locale);
    return `${String(value)}${unit ? ` ${unit}` : ''}`;
  };
  return html`<section class="hazard-page" data-hazard-page=${hazard.hazardId}>
    <p class="meta"><a href=${href(['hazards'], { status: hazard.status === 'rectified' ? 'rectified' : 'open' })}>← ${w('backToList')}</a></p>
    ${outcome && !outcome.next ? html`<p class="notice ok" role="status">${w('decided')} ${w('noneAwaiting')}</p>` : null}
    <h2>${pick(hazard.title, locale)}</h2>
    <p class="pills">
      <span class=${`pill sev-${hazard.severity}`}>${wo(`severity_${hazard.severity}`, hazard.severity)}</span>
      <span class="pill">${wo(`category_${hazard.category}`, hazard.category)}</span>
      <span class="pill" data-status=${hazard.status}>${wo(`status_${hazard.status}`, hazard.status)}</span>
      ${hazard.overdue ? html`<span class="pill overdue">${w('daysOverdue', { days: hazard.daysOverdue })}</span>` : null}
    </p>
    <p class="meta"><a href=${href(['schools', hazard.schoolId])}>${hazard.schoolName ?? hazard.schoolId}</a> · ${w('found')} ${hazard.foundOn} · ${w('due')} ${hazard.dueDate}${hazard.place ? ` · ${hazard.place}` : ''}</p>
    <div class="side-by-side">
      <section class="panel" aria-labelledby="finding-h">
        <h3 id="finding-h">${w('finding')}</h3>
        ${hazard.description ? html`<p>${hazard.description}</p>` : null}
        ${
          answers.length
            ? html`<dl class="answers">${answers.map(([name, value]) => html`<div><dt>${label(name).text}</dt><dd>${shown(name, value)}</dd></div>`)}</dl>`
            : null
        }
        ${finding ? html`<${Photos} photos=${finding.photos} />` : null}
        ${finding ? html`<p class="meta"><a href=${href(['submissions', hazard.submissionId], { schoolId: hazard.schoolId })}>${form ? pick(form.title, locale) : hazard.formType} · ${finding.submission.date}</a></p>` : null}
      </section>
      <section class="panel" aria-labelledby="rect-h">
        <h3 id="rect-h">${w('rectification')}</h3>
        ${
          rectification
            ? html`<p data-rectification-note>${rectification.note}</p><p class="meta">${localTime(rectification.at, me.district?.timezone)} · ${rectification.by}</p><${Photos} photos=${rectificationPhotos} />`
            : html`<p class="meta">${w('noRectification')}</p>`
        }
      </section>
    </div>
    ${
      hazard.status === 'rectified'
        ? html`<section class="panel decision">
          <label for="decision-note">${w('reason')}</label>
          <textarea id="decision-note" rows="3" maxlength="2000" value=${note} aria-invalid=${problem ? 'true' : undefined} aria-describedby=${problem ? 'decision-problem' : undefined} onInput=${(event: Event) => setNote((event.target as HTMLTextAreaElement).value)}></textarea>
          ${problem ? html`<p class="error" id="decision-problem" role="alert">${problem}</p>` : null}
          <div class="actions">
            <button type="button" class="button" disabled=${busy} onClick=${() => decide(true)}>${w('accept')}</button>
            <button type="button" class="button danger" disabled=${busy} onClick=${() => decide(false)}>${w('sendBack')}</button>
          </div>
        </section>`
        : null
    }
    <section class="panel"><h3>${w('history')}</h3><ol class="history">${hazard.history.map(
      (entry) =>
        html`<li><strong>${wo(`action_${entry.action}`, entry.action)}</strong> · <time datetime=${entry.at}>${localTime(entry.at, me.district?.timezone)}</time> · ${entry.by}${entry.note ? html`<br />${entry.note}` : null}</li>`,
    )}</ol></section>
  </section>`;
}
