/**
 * Raw HTTP requests for the property tests of both dialects: the request type, the hostile text every generator draws
 * from, and the two API Gateway event formats a request reaches the handler in (with damage done to them).
 */
import fc from 'fast-check';

/** A raw HTTP request, before any gateway shapes it. */
export interface RawRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Array<[string, string]>;
  body: string | null;
  base64: boolean;
}

/**
 * A long string made cheaply: a short random piece repeated to a random length. (Drawing 100,000 random characters
 * one by one costs about 10 ms a run, which made generation most of the property's time.)
 */
export const long = (minLength: number, maxLength: number) =>
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 16, unit: fc.constantFrom('a', 'Z', '0', '/', '%', '&', '<', ' ', '\u00e9', '你', '\uD800', '\u0000') }), fc.integer({ min: minLength, max: maxLength }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

const unicode = fc.string({ unit: 'grapheme', maxLength: 20 });
const loneSurrogate = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');
/** Text for any part of a request: bad escapes, control characters, lone surrogates, long runs. */
export const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  unicode,
  fc.constantFrom('%zz', '%C3', '%', '%%', '+', '%2B', '%20', '%00', '%EF%BF%BF', '\u0000', '\r\n', '&', '=', '#', '?'),
  loneSurrogate,
  long(300, 5000),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), loneSurrogate, fc.constantFrom('%C3', '+', '%zz')), { maxLength: 8 }).map((a) => a.join('')),
);

export const queryValue = fc.oneof(
  fc.constantFrom('Ready', 'Cancelled', 'ready', 'Paused', '', 'Active', '5', '0', '-1', '1000', '2147483648', '1e3', 'fuzz-active-0001'),
  hostileText,
);
export const headerValue = fc.oneof(
  fc.constantFrom('1250000000', '', ' 1250000000', '1250000000 ', 'other-tenant'),
  hostileText,
  long(10_000, 20_000),
);

/** The gateway's lenient decoding of a query for payload 1.0 (it never refuses; bad escapes stay as they are). */
function lenientDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s.replace(/\+/g, ' ');
  }
}

export function toRestEvent(r: RawRequest): Record<string, unknown> {
  const multiQuery: Record<string, string[]> = Object.create(null);
  for (const pair of r.rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = lenientDecode(eq === -1 ? pair : pair.slice(0, eq));
    (multiQuery[name] ??= []).push(lenientDecode(eq === -1 ? '' : pair.slice(eq + 1)));
  }
  const multiHeaders: Record<string, string[]> = Object.create(null);
  for (const [n, v] of r.headers) (multiHeaders[n] ??= []).push(v);
  return {
    resource: '/{proxy+}',
    path: r.path,
    httpMethod: r.method,
    headers: Object.fromEntries(r.headers),
    multiValueHeaders: multiHeaders,
    queryStringParameters: Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v[v.length - 1]])),
    multiValueQueryStringParameters: Object.keys(multiQuery).length ? multiQuery : null,
    requestContext: { requestId: 'fuzz', stage: 'dev', httpMethod: r.method, path: r.path },
    body: r.body,
    isBase64Encoded: r.base64,
  };
}

export function toHttpApiEvent(r: RawRequest): Record<string, unknown> {
  const headers: Record<string, string> = Object.create(null);
  for (const [n, v] of r.headers) headers[n.toLowerCase()] = headers[n.toLowerCase()] ? `${headers[n.toLowerCase()]},${v}` : v;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: r.path,
    rawQueryString: r.rawQuery,
    headers,
    requestContext: { requestId: 'fuzz', stage: '$default', http: { method: r.method, path: r.path } },
    body: r.body,
    isBase64Encoded: r.base64,
  };
}

/** Drops some of the event's own fields, or replaces them with values of the wrong type. */
export function damage(event: Record<string, unknown>, cuts: ReadonlyArray<[string, unknown]>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, replacement] of cuts) {
    if (!(key in copy)) continue;
    if (replacement === undefined) delete copy[key];
    else copy[key] = replacement;
  }
  return copy;
}

export const damageArb = fc.array(
  fc.tuple(
    fc.constantFrom('path', 'rawPath', 'httpMethod', 'headers', 'multiValueHeaders', 'rawQueryString', 'multiValueQueryStringParameters', 'requestContext', 'version'),
    fc.constantFrom(undefined, null, 42, 'x', [], {}, [['a']]),
  ),
  { maxLength: 2 },
);
