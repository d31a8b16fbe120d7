/**
 * Gateway events as API Gateway builds them, for a request given as method, path, raw query and headers.
 * REST API payload 1.0 carries the query decoded (form rules, as the gateway does); HTTP API 2.0 carries it raw.
 */
export interface RequestSpec {
  method?: string;
  path: string;
  /** Without the leading `?`. */
  rawQuery?: string;
  headers?: Record<string, string>;
  /** The body as the gateway hands it over: text, or base64 when `base64`. */
  body?: string;
  base64?: boolean;
}

export function restEvent({ method = 'POST', path, rawQuery = '', headers = {}, body, base64 = false }: RequestSpec) {
  const multi: Record<string, string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawQuery)) (multi[name] ??= []).push(value);
  const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]!]));
  const match = /^\/jobs\/([^/]+)\/status$/.exec(path);
  return {
    resource: match ? '/jobs/{JobId}/status' : '/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: rawQuery ? single : null,
    multiValueQueryStringParameters: rawQuery ? multi : null,
    pathParameters: match ? { JobId: match[1] } : null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      httpMethod: method,
      path: `/dev${path}`,
      stage: 'dev',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      resourcePath: match ? '/jobs/{JobId}/status' : '/{proxy+}',
      identity: { sourceIp: '127.0.0.1', userAgent: 'jest' },
    },
    body: body ?? null,
    isBase64Encoded: base64,
  };
}

export function httpApiEvent({ method = 'POST', path, rawQuery = '', headers = {}, body, base64 = false }: RequestSpec) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawQuery)) query[name] = query[name] ? `${query[name]},${value}` : value;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: rawQuery,
    headers: lower,
    ...(rawQuery ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      domainName: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:12:00:00 +0000',
      timeEpoch: 1795867200000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: base64,
  };
}

export const PAYLOAD_FORMATS = [
  ['REST API 1.0', restEvent],
  ['HTTP API 2.0', httpApiEvent],
] as const;

export const APPID = '1250000000';

/** An UpdateJobStatus request for one job. */
export function updateRequest(
  jobId: string,
  requested: string,
  options: { reason?: string; appId?: string; method?: string } = {},
): RequestSpec {
  const query = new URLSearchParams({ requestedJobStatus: requested });
  if (options.reason !== undefined) query.set('statusUpdateReason', options.reason);
  return {
    method: options.method ?? 'POST',
    path: `/jobs/${jobId}/status`,
    rawQuery: query.toString(),
    headers: { 'x-cos-appid': options.appId ?? APPID },
  };
}

/** A CreateJob request with this body. */
export function createRequest(body: string, options: { appId?: string; headers?: Record<string, string>; base64?: boolean } = {}): RequestSpec {
  return {
    method: 'POST',
    path: '/jobs',
    headers: { 'x-cos-appid': options.appId ?? APPID, 'content-type': 'application/xml', ...options.headers },
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    base64: options.base64 ?? false,
  };
}

/** A request of another operation: `GET /jobs/<id>`, `DELETE /jobs/<id>`, `GET /jobs?...`, `POST /jobs/<id>/priority?...`. */
export function jobRequest(method: string, path: string, rawQuery = '', appId = APPID): RequestSpec {
  return { method, path, rawQuery, headers: { 'x-cos-appid': appId } };
}
