import { html } from 'htm/preact';
import { useApp } from '../context';
import { href } from '../router';
import { FillScreen } from './fill';
import { FormsScreen } from './forms';
import { HazardScreen } from './hazard';
import { OutboxScreen } from './outbox';
import { SubmissionScreen, SubmissionsScreen } from './submissions';
import { TodayScreen } from './today';

/** The school app: four tabs at the bottom (thumb reach) and the screen the hash names. */
export function SchoolApp() {
  const { route, t, pending } = useApp();
  const [first = '', second] = route.path;
  let screen;
  if (first === '') screen = html`<${TodayScreen} />`;
  else if (first === 'forms') screen = html`<${FormsScreen} />`;
  else if (first === 'fill' && second)
    screen = html`<${FillScreen} key=${`${second}|${route.query.supersedes ?? ''}|${route.query.draft ?? ''}`} formType=${second} supersedes=${route.query.supersedes} draft=${route.query.draft} />`;
  else if (first === 'submissions' && second)
    screen = html`<${SubmissionScreen} key=${second} submissionId=${second} />`;
  else if (first === 'submissions') screen = html`<${SubmissionsScreen} />`;
  else if (first === 'hazards' && second) screen = html`<${HazardScreen} key=${second} hazardId=${second} />`;
  else if (first === 'outbox') screen = html`<${OutboxScreen} />`;
  else screen = html`<p class="notice">${t('notFound')}</p>`;
  const tab = (path: string, label: string, extra?: unknown) => {
    const current = first === path || (path === 'forms' && first === 'fill');
    return html`<a class=${`tab${current ? ' current' : ''}`} href=${href(path ? [path] : [])} aria-current=${current ? 'page' : undefined}>${label}${extra ?? null}</a>`;
  };
  return html`
    <main id="main" class="page">${screen}</main>
    <nav class="tabs" aria-label=${t('appName')}>
      ${tab('', t('today'))} ${tab('forms', t('forms'))} ${tab('submissions', t('mine'))}
      ${tab('outbox', t('outbox'), pending > 0 ? html` <span class="badge" aria-label=${t('waitingToSend', { count: pending })}>${pending}</span>` : null)}
    </nav>`;
}
