/**
 * The COS XML API v5 request signature (shared/reference/cos-batch-api.md), as pure functions: the same code signs
 * (the CLI, tests) and verifies (the service).
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/** UTF-8 percent-encoding of everything outside `A-Z a-z 0-9 - _ . ~` (a space is %20). */
export function cosUrlEncode(text: string): string {
  if (UNRESERVED.test(text)) return text; // the common case: nothing to encode
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `key=value` pairs with encoded, lower-cased keys and encoded values, sorted by key, and the key list. */
export function canonicalPairs(pairs: ReadonlyArray<readonly [string, string]>): { joined: string; keys: string } {
  const encoded = pairs
    .map(([name, value]) => [cosUrlEncode(name).toLowerCase(), cosUrlEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { joined: encoded.map(([k, v]) => `${k}=${v}`).join('&'), keys: encoded.map(([k]) => k).join(';') };
}

export interface SignatureInput {
  /** Any case; signed lower-cased. */
  readonly method: string;
  /** The decoded UTF-8 path. */
  readonly path: string;
  /** Decoded query parameters to sign. */
  readonly params: ReadonlyArray<readonly [string, string]>;
  /** Headers to sign, names in any case. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** `<start>;<end>` in Unix seconds. */
  readonly keyTime: string;
}

export function signKey(secretKey: string, keyTime: string): string {
  return createHmac('sha1', secretKey).update(keyTime).digest('hex');
}

export function httpString(input: Omit<SignatureInput, 'keyTime'>): string {
  return `${input.method.toLowerCase()}\n${input.path}\n${canonicalPairs(input.params).joined}\n${canonicalPairs(input.headers).joined}\n`;
}

export function stringToSign(keyTime: string, http: string): string {
  return `sha1\n${keyTime}\n${hash('sha1', http, 'hex')}\n`;
}

/** Every intermediate value, so that tests (and a SignatureDoesNotMatch answer) can show each step. */
export function computeSignature(secretKey: string, input: SignatureInput) {
  const key = signKey(secretKey, input.keyTime);
  const http = httpString(input);
  const toSign = stringToSign(input.keyTime, http);
  return { signKey: key, httpString: http, stringToSign: toSign, signature: createHmac('sha1', key).update(toSign).digest('hex') };
}

/** The `Authorization` header value for a request: what a COS SDK sends. */
export function authorizationFor(secretId: string, secretKey: string, input: SignatureInput): string {
  const { signature } = computeSignature(secretKey, input);
  return [
    'q-sign-algorithm=sha1',
    `q-ak=${secretId}`,
    `q-sign-time=${input.keyTime}`,
    `q-key-time=${input.keyTime}`,
    `q-header-list=${canonicalPairs(input.headers).keys}`,
    `q-url-param-list=${canonicalPairs(input.params).keys}`,
    `q-signature=${signature}`,
  ].join('&');
}

/** Compares two hex signatures in constant time (for equal lengths; a length difference is not secret). */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The fields of a signature, from the `Authorization` header or the `q-*` query parameters. */
export interface SignatureFields {
  readonly algorithm: string;
  readonly secretId: string;
  readonly signTime: string;
  readonly keyTime: string;
  readonly headerList: readonly string[];
  readonly paramList: readonly string[];
  readonly signature: string;
}

export const SIGNATURE_PARAMS = ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature'] as const;

/** Reads the seven fields; undefined when a required one is missing. */
export function readSignatureFields(get: (name: (typeof SIGNATURE_PARAMS)[number]) => string | undefined): SignatureFields | undefined {
  const algorithm = get('q-sign-algorithm');
  const secretId = get('q-ak');
  const signTime = get('q-sign-time');
  const keyTime = get('q-key-time');
  const signature = get('q-signature');
  if (!algorithm || !secretId || !signTime || !keyTime || !signature) return undefined;
  const list = (value: string | undefined) => (value ? value.split(';').filter((s) => s !== '') : []);
  return {
    algorithm,
    secretId,
    signTime,
    keyTime,
    headerList: list(get('q-header-list')),
    paramList: list(get('q-url-param-list')),
    signature,
  };
}

/** Parses an `Authorization` header value of the form `q-sign-algorithm=sha1&q-ak=...&...`. */
export function parseAuthorization(header: string): SignatureFields | undefined {
  const fields: Record<string, string> = Object.create(null);
  for (const part of header.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return readSignatureFields((name) => fields[name]);
}

/** `<start>;<end>` as two integers of Unix seconds, or undefined. */
export function parseTimeWindow(value: string): { start: number; end: number } | undefined {
  const match = /^(\d{1,12});(\d{1,12})$/.exec(value);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start <= end ? { start, end } : undefined;
}
