/**
 * Signs and sends COS requests (the signature `curl` cannot make), for the `npm run cos` CLI, `npm start`'s
 * example and the tests. Spaces in the query go as `+`, as the COS Go SDK sends them.
 */
import { authorizationFor } from '../lib/cos/signature';

export interface SignedRequestInput {
  readonly method: string;
  /** Base URL, e.g. http://localhost:3000 */
  readonly baseUrl: string;
  /** The decoded path, e.g. /jobs/<id>/status */
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** Extra headers; `host` and `x-cos-appid` are always signed. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly appId: string;
  readonly secretId: string;
  readonly secretKey: string;
  /** Unix seconds; default now. */
  readonly now?: number;
  /** Seconds the signature stays valid; default 900, as the COS Node SDK. */
  readonly expires?: number;
}

export function signRequest(input: SignedRequestInput): { url: string; headers: Record<string, string> } {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const keyTime = `${now - 1};${now - 1 + (input.expires ?? 900)}`;
  const url = new URL(input.baseUrl);
  const headers: Record<string, string> = { host: url.host, 'x-cos-appid': input.appId, ...input.headers };
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
  const response = await fetch(url, { method: input.method, headers: sent });
  return { status: response.status, headers: response.headers, body: await response.text() };
}
