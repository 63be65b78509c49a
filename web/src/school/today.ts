import { html } from 'htm/preact';
import { appliesToSchool } from '../engine/applicable';
import { pick } from '../engine/text';
import { useApp, useLoad } from '../context';
import { href } from '../router';
import type { HazardItem } from './hazard';

interface ComplianceForSchool {
  schools: { forms: { formType: string; expected: number; submitted: number }[] }[];
}
interface SubmissionItem {
  submissionId: string;
  formType: string;
  date: string;
}

/** Cadences due every school day (or night): due today when today is a school day. */
const DAILY = new Set(['school-day', 'school-night']);

/**
 * 今日: what is due today and this month (the catalogue's cadence and applies-to, today's
 * school day from /v1/me, the month's expected and submitted from /v1/compliance, the rules the
 * district's figures use), what is already in, open hazards (overdue first, marked), the outbox.
 */
export function TodayScreen() {
  const { api, me, locale, t, catalogue, pending } = useApp();
  const today = me.today?.date ?? '';
  const month = today.slice(0, 7);
  const { data, error } = useLoad(async () => {
    const [forms, compliance, submissions, hazards] = await Promise.all([
      catalogue(),
      api.get<ComplianceForSchool>(`/v1/compliance?month=${month}`).catch(() => undefined),
      api.get<{ items: SubmissionItem[] }>(`/v1/submissions?month=${month}&limit=100`).catch(() => undefined),
      api.get<{ items: HazardItem[] }>('/v1/hazards?status=open&limit=50').catch(() => undefined),
    ]);
    return { forms, compliance, submissions, hazards };
  }, [locale, pending]);

  if (error) return html`<p class="notice" role="alert">${error.message}</p>`;
  if (!data) return html`<p class="notice" role="status">${t('loading')}</p>`;

  const applicable = data.forms.filter((form) => appliesToSchool(form, me.school));
  const inToday = new Set(
    (data.submissions?.items ?? []).filter((item) => item.date === today).map((item) => item.formType),
  );
  const daily = applicable.filter((form) => DAILY.has(form.cadence));
  const tally = new Map((data.compliance?.schools[0]?.forms ?? []).map((row) => [row.formType, row]));
  const monthly = applicable.filter((form) => !DAILY.has(form.cadence) && (tally.get(form.id)?.expected ?? 0) > 0);
  const hazards = [...(data.hazards?.items ?? [])].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate),
  );

  return html`
    <h2>${t('today')} <span class="date">${today}</span></h2>
    <section aria-labelledby="due-today">
      <h3 id="due-today">${t('dueToday')}</h3>
      ${
        me.today?.schoolDay === false
          ? html`<p class="notice">${t('notSchoolDay')}</p>`
          : html`<ul class="cards">${daily.map((form) => {
              const done = inToday.has(form.id);
              return html`<li><a class=${`card${done ? ' done' : ''}`} href=${href(['fill', form.id])}>
              <span class="card-title">${pick(form.title, locale)}</span>
              <span class=${done ? 'pill ok' : 'pill due'}>${done ? t('doneToday') : t('fill')}</span></a></li>`;
            })}</ul>`
      }
    </section>
    <section aria-labelledby="this-month">
      <h3 id="this-month">${t('thisMonth')}</h3>
      <ul class="cards">${monthly.map((form) => {
        const row = tally.get(form.id);
        const done = row ? row.submitted >= row.expected : false;
        return html`<li><a class=${`card${done ? ' done' : ''}`} href=${href(['fill', form.id])}>
          <span class="card-title">${pick(form.title, locale)}</span>
          <span class=${done ? 'pill ok' : 'pill due'}>${t('submittedOfExpected', { submitted: row?.submitted ?? 0, expected: row?.expected ?? 0 })}</span></a></li>`;
      })}</ul>
    </section>
    <section aria-labelledby="open-hazards">
      <h3 id="open-hazards">${t('openHazards')}</h3>
      ${
        hazards.length === 0
          ? html`<p class="notice">${t('noOpenHazards')}</p>`
          : html`<ul class="cards">${hazards.map(
              (
                hazard,
              ) => html`<li><a class=${`card hazard${hazard.overdue ? ' overdue' : ''}`} href=${href(['hazards', hazard.hazardId])}>
              <span class="card-title">${pick(hazard.title, locale)}</span>
              <span class=${hazard.overdue ? 'pill overdue' : 'pill'}>${hazard.overdue ? t('overdueDays', { days: hazard.daysOverdue ?? 0 }) : t('dueOn', { date: hazard.dueDate })}</span></a></li>`,
            )}</ul>`
      }
    </section>
    <section aria-labelledby="outbox-line">
      <h3 id="outbox-line">${t('outbox')}</h3>
      <p><a class="card" href=${href(['outbox'])}><span class="card-title">${pending > 0 ? t('waitingToSend', { count: pending }) : t('nothingWaiting')}</span></a></p>
    </section>`;
}
