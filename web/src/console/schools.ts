import { html } from 'htm/preact';
import { useApp, useLoad } from '../context';
import { pick } from '../engine/text';
import { href } from '../router';
import { allPages, ExportButton, Failure, Loading, Photos } from './common';
import { localTime, percent, useWords } from './i18n';
import type { Overview, SubmissionDetail, SubmissionItem } from './types';

/*
 * Schools: the roster with each school's compliance this month, open hazards and last submission
 * (one request, GET /v1/overview); a school's page with its month's submissions by form and date
 * (GET /v1/submissions?schoolId=, by form type from its own index); a submission's page.
 */

export function SchoolsScreen(props: { month?: string }) {
  const { api } = useApp();
  const { w, locale } = useWords();
  const { data, error } = useLoad(
    () => api.get<Overview>(`/v1/overview${props.month ? `?month=${props.month}` : ''}`),
    [props.month, locale],
  );
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const schools = [...data.schools].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const build = async () => ({
    header: [
      w('school'),
      w('rate'),
      w('submitted'),
      w('expected'),
      w('belowThreshold'),
      w('openHazards'),
      w('overdue'),
      w('awaiting'),
      w('lastSubmission'),
      'ID',
    ],
    rows: schools.map((s) => [
      s.name,
      s.rate === null ? null : Math.round(s.rate * 1000) / 10,
      s.submitted,
      s.expected,
      s.belowThreshold ? w('yes') : w('no'),
      s.openHazards,
      s.overdueHazards,
      s.awaitingVerification,
      s.lastSubmission,
      s.schoolId,
    ]),
  });
  return html`<section>
    <h2>${w('schools')} <span class="date">${data.month}</span></h2>
    <div class="filters"><${ExportButton} fileName=${`schools-${data.month}.xlsx`} sheet=${w('schools')} build=${build} /></div>
    <div class="table-wrap"><table class="grid" data-table="roster">
      <thead><tr><th scope="col">${w('school')}</th><th scope="col" class="num">${w('rate')}</th><th scope="col" class="num">${w('openHazards')}</th><th scope="col">${w('lastSubmission')}</th></tr></thead>
      <tbody>${schools.map(
        (
          s,
        ) => html`<tr class=${s.belowThreshold ? 'below' : ''}><th scope="row"><a href=${href(['schools', s.schoolId])}>${s.name}</a></th>
          <td class="num">${percent(s.rate)}${s.belowThreshold ? html` <span class="pill overdue">${w('belowThreshold')}</span>` : null}</td>
          <td class="num">${s.openHazards ? html`<a href=${href(['hazards'], { status: 'open', schoolId: s.schoolId })}>${s.openHazards}</a>` : 0}</td>
          <td>${s.lastSubmission ?? '—'}</td></tr>`,
      )}</tbody></table></div>
  </section>`;
}

export function SchoolScreen(props: { schoolId: string; query: Record<string, string> }) {
  const { api, catalogue } = useApp();
  const { w, locale } = useWords();
  const month = props.query.month;
  const formType = props.query.formType;
  const { data, error } = useLoad(async () => {
    const query = { schoolId: props.schoolId, month, formType };
    const [items, overview, forms] = await Promise.all([
      allPages<SubmissionItem>(api, '/v1/submissions', query, 5),
      api.get<Overview>(`/v1/overview${month ? `?month=${month}` : ''}`),
      catalogue(),
    ]);
    return { items, school: overview.schools.find((s) => s.schoolId === props.schoolId), month: overview.month, forms };
  }, [props.schoolId, month, formType, locale]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const title = (id: string) => pick(data.forms.find((form) => form.id === id)?.title, locale) || id;
  const byForm = new Map<string, SubmissionItem[]>();
  for (const item of [...data.items].sort((a, b) => b.date.localeCompare(a.date)))
    byForm.set(item.formType, [...(byForm.get(item.formType) ?? []), item]);
  const build = async () => ({
    header: [w('form'), w('date'), w('headline'), w('photos'), w('flags'), w('hazardsRaised'), 'ID'],
    rows: data.items.map((s) => [
      title(s.formType),
      s.date,
      s.headline
        .map((h) => `${pick(h.label, locale)} ${h.value}${h.unit ? ` ${pick(h.unit, locale)}` : ''}`)
        .join('; '),
      s.photoCount,
      s.flags.length,
      s.hazardCount,
      s.submissionId,
    ]),
  });
  return html`<section>
    <h2>${data.school?.name ?? props.schoolId} <span class="date">${data.month}</span></h2>
    ${
      data.school
        ? html`<p class="pills"><span class=${`pill${data.school.belowThreshold ? ' overdue' : ''}`}>${w('rate')} ${percent(data.school.rate)}</span>
          <a class="pill due" href=${href(['hazards'], { status: 'open', schoolId: props.schoolId })}>${w('openHazards')} ${data.school.openHazards}</a></p>`
        : null
    }
    <div class="filters">
      <label class="filter" for="f-form"><span>${w('form')}</span><select id="f-form" value=${formType ?? ''} onChange=${(
        event: Event,
      ) => {
        location.hash = href(['schools', props.schoolId], {
          month,
          formType: (event.target as HTMLSelectElement).value || undefined,
        });
      }}><option value="">${w('all')}</option>${data.forms.map((form) => html`<option value=${form.id}>${pick(form.title, locale)}</option>`)}</select></label>
      <${ExportButton} fileName=${`${props.schoolId}-${data.month}.xlsx`} sheet=${w('submissions')} build=${build} />
    </div>
    ${data.items.length === 0 ? html`<p class="notice">${w('empty')}</p>` : null}
    ${[...byForm.entries()].map(
      ([id, items]) => html`<section class="panel"><h3>${title(id)} (${items.length})</h3>
        <div class="table-wrap"><table class="grid"><thead><tr><th scope="col">${w('date')}</th><th scope="col">${w('headline')}</th><th scope="col" class="num">${w('photos')}</th><th scope="col">${w('flags')}</th></tr></thead>
        <tbody>${items.map(
          (
            s,
          ) => html`<tr class=${s.supersededBy ? 'superseded' : ''}><th scope="row"><a href=${href(['submissions', s.submissionId], { schoolId: s.schoolId })}>${s.date}</a></th>
            <td>${s.headline.map((h) => `${pick(h.label, locale)} ${h.value}${h.unit ? ` ${pick(h.unit, locale)}` : ''}`).join(' · ') || '—'}</td>
            <td class="num">${s.photoCount}</td><td>${s.flags.length ? html`<span class="pill sev-high">${s.flags.length}</span>` : '—'}${s.hazardCount ? html` <span class="pill due">${w('hazardsRaised')} ${s.hazardCount}</span>` : null}</td></tr>`,
        )}</tbody></table></div></section>`,
    )}
  </section>`;
}

export function SubmissionScreen(props: { submissionId: string; schoolId?: string }) {
  const { api, catalogue, me } = useApp();
  const { w, wo, locale } = useWords();
  const { data, error } = useLoad(async () => {
    const [detail, forms] = await Promise.all([
      api.get<SubmissionDetail>(
        `/v1/submissions/${encodeURIComponent(props.submissionId)}${props.schoolId ? `?schoolId=${encodeURIComponent(props.schoolId)}` : ''}`,
      ),
      catalogue(),
    ]);
    return { detail, form: forms.find((form) => form.id === detail.submission.formType) };
  }, [props.submissionId, props.schoolId, locale]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const { detail, form } = data;
  const { submission } = detail;
  const field = (name: string) => form?.fields.find((candidate) => candidate.name === name);
  const shown = (name: string, value: unknown) => {
    const spec = field(name);
    if (typeof value === 'boolean') return value ? w('yes') : w('no');
    if (spec?.options && typeof value === 'string' && spec.options[value]) return pick(spec.options[value], locale);
    if (Array.isArray(value))
      return value
        .map((item) =>
          spec?.options && typeof item === 'string' && spec.options[item]
            ? pick(spec.options[item], locale)
            : String(item),
        )
        .join('、');
    return String(value);
  };
  return html`<section>
    <p class="meta"><a href=${href(['schools', submission.schoolId])}>← ${submission.schoolName ?? submission.schoolId}</a></p>
    <h2>${form ? pick(form.title, locale) : submission.formType} <span class="date">${submission.date}</span></h2>
    ${submission.supersededBy ? html`<p class="notice warn">${w('corrections')}: <a href=${href(['submissions', submission.supersededBy], { schoolId: submission.schoolId })}>${submission.supersededBy}</a></p>` : null}
    <div class="table-wrap"><table class="grid answers-table"><caption>${w('answers')}</caption><tbody>${Object.entries(
      submission.answers,
    ).map(([name, value]) => {
      const spec = field(name);
      return html`<tr><th scope="row">${spec ? pick(spec.label, locale) : name}</th><td>${shown(name, value)}</td><td class="unit">${spec?.unit && typeof value === 'number' ? pick(spec.unit, locale) : ''}</td></tr>`;
    })}${submission.note ? html`<tr><th scope="row">${w('note')}</th><td colspan="2">${submission.note}</td></tr>` : null}</tbody></table></div>
    ${detail.photos.length ? html`<section class="panel"><h3>${w('photos')}</h3><${Photos} photos=${detail.photos} /></section>` : null}
    ${submission.qualityFlags.length ? html`<section class="panel"><h3>${w('flags')}</h3><ul>${submission.qualityFlags.map((flag) => html`<li>${pick(flag.message, locale)}</li>`)}</ul></section>` : null}
    ${
      detail.hazards.length
        ? html`<section class="panel"><h3>${w('hazardsRaised')}</h3><ul>${detail.hazards.map((h) => html`<li><a href=${href(['hazards', h.hazardId])}>${pick(h.title, locale)}</a> · ${wo(`status_${h.status}`, h.status)}</li>`)}</ul></section>`
        : null
    }
    ${
      detail.corrections.length
        ? html`<section class="panel"><h3>${w('corrections')}</h3><ol>${detail.corrections.map(
            (c) =>
              html`<li><a href=${href(['submissions', c.submissionId], { schoolId: submission.schoolId })}>${c.date} · ${localTime(c.receivedAt, me.district?.timezone)}</a>${c.current ? ` (${w('current')})` : ''}</li>`,
          )}</ol></section>`
        : null
    }
  </section>`;
}
