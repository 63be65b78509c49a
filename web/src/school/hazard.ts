import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { pick } from '../engine/text';
import type { Text } from '../engine/types';
import { hasMessage } from '../i18n';
import type { PhotoInput } from '../offline/outbox';
import { href } from '../router';
import { PhotoStates, type ApiPhoto } from './common';
import { PhotoPicker } from './photos';

export interface HazardItem {
  hazardId: string;
  submissionId: string;
  title: Text;
  severity: string;
  category: string;
  place: string | null;
  description: string;
  status: 'open' | 'rectified' | 'verified';
  foundOn: string;
  dueDate: string;
  overdue: boolean;
  daysOverdue?: number;
  history: { action: string; status: string; at: string; by: string; note: string | null; photoIds: string[] }[];
  photos: ApiPhoto[];
}

/** The school's hazard with this id (the list route pages through the school's own hazards; there is no single-hazard route). */
async function findHazard(get: <T>(path: string) => Promise<T>, hazardId: string): Promise<HazardItem | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < 10; page += 1) {
    const body = await get<{ items: HazardItem[]; nextCursor: string | null }>(
      `/v1/hazards?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const found = body.items.find((item) => item.hazardId === hazardId);
    if (found || !body.nextCursor) return found;
    cursor = body.nextCursor;
  }
  return undefined;
}

/**
 * One hazard: what was found, its due date, its history (an official's reason shows when a
 * rectification was sent back), and, while it is open, the rectification: a note and photos,
 * kept in the outbox and sent like a submission.
 */
export function HazardScreen(props: { hazardId: string }) {
  const { api, t, locale, outbox, pending } = useApp();
  const { data, error, reload } = useLoad(async () => {
    const [hazard, queued] = await Promise.all([findHazard(api.get, props.hazardId), outbox.store.rectifications()]);
    return { hazard, queued: queued.filter((record) => record.hazardId === props.hazardId && record.state !== 'sent') };
  }, [props.hazardId, pending]);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PhotoInput[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (error) return html`<p class="notice" role="alert">${error.message}</p>`;
  if (!data) return html`<p class="notice" role="status">${t('loading')}</p>`;
  const { hazard, queued } = data;
  if (!hazard) return html`<p class="notice" role="alert">${t('notFound')}</p>`;

  async function rectify(event: Event) {
    event.preventDefault();
    if (!note.trim()) {
      setProblem(t('required'));
      document.getElementById('rectify-note')?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await outbox.saveRectification(props.hazardId, note.trim(), photos);
      setNote('');
      setPhotos([]);
      if (navigator.onLine) await outbox.send();
      reload();
    } finally {
      setBusy(false);
    }
  }

  const actionLabel = (action: string) =>
    hasMessage(`action_${action}`) ? t(`action_${action}` as 'action_raised') : action;
  return html`<h2>${pick(hazard.title, locale)}</h2>
    <p class="pills"><span class=${`pill sev-${hazard.severity}`}>${t(`severity_${hazard.severity}` as 'severity_high')}</span>
      <span class="pill">${t(`status_${hazard.status}` as 'status_open')}</span>
      <span class=${hazard.overdue ? 'pill overdue' : 'pill'}>${hazard.overdue ? t('overdueDays', { days: hazard.daysOverdue ?? 0 }) : t('dueOn', { date: hazard.dueDate })}</span></p>
    ${hazard.place ? html`<p><strong>${t('place')}:</strong> ${hazard.place}</p>` : null}
    <p>${hazard.description}</p>
    <p><a href=${href(['submissions', hazard.submissionId])}>${hazard.foundOn}</a></p>
    <section><h3>${t('history')}</h3><ol class="history">${hazard.history.map(
      (
        entry,
      ) => html`<li class=${`history-${entry.action}`}><strong>${actionLabel(entry.action)}</strong> <time>${entry.at.slice(0, 16).replace('T', ' ')}</time>
        ${entry.note ? html`<p class=${entry.action === 'rejected' ? 'notice warn' : ''}>${entry.action === 'rejected' ? t('reason', { note: entry.note }) : entry.note}</p>` : null}</li>`,
    )}</ol></section>
    ${hazard.photos.length ? html`<section><h3>${t('photos')}</h3><${PhotoStates} photos=${hazard.photos} /></section>` : null}
    ${queued.map(
      (record) =>
        html`<p class=${record.state === 'queued' ? 'notice' : 'notice warn'} role="status">${t(`state_${record.state}`)}${record.lastError ? ` — ${record.lastError.message}` : ''}</p>`,
    )}
    ${
      hazard.status === 'open' && queued.length === 0
        ? html`<form class="form" novalidate onSubmit=${rectify}><h3>${t('rectify')}</h3>
          <div class=${`field${problem ? ' invalid' : ''}`}>
            <label for="rectify-note">${t('rectifyNote')}<span class="required" aria-hidden="true"> *</span></label>
            <textarea id="rectify-note" rows="4" maxlength="2000" required aria-invalid=${problem ? 'true' : undefined} aria-describedby=${problem ? 'rectify-note-error' : undefined}
              value=${note} onInput=${(event: Event) => setNote((event.currentTarget as HTMLTextAreaElement).value)}></textarea>
            ${problem ? html`<p class="error" id="rectify-note-error">${problem}</p>` : null}
          </div>
          <${PhotoPicker} id="rectify-photos" photos=${photos} onChange=${setPhotos} />
          <div class="submit-bar"><button type="submit" class="button primary" disabled=${busy}>${busy ? t('sending') : t('submit')}</button></div>
        </form>`
        : null
    }`;
}
