/**
 * AWS Signature Version 4 as the server reads it (shared/reference/s3control-jobs-api.md §9), as pure functions:
 * the parts of the Authorization header, the x-amz-date, the body hash, the path and query as the client signed
 * them, and SHA-256 over node:crypto for the smithy signer. lib/aws/authenticate.ts runs them in order.
 */
import { createHmac, hash, timingSafeEqual, type Hmac } from 'node:crypto';
import { MALFORMED, type QueryParams } from '../http/query';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const SERVICE = 's3';
export const TERMINATOR = 'aws4_request';
/** The SHA-256 of no bytes, what the SDKs send in x-amz-content-sha256 for a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The fields of `AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/region/s3/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export interface SigV4Authorization {
  readonly accessKeyId: string;
  /** The scope's day, `yyyymmdd`. */
  readonly scopeDate: string;
  readonly region: string;
  /** Lower-case, sorted, unique, as the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signedHeaderSet: ReadonlySet<string>;
  /** 64 lower-case hex digits. */
  readonly signature: string;
}

/** Why a header that claims to be SigV4 cannot be: a message for the client, a reason for the log. */
export interface MalformedAuthorization {
  readonly malformed: string;
  readonly reason: string;
  readonly accessKeyId: string | undefined;
}

// The separators as the JS SDK and botocore send them (`, `), or S3's other accepted form (`,`).
const HEADER_FORM = /^AWS4-HMAC-SHA256 Credential=([^\s,]+), ?SignedHeaders=([^\s,]+), ?Signature=([0-9a-f]{64})$/;
const ACCESS_KEY_ID = /^[A-Za-z0-9]{1,128}$/;
const SCOPE_DATE = /^\d{8}$/;
const REGION = /^[a-z0-9-]{1,64}$/;
// RFC 9110 token characters, lower case only: the SDKs list header names lower-cased.
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const FORM_HINT = `${ALGORITHM} Credential=<access key id>/<yyyymmdd>/<region>/${SERVICE}/${TERMINATOR}, SignedHeaders=<a;b;c>, Signature=<64 hex digits>`;

const malformed = (message: string, reason: string, accessKeyId?: string): MalformedAuthorization => ({
  malformed: `The authorization header is malformed; ${message}`,
  reason,
  accessKeyId,
});

/**
 * Reads an Authorization header that starts with `AWS4-HMAC-SHA256 `. A header sent twice arrives joined with
 * ", " and so fails the form, as does anything the SDKs would not send.
 */
export function parseAuthorization(header: string): SigV4Authorization | MalformedAuthorization {
  const form = HEADER_FORM.exec(header);
  if (!form) return malformed(`it must be ${FORM_HINT}.`, 'malformed Authorization header');
  const [, credential, signedHeaderList, signature] = form as unknown as [string, string, string, string];
  const scope = credential.split('/');
  const accessKeyId = scope[0] !== undefined && ACCESS_KEY_ID.test(scope[0]) ? scope[0] : undefined;
  if (scope.length !== 5 || !accessKeyId || !SCOPE_DATE.test(scope[1]!) || !REGION.test(scope[2]!)) {
    return malformed(
      `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/${TERMINATOR}".`,
      'malformed credential scope',
      accessKeyId,
    );
  }
  if (scope[3] !== SERVICE) return malformed(`incorrect service. This endpoint belongs to "${SERVICE}".`, 'wrong service', accessKeyId);
  if (scope[4] !== TERMINATOR) return malformed(`incorrect terminal. This endpoint uses "${TERMINATOR}".`, 'wrong terminator', accessKeyId);
  const signed = readSignedHeaders(signedHeaderList);
  if (!signed) {
    return malformed('SignedHeaders must be lower-case header names, sorted, each once, separated by ";".', 'malformed SignedHeaders', accessKeyId);
  }
  return { accessKeyId, scopeDate: scope[1]!, region: scope[2]!, signedHeaders: signed.names, signedHeaderSet: signed.set, signature };
}

/** The lists already read: a client sends the same few lists again and again. Bounded, so made-up lists cannot grow it. */
const signedHeaderLists = new Map<string, { readonly names: readonly string[]; readonly set: ReadonlySet<string> }>();
const SIGNED_HEADER_LISTS_KEPT = 64;

function readSignedHeaders(list: string) {
  const known = signedHeaderLists.get(list);
  if (known) return known;
  const names = list.split(';');
  if (!names.every((name, i) => HEADER_NAME.test(name) && (i === 0 || names[i - 1]! < name))) return undefined;
  const read = { names, set: new Set(names) };
  if (signedHeaderLists.size >= SIGNED_HEADER_LISTS_KEPT) signedHeaderLists.delete(signedHeaderLists.keys().next().value!);
  signedHeaderLists.set(list, read);
  return read;
}

export function isMalformed(parsed: SigV4Authorization | MalformedAuthorization): parsed is MalformedAuthorization {
  return 'malformed' in parsed;
}

const AMZ_DATE = /^\d{8}T\d{6}Z$/;

/** `yyyymmddThhmmssZ` as milliseconds since the epoch; undefined for any other form or an impossible date. */
export function parseAmzDate(value: string | undefined): number | undefined {
  if (value === undefined || !AMZ_DATE.test(value)) return undefined;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const hour = Number(value.slice(9, 11));
  const minute = Number(value.slice(11, 13));
  const second = Number(value.slice(13, 15));
  // Date.UTC would roll 20260231 over into March, and the signer would then sign another date than the client did.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The hex SHA-256 of the body's bytes (base64-decoded first when the gateway encoded them). */
export function bodySha256(body: string, bodyIsBase64: boolean): string {
  if (body === '') return EMPTY_SHA256;
  return hash('sha256', bodyIsBase64 ? Buffer.from(body, 'base64') : body, 'hex'); // a string hashes as UTF-8
}

/** x-amz-content-sha256 values that name no hash of the body: accepted by S3 in places, never here. */
export function isUnsignedPayload(value: string): boolean {
  return value === 'UNSIGNED-PAYLOAD' || value.startsWith('STREAMING-');
}

const SIGNED_PATH = /^(?:[A-Za-z0-9\-._~/]|%[0-9A-Fa-f]{2})*$/;
const PATH_PIECE = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~/%]+|%/g;

/**
 * The path as the client signed it: single-encoded (S3 signs the path as sent, `uriEscapePath: false`). A gateway
 * that decoded it (HTTP APIs do) hands over characters the client had encoded; they are encoded again as the SDKs
 * encode labels, so valid requests still verify. (A `%2F` the gateway turned into `/` cannot be recovered; such a
 * request fails as SignatureDoesNotMatch.) Undefined for a path no client can have sent (lone UTF-16 surrogates).
 */
export function signedPath(rawPath: string): string | undefined {
  if (SIGNED_PATH.test(rawPath)) return rawPath; // the common case: as sent, nothing to do
  try {
    return rawPath.replace(PATH_PIECE, (piece) => (piece.length === 3 && piece[0] === '%' ? piece : escapeS3(piece)));
  } catch {
    return undefined;
  }
}

/** encodeURIComponent, and `!'()*` too, as the SDKs and smithy's escapeUri encode. Throws on a lone surrogate. */
function escapeS3(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Query parameters as the smithy signer takes them: repeated names as arrays (it sorts their values). */
export type SignerQuery = Record<string, string | string[]>;

/**
 * The query as the client signed it, from the raw query string: `%XX` decoded, `+` kept literal (the SDKs send a
 * space as `%20` and a plus as `%2B`), repeated names as arrays. Undefined when a part cannot be decoded, or when
 * there are more than `maxNames` names (no request of this API has more than four).
 */
export function queryFromRaw(rawQuery: string, maxNames: number): SignerQuery | undefined {
  const query: SignerQuery = {};
  if (rawQuery === '') return query;
  let names = 0;
  try {
    for (const pair of rawQuery.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = percentDecode(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? '' : percentDecode(pair.slice(eq + 1));
      if (!Object.hasOwn(query, name) && ++names > maxNames) return undefined;
      add(query, name, value);
    }
  } catch {
    return undefined;
  }
  return query;
}

/** The same from a gateway's decoded map (REST API payload 1.0); undefined for a value that could not be decoded. */
export function queryFromParams(params: QueryParams, maxNames: number): SignerQuery | undefined {
  if (params.size > maxNames) return undefined;
  const query: SignerQuery = {};
  for (const [name, values] of params) {
    for (const value of values) {
      if (value === MALFORMED) return undefined;
      add(query, name, value);
    }
  }
  return query;
}

const percentDecode = (component: string): string => (component.includes('%') ? decodeURIComponent(component) : component);

function add(query: SignerQuery, name: string, value: string): void {
  if (!Object.hasOwn(query, name)) {
    // defineProperty, not `=`: a parameter named __proto__ is a parameter, not the object's prototype.
    Object.defineProperty(query, name, { value, writable: true, enumerable: true, configurable: true });
    return;
  }
  const previous = query[name]!;
  if (Array.isArray(previous)) previous.push(value);
  else query[name] = [previous, value];
}

/** Compares two 64-hex-digit signatures in constant time. */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(given, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/**
 * SHA-256, or HMAC-SHA256 when given a secret, over node:crypto: smithy's `Checksum` interface, without another
 * dependency. A plain hash keeps its input and hashes it in one call at `digest` (node's one-shot `hash` costs a
 * third of a `createHash` object, and smithy hashes one string at a time). The secret is not kept beyond the
 * constructor (as that interface asks), so only a plain hash can be reset; smithy never resets either.
 */
export class Sha256 {
  private readonly hmac: Hmac | undefined;
  private chunks: Uint8Array[] = [];

  constructor(secret?: SourceData) {
    this.hmac = secret === undefined ? undefined : createHmac('sha256', bytesOf(secret));
  }

  update(chunk: Uint8Array): void {
    if (this.hmac) this.hmac.update(chunk);
    else this.chunks.push(chunk);
  }

  digest(): Promise<Uint8Array> {
    if (this.hmac) return Promise.resolve(this.hmac.digest());
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    return Promise.resolve(hash('sha256', data, 'buffer'));
  }

  reset(): void {
    if (this.hmac) throw new Error('An HMAC does not keep its key and cannot be reset.');
    this.chunks = [];
  }
}

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
