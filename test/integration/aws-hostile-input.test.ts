/**
 * Hostile input to the AWS dialect (`/v20180820/…`), as property tests through createApp, a real DynamoDbJobStore
 * and DynamoDB Local: requests on the eight routes (every method, job ids, queries at and past every edge), hostile
 * CreateJob and PutJobTagging bodies (test/support/hostile-bodies-aws.ts), and SigV4 headers damaged every way a client or
 * an attacker could. Always a well-formed AWS answer (test/support/hostile-aws.ts readAwsAnswer: an `ErrorResponse` of the
 * catalogue with its status, or a documented success), never a 5xx, never a throw; a refusal leaves the whole table
 * as it was, an acceptance changes only what its operation may (one job and its token's reservation for a create).
 * Last, the two dialects' tenants never meet: a job made in one is invisible to the other, even for the same digits.
 */
import { DeleteItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { AwsError } from '../../lib/aws/errors';
import { parseCreateJobRequest } from '../../lib/aws/operations/create-job';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { fingerprintOf } from '../../lib/jobs/create-job';
import { parseGatewayEvent } from '../../lib/http/event';
import type { JobStatus } from '../../lib/jobs/status';
import { CachedCredentialStore } from '../../lib/store/credential-store';
import { DynamoDbCredentialStore } from '../../lib/store/dynamodb/dynamodb-credential-store';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { newJobItem } from '../../lib/store/dynamodb/job-item';
import { signRequest } from '../../scripts/cos-client';
import { DEMO_AWS_KEY, DEMO_KEY, ensureCredentialsTable, putKey } from '../../scripts/local-stack';
import { scanAll, useTestTable } from '../support/dynamodb';
import { httpApiEvent, jobRequest, restEvent } from '../support/events';
import { AWS_ACCOUNT, awsRouteRequest, plausibleAwsRequest, readAwsAnswer, signAws, type AwsAnswer, type AwsSigning } from '../support/hostile-aws';
import type { HostileBody } from '../support/hostile-bodies';
import { AWS_CREATE_ATTACKS, AWS_CREATE_BODIES, AWS_TAGGING_ATTACKS, awsCreateBody, awsTaggingBody } from '../support/hostile-bodies-aws';
import { toHttpApiEvent, toRestEvent, type RawRequest } from '../support/hostile-requests';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

const RUNS = Number(process.env.AWS_FUZZ_RUNS ?? 300);
type Item = Record<string, AttributeValue>;
const TENANT = `aws:${AWS_ACCOUNT}`;
/** The AWS jobs every run starts from (one of each kind of status), and a COS job under the same digits. */
const AWS_JOBS: ReadonlyArray<[string, JobStatus]> = [
  ['awsfz-suspended-1', 'Suspended'],
  ['awsfz-active-0001', 'Active'],
  ['awsfz-ready-00001', 'Ready'],
  ['awsfz-done-000001', 'Complete'],
  ['awsfz-new-0000001', 'New'],
];
const AWS_JOB_IDS = AWS_JOBS.map(([id]) => id);
const COS_TWIN = { appId: AWS_ACCOUNT, jobId: 'awsfz-active-0001' };

const db = useTestTable();
const logger = new RecordingLogger();
const CREDENTIALS = `creds-aws-${Date.now()}`;
let handle: ReturnType<typeof createApp>;
let signedHandle: ReturnType<typeof createApp>;
let baseline: Item[];

beforeAll(async () => {
  const store = new DynamoDbJobStore(db.client, db.name);
  const newRequestId = createRequestIdGenerator('awsfz');
  handle = createApp({ auth: 'none', store, logger, newRequestId });
  await ensureCredentialsTable(db.client, CREDENTIALS);
  for (const key of [DEMO_AWS_KEY, DEMO_KEY]) await putKey(db.client, CREDENTIALS, key);
  const keys = new CachedCredentialStore(new DynamoDbCredentialStore(db.client, CREDENTIALS), 60_000);
  signedHandle = createApp({ auth: { keys }, store, logger, newRequestId });

  for (const [n, [jobId, status]] of AWS_JOBS.entries()) {
    const request = parseGatewayEvent(httpApiEvent({ path: '/v20180820/jobs', headers: { 'x-amz-account-id': AWS_ACCOUNT }, body: AWS_CREATE_BODIES[n % AWS_CREATE_BODIES.length] }));
    const parsed = parseCreateJobRequest(request);
    if (parsed instanceof AwsError) throw parsed;
    const item = newJobItem({
      key: { appId: TENANT, jobId },
      definition: parsed.definition,
      clientRequestToken: parsed.clientRequestToken,
      fingerprint: fingerprintOf(parsed.definition),
      status,
      creationTime: '2026-01-02T03:04:05Z',
      requestId: 'awsfz-seed',
    });
    await db.client.send(new PutItemCommand({ TableName: db.name, Item: item }));
  }
  // A COS job whose appid has the account's digits and whose JobId is an AWS job's: the other dialect must not see it.
  await db.client.send(new PutItemCommand({ TableName: db.name, Item: { AppId: { S: COS_TWIN.appId }, JobId: { S: COS_TWIN.jobId }, Status: { S: 'Active' } } }));
  baseline = await scanAll(db.client, db.name);
  expect(baseline).toHaveLength(AWS_JOBS.length + 1);
  logger.lines.length = 0;
});

afterEach(() => {
  // No request ended in a defect (a 500 is logged at error level).
  expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  logger.lines.length = 0;
});

const keyOf = (item: Item) => `${item.AppId!.S}/${item.JobId!.S}`;

/** Back to the baseline: what an acceptance added removed, what it changed put back. */
async function restore(after: Item[]): Promise<void> {
  const known = new Map(baseline.map((i) => [keyOf(i), i]));
  const now = new Map(after.map((i) => [keyOf(i), i]));
  for (const item of after.filter((i) => !known.has(keyOf(i)))) {
    await db.client.send(new DeleteItemCommand({ TableName: db.name, Key: { AppId: item.AppId!, JobId: item.JobId! } }));
  }
  for (const [key, item] of known) {
    if (JSON.stringify(now.get(key)) !== JSON.stringify(item)) await db.client.send(new PutItemCommand({ TableName: db.name, Item: item }));
  }
}

/** The baseline's items but `jobId` (of the AWS tenant) exactly as they were; its item before and after. */
function onlyChanged(after: Item[], jobId: string): { before: Item; after: Item } {
  const isIt = (i: Item) => i.AppId!.S === TENANT && i.JobId!.S === jobId;
  expect(after.filter((i) => !isIt(i))).toEqual(baseline.filter((i) => !isIt(i)));
  const before = baseline.find(isIt);
  const changed = after.find(isIt);
  expect(before && changed).toBeTruthy();
  return { before: before!, after: changed! };
}

const without = (item: Item, ...names: string[]) => Object.fromEntries(Object.entries(item).filter(([k]) => !names.includes(k)));
const pathJobId = (request: RawRequest) => /^\/v20180820\/jobs\/([^/]+)/.exec(request.path)?.[1] ?? '';

/**
 * Checks one AWS answer and what it did to the table, then puts the table back. Returns what to count: the error
 * code, the success root, or the empty 200's method.
 */
async function expectAwsEffect(request: RawRequest, answer: AwsAnswer): Promise<string> {
  const after = await scanAll(db.client, db.name);
  if (answer.kind === 'error') {
    expect(after).toEqual(baseline);
    return answer.code;
  }
  if (answer.kind === 'empty') {
    // PutJobTagging / DeleteJobTagging: the named job's Tags alone.
    const { before, after: job } = onlyChanged(after, pathJobId(request));
    expect(without(job, 'Tags')).toEqual(without(before, 'Tags'));
    if (request.method.toUpperCase() === 'DELETE') expect(job.Tags).toBeUndefined();
    await restore(after);
    return `${request.method.toUpperCase()} tagging`;
  }
  const { root, content } = answer;
  switch (root) {
    case 'DescribeJobResult':
    case 'GetJobTaggingResult':
      expect(after).toEqual(baseline);
      break;
    case 'ListJobsResult': {
      expect(after).toEqual(baseline);
      // Only the tenant's jobs, never the COS twin's.
      const jobs = (content.Jobs as { member?: unknown } | undefined)?.member;
      const listed = (Array.isArray(jobs) ? jobs : jobs ? [jobs] : []).map((j) => (j as { JobId: string }).JobId);
      for (const id of listed) expect(AWS_JOB_IDS).toContain(id);
      break;
    }
    case 'UpdateJobPriorityResult': {
      const { after: job } = onlyChanged(after, String(content.JobId));
      expect(job.Priority).toEqual({ N: String(content.Priority) });
      break;
    }
    case 'UpdateJobStatusResult': {
      const { after: job } = onlyChanged(after, String(content.JobId));
      expect(job.Status).toEqual({ S: String(content.Status) });
      break;
    }
    case 'CreateJobResult':
      expect(await createdOnce(request, after, String(content.JobId))).toBe('created');
      break;
    default:
      throw new Error(`a 200 with the root ${root}`);
  }
  await restore(after);
  return root;
}

/**
 * An accepted create: exactly one job, New or Suspended, of the tenant of the request's x-amz-account-id, and its
 * token's reservation, nothing else; DescribeJob finds it there.
 */
async function createdOnce(request: RawRequest, after: Item[], jobId: string): Promise<'created'> {
  const known = new Set(baseline.map(keyOf));
  expect(after.filter((i) => known.has(keyOf(i)))).toEqual(baseline);
  const added = after.filter((i) => !known.has(keyOf(i)));
  const account = request.headers.find(([name]) => name.toLowerCase() === 'x-amz-account-id')?.[1] ?? AWS_ACCOUNT;
  expect(added.map((i) => [i.AppId!.S, i.JobId!.S, i.JobRef?.S])).toEqual([
    [`aws:${account}`, jobId, undefined],
    [`aws:${account}`, `~token~${jobId.slice(14)}`, jobId],
  ]);
  expect(['New', 'Suspended']).toContain(added[0]!.Status!.S);
  const described = readAwsAnswer(await handle(httpApiEvent({ method: 'GET', path: `/v20180820/jobs/${jobId}`, headers: { 'x-amz-account-id': account } })));
  expect(described.kind === 'success' && (described.content.Job as { JobId: string }).JobId).toBe(jobId);
  return 'created';
}

const awsRequest = (method: string, path: string, rawQuery = '', body: string | null = null): RawRequest => ({
  method,
  path: `/v20180820/jobs${path}`,
  rawQuery,
  headers: [['x-amz-account-id', AWS_ACCOUNT]],
  body,
  base64: false,
});
/** A request of each outcome the route property must meet, whatever its random draw. */
const EVERY_OUTCOME: ReadonlyArray<readonly [string, RawRequest]> = [
  ['CreateJobResult', awsRequest('POST', '', '', AWS_CREATE_BODIES[0]!.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>every-outcome-${Date.now()}<`))],
  ['DescribeJobResult', awsRequest('GET', '/awsfz-active-0001')],
  ['ListJobsResult', awsRequest('GET', '', 'jobStatuses=Active')],
  ['UpdateJobPriorityResult', awsRequest('POST', '/awsfz-active-0001/priority', 'priority=5')],
  ['UpdateJobStatusResult', awsRequest('POST', '/awsfz-suspended-1/status', 'requestedJobStatus=Ready')],
  ['GetJobTaggingResult', awsRequest('GET', '/awsfz-ready-00001/tagging')],
  ['PUT tagging', awsRequest('PUT', '/awsfz-ready-00001/tagging', '', '<PutJobTaggingRequest><Tags><member><Key>k</Key><Value>v</Value></member></Tags></PutJobTaggingRequest>')],
  ['DELETE tagging', awsRequest('DELETE', '/awsfz-ready-00001/tagging')],
  ['BadRequestException', awsRequest('POST', '/awsfz-active-0001/priority', 'priority=-1')],
  ['InvalidRequestException', awsRequest('GET', '', 'maxResults=1001')],
  ['InvalidNextTokenException', awsRequest('GET', '', 'nextToken=abc')],
  ['NotFoundException', awsRequest('GET', '/awsfz-absent-0001')],
  ['MethodNotAllowed', awsRequest('PATCH', '')],
  ['NoSuchResource', { ...awsRequest('GET', ''), path: '/v20180820/bogus' }],
];

const count = (seen: Record<string, number>, what: string) => (seen[what] = (seen[what] ?? 0) + 1);
const report = (name: string, seen: Record<string, number>) => process.env.VERBOSE === '1' && process.stderr.write(`aws-hostile ${name}: ${JSON.stringify(seen)}\n`);

it.each(EVERY_OUTCOME)('the route property\'s example of %s meets it', async (outcome, request) => {
  expect(await expectAwsEffect(request, readAwsAnswer(await handle(toHttpApiEvent(request))))).toBe(outcome);
});

describe.each([
  ['REST API 1.0', toRestEvent],
  ['HTTP API 2.0', toHttpApiEvent],
] as const)('the eight routes, %s', (format, toEvent) => {
  it(`arbitrary requests get a well-formed AWS answer, change nothing when refused and only what the operation may when accepted (${RUNS} runs)`, async () => {
    const seen: Record<string, number> = {};
    const request = fc.oneof({ arbitrary: awsRouteRequest(AWS_JOB_IDS), weight: 1 }, { arbitrary: plausibleAwsRequest(AWS_JOB_IDS), weight: 1 });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        count(seen, await expectAwsEffect(r, readAwsAnswer(await handle(toEvent(r)))));
      }),
      // One request of each outcome first: the random ones meet the rarer outcomes only a few times in 300 runs, and
      // fast-check's bias toward small choices makes some draws miss one altogether.
      { numRuns: RUNS, examples: EVERY_OUTCOME.map(([, r]) => [r] as [RawRequest]) },
    );
    report(format, seen);
    // Every operation's success path was met, and the refusals of each kind of check.
    if (RUNS >= 300) {
      for (const met of ['CreateJobResult', 'DescribeJobResult', 'ListJobsResult', 'UpdateJobPriorityResult', 'UpdateJobStatusResult', 'GetJobTaggingResult', 'PUT tagging', 'DELETE tagging']) {
        expect([met, seen[met] ?? 0]).toEqual([met, expect.any(Number)]);
        expect(seen[met]).toBeGreaterThan(0);
      }
      for (const code of ['BadRequestException', 'InvalidRequestException', 'InvalidNextTokenException', 'NotFoundException', 'MethodNotAllowed', 'NoSuchResource']) {
        expect([code, seen[code] ?? 0]).not.toEqual([code, 0]);
      }
    }
  }, 120_000);
});

/** The event of a request carrying this body: text as text or base64, bytes as base64. */
function bodyEvent(method: string, path: string, body: HostileBody, base64: boolean, rest: boolean) {
  const payload = body.bytes !== undefined || base64 ? { body: (body.bytes ?? Buffer.from(body.text!)).toString('base64'), base64: true } : { body: body.text!, base64: false };
  const spec = { method, path, headers: { 'x-amz-account-id': AWS_ACCOUNT, 'content-type': 'application/xml' }, ...payload };
  return rest ? restEvent(spec) : httpApiEvent(spec);
}

describe('CreateJob bodies', () => {
  it(`hostile bodies are refused with a catalogued error and no write, or make exactly one job (${RUNS} runs)`, async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(awsCreateBody, fc.boolean(), fc.boolean(), async (body, base64, rest) => {
        const result = await handle(bodyEvent('POST', '/v20180820/jobs', body, base64, rest));
        expect([200, 400, 429]).toContain(result.statusCode);
        count(seen, await expectAwsEffect({ method: 'POST', path: '/v20180820/jobs', rawQuery: '', headers: [], body: null, base64 }, readAwsAnswer(result)));
      }),
      { numRuns: RUNS },
    );
    report('CreateJob', seen);
    expect(seen.CreateJobResult).toBeGreaterThan(0);
    expect(seen.BadRequestException).toBeGreaterThan(RUNS / 10);
    expect(Object.keys(seen).sort()).toEqual(['BadRequestException', 'CreateJobResult', ...(seen.IdempotencyException ? ['IdempotencyException'] : [])]);
  }, 120_000);

  it.each(Object.entries(AWS_CREATE_ATTACKS))('%s', async (_name, attack) => {
    for (const [base64, rest] of [[false, false], [true, true]] as const) {
      const answer = readAwsAnswer(await handle(bodyEvent('POST', '/v20180820/jobs', attack, base64, rest)));
      const outcome = await expectAwsEffect({ method: 'POST', path: '/v20180820/jobs', rawQuery: '', headers: [], body: null, base64 }, answer);
      expect(outcome).toBe(attack.expect === 'accepted' ? 'CreateJobResult' : attack.expect);
    }
  });
});

describe('PutJobTagging bodies', () => {
  it(`hostile bodies are refused with a catalogued error and no write, or set the job's tags alone (${RUNS} runs)`, async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(awsTaggingBody, fc.constantFrom(...AWS_JOB_IDS), fc.boolean(), fc.boolean(), async (body, jobId, base64, rest) => {
        const path = `/v20180820/jobs/${jobId}/tagging`;
        const answer = readAwsAnswer(await handle(bodyEvent('PUT', path, body, base64, rest)));
        count(seen, await expectAwsEffect({ method: 'PUT', path, rawQuery: '', headers: [], body: null, base64 }, answer));
      }),
      { numRuns: RUNS },
    );
    report('PutJobTagging', seen);
    expect(seen['PUT tagging']).toBeGreaterThan(0);
    expect(seen.TooManyTagsException).toBeGreaterThan(0);
    expect(Object.keys(seen).sort()).toEqual(['BadRequestException', 'PUT tagging', 'TooManyTagsException']);
  }, 120_000);

  it.each(Object.entries(AWS_TAGGING_ATTACKS))('%s', async (_name, attack) => {
    const path = '/v20180820/jobs/awsfz-done-000001/tagging';
    const answer = readAwsAnswer(await handle(bodyEvent('PUT', path, attack, false, false)));
    const outcome = await expectAwsEffect({ method: 'PUT', path, rawQuery: '', headers: [], body: null, base64: false }, answer);
    expect(outcome).toBe(attack.expect === 'accepted' ? 'PUT tagging' : attack.expect);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// SigV4 headers

/** Valid requests of every operation, signed with the demo AWS key by signAws (as the JS SDK signs). */
const SIGNED_REQUESTS: ReadonlyArray<Omit<AwsSigning, 'key'>> = [
  { method: 'GET', path: '/v20180820/jobs/awsfz-active-0001' },
  { method: 'GET', path: '/v20180820/jobs', query: [['jobStatuses', 'Active'], ['jobStatuses', 'Complete'], ['maxResults', '2']] },
  { method: 'POST', path: '/v20180820/jobs/awsfz-suspended-1/priority', query: [['priority', '42']] },
  { method: 'POST', path: '/v20180820/jobs/awsfz-ready-00001/status', query: [['requestedJobStatus', 'Cancelled'], ['statusUpdateReason', 'a b&c=d+e/f~']] },
  { method: 'GET', path: '/v20180820/jobs/awsfz-new-0000001/tagging' },
  { method: 'PUT', path: '/v20180820/jobs/awsfz-new-0000001/tagging', body: `<PutJobTaggingRequest><Tags><member><Key>k</Key><Value>é</Value></member></Tags></PutJobTaggingRequest>` },
  { method: 'DELETE', path: '/v20180820/jobs/awsfz-done-000001/tagging' },
  { method: 'POST', path: '/v20180820/jobs', body: AWS_CREATE_BODIES[2] },
];

type Headers = Array<[string, string]>;
const MINUTE = 60_000;
const setHeader = (headers: Headers, name: string, value: string | undefined): Headers => [
  ...headers.filter(([n]) => n.toLowerCase() !== name),
  ...(value === undefined ? [] : ([[name, value]] as Headers)),
];
const editHeader = (headers: Headers, name: string, edit: (value: string) => string): Headers => headers.map(([n, v]) => [n, n.toLowerCase() === name ? edit(v) : v]);
const editCredential = (edit: (parts: string[]) => string[]) => (h: Headers) =>
  editHeader(h, 'authorization', (v) => v.replace(/Credential=([^,]*)/, (_m, c: string) => `Credential=${edit(c.split('/')).join('/')}`));

/** Damage to a signed request's headers (or a re-signing with something off): each must be refused cleanly. */
const DAMAGE: Record<string, { readonly headers?: (h: Headers) => Headers; readonly sign?: Partial<AwsSigning>; readonly query?: string }> = {
  'no Authorization': { headers: (h) => setHeader(h, 'authorization', undefined) },
  'Authorization twice': { headers: (h) => [...h, ...h.filter(([n]) => n === 'authorization')] },
  'Authorization in lower case': { headers: (h) => editHeader(h, 'authorization', (v) => v.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256')) },
  'AWS v2 signature': { headers: (h) => setHeader(h, 'authorization', `AWS ${DEMO_AWS_KEY.secretId}:frJIUN8DYpKDtOLCwo//yllqDzg=`) },
  'scope of four parts': { headers: editCredential((p) => p.slice(0, 4)) },
  'scope of six parts': { headers: editCredential((p) => [...p, 'x']) },
  'scope date not a date': { headers: editCredential((p) => [p[0]!, 'yyyymmdd', ...p.slice(2)]) },
  'scope date of another day': { headers: editCredential((p) => [p[0]!, '20200101', ...p.slice(2)]) },
  'empty region': { headers: editCredential((p) => [p[0]!, p[1]!, '', ...p.slice(3)]) },
  'wrong service (s3-control)': { headers: editCredential((p) => [...p.slice(0, 3), 's3-control', p[4]!]) },
  'wrong service, signed so': { sign: { service: 's3-control' } },
  'wrong terminator': { headers: editCredential((p) => [...p.slice(0, 4), 'aws4_req']) },
  'unknown access key': { headers: editCredential((p) => ['AKIAUNKNOWNKEY000000', ...p.slice(1)]) },
  'access key with a slash': { headers: editCredential((p) => ['AKIA/EXAMPLE', ...p.slice(1)]) },
  'SignedHeaders without host': { headers: (h) => editHeader(h, 'authorization', (v) => v.replace('host;', '')) },
  'SignedHeaders unsorted': { headers: (h) => editHeader(h, 'authorization', (v) => v.replace(/SignedHeaders=([^,]*)/, (_m, l: string) => `SignedHeaders=${l.split(';').reverse().join(';')}`)) },
  'signature of 63 digits': { headers: (h) => editHeader(h, 'authorization', (v) => v.slice(0, -1)) },
  'signature in upper case': { headers: (h) => editHeader(h, 'authorization', (v) => v.replace(/Signature=(\w+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`)) },
  'one signature digit changed': { headers: (h) => editHeader(h, 'authorization', (v) => v.slice(0, -1) + (v.endsWith('0') ? '1' : '0')) },
  'no x-amz-date': { headers: (h) => setHeader(h, 'x-amz-date', undefined) },
  'x-amz-date malformed': { headers: (h) => editHeader(h, 'x-amz-date', (v) => v.replace('T', '-')) },
  'x-amz-date as ISO 8601 with dashes': { headers: (h) => editHeader(h, 'x-amz-date', () => new Date().toISOString()) },
  'x-amz-date twice': { headers: (h) => [...h, ...h.filter(([n]) => n === 'x-amz-date')] },
  'signed 20 minutes ago': { sign: { at: new Date(Date.now() - 20 * MINUTE) } },
  'signed 20 minutes ahead': { sign: { at: new Date(Date.now() + 20 * MINUTE) } },
  'signed a year ago': { sign: { at: new Date(Date.now() - 365 * 24 * 60 * MINUTE) } },
  'signed in 2100': { sign: { at: new Date('2100-01-01T00:00:00Z') } },
  'x-amz-date moved a minute': { headers: (h) => editHeader(h, 'x-amz-date', (v) => v.replace(/(\d\d)Z$/, (_m, s: string) => `${String((Number(s) + 1) % 60).padStart(2, '0')}Z`)) },
  'UNSIGNED-PAYLOAD, signed so': { sign: { extraHeaders: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } } },
  'streaming payload, signed so': { sign: { extraHeaders: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' } } },
  'no x-amz-content-sha256': { headers: (h) => setHeader(h, 'x-amz-content-sha256', undefined) },
  'x-amz-content-sha256 of other bytes': { headers: (h) => editHeader(h, 'x-amz-content-sha256', () => 'a'.repeat(64)) },
  'a session token, signed': { sign: { extraHeaders: { 'x-amz-security-token': 'IQoJb3JpZ2luX2VjEFake' } } },
  'x-amz-account-id of another account': { headers: (h) => editHeader(h, 'x-amz-account-id', () => '210987654321') },
  'x-amz-account-id removed': { headers: (h) => setHeader(h, 'x-amz-account-id', undefined) },
  'host changed': { headers: (h) => editHeader(h, 'host', (v) => `x${v}`) },
  'signed for another account': { sign: { accountId: '210987654321' } },
  'wrong secret': { sign: { key: { secretId: DEMO_AWS_KEY.secretId, secretKey: 'not-the-secret' } } },
  'the COS demo key': { sign: { key: DEMO_KEY } },
  'also presigned in the query': { query: 'X-Amz-Signature=0000' },
  'signed in another region': { sign: { region: 'eu-west-1' } },
};

/** Signs request n with the demo key (and the damage's changes), applies the damage to its headers and query. */
async function damagedRequest(n: number, damages: readonly string[]): Promise<RawRequest> {
  const base = SIGNED_REQUESTS[n]!;
  let sign: AwsSigning = { ...base, key: DEMO_AWS_KEY };
  for (const name of damages) sign = { ...sign, ...DAMAGE[name]!.sign };
  const signed = await signAws(sign);
  let request: RawRequest = signed;
  for (const name of damages) {
    const { headers, query } = DAMAGE[name]!;
    if (headers) request = { ...request, headers: headers(request.headers) };
    if (query) request = { ...request, rawQuery: request.rawQuery ? `${request.rawQuery}&${query}` : query };
  }
  return request;
}

describe('SigV4 headers', () => {
  it('every operation, signed as the JS SDK signs it, is accepted', async () => {
    for (const [n, { method, path }] of SIGNED_REQUESTS.entries()) {
      const request = await damagedRequest(n, []);
      const answer = readAwsAnswer(await signedHandle(toHttpApiEvent(request)));
      expect([method, path, answer.kind]).toEqual([method, path, expect.stringMatching(/^(success|empty)$/)]);
      await expectAwsEffect(request, answer);
    }
  });

  it(`damaged signatures are refused with a catalogued error and no write (${RUNS} runs)`, async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.nat(SIGNED_REQUESTS.length - 1),
        // Distinct: some damages undo themselves when done twice (a reversed list reversed).
        fc.uniqueArray(fc.constantFrom(...Object.keys(DAMAGE)), { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        async (n, damages, rest) => {
          const request = await damagedRequest(n, damages);
          const answer = readAwsAnswer(await signedHandle((rest ? toRestEvent : toHttpApiEvent)(request)));
          const outcome = await expectAwsEffect(request, answer);
          count(seen, outcome);
          // Only these still verify: a header sent twice with the same value (REST API events keep one), and a scope of
          // another region — the check takes the region from the scope and never holds it against the service's own
          // (AppDeps.region); reported to the lead as a question, S3 answers AuthorizationHeaderMalformed there.
          const harmless = ['signed in another region', 'x-amz-date twice'];
          if (answer.kind !== 'error') expect(damages.filter((d) => !harmless.includes(d))).toEqual([]);
        },
      ),
      // Every damage alone once, so each refusal is met however the random pairs fall.
      { numRuns: RUNS, examples: Object.keys(DAMAGE).map((damage, i) => [i % SIGNED_REQUESTS.length, [damage], i % 2 === 0] as [number, string[], boolean]) },
    );
    report('SigV4', seen);
    for (const code of ['AccessDenied', 'AuthorizationHeaderMalformed', 'SignatureDoesNotMatch', 'RequestTimeTooSkewed', 'InvalidAccessKeyId', 'XAmzContentSHA256Mismatch']) {
      expect([code, (seen[code] ?? 0) > 0]).toEqual([code, true]);
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Tenants

describe('the two dialects never see each other\'s jobs', () => {
  const aws = (method: string, path: string, rawQuery = '', account = AWS_ACCOUNT) =>
    handle(httpApiEvent({ method, path, rawQuery, headers: { 'x-amz-account-id': account } }));

  it('a job created through the AWS dialect is not the COS appid of the same digits\', and aws:<digits> is refused', async () => {
    const created = readAwsAnswer(await handle(bodyEvent('POST', '/v20180820/jobs', { text: AWS_CREATE_BODIES[3]!, label: 'restore' }, false, false)));
    expect(created.kind).toBe('success');
    const jobId = created.kind === 'success' ? String(created.content.JobId) : '';
    const withJob = await scanAll(db.client, db.name);
    for (const [method, path, query] of [
      ['GET', `/jobs/${jobId}`, ''],
      ['POST', `/jobs/${jobId}/priority`, 'priority=3'],
      ['POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Cancelled'],
      ['DELETE', `/jobs/${jobId}`, ''],
    ] as const) {
      const same = parseCosXml((await handle(restEvent(jobRequest(method, path, query, AWS_ACCOUNT)))).body);
      expect([method, path, same.fields.Code]).toEqual([method, path, 'NoSuchJob']);
      const prefixed = await handle(restEvent(jobRequest(method, path, query, TENANT)));
      expect([method, prefixed.statusCode, parseCosXml(prefixed.body).fields.Code]).toEqual([method, 400, 'InvalidArgument']);
    }
    const listed = await handle(restEvent(jobRequest('GET', '/jobs', '', AWS_ACCOUNT)));
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(jobId);
    expect(listed.body).toContain(COS_TWIN.jobId);
    expect(await scanAll(db.client, db.name)).toEqual(withJob);
    await restore(withJob);
  });

  it('a COS job (appid of the account\'s digits, the JobId of an AWS job) is not the AWS account\'s', async () => {
    await handle(restEvent(jobRequest('POST', `/jobs/${COS_TWIN.jobId}/priority`, 'priority=99', AWS_ACCOUNT)));
    const before = await scanAll(db.client, db.name);
    const described = readAwsAnswer(await aws('GET', `/v20180820/jobs/${COS_TWIN.jobId}`));
    // The AWS tenant's own job of that id answers, with its own priority, not the COS job's.
    expect(described.kind === 'success' && (described.content.Job as { Priority: string }).Priority).not.toBe('99');
    const other = '210987654321';
    for (const [method, path, query] of [
      ['GET', `/v20180820/jobs/${COS_TWIN.jobId}`, ''],
      ['POST', `/v20180820/jobs/${COS_TWIN.jobId}/priority`, 'priority=3'],
      ['POST', `/v20180820/jobs/${COS_TWIN.jobId}/status`, 'requestedJobStatus=Cancelled'],
      ['GET', `/v20180820/jobs/${COS_TWIN.jobId}/tagging`, ''],
      ['DELETE', `/v20180820/jobs/${COS_TWIN.jobId}/tagging`, ''],
    ] as const) {
      const answer = readAwsAnswer(await aws(method, path, query, other));
      expect([method, path, answer.kind === 'error' && answer.code]).toEqual([method, path, 'NotFoundException']);
    }
    const cosOnly = `cos-only-${Date.now()}`;
    await db.client.send(new PutItemCommand({ TableName: db.name, Item: { AppId: { S: AWS_ACCOUNT }, JobId: { S: cosOnly }, Status: { S: 'Active' } } }));
    const cosOnlyAnswer = readAwsAnswer(await aws('GET', `/v20180820/jobs/${cosOnly}`));
    expect(cosOnlyAnswer.kind === 'error' && cosOnlyAnswer.code).toBe('NotFoundException');
    const list = await aws('GET', '/v20180820/jobs');
    expect(list.body).not.toContain(cosOnly);
    await db.client.send(new DeleteItemCommand({ TableName: db.name, Key: { AppId: { S: AWS_ACCOUNT }, JobId: { S: cosOnly } } }));
    expect(await scanAll(db.client, db.name)).toEqual(before);
    await restore(before);
  });

  it('a key acts in its own dialect only: the COS key cannot sign SigV4, the AWS key cannot sign COS', async () => {
    const viaSigV4 = readAwsAnswer(await signedHandle(toHttpApiEvent(await signAws({ key: DEMO_KEY, method: 'GET', path: '/v20180820/jobs', accountId: AWS_ACCOUNT }))));
    expect(viaSigV4.kind === 'error' && viaSigV4.code).toBe('AccessDenied');
    for (const appId of [AWS_ACCOUNT, TENANT]) {
      const { url, headers } = signRequest({ method: 'GET', baseUrl: 'https://batch.example.com', path: '/jobs', appId, secretId: DEMO_AWS_KEY.secretId, secretKey: DEMO_AWS_KEY.secretKey });
      const result = await signedHandle(httpApiEvent({ method: 'GET', path: '/jobs', rawQuery: new URL(url).search.slice(1), headers }));
      expect([appId, result.statusCode]).toEqual([appId, appId === TENANT ? 400 : 403]);
    }
  });
});
