import { SignatureV4, getCanonicalHeaders } from '@smithy/signature-v4';
import { hash } from 'node:crypto';
import type { HttpRequest } from '../http/event';
import { awsTenant } from '../jobs/tenant';
import type { CredentialStore } from '../store/credential-store';
import { AwsError } from './errors';
import {
  ALGORITHM,
  SERVICE,
  TERMINATOR,
  Sha256,
  bodySha256,
  isMalformed,
  isUnsignedPayload,
  parseAmzDate,
  parseAuthorization,
  queryFromParams,
  queryFromRaw,
  signaturesEqual,
  signedPath,
  type SigV4Authorization,
  type SignerQuery,
} from './sigv4';

export const AWS_AUTH_LIMITS = {
  /** How far x-amz-date may be from the server's clock, either way (S3's 15 minutes). */
  maxSkewMs: 15 * 60 * 1000,
  /** More query parameter names than any request of this API has (four at most); more are refused unread. */
  maxQueryNames: 64,
  /** Signers kept (one per access key and region), each with its signing keys. */
  signerCacheSize: 256,
} as const;

export type AwsAuthResult =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly error: AwsError; readonly accessKeyId: string | undefined; readonly reason: string };

/** What every signature must cover; the JS SDK and botocore both sign these four. */
const REQUIRED_SIGNED_HEADERS = ['host', 'x-amz-account-id', 'x-amz-content-sha256', 'x-amz-date'];
/** smithy's signer never signs these (it drops or generates them), so no SDK lists them; this check verifies only what it produces. */
const UNVERIFIABLE_SIGNED_HEADERS = ['authorization', 'date'];
const QUERY_SIGNATURE_PARAMS = new Set(['x-amz-signature', 'x-amz-credential', 'x-amz-algorithm']);

/**
 * Verifies the AWS Signature Version 4 of a request (shared/reference/s3control-jobs-api.md §9), before anything
 * touches the job table. Order: the Authorization header's form and the headers it signs, x-amz-date, the body
 * against x-amz-content-sha256, the key, the signature itself (smithy's signer run again over the request as
 * received), and last the key's tenant, so that a caller without the secret learns nothing about which account a
 * key belongs to.
 */
export async function authenticateAws(request: HttpRequest, keys: CredentialStore, now: Date): Promise<AwsAuthResult> {
  const refuse = (error: AwsError, reason: string, accessKeyId?: string): AwsAuthResult => ({ ok: false, error, accessKeyId, reason });

  const header = request.headers.get('authorization');
  const presigned = hasQuerySignature(request);
  if (header === undefined) {
    return presigned
      ? refuse(denied('Query-string authentication (presigned URLs) is not supported; sign the request in the Authorization header.'), 'presigned')
      : refuse(denied(`Requests must be signed with AWS Signature Version 4 (${ALGORITHM}) in the Authorization header.`), 'unsigned');
  }
  if (!header.startsWith(`${ALGORITHM} `)) {
    return refuse(denied(`Only AWS Signature Version 4 (${ALGORITHM}) is supported.`), 'not SigV4');
  }
  const parsed = parseAuthorization(header);
  if (isMalformed(parsed)) return refuse(new AwsError('AuthorizationHeaderMalformed', parsed.malformed), parsed.reason, parsed.accessKeyId);
  const auth: SigV4Authorization = parsed;
  const { accessKeyId } = auth;
  if (presigned) return refuse(denied('Only one auth mechanism allowed: the Authorization header, or none in the query.'), 'two signatures', accessKeyId);

  if (!REQUIRED_SIGNED_HEADERS.every((name) => auth.signedHeaderSet.has(name))) {
    return refuse(denied(`The signature must cover the headers ${REQUIRED_SIGNED_HEADERS.join(', ')}.`), 'required header unsigned', accessKeyId);
  }
  if (UNVERIFIABLE_SIGNED_HEADERS.some((name) => auth.signedHeaderSet.has(name))) {
    return refuse(denied('SignedHeaders must not name authorization or date; sign x-amz-date for the time.'), 'unverifiable header signed', accessKeyId);
  }
  if (request.headers.has('x-amz-security-token') || auth.signedHeaderSet.has('x-amz-security-token')) {
    return refuse(
      denied('Temporary security credentials (x-amz-security-token) are not supported; sign with a long-term access key.'),
      'session token',
      accessKeyId,
    );
  }

  const amzDate = request.headers.get('x-amz-date');
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return refuse(denied('AWS authentication requires a valid Date or x-amz-date header'), 'x-amz-date', accessKeyId);
  if (Math.abs(signedAt - now.getTime()) > AWS_AUTH_LIMITS.maxSkewMs) {
    return refuse(
      new AwsError('RequestTimeTooSkewed', undefined, {
        details: {
          RequestTime: amzDate!,
          ServerTime: now.toISOString(),
          MaxAllowedSkewMilliseconds: String(AWS_AUTH_LIMITS.maxSkewMs),
        },
      }),
      'date skew',
      accessKeyId,
    );
  }
  if (!amzDate!.startsWith(auth.scopeDate)) {
    return refuse(
      new AwsError('RequestTimeTooSkewed', 'The date of the credential scope is not the day of x-amz-date.'),
      'scope date',
      accessKeyId,
    );
  }

  const claimedHash = request.headers.get('x-amz-content-sha256');
  if (claimedHash === undefined || isUnsignedPayload(claimedHash)) {
    return refuse(
      denied('x-amz-content-sha256 must be the hex SHA-256 of the body; unsigned and streaming payloads are not supported.'),
      'payload not signed',
      accessKeyId,
    );
  }
  const bodyHash = bodySha256(request.body, request.bodyIsBase64);
  if (claimedHash.toLowerCase() !== bodyHash) {
    return refuse(
      new AwsError('XAmzContentSHA256Mismatch', undefined, {
        details: { ClientComputedContentSHA256: claimedHash, S3ComputedContentSHA256: bodyHash },
      }),
      'payload hash',
      accessKeyId,
    );
  }

  const key = await keys.find(accessKeyId);
  if (!key || key.status !== 'Active') {
    return refuse(
      new AwsError('InvalidAccessKeyId', undefined, { details: { AWSAccessKeyId: accessKeyId } }),
      key ? `key ${key.status}` : 'unknown key',
      accessKeyId,
    );
  }

  const signable = signableRequest(request, auth);
  if (typeof signable === 'string') return refuse(new AwsError('SignatureDoesNotMatch'), signable, accessKeyId);
  const signer = signerFor(accessKeyId, key.secretKey, auth.region);
  const computed = await computeSignature(signer, signable, auth, amzDate!, signedAt);
  if (!computed.signature || !signaturesEqual(computed.signature, auth.signature)) {
    return refuse(
      new AwsError('SignatureDoesNotMatch', undefined, {
        details: {
          AWSAccessKeyId: accessKeyId,
          ...(computed.stringToSign === undefined ? {} : { StringToSign: computed.stringToSign }),
          SignatureProvided: auth.signature,
          ...(computed.canonicalRequest === undefined ? {} : { CanonicalRequest: computed.canonicalRequest }),
        },
      }),
      'signature',
      accessKeyId,
    );
  }

  if (key.appId !== awsTenant(request.headers.get('x-amz-account-id') ?? '')) {
    return refuse(denied(), 'key acts for another account', accessKeyId);
  }
  return { ok: true, accessKeyId };
}

const denied = (message?: string) => new AwsError('AccessDenied', message);

function hasQuerySignature(request: HttpRequest): boolean {
  for (const name of request.query.keys()) if (QUERY_SIGNATURE_PARAMS.has(name.toLowerCase())) return true;
  return false;
}

/** The request as smithy's signer takes it. */
interface Signable {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly path: string;
  readonly query: SignerQuery;
  readonly headers: Record<string, string>;
}

/**
 * The request as the client signed it: the method, the path as sent (with any stage prefix), the query, and the
 * signed headers only, with the values as received. A reason (for the log) when it cannot have been signed.
 */
function signableRequest(request: HttpRequest, auth: SigV4Authorization): Signable | string {
  const path = signedPath(request.rawPath);
  const query =
    request.rawQuery !== undefined
      ? queryFromRaw(request.rawQuery, AWS_AUTH_LIMITS.maxQueryNames)
      : queryFromParams(request.query, AWS_AUTH_LIMITS.maxQueryNames);
  if (path === undefined || query === undefined) return 'path or query not signable';
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers.get(name);
    if (value === undefined) return 'signed header missing';
    headers[name] = value;
  }
  return { method: request.method, protocol: 'https:', hostname: headers.host!, path, query, headers };
}

/**
 * smithy's signer run in reverse over the request as received: its canonical request (path as is, query escaped
 * and sorted, the signed headers trimmed), the string to sign, and its signature of that with the day's signing
 * key. (`sign(request)` does the same after cloning and re-dating the request, at twice the cost; the string to
 * sign is one line of the algorithm.) Each step that went through is returned, for SignatureDoesNotMatch to show;
 * a request no client can have signed (a lone UTF-16 surrogate in the query) stops it.
 */
async function computeSignature(
  signer: SignatureV4,
  signable: Signable,
  auth: SigV4Authorization,
  amzDate: string,
  signedAt: number,
): Promise<{ canonicalRequest?: string; stringToSign?: string; signature?: string }> {
  let canonicalRequest: string;
  try {
    // signableHeaders: what the client signed is signed, even a header smithy would not sign of itself (user-agent).
    const canonicalHeaders = getCanonicalHeaders(signable, undefined, auth.signedHeaderSet as Set<string>);
    canonicalRequest = (signer as unknown as CanonicalRequestBuilder).createCanonicalRequest(signable, canonicalHeaders, signable.headers['x-amz-content-sha256']!);
  } catch {
    return {};
  }
  const scope = `${auth.scopeDate}/${auth.region}/${SERVICE}/${TERMINATOR}`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${hash('sha256', canonicalRequest)}`;
  const signature = await signer.sign(stringToSign, { signingDate: new Date(signedAt), signingRegion: auth.region });
  return { canonicalRequest, stringToSign, signature };
}

/** smithy's own canonical request (protected in its types), so that exactly what it signs is verified. */
interface CanonicalRequestBuilder {
  createCanonicalRequest(request: Signable, canonicalHeaders: Record<string, string>, payloadHash: string): string;
}

/**
 * One signer per access key and region, kept across requests; a key whose secret changed gets a new signer, and
 * the oldest is dropped beyond `signerCacheSize`.
 */
const signers = new Map<string, { readonly secretKey: string; readonly signer: SignatureV4 }>();

function signerFor(accessKeyId: string, secretKey: string, region: string): SignatureV4 {
  const id = `${accessKeyId}/${region}`;
  const cached = signers.get(id);
  if (cached && cached.secretKey === secretKey) return cached.signer;
  const signer = new SignatureV4({
    service: SERVICE,
    region,
    credentials: { accessKeyId, secretAccessKey: secretKey },
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  keepSigningKeys(signer);
  signers.delete(id);
  if (signers.size >= AWS_AUTH_LIMITS.signerCacheSize) signers.delete(signers.keys().next().value!);
  signers.set(id, { secretKey, signer });
  return signer;
}

/** smithy's per-signer step that derives the signing key of a day (private in its types). */
interface SigningKeySource {
  getSigningKey(credentials: unknown, region: string, shortDate: string, service?: string): Promise<Uint8Array>;
}

/**
 * Keeps the signer's signing keys of the last two days (a signer has one key, region and service). smithy caches
 * them too, but in one module-wide table whose lookup costs an HMAC of the secret per request, a quarter of a
 * verification. Should a smithy release rename the method, this does nothing and verification is only slower.
 */
function keepSigningKeys(signer: SignatureV4): void {
  const source = signer as unknown as SigningKeySource;
  if (typeof source.getSigningKey !== 'function') return;
  const derive = source.getSigningKey.bind(signer);
  const byDay = new Map<string, Promise<Uint8Array>>();
  source.getSigningKey = (credentials, region, shortDate, service) => {
    const id = `${shortDate}/${region}/${service ?? ''}`;
    let key = byDay.get(id);
    if (!key) {
      key = derive(credentials, region, shortDate, service);
      if (byDay.size >= 2) byDay.delete(byDay.keys().next().value!);
      byDay.set(id, key);
      key.catch(() => byDay.delete(id));
    }
    return key;
  };
}
