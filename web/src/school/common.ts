import { html } from 'htm/preact';
import { useApp } from '../context';
import { hasMessage } from '../i18n';

/** A photo as the API describes it. */
export interface ApiPhoto {
  photoId: string;
  status: 'pending' | 'verified' | 'quarantined' | 'missing';
  bytes?: number;
  reason?: { code: string; message?: { zh: string; en: string } | string } | null;
}

/** Each photo's state on the server: being checked, verified, quarantined (with the reason), not received. */
export function PhotoStates(props: { photos: ApiPhoto[] }) {
  const { t, locale } = useApp();
  if (!props.photos.length) return null;
  return html`<ul class="photo-states">${props.photos.map((photo, index) => {
    const key = `photoState_${photo.status}`;
    const reason = photo.reason?.message;
    const reasonText =
      typeof reason === 'string' ? reason : reason ? (locale === 'en' ? reason.en : reason.zh) : photo.reason?.code;
    return html`<li class=${`photo-state ${photo.status}`} data-photo-id=${photo.photoId}>
      ${t('photos')} ${index + 1}: <strong>${hasMessage(key) ? t(key) : photo.status}</strong>${reasonText ? html` — ${reasonText}` : null}</li>`;
  })}</ul>`;
}
