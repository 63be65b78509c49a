import { html } from 'htm/preact';
import { useApp, useLoad } from '../context';
import { fieldsOf } from '../engine/field-model';
import { pick } from '../engine/text';
import type { Text } from '../engine/types';
import { href } from '../router';
import { PhotoStates, type ApiPhoto } from './common';

interface SubmissionSummary {
  submissionId: string;
  formType: string;
  date: string;
  hazardCount: number;
  photoCount: number;
  flags: unknown[];
  supersedes: string | null;
  supersededBy: string | null;
}

/** 我的提交: this month's submissions, by form and date. */
export function SubmissionsScreen() {
  const { api, t, locale, me, catalogue, pending } = useApp();
  const month = (me.today?.date ?? '').slice(0, 7);
  const { data, error } = useLoad(async () => {
    const [forms, list] = await Promise.all([
      catalogue(),
      api.get<{ items: SubmissionSummary[] }>(`/v1/submissions?month=${month}&limit=100`),
    ]);
    return { forms, items: list.items };
  }, [locale, pending]);
  if (error) return html`<p class="notice" role="alert">${error.message}</p>`;
  if (!data) return html`<p class="notice" role="status">${t('loading')}</p>`;
  const titles = new Map(data.forms.map((form) => [form.id, form.title]));
  const byForm = new Map<string, SubmissionSummary[]>();
  for (const item of data.items) byForm.set(item.formType, [...(byForm.get(item.formType) ?? []), item]);
  return html`<h2>${t('mine')} <span class="date">${month}</span></h2>
    ${data.items.length === 0 ? html`<p class="notice">${t('noSubmissions')}</p>` : null}
    ${[...byForm].map(
      ([formType, items]) => html`<section><h3>${pick(titles.get(formType), locale) || formType}</h3>
        <ul class="cards">${items
          .sort((a, b) => b.date.localeCompare(a.date))
          .map(
            (
              item,
            ) => html`<li><a class=${`card${item.supersededBy ? ' superseded' : ''}`} href=${href(['submissions', item.submissionId])}>
              <span class="card-title">${item.date}</span>
              <span class="pills">
                ${item.hazardCount ? html`<span class="pill due">${t('hazards')} ${item.hazardCount}</span>` : null}
                ${item.photoCount ? html`<span class="pill">${t('photos')} ${item.photoCount}</span>` : null}
                ${item.flags.length ? html`<span class="pill">${t('flags')} ${item.flags.length}</span>` : null}
                ${item.supersededBy ? html`<span class="pill">${t('supersededBy')}</span>` : null}
              </span></a></li>`,
          )}</ul></section>`,
    )}`;
}

interface SubmissionDetail {
  submission: SubmissionSummary & {
    answers: Record<string, unknown>;
    note: string | null;
    qualityFlags?: { message?: Text; reason?: Text; field?: string }[];
  };
  corrections: { submissionId: string; date?: string; receivedAt?: string }[];
  hazards: { hazardId: string; title: Text; status: string; dueDate: string }[];
  photos: ApiPhoto[];
}

/** One submission: its answers (labelled from the catalogue), photos and their states, hazards, flags and corrections. */
export function SubmissionScreen(props: { submissionId: string }) {
  const { api, t, locale, catalogue } = useApp();
  const { data, error } = useLoad(async () => {
    const [forms, detail] = await Promise.all([
      catalogue(),
      api.get<SubmissionDetail>(`/v1/submissions/${encodeURIComponent(props.submissionId)}`),
    ]);
    return { form: forms.find((form) => form.id === detail.submission.formType), detail };
  }, [props.submissionId, locale]);
  if (error) return html`<p class="notice" role="alert">${error.message}</p>`;
  if (!data) return html`<p class="notice" role="status">${t('loading')}</p>`;
  const { form, detail } = data;
  const { submission } = detail;
  const fields = form ? fieldsOf(form) : [];
  const show = (name: string, value: unknown) => {
    const field = fields.find((candidate) => candidate.name === name);
    if (typeof value === 'boolean') return value ? t('yes') : t('no');
    const option = field?.options?.find((candidate) => candidate.value === value);
    if (option) return pick(option.label, locale);
    return `${String(value)}${field?.unit ? ` ${pick(field.unit, locale)}` : ''}`;
  };
  return html`<h2>${form ? pick(form.title, locale) : submission.formType} <span class="date">${submission.date}</span></h2>
    ${submission.supersededBy ? html`<p class="notice">${t('supersededBy')}: <a href=${href(['submissions', submission.supersededBy])}>${submission.supersededBy}</a></p>` : null}
    <section><h3>${t('answers')}</h3><dl class="answers">${Object.entries(submission.answers).map(
      ([name, value]) =>
        html`<div><dt>${pick(fields.find((field) => field.name === name)?.label, locale) || name}</dt><dd>${show(name, value)}</dd></div>`,
    )}${submission.note ? html`<div><dt>${t('note')}</dt><dd>${submission.note}</dd></div>` : null}</dl></section>
    ${detail.photos.length ? html`<section><h3>${t('photos')}</h3><${PhotoStates} photos=${detail.photos} /></section>` : null}
    ${
      detail.hazards.length
        ? html`<section><h3>${t('hazards')}</h3><ul class="cards">${detail.hazards.map(
            (hazard) =>
              html`<li><a class="card hazard" href=${href(['hazards', hazard.hazardId])}><span class="card-title">${pick(hazard.title, locale)}</span><span class="pill">${t(`status_${hazard.status}` as 'status_open')}</span></a></li>`,
          )}</ul></section>`
        : null
    }
    ${
      submission.qualityFlags?.length
        ? html`<section><h3>${t('flags')}</h3><ul>${submission.qualityFlags.map((flag) => html`<li>${pick(flag.message ?? flag.reason, locale) || JSON.stringify(flag)}</li>`)}</ul></section>`
        : null
    }
    ${
      detail.corrections.length
        ? html`<section><h3>${t('corrections')}</h3><ul>${detail.corrections.map((correction) => html`<li><a href=${href(['submissions', correction.submissionId])}>${correction.date ?? ''} ${correction.submissionId}</a></li>`)}</ul></section>`
        : null
    }
    ${submission.supersededBy ? null : html`<p class="actions"><a class="button secondary" href=${href(['fill', submission.formType], { supersedes: submission.submissionId })}>${t('correct')}</a></p>`}`;
}
