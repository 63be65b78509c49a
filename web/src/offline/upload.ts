import { ApiError } from '../api';
import type { UploadTarget, Uploader } from './send';

/*
 * One photo to the presigned POST: the signed fields first, the file last (S3's rule). In a page,
 * XMLHttpRequest reports upload progress; in the service worker (no XHR) fetch sends it. A
 * network failure is tried again (three tries, 1 s then 3 s apart) before it is left for the
 * next round; S3 refusing the policy (403, e.g. the 15-minute grant ran out) is not retried here.
 */

const PAUSES_MS = [1_000, 3_000];

function formOf(target: UploadTarget, blob: Blob): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append('file', blob, 'photo.jpg');
  return form;
}

function viaXhr(target: UploadTarget, blob: Blob, onProgress?: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', target.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve();
      } else reject(new ApiError(xhr.status, `UPLOAD_${xhr.status}`, `the photo store answered ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error during the upload'));
    xhr.ontimeout = () => reject(new ApiError(0, 'NETWORK', 'the upload timed out'));
    xhr.timeout = 120_000;
    xhr.send(formOf(target, blob));
  });
}

async function viaFetch(target: UploadTarget, blob: Blob, onProgress?: (fraction: number) => void): Promise<void> {
  let response: Response;
  try {
    response = await fetch(target.url, { method: 'POST', body: formOf(target, blob) });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', (error as Error).message);
  }
  if (!response.ok)
    throw new ApiError(response.status, `UPLOAD_${response.status}`, `the photo store answered ${response.status}`);
  onProgress?.(1);
}

export const uploadPhoto: Uploader = async (target, blob, onProgress) => {
  const send = typeof XMLHttpRequest === 'function' ? viaXhr : viaFetch;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send(target, blob, onProgress);
    } catch (error) {
      const pause = PAUSES_MS[attempt];
      if (!(error instanceof ApiError) || error.status !== 0 || pause === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
};
