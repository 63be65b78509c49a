/** One HTTP answer, its body parsed when it is JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  text: string;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is (with `content-type` from `headers`, or application/json). */
  rawBody?: string | Uint8Array;
  /** `Accept-Language`: en unless asked otherwise (zh-CN is the API's default). */
  language?: string;
  headers?: Record<string, string>;
}

/** An HTTP request to the API at `apiUrl`, as a client sends it (Accept-Language en unless told). */
export async function callApi(apiUrl: string, method: string, path: string, options: CallOptions): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': options.language ?? 'en' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers);
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}
