import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApp } from '../context';
import type { PhotoInput } from '../offline/outbox';
import { preparePhoto } from '../offline/photo';

/** The API counts at most 12 photos per submission or hazard (README, Photo evidence). */
export const MAX_PHOTOS = 12;

/**
 * Photos for a form or a rectification: the camera (`capture`) or the gallery. Each is scaled and
 * re-encoded on the phone as soon as it is picked (offline/photo.ts), so only the small JPEG is
 * kept in the outbox and sent.
 */
export function PhotoPicker(props: { id: string; photos: PhotoInput[]; onChange(photos: PhotoInput[]): void }) {
  const { t } = useApp();
  const [busy, setBusy] = useState(0);
  const urls = useMemo(() => props.photos.map((photo) => URL.createObjectURL(photo.blob)), [props.photos]);
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls]);

  async function add(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])].slice(0, Math.max(0, MAX_PHOTOS - props.photos.length));
    input.value = '';
    setBusy((n) => n + files.length);
    const prepared: PhotoInput[] = [];
    for (const file of files) {
      try {
        prepared.push(await preparePhoto(file));
      } catch (error) {
        console.warn('photo not usable', error);
      } finally {
        setBusy((n) => n - 1);
      }
    }
    props.onChange([...props.photos, ...prepared]);
  }

  const full = props.photos.length >= MAX_PHOTOS;
  return html`<fieldset class="field photos">
    <legend>${t('photos')} <span class="hint">${t('photoLimit', { max: MAX_PHOTOS })}</span></legend>
    <ul class="thumbs">${props.photos.map(
      (photo, index) => html`<li><img src=${urls[index]} alt=${`${t('photos')} ${index + 1}`} width="88" height="88" />
        <button type="button" class="remove" aria-label=${`${t('removePhoto')} ${index + 1}`} onClick=${() => props.onChange(props.photos.filter((_, i) => i !== index))}>×</button></li>`,
    )}</ul>
    ${busy > 0 ? html`<p role="status" class="hint">${t('preparingPhoto')}</p>` : null}
    ${
      full
        ? null
        : html`<div class="photo-buttons">
          <label class="button secondary file-button" for=${`${props.id}-camera`}>${t('takePhoto')}</label>
          <input id=${`${props.id}-camera`} class="visually-hidden" type="file" accept="image/*" capture="environment" onChange=${add} />
          <label class="button secondary file-button" for=${`${props.id}-input`}>${t('choosePhoto')}</label>
          <input id=${`${props.id}-input`} class="visually-hidden" type="file" accept="image/*" multiple onChange=${add} />
        </div>`
    }
  </fieldset>`;
}
