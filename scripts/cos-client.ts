/**
 * Signs and sends COS requests (the signature `curl` cannot make), for the `npm run cos` CLI, `npm start`'s
 * example and the tests. Spaces in the query go as `+`, as the COS Go SDK sends them. A request with a body gets
 * `Content-Type: application/xml` (unless another is given) and `Content-MD5`, both signed, as the COS SDKs send a
 * CreateJob.
 */
import { createHash } from 'node:crypto';
import { authorizationFor } from '../lib/cos/signature';

export interface SignedRequestInput {
  readonly method: string;
  /** Base URL, e.g. http://localhost:3000 */
  readonly baseUrl: string;
  /** The decoded path, e.g. /jobs/<id>/status */
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** Extra headers, all signed; `host` and `x-cos-appid` are always signed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The request body (a string is sent as UTF-8). */
  readonly body?: string | Uint8Array;
  readonly appId: string;
  readonly secretId: string;
  readonly secretKey: string;
  /** Unix seconds; default now. */
  readonly now?: number;
  /** Seconds the signature stays valid; default 900, as the COS Node SDK. */
  readonly expires?: number;
}

/** base64 of the MD5 of the bytes: the `Content-MD5` header's value. */
export function contentMd5(body: string | Uint8Array): string {
  return createHash('md5').update(body).digest('base64');
}

export function signRequest(input: SignedRequestInput): { url: string; headers: Record<string, string> } {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const keyTime = `${now - 1};${now - 1 + (input.expires ?? 900)}`;
  const url = new URL(input.baseUrl);
  const headers: Record<string, string> = { host: url.host, 'x-cos-appid': input.appId };
  if (input.body !== undefined) {
    headers['content-type'] = 'application/xml';
    headers['content-md5'] = contentMd5(input.body);
  }
  // Given headers win over the defaults above, whatever the case of their names.
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== name && lower in headers) delete headers[lower];
    headers[name] = value;
  }
  const query = input.query ?? [];
  const authorization = authorizationFor(input.secretId, input.secretKey, {
    method: input.method,
    path: input.path,
    params: query,
    headers: Object.entries(headers),
    keyTime,
  });
  const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  const search = query.map(([k, v]) => `${form(k)}=${form(v)}`).join('&');
  return {
    url: `${url.origin}${input.path.split('/').map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`,
    headers: { ...headers, authorization },
  };
}

export async function sendSigned(input: SignedRequestInput): Promise<{ status: number; headers: Headers; body: string }> {
  const { url, headers } = signRequest(input);
  const { host: _host, ...sent } = headers; // fetch sets Host from the URL itself
  const response = await fetch(url, { method: input.method, headers: sent, body: input.body });
  return { status: response.status, headers: response.headers, body: await response.text() };
}
