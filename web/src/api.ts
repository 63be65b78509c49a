import type { ApiErrorBody, ErrorDetail, Locale } from './engine/types';

/*
 * The API client: Bearer token, Accept-Language, JSON both ways, and the API's one error shape
 * `{"error":{"code","message","details"}}` turned into an ApiError. A network failure is an
 * ApiError with status 0 (code NETWORK), so callers tell "try again later" from "fix this".
 * Free of the DOM: the service worker sends the queue through it too.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth trying again later: no network, a timeout, throttling, a server fault. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface ApiClientOptions {
  /** '' for the app's own origin (the app and the API share it). */
  baseUrl?: string;
  token(): string | undefined | Promise<string | undefined>;
  locale(): Locale;
  fetch?: typeof fetch;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** A file (a workbook, a photo through its short-lived link): the bytes and the name the server gives it (createApi has it; test fakes may leave it out). */
  blob?(path: string): Promise<{ blob: Blob; fileName?: string }>;
}

export function createApi(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await options.token();
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': options.locale() };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl ?? ''}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', (error as Error).message || 'network error');
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.ok) return json as T;
    const error = (json as ApiErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText,
      error?.details,
    );
  }
  async function blob(path: string): Promise<{ blob: Blob; fileName?: string }> {
    const token = await options.token();
    const headers: Record<string, string> = { 'accept-language': options.locale() };
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      // A redirect to a presigned link (photos, a large workbook) is followed; the token is not sent there.
      response = await doFetch(`${options.baseUrl ?? ''}${path}`, { method: 'GET', headers, cache: 'no-store' });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', (error as Error).message || 'network error');
    }
    if (!response.ok) {
      const error = ((await response.json().catch(() => undefined)) as ApiErrorBody | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? response.statusText,
        error?.details,
      );
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
    return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : plain };
  }
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body), blob };
}
