import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api';
import { useApp } from '../context';
import { useWords } from './i18n';
import { download, workbook, type Cell } from './xlsx';

/* What the console's screens share: photos through the API's short-lived links, export, paging. */

export interface ApiPhoto {
  photoId: string;
  status: string;
}

/** Every page of a list route (the filters in `query`), for export: the same rows the screen pages through. */
export async function allPages<T>(
  api: ApiClient,
  path: string,
  query: Record<string, string | undefined>,
  max = 50,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < max; page += 1) {
    const search = new URLSearchParams(
      Object.entries({ ...query, limit: '100', cursor }).filter((entry): entry is [string, string] =>
        Boolean(entry[1]),
      ),
    );
    const body = await api.get<{ items: T[]; nextCursor: string | null }>(`${path}?${search}`);
    items.push(...body.items);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return items;
}

/** A button that exports rows (built when clicked) to an .xlsx file. */
export function ExportButton(props: {
  fileName: string;
  sheet: string;
  build: () => Promise<{ header: string[]; rows: Cell[][] }>;
}) {
  const { w } = useWords();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      const { header, rows } = await props.build();
      download(workbook(props.sheet, header, rows), props.fileName);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return html`<span><button type="button" class="button secondary" data-export onClick=${run} disabled=${busy}>${busy ? w('exporting') : w('exportExcel')}</button>
    ${error ? html`<span class="error-text" role="alert"> ${error}</span>` : null}</span>`;
}

/**
 * A photo, fetched through GET /v1/photos/{id} (a redirect to a link valid a few minutes) with the
 * caller's token and shown from a blob; a click opens it full size. Only verified photos have a link.
 */
export function Photo(props: { photo: ApiPhoto; index: number }) {
  const { api } = useApp();
  const { w, wo } = useWords();
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  const [full, setFull] = useState(false);
  useEffect(() => {
    if (props.photo.status !== 'verified' || !api.blob) return undefined;
    let objectUrl: string | undefined;
    let live = true;
    api.blob(`/v1/photos/${encodeURIComponent(props.photo.photoId)}`).then(
      ({ blob }) => {
        objectUrl = URL.createObjectURL(blob);
        if (live) setUrl(objectUrl);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [props.photo.photoId, props.photo.status]);
  const label = w('photo', { n: props.index + 1 });
  if (props.photo.status !== 'verified' || failed) {
    return html`<span class="photo-missing">${w('photoUnavailable', { n: props.index + 1, state: wo(`photo_${props.photo.status}`, props.photo.status) })}</span>`;
  }
  if (!url) return html`<span class="photo-thumb loading" role="status">${label}…</span>`;
  return html`<span>
    <button type="button" class="photo-thumb" onClick=${() => setFull(true)} aria-label=${`${label} · ${w('openPhoto')}`}><img src=${url} alt=${label} /></button>
    ${
      full
        ? html`<div class="lightbox" role="dialog" aria-modal="true" aria-label=${label} onClick=${() => setFull(false)}>
          <img src=${url} alt=${label} /><button type="button" class="button" onClick=${() => setFull(false)}>${w('close')}</button></div>`
        : null
    }
  </span>`;
}

export function Photos(props: { photos: ApiPhoto[] }) {
  if (!props.photos.length) return null;
  return html`<div class="photo-row">${props.photos.map((photo, index) => html`<${Photo} key=${photo.photoId} photo=${photo} index=${index} />`)}</div>`;
}

export function Loading() {
  const { w } = useWords();
  return html`<p class="notice" role="status">${w('loading')}</p>`;
}

export function Failure(props: { error: Error }) {
  return html`<p class="notice warn" role="alert">${props.error.message}</p>`;
}
