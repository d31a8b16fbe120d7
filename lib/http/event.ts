import { fromMultiValueMap, parseRawQuery, type QueryParams } from './query';

/** One HTTP request, whatever gateway payload format carried it. */
export interface HttpRequest {
  /** Upper-case method; empty when the event carries none. */
  readonly method: string;
  /** The path as received, without a stage prefix. */
  readonly path: string;
  /**
   * The path as the client sent (and signed) it: with the stage prefix a gateway stage adds (`/prod/v20180820/…`)
   * and, where the gateway keeps it, the client's percent-encoding.
   */
  readonly rawPath: string;
  readonly query: QueryParams;
  /** The query string as sent, without `?`, when the gateway hands it over (HTTP API 2.0); undefined otherwise. */
  readonly rawQuery: string | undefined;
  /** Lower-cased names; a header sent more than once is joined with ", " as HTTP allows. */
  readonly headers: ReadonlyMap<string, string>;
  /** The body as the gateway handed it over: text, or base64 when `bodyIsBase64`; empty when there is none. */
  readonly body: string;
  readonly bodyIsBase64: boolean;
  /** The gateway's request id, for log correlation only (serverless-offline sends a constant). */
  readonly gatewayRequestId: string | undefined;
  readonly payloadFormat: '1.0' | '2.0';
}

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads an API Gateway event: HTTP API payload 2.0 (`version: "2.0"`) or REST API payload 1.0 (anything else).
 * Never throws: a field that is missing or of the wrong type reads as empty, and routing then answers it.
 */
export function parseGatewayEvent(event: unknown): HttpRequest {
  const e = isDict(event) ? event : {};
  const context = isDict(e.requestContext) ? e.requestContext : {};
  const gatewayRequestId = str(context.requestId);
  if (e.version === '2.0') {
    const http = isDict(context.http) ? context.http : {};
    const rawQuery = str(e.rawQueryString);
    return {
      method: (str(http.method) ?? '').toUpperCase(),
      path: withoutStage(str(e.rawPath) ?? str(http.path) ?? '', str(context.stage)),
      rawPath: str(e.rawPath) ?? str(http.path) ?? '',
      query: rawQuery !== undefined ? parseRawQuery(rawQuery) : fromMultiValueMap(isDict(e.queryStringParameters) ? e.queryStringParameters : {}),
      rawQuery,
      headers: readHeaders(e.headers),
      body: str(e.body) ?? '',
      bodyIsBase64: e.isBase64Encoded === true,
      gatewayRequestId,
      payloadFormat: '2.0',
    };
  }
  const multiQuery = isDict(e.multiValueQueryStringParameters) ? e.multiValueQueryStringParameters : undefined;
  const singleQuery = isDict(e.queryStringParameters) ? e.queryStringParameters : {};
  return {
    method: (str(e.httpMethod) ?? '').toUpperCase(),
    path: str(e.path) ?? '',
    // REST APIs put the stage in front of the resource path only in requestContext.path.
    rawPath: str(context.path) ?? str(e.path) ?? '',
    query: fromMultiValueMap(multiQuery ?? singleQuery),
    rawQuery: undefined,
    headers: readHeaders(isDict(e.multiValueHeaders) ? e.multiValueHeaders : e.headers),
    body: str(e.body) ?? '',
    bodyIsBase64: e.isBase64Encoded === true,
    gatewayRequestId,
    payloadFormat: '1.0',
  };
}

/** HTTP API keeps a named stage in rawPath (`/dev/jobs/...`); the `$default` stage adds nothing. */
function withoutStage(path: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return path;
  const prefix = `/${stage}`;
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function readHeaders(raw: unknown): ReadonlyMap<string, string> {
  const headers = new Map<string, string>();
  if (!isDict(raw)) return headers;
  for (const [name, value] of Object.entries(raw)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (values.length === 0) continue;
    const key = name.toLowerCase();
    const previous = headers.get(key);
    const joined = values.join(', ');
    headers.set(key, previous === undefined ? joined : `${previous}, ${joined}`);
  }
  return headers;
}
