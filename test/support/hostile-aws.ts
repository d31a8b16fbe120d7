/**
 * The AWS dialect for the property tests: requests on its eight routes (anything, and close to valid ones of each
 * operation), its answers read and checked, and SigV4 signing as the JS SDK does it.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AWS_ERRORS, type AwsErrorCode } from '../../lib/aws/errors';
import { Sha256 } from '../../lib/aws/sigv4';
import { NAMESPACE } from '../../lib/aws/xml';
import { JOB_STATUSES } from '../../lib/jobs/status';
import type { KeyItem } from '../../scripts/local-stack';
import { AWS_CREATE_BODIES, awsCreateBody, awsTaggingBody } from './hostile-bodies-aws';
import type { HostileBody } from './hostile-bodies';
import { headerValue, hostileText, queryValue, type RawRequest } from './hostile-requests';

export const AWS_ACCOUNT = '123456789012';
const V = '/v20180820';

const awsJobSegment = (jobIds: readonly string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...jobIds), weight: 3 },
    { arbitrary: fc.constantFrom('', 'abcd', 'abcde', 'x'.repeat(36), 'x'.repeat(37), 'a%2Fb', 'job%201', '..', '.', 'fuzz-active-0001', '0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b'), weight: 2 },
    { arbitrary: hostileText, weight: 1 },
  );

const awsPath = (jobIds: readonly string[]) =>
  fc.oneof(
    { arbitrary: fc.constant(`${V}/jobs`), weight: 3 },
    { arbitrary: awsJobSegment(jobIds).map((id) => `${V}/jobs/${id}`), weight: 2 },
    { arbitrary: awsJobSegment(jobIds).map((id) => `${V}/jobs/${id}/priority`), weight: 2 },
    { arbitrary: awsJobSegment(jobIds).map((id) => `${V}/jobs/${id}/status`), weight: 2 },
    { arbitrary: awsJobSegment(jobIds).map((id) => `${V}/jobs/${id}/tagging`), weight: 3 },
    { arbitrary: fc.constantFrom(V, `${V}/`, `${V}/jobs/`, `${V}/jobs//status`, `${V}/bogus`, `${V}/jobs/abcde/x/y`, `${V}/jobs/abcde/tagging/`, `${V}//jobs`), weight: 1 },
    { arbitrary: hostileText.map((t) => `${V}/${t}`), weight: 1 },
  );

const reasonOf = (bytes: number) => 'r'.repeat(bytes);
/** Raw (percent-encoded as sent) values of the AWS query parameters, at and past every edge. */
const AWS_QUERY_VALUES: Record<string, fc.Arbitrary<string>> = {
  jobStatuses: fc.constantFrom(...JOB_STATUSES, 'active', 'Bogus', '', '%zz', 'Active%2CComplete'),
  maxResults: fc.constantFrom('0', '1', '2', '1000', '1001', '-1', '1e3', '99999999999999999999', '', '%201', '0x10', '01', '1.0'),
  nextToken: fc.oneof(fc.constantFrom('', 'abc', 'fuzz-active-0001', 'awsfz-active-001', 'x'.repeat(37), 'x'.repeat(1025), '%zz', 'tok%2B%2F%3D1', '%00'), hostileText),
  priority: fc.constantFrom('0', '7', '2147483647', '2147483648', '-1', '1.5', '', '007', '1e3', '%zz'),
  requestedJobStatus: fc.constantFrom('Ready', 'Cancelled', 'Cancelled', 'ready', 'Active', 'Paused', '', '%zz'),
  statusUpdateReason: fc.oneof(
    fc.constantFrom('', 'a', reasonOf(255), reasonOf(256), reasonOf(257), '%E4%BD%A0'.repeat(85), '%E4%BD%A0'.repeat(86), '%FF%FE', '%C3', '%C3%28', '%00', '%EF%BF%BE', 'a+b%20c', '%zz'),
    hostileText,
  ),
};
const awsQueryName = fc.oneof(
  { arbitrary: fc.constantFrom(...Object.keys(AWS_QUERY_VALUES)), weight: 6 },
  { arbitrary: fc.constantFrom('x', 'JobStatuses', 'X-Amz-Signature', 'x-amz-credential'), weight: 1 },
  { arbitrary: hostileText, weight: 1 },
);
const awsQuery: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 2 },
  {
    arbitrary: fc
      .array(awsQueryName.chain((name) => (Object.hasOwn(AWS_QUERY_VALUES, name) ? AWS_QUERY_VALUES[name]! : queryValue).map((value) => `${name}=${value}`)), { minLength: 1, maxLength: 5 })
      .map((pairs) => pairs.join('&')),
    weight: 6,
  },
  { arbitrary: hostileText, weight: 1 },
);

const accountHeader = fc.oneof(
  { arbitrary: fc.constant(AWS_ACCOUNT), weight: 6 },
  { arbitrary: fc.constantFrom('210987654321', '1250000000', '12345678901', '1234567890123', '', `aws:${AWS_ACCOUNT}`, ` ${AWS_ACCOUNT}`, `${AWS_ACCOUNT},${AWS_ACCOUNT}`, '１２３４５６７８９０１２'), weight: 2 },
  { arbitrary: hostileText, weight: 1 },
);
const awsHeaders: fc.Arbitrary<Array<[string, string]>> = fc
  .tuple(
    fc.option(fc.tuple(fc.constantFrom('x-amz-account-id', 'X-Amz-Account-Id', 'x-amz-account-id'), accountHeader), { freq: 8, nil: undefined }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom('content-md5', 'content-type', 'x-amz-account-id', 'x-cos-appid', 'authorization'), fc.string({ maxLength: 20 })), headerValue), { maxLength: 2 }),
  )
  .map(([account, others]) => [...(account ? [account] : []), ...others]);

/** A body as it travels: as text or, for bytes or when chosen, base64. */
const asPayload = (body: HostileBody, base64: boolean) =>
  body.bytes !== undefined || base64 ? { body: (body.bytes ?? Buffer.from(body.text!)).toString('base64'), base64: true } : { body: body.text!, base64: false };

const awsBody = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: awsCreateBody, weight: 2 },
  { arbitrary: awsTaggingBody, weight: 2 },
  { arbitrary: fc.string({ maxLength: 50 }).map((text) => ({ text, label: 'text' })), weight: 1 },
);

/** Anything on the AWS dialect's routes: every method, hostile job ids, queries, headers and bodies. */
export function awsRouteRequest(jobIds: readonly string[]): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: fc.oneof(fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS', 'get', ''), fc.string({ maxLength: 8 })),
      path: awsPath(jobIds),
      rawQuery: awsQuery,
      headers: awsHeaders,
      content: awsBody,
      asBase64: fc.boolean(),
    })
    .map(({ content, asBase64, ...r }) => ({ ...r, ...(content === null ? { body: null, base64: false } : asPayload(content, asBase64)) }));
}

const validCreateBody = fc.tuple(fc.constantFrom(...AWS_CREATE_BODIES), fc.uuid()).map(([body, token]) => body.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${token}<`));

/** Requests each operation accepts on these jobs, but for one hostile part at times: so every success path is met. */
export function plausibleAwsRequest(jobIds: readonly string[]): fc.Arbitrary<RawRequest> {
  const id = fc.constantFrom(...jobIds);
  const q = (name: string) => AWS_QUERY_VALUES[name]!;
  // Weighted so that each success path and each kind of refusal is met some 15 times or more in 300 runs (the
  // property's coverage check would otherwise fail now and then on a rare one).
  const listQuery = fc.oneof(
    { arbitrary: fc.constant(''), weight: 2 },
    { arbitrary: q('jobStatuses').map((s) => `jobStatuses=${s}`), weight: 2 },
    { arbitrary: fc.tuple(q('jobStatuses'), q('jobStatuses'), q('maxResults')).map(([a, b, m]) => `jobStatuses=${a}&jobStatuses=${b}&maxResults=${m}`), weight: 1 },
    { arbitrary: q('maxResults').map((m) => `maxResults=${m}`), weight: 2 },
    { arbitrary: q('nextToken').map((t) => `nextToken=${t}`), weight: 3 },
    { arbitrary: fc.tuple(q('maxResults'), q('nextToken')).map(([m, t]) => `maxResults=${m}&nextToken=${t}`), weight: 1 },
  );
  /** Well-formed job ids that no job has. */
  const absent = fc.constantFrom('awsfz-absent-0001', '0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b', 'abcde');
  const shape = (weight: number, arbitrary: fc.Arbitrary<readonly [string, string, string, string | null]>) => ({ arbitrary, weight });
  const shapes = fc.oneof(
    shape(4, fc.tuple(fc.constant('POST'), id.map((j) => `${V}/jobs/${j}/status`), fc.constantFrom('Ready', 'Cancelled').map((s) => `requestedJobStatus=${s}`), fc.constant(null))),
    shape(2, fc.tuple(fc.constant('POST'), id.map((j) => `${V}/jobs/${j}/priority`), fc.nat().map((p) => `priority=${p}`), fc.constant(null))),
    shape(2, fc.tuple(fc.constant('PUT'), id.map((j) => `${V}/jobs/${j}/tagging`), fc.constant(''), fc.constantFrom('', '<member><Key>k</Key><Value>v</Value></member>', '<member><Key>a b</Key><Value /></member>').map((tags) => `<PutJobTaggingRequest><Tags>${tags}</Tags></PutJobTaggingRequest>`))),
    shape(5, fc.tuple(fc.constant('GET'), fc.constant(`${V}/jobs`), listQuery, fc.constant(null))),
    shape(2, fc.tuple(fc.constant('POST'), fc.constant(`${V}/jobs`), fc.constant(''), validCreateBody)),
    shape(2, fc.tuple(fc.constant('GET'), id.map((j) => `${V}/jobs/${j}`), fc.constant(''), fc.constant(null))),
    shape(2, fc.tuple(fc.constant('GET'), absent.map((j) => `${V}/jobs/${j}`), fc.constant(''), fc.constant(null))),
    shape(1, fc.tuple(fc.constant('POST'), id.map((j) => `${V}/jobs/${j}/priority`), q('priority').map((p) => `priority=${p}`), fc.constant(null))),
    shape(1, fc.tuple(fc.constant('POST'), id.map((j) => `${V}/jobs/${j}/status`), fc.tuple(q('requestedJobStatus'), fc.option(q('statusUpdateReason'), { nil: undefined })).map(([s, r]) => `requestedJobStatus=${s}${r === undefined ? '' : `&statusUpdateReason=${r}`}`), fc.constant(null))),
    shape(2, fc.tuple(fc.constant('GET'), id.map((j) => `${V}/jobs/${j}/tagging`), fc.constant(''), fc.constant(null))),
    shape(1, fc.tuple(fc.constant('PUT'), id.map((j) => `${V}/jobs/${j}/tagging`), fc.constant(''), awsTaggingBody.map((b) => b.text ?? null))),
    shape(2, fc.tuple(fc.constant('DELETE'), id.map((j) => `${V}/jobs/${j}/tagging`), fc.constant(''), fc.constant(null))),
  );
  return fc
    .tuple(shapes, fc.option(accountHeader, { freq: 6, nil: undefined }))
    .map(([[method, path, rawQuery, body], account]) => ({
      method,
      path,
      rawQuery,
      headers: [['x-amz-account-id', account ?? AWS_ACCOUNT]] as Array<[string, string]>,
      body,
      base64: false,
    }));
}

/** The roots of the AWS dialect's success bodies (PutJobTagging and DeleteJobTagging answer an empty 200). */
export const AWS_RESULT_ROOTS = ['CreateJobResult', 'DescribeJobResult', 'ListJobsResult', 'UpdateJobPriorityResult', 'UpdateJobStatusResult', 'GetJobTaggingResult'];
const AWS_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const awsParser = new XMLParser({ ignoreDeclaration: true, trimValues: false, parseTagValue: false, htmlEntities: true, ignoreAttributes: false, attributeNamePrefix: '@' });

export interface GatewayAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type AwsAnswer =
  | { readonly kind: 'error'; readonly code: AwsErrorCode; readonly message: string }
  | { readonly kind: 'success'; readonly root: string; readonly content: Record<string, unknown> }
  | { readonly kind: 'empty' };

/**
 * Checks an answer in the AWS dialect and says what it is; throws, naming what is wrong, otherwise: status below
 * 500, its headers, a well-formed body in S3 Control's layout (a declaration; `ErrorResponse` without a namespace,
 * with a catalogue code of this status, the request and host ids of the headers; a success root in the service
 * namespace), or an empty 200.
 */
export function readAwsAnswer(result: GatewayAnswer): AwsAnswer {
  const fail = (why: string): never => {
    throw new Error(`${why}: ${result.statusCode} ${JSON.stringify(result.headers)}\n${result.body.slice(0, 2000)}`);
  };
  const { headers } = result;
  if (result.statusCode >= 500) fail('an AWS answer of 5xx');
  if (headers['Content-Type'] !== 'application/xml') fail('Content-Type is not application/xml');
  if (!headers['x-amz-request-id'] || !headers['x-amz-id-2'] || !headers.Date) fail('x-amz-request-id, x-amz-id-2 or Date missing');
  if (Object.keys(headers).some((name) => name.toLowerCase().startsWith('x-cos-'))) fail('a COS header in an AWS answer');
  if (result.body === '') {
    if (result.statusCode !== 200) fail('an empty body that is not a 200');
    return { kind: 'empty' };
  }
  if (!result.body.startsWith(AWS_PROLOG)) fail('no XML declaration');
  const valid = XMLValidator.validate(result.body);
  if (valid !== true) fail(`not well-formed XML (${valid.err.msg})`);
  const document = awsParser.parse(result.body) as Record<string, unknown>;
  const roots = Object.keys(document);
  if (roots.length !== 1) fail('not one root element');
  const root = roots[0]!;
  const content = (document[root] === '' ? {} : document[root]) as Record<string, unknown>;
  if (result.statusCode === 200) {
    if (!AWS_RESULT_ROOTS.includes(root)) fail(`a 200 with the root ${root}`);
    if (!result.body.startsWith(`${AWS_PROLOG}<${root} xmlns="${NAMESPACE}"`)) fail('a success root outside the service namespace');
    return { kind: 'success', root, content };
  }
  if (root !== 'ErrorResponse' || !result.body.startsWith(`${AWS_PROLOG}<ErrorResponse><Error><Code>`)) fail('an error that is not an ErrorResponse');
  const error = content.Error as Record<string, unknown>;
  const code = error?.Code;
  if (typeof code !== 'string' || !Object.hasOwn(AWS_ERRORS, code)) fail(`the code ${String(code)} is not in the catalogue`);
  if (AWS_ERRORS[code as AwsErrorCode].status !== result.statusCode) fail(`${String(code)} with another status`);
  if (typeof error.Message !== 'string' || error.Message === '') fail('an error without a Message');
  if (content.RequestId !== headers['x-amz-request-id'] || content.HostId !== headers['x-amz-id-2']) fail('RequestId or HostId not those of the headers');
  if (code === 'MethodNotAllowed' && !/^(GET|POST|PUT|DELETE)(, (GET|POST|PUT|DELETE))*$/.test(headers.Allow ?? '')) fail('a 405 without Allow');
  return { kind: 'error', code: code as AwsErrorCode, message: error.Message as string };
}

/** What the JS SDK signs besides the four every signature covers (reference §9). */
const JS_SDK_HEADERS = { 'amz-sdk-invocation-id': '3b5a7b8e-0c4f-4a0e-9d8e-5e7d2c1b0a99', 'amz-sdk-request': 'attempt=1; max=3', 'x-amz-user-agent': 'aws-sdk-js/3.1112.0' };

export interface AwsSigning {
  readonly key: Pick<KeyItem, 'secretId' | 'secretKey'>;
  readonly method: string;
  readonly path: string;
  /** Decoded name/value pairs, as the SDK holds them; sent percent-encoded as the SDK sends them. */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly accountId?: string;
  readonly body?: string;
  readonly at?: Date;
  readonly region?: string;
  readonly host?: string;
  /** The scope's service (S3 Control signs as `s3`). */
  readonly service?: string;
  /** More headers, signed: `x-amz-content-sha256` given here is signed as it is, not computed. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

/** A request signed with SigV4 as the JS SDK signs it (its signed headers, single-encoded path): headers and raw query. */
export async function signAws(input: AwsSigning): Promise<RawRequest> {
  const host = input.host ?? '123456789012.s3-control.us-east-1.amazonaws.com';
  const body = input.body;
  const headers: Record<string, string> = {
    host,
    'x-amz-account-id': input.accountId ?? AWS_ACCOUNT,
    ...JS_SDK_HEADERS,
    ...(body === undefined ? {} : { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) }),
    ...input.extraHeaders,
  };
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of input.query ?? []) {
    const had = query[name];
    query[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  const signer = new SignatureV4({
    service: input.service ?? 's3',
    region: input.region ?? 'us-east-1',
    credentials: { accessKeyId: input.key.secretId, secretAccessKey: input.key.secretKey },
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    { method: input.method, protocol: 'https:', hostname: host, path: input.path, query, headers, body },
    { signingDate: input.at ?? new Date() },
  );
  const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    method: input.method,
    path: input.path,
    rawQuery: (input.query ?? []).map(([n, v]) => `${encode(n)}=${encode(v)}`).join('&'),
    headers: Object.entries(signed.headers as Record<string, string>),
    body: body ?? null,
    base64: false,
  };
}
