import type { HttpRequest } from '../http/event';
import { MALFORMED } from '../http/query';
import type { CredentialStore } from '../store/credential-store';
import { CosError } from './errors';
import {
  SIGNATURE_PARAMS,
  computeSignature,
  parseAuthorization,
  parseTimeWindow,
  readSignatureFields,
  signaturesEqual,
  type SignatureFields,
} from './signature';

export const AUTH_LIMITS = {
  /** The longest q-sign-time window accepted (the COS Go SDK signs for one hour, the Node SDK for 15 minutes). */
  maxWindowSeconds: 3600,
  /** How far a `Date` header (and the start of a window) may be from the server's clock. */
  maxSkewSeconds: 900,
} as const;

export type AuthResult =
  | { readonly ok: true; readonly secretId: string }
  | { readonly ok: false; readonly error: CosError; readonly secretId: string | undefined; readonly reason: string };

const REQUIRED_HEADERS = ['host', 'x-cos-appid'];
const SIGNATURE_PARAM_SET: ReadonlySet<string> = new Set(SIGNATURE_PARAMS);

/**
 * Verifies the COS v5 signature of a request, before anything touches the job table. Order: the signature's form,
 * its time window and the Date header, the key, the signature itself, and last the key's tenant, so that a caller
 * without the secret learns nothing about which appid a key belongs to.
 */
export async function authenticate(request: HttpRequest, keys: CredentialStore, nowSeconds: number): Promise<AuthResult> {
  const refuse = (error: CosError, reason: string, secretId?: string): AuthResult => ({ ok: false, error, secretId, reason });

  const header = request.headers.get('authorization');
  const inQuery = header === undefined;
  const fields: SignatureFields | undefined = inQuery
    ? readSignatureFields((name) => single(request, name))
    : parseAuthorization(header);
  if (!fields) return refuse(new CosError('AccessDenied'), inQuery ? 'unsigned' : 'malformed Authorization header');
  const { secretId } = fields;

  if (fields.algorithm !== 'sha1') {
    return refuse(new CosError('AccessDenied', 'The signature must use q-sign-algorithm=sha1.'), 'algorithm', secretId);
  }
  if (!REQUIRED_HEADERS.every((h) => fields.headerList.includes(h))) {
    return refuse(new CosError('AccessDenied', 'The signature must cover the host and x-cos-appid headers.'), 'header list', secretId);
  }
  const window = parseTimeWindow(fields.signTime);
  if (!window || !parseTimeWindow(fields.keyTime)) {
    return refuse(new CosError('AccessDenied', 'q-sign-time and q-key-time must be <start>;<end> in Unix seconds.'), 'time format', secretId);
  }
  if (nowSeconds > window.end) return refuse(new CosError('AccessDenied', 'Request has expired'), 'expired', secretId);
  if (window.end - window.start > AUTH_LIMITS.maxWindowSeconds) {
    return refuse(
      new CosError('AccessDenied', `The q-sign-time window must not be longer than ${AUTH_LIMITS.maxWindowSeconds} seconds.`),
      'window too long',
      secretId,
    );
  }
  if (window.start > nowSeconds + AUTH_LIMITS.maxSkewSeconds) {
    return refuse(new CosError('RequestTimeTooSkewed'), 'window starts in the future', secretId);
  }
  const date = request.headers.get('date');
  if (date !== undefined) {
    const sent = Date.parse(date);
    if (Number.isNaN(sent) || Math.abs(sent / 1000 - nowSeconds) > AUTH_LIMITS.maxSkewSeconds) {
      return refuse(new CosError('RequestTimeTooSkewed'), 'date skew', secretId);
    }
  }

  const key = await keys.find(secretId);
  if (!key || key.status !== 'Active') {
    return refuse(new CosError('InvalidAccessKeyId'), key ? `key ${key.status}` : 'unknown key', secretId);
  }

  const signed = signedParts(request, fields, inQuery);
  if (!signed) return refuse(new CosError('SignatureDoesNotMatch'), 'undecodable path or query', secretId);
  const expected = computeSignature(key.secretKey, { ...signed, keyTime: fields.keyTime });
  if (!signaturesEqual(expected.signature, fields.signature)) {
    return refuse(new CosError('SignatureDoesNotMatch', undefined, { details: { StringToSign: expected.stringToSign } }), 'signature', secretId);
  }

  if (key.appId !== request.headers.get('x-cos-appid')) {
    return refuse(new CosError('AccessDenied'), 'key acts for another appid', secretId);
  }
  return { ok: true, secretId };
}

/** A query parameter given exactly once, or undefined. */
function single(request: HttpRequest, name: string): string | undefined {
  const values = request.query.get(name);
  return values?.length === 1 && values[0] !== MALFORMED ? values[0] : undefined;
}

/**
 * What the server signs: the decoded path, every query parameter of the request (but the signature's own when it
 * came in the query), and the headers the signature names. Every parameter is signed, so one added after signing
 * fails; undefined when the path or a parameter cannot be decoded.
 */
function signedParts(request: HttpRequest, fields: SignatureFields, inQuery: boolean) {
  let path: string;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    return undefined;
  }
  const params: Array<[string, string]> = [];
  for (const [name, values] of request.query) {
    if (inQuery && SIGNATURE_PARAM_SET.has(name)) continue;
    for (const value of values) {
      if (value === MALFORMED) return undefined;
      params.push([name, value]);
    }
  }
  const headers = fields.headerList.map((name) => [name, request.headers.get(name) ?? ''] as [string, string]);
  return { method: request.method, path, params, headers };
}
