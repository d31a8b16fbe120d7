/**
 * Requests on the COS dialect's routes for the property tests: anything at all, and requests close to valid ones of
 * each operation (so every success path meets hostile parts too); `rawRequest` mixes in the AWS dialect's.
 */
import fc from 'fast-check';
import { awsRouteRequest } from './hostile-aws';
import { hostileBody, VALID_BODIES } from './hostile-bodies';
import { headerValue, hostileText, long, queryValue, type RawRequest } from './hostile-requests';

const VALID_JOB_IDS = ['fuzz-suspended-1', 'fuzz-active-0001', 'fuzz-ready-00001', 'fuzz-done-000001'];

const jobSegment = fc.oneof(
  fc.constantFrom(...VALID_JOB_IDS),
  fc.constantFrom('', '..', '.', 'a%2Fb', 'abcd', 'x'.repeat(37), '%41bcde', 'job 00001'),
  hostileText,
);

const path = fc.oneof(
  jobSegment.map((id) => `/jobs/${id}/status`),
  jobSegment.map((id) => `/jobs/${id}`),
  jobSegment.map((id) => `/jobs/${id}/priority`),
  jobSegment.map((id) => `/jobs/../jobs/${id}/status`),
  jobSegment.map((id) => `/jobs/${id}/status/`),
  jobSegment.map((id) => `//jobs/${id}/status`),
  fc.constantFrom('/', '', '/jobs', '/jobs/', '/jobs%2Ffuzz-active-0001%2Fstatus', '/v20180820/jobs/x/status'),
  hostileText.map((t) => `/${t}`),
  long(2000, 10_000).map((t) => `/jobs/${t}/status`),
);

const queryName = fc.oneof(
  fc.constantFrom('requestedJobStatus', 'statusUpdateReason', 'RequestedJobStatus', 'x', 'priority', 'jobStatuses', 'maxResults', 'nextToken'),
  hostileText,
);
function rawQueryOf(names: fc.Arbitrary<string>, values: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(fc.tuple(names, values, fc.boolean()), { maxLength: 6 }).map((pairs) => pairs.map(([n, v, bare]) => (bare ? n : `${n}=${v}`)).join('&'));
}
const rawQuery = fc.oneof(
  rawQueryOf(queryName, queryValue),
  hostileText,
  fc.constant(''),
);

const headerName = fc.oneof(fc.constantFrom('x-cos-appid', 'X-Cos-AppId', 'X-COS-APPID', 'host', 'content-type'), fc.string({ maxLength: 20 }));
const anyRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.oneof(fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'post', ''), fc.string({ maxLength: 10 })),
  path,
  rawQuery,
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
  body: fc.option(fc.oneof(fc.string(), long(50_000, 200_000)), { nil: null }),
  base64: fc.boolean(),
});

/** Requests close to valid ones (a real job, a real appid), so the write path meets hostile reasons too. */
const plausibleRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.constantFrom('POST', 'POST', 'GET'),
  path: fc.constantFrom(...VALID_JOB_IDS).map((id) => `/jobs/${id}/status`),
  rawQuery: fc
    .tuple(fc.constantFrom('Ready', 'Cancelled', 'Cancelled', 'ready', '%zz'), fc.option(hostileText, { nil: undefined }))
    .map(([status, reason]) => `requestedJobStatus=${status}${reason === undefined ? '' : `&statusUpdateReason=${reason}`}`),
  headers: fc.constantFrom<Array<[string, string]>>([['x-cos-appid', '1250000000']], [['X-Cos-AppId', '1250000000']], [['x-cos-appid', 'other']], []),
  body: fc.constant(null),
  base64: fc.constant(false),
});

const JOB_PATHS = [
  ...VALID_JOB_IDS.flatMap((id) => [`/jobs/${id}`, `/jobs/${id}/priority`, `/jobs/${id}/status`]),
  '/jobs',
  // A well-formed id of no job.
  '/jobs/0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b',
  '/jobs/0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b/priority',
];

/** Requests close to valid ones of every route, with every method (the wrong ones answer 405 with Allow). */
const plausibleJobRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.constantFrom('GET', 'GET', 'DELETE', 'DELETE', 'POST', 'POST', 'PUT', 'HEAD', 'PATCH'),
  path: fc.constantFrom(...JOB_PATHS),
  rawQuery: fc.oneof(
    fc.constant(''),
    fc.constantFrom('priority=7', 'jobStatuses=Active', 'maxResults=2', 'nextToken=fuzz-active-0001', 'requestedJobStatus=Cancelled'),
    fc
      .array(fc.tuple(fc.constantFrom('priority', 'jobStatuses', 'maxResults', 'nextToken', 'requestedJobStatus'), fc.oneof(queryValue, hostileText)), { maxLength: 3 })
      .map((pairs) => pairs.map(([n, v]) => `${n}=${v}`).join('&')),
  ),
  headers: fc.constantFrom<Array<[string, string]>>([['x-cos-appid', '1250000000']], [['x-cos-appid', '1250000000']], [['x-cos-appid', 'other']], []),
  body: fc.constant(null),
  base64: fc.constant(false),
});

/** CreateJob requests: a valid body (with a fresh token) or a hostile one, as text or base64, under hostile headers and queries. */
const createBody = fc.oneof(
  fc
    .tuple(fc.constantFrom(...VALID_BODIES), fc.uuid())
    .map(([body, token]) => ({ text: body.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${token}<`) }) as { text?: string; bytes?: Buffer }),
  hostileBody,
);
const plausibleCreateRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'PUT'),
    path: fc.constantFrom('/jobs', '/jobs', '/jobs', '/jobs/', '/jobs?'),
    rawQuery: fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: rawQueryOf(queryName, queryValue), weight: 1 }),
    headers: fc.oneof(
      { arbitrary: fc.constant<Array<[string, string]>>([['x-cos-appid', '1250000000']]), weight: 2 },
      {
        arbitrary: fc.array(
          fc.oneof(
            fc.constant<[string, string]>(['x-cos-appid', '1250000000']),
            fc.tuple(fc.constantFrom('content-md5', 'Content-MD5', 'content-type', 'x-cos-appid'), headerValue),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        weight: 1,
      },
    ),
    content: createBody,
    asBase64: fc.boolean(),
  })
  .map(({ content, asBase64, ...r }) => {
    const base64 = content.bytes !== undefined || asBase64;
    const body = base64 ? (content.bytes ?? Buffer.from(content.text!)).toString('base64') : content.text!;
    return { ...r, body, base64 };
  });

/** Valid requests of the six operations, so that every success path meets the damage done to events too. */
const validRequest: fc.Arbitrary<RawRequest> = fc
  .oneof(
    fc.constantFrom('', 'jobStatuses=Active', 'maxResults=2', 'maxResults=1&nextToken=fuzz-active-0001').map((q) => ['GET', '/jobs', q, null] as const),
    fc.constantFrom(...VALID_JOB_IDS).map((id) => ['GET', `/jobs/${id}`, '', null] as const),
    fc.constantFrom(...VALID_JOB_IDS).map((id) => ['DELETE', `/jobs/${id}`, '', null] as const),
    fc.tuple(fc.constantFrom(...VALID_JOB_IDS), fc.nat()).map(([id, p]) => ['POST', `/jobs/${id}/priority`, `priority=${p}`, null] as const),
    fc.tuple(fc.constantFrom(...VALID_JOB_IDS), fc.constantFrom('Ready', 'Cancelled')).map(([id, s]) => ['POST', `/jobs/${id}/status`, `requestedJobStatus=${s}`, null] as const),
    fc
      .tuple(fc.constantFrom(...VALID_BODIES), fc.uuid())
      .map(([body, token]) => ['POST', '/jobs', '', body.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${token}<`)] as const),
  )
  .map(([method, path, rawQuery, body]) => ({ method, path, rawQuery, headers: [['x-cos-appid', '1250000000']], body, base64: false }));

export const FUZZ_JOBS = [
  ['fuzz-suspended-1', 'Suspended'],
  ['fuzz-active-0001', 'Active'],
  ['fuzz-ready-00001', 'Ready'],
  ['fuzz-done-000001', 'Complete'],
] as const;

/** Every kind of request above, COS's and AWS's. */
export const rawRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  { arbitrary: anyRequest, weight: 3 },
  // Paths under /v20180820/ are the AWS dialect's: the same events must get its answers there.
  { arbitrary: awsRouteRequest(VALID_JOB_IDS), weight: 1 },
  { arbitrary: plausibleRequest, weight: 1 },
  { arbitrary: plausibleJobRequest, weight: 1 },
  { arbitrary: plausibleCreateRequest, weight: 1 },
  { arbitrary: validRequest, weight: 1 },
);
