import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { pick } from '../engine/text';
import type { QueuedPhoto, QueuedRectification, QueuedSubmission } from '../offline/records';
import { href } from '../router';

interface Snapshot {
  submissions: QueuedSubmission[];
  rectifications: QueuedRectification[];
  photos: QueuedPhoto[];
}

/**
 * 待发送: everything kept on the phone that is not sent yet, with its state, tries and last
 * error; a refusal says what to do; nothing leaves unless sent or discarded by the user.
 */
export function OutboxScreen() {
  const { outbox, t, locale, online, catalogue } = useApp();
  const [snapshot, setSnapshot] = useState<Snapshot | undefined>();
  const [titles, setTitles] = useState<Map<string, { zh: string; en: string }>>(new Map());
  useEffect(() => {
    const read = () =>
      void Promise.all([outbox.store.submissions(), outbox.store.rectifications(), outbox.store.allPhotos()]).then(
        ([submissions, rectifications, photos]) => setSnapshot({ submissions, rectifications, photos }),
      );
    read();
    void catalogue().then(
      (forms) => setTitles(new Map(forms.map((form) => [form.id, form.title]))),
      () => undefined,
    );
    return outbox.subscribe(read);
  }, [outbox]);
  if (!snapshot) return html`<p class="notice" role="status">${t('loading')}</p>`;

  const photosOf = (key: string) => snapshot.photos.filter((photo) => photo.ownerKey === key);
  const waitingSubmissions = snapshot.submissions.filter(
    (record) =>
      record.state !== 'sent' ||
      photosOf(`submission:${record.submissionId}`).some((photo) => photo.state !== 'uploaded'),
  );
  const waitingRectifications = snapshot.rectifications.filter((record) => record.state !== 'sent');
  const photoLine = (photo: QueuedPhoto) => {
    const progress = outbox.progress.get(photo.localId);
    const state = progress !== undefined && photo.state === 'queued' ? 'uploading' : photo.state;
    return html`<li class="photo-line">${t(`photoState_${state}` as 'photoState_queued')} · ${Math.round(photo.bytes / 1024)} KB
      ${progress !== undefined && photo.state === 'queued' ? html`<progress max="1" value=${progress} aria-label=${t('photoState_uploading')}>${Math.round(progress * 100)}%</progress>` : null}
      ${photo.lastError ? html`<span class="error-text"> — ${photo.lastError.message}</span>` : null}</li>`;
  };
  const errorBlock = (record: {
    state: string;
    attempts: number;
    owner?: string;
    lastError?: { message: string };
  }) => html`
    ${record.owner && outbox.owner && record.owner !== outbox.owner ? html`<p class="help">${t('otherSchool', { school: record.owner })}</p>` : null}
    <p class="meta">${t(`state_${record.state}` as 'state_queued')}${record.attempts ? ` · ${t('attempts', { count: record.attempts })}` : ''}</p>
    ${record.lastError ? html`<p class="error-text">${t('lastError', { message: record.lastError.message })}</p>` : null}
    ${record.state === 'conflict' ? html`<p class="help">${t('conflictHelp')}</p>` : null}
    ${record.state === 'rejected' ? html`<p class="help">${t('rejectedHelp')}</p>` : null}`;

  async function discard(kind: 'submission' | 'rectification', id: string) {
    if (!confirm(t('discardConfirm'))) return;
    if (kind === 'submission') await outbox.discardSubmission(id);
    else await outbox.discardRectification(id);
  }

  const empty = waitingSubmissions.length === 0 && waitingRectifications.length === 0;
  return html`<h2>${t('outbox')}</h2>
    ${empty ? html`<p class="notice">${t('nothingWaiting')}</p>` : null}
    <ul class="cards outbox">${waitingSubmissions.map(
      (record) => html`<li class=${`card static state-${record.state}`} data-submission-id=${record.submissionId}>
        <span class="card-title">${pick(titles.get(record.formType), locale) || record.formType} · ${record.date}</span>
        ${errorBlock(record)}
        <ul class="photo-lines">${photosOf(`submission:${record.submissionId}`).map(photoLine)}</ul>
        ${
          record.state === 'rejected' || record.state === 'conflict'
            ? html`<p class="actions">${record.state === 'rejected' ? html`<a class="button secondary" href=${href(['fill', record.formType], { draft: record.submissionId, supersedes: record.supersedes })}>${t('openToFix')}</a>` : null}
              <button type="button" class="button danger" onClick=${() => discard('submission', record.submissionId)}>${t('discard')}</button></p>`
            : null
        }
      </li>`,
    )}
    ${waitingRectifications.map(
      (record) => html`<li class=${`card static state-${record.state}`}>
        <span class="card-title"><a href=${href(['hazards', record.hazardId])}>${t('rectify')}</a></span>
        ${errorBlock(record)}
        <ul class="photo-lines">${snapshot.photos.filter((photo) => photo.owner.kind === 'hazard' && photo.owner.rectification === record.localId).map(photoLine)}</ul>
        ${record.state !== 'queued' ? html`<p class="actions"><button type="button" class="button danger" onClick=${() => discard('rectification', record.localId)}>${t('discard')}</button></p>` : null}
      </li>`,
    )}</ul>
    ${!empty && online ? html`<p class="actions"><button type="button" class="button" onClick=${() => void outbox.send()}>${t('sendNow')}</button></p>` : null}`;
}
