/**
 * The AWS dialect's eight operations through the whole handler (createApp with AUTH none, both payload formats),
 * the in-memory store behind the port: every success body byte for byte, the headers of every answer, each
 * operation's input checks in their order with the exact code, message and status, the transition outcomes, the
 * routing errors, the store's failures as AWS errors, and the wall between AWS accounts and COS appids.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { newJobId } from '../../lib/jobs/job-id';
import type { JobRecord } from '../../lib/jobs/job';
import { StoreError, type JobKey, type JobStore, type ListQuery, type StoreFailure } from '../../lib/store/job-store';
import { createRequest as cosCreateRequest, jobRequest as cosJobRequest, PAYLOAD_FORMATS, type RequestSpec } from '../support/events';
import { countedStore, MemoryJobStore } from '../support/memory-store';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ACCOUNT = '123456789012';
const TENANT = `aws:${ACCOUNT}`;
const T0 = Date.parse('2026-11-28T12:00:00Z');
const ALL_STATUSES = 'New, Preparing, Suspended, Ready, Active, Pausing, Paused, Completing, Complete, Cancelling, Cancelled, Failing, Failed';
const BAD_JOB_ID = 'The job id must be 5 to 36 characters from A-Z, a-z, 0-9, "-" and "_".';

/** The JS SDK's CreateJob body (reference §7). */
const CREATE_BODY =
  `<?xml version="1.0" encoding="UTF-8"?><CreateJobRequest xmlns="${NS}"><Operation><S3PutObjectTagging><TagSet><member><Key>k</Key><Value>v</Value></member></TagSet></S3PutObjectTagging></Operation><Report><Enabled>true</Enabled><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Prefix>reports</Prefix><ReportScope>AllTasks</ReportScope></Report><Priority>10</Priority><RoleArn>arn:aws:iam::123456789012:role/batch</RoleArn><ConfirmationRequired>true</ConfirmationRequired><ClientRequestToken>tok-1</ClientRequestToken><Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::manifest-bucket/manifest.csv</ObjectArn><ETag>60e460c9d1046e73f7dde5043ac3ae85</ETag></Location></Manifest><Description>tag &lt;all&gt; &amp; more</Description><Tags><member><Key>team</Key><Value>data</Value></member></Tags></CreateJobRequest>`;
const withToken = (token: string, body = CREATE_BODY) => body.replace('<ClientRequestToken>tok-1</ClientRequestToken>', `<ClientRequestToken>${token}</ClientRequestToken>`);
const COS_BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');

/** The parts of DescribeJob's Job that the CreateJob body above gives, in the model's order. */
const MANIFEST_XML =
  '<Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::manifest-bucket/manifest.csv</ObjectArn><ETag>60e460c9d1046e73f7dde5043ac3ae85</ETag></Location></Manifest>';
const OPERATION_XML = '<Operation><S3PutObjectTagging><TagSet><member><Key>k</Key><Value>v</Value></member></TagSet></S3PutObjectTagging></Operation>';
const REPORT_XML = '<Report><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Enabled>true</Enabled><Prefix>reports</Prefix><ReportScope>AllTasks</ReportScope></Report>';
const progress = (total: number, succeeded: number, failed: number, active?: number) =>
  `<ProgressSummary><TotalNumberOfTasks>${total}</TotalNumberOfTasks><NumberOfTasksSucceeded>${succeeded}</NumberOfTasksSucceeded><NumberOfTasksFailed>${failed}</NumberOfTasksFailed>` +
  `${active === undefined ? '' : `<Timers><ElapsedTimeInActiveSeconds>${active}</ElapsedTimeInActiveSeconds></Timers>`}</ProgressSummary>`;
const success = (xml: string) => PROLOG + xml.replace(/^<(\w+)>/, `<$1 xmlns="${NS}">`);

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const tagsBody = (members: string) => `<?xml version="1.0" encoding="UTF-8"?><PutJobTaggingRequest xmlns="${NS}"><Tags>${members}</Tags></PutJobTaggingRequest>`;
const tagMembers = (n: number) => Array.from({ length: n }, (_, i) => `<member><Key>k${i}</Key><Value>v${i}</Value></member>`).join('');

/** An AWS request: the account header unless `account` is null. */
function aws(method: string, path: string, options: { query?: string; account?: string | null; body?: string; headers?: Record<string, string> } = {}): RequestSpec {
  const account = options.account === undefined ? ACCOUNT : options.account;
  return {
    method,
    path,
    rawQuery: options.query ?? '',
    headers: { ...(account === null ? {} : { 'x-amz-account-id': account }), ...options.headers },
    body: options.body,
  };
}

/** The memory store, with records a runner would have written, every call to the port counted, and a failure switch. */
class TestStore extends MemoryJobStore {
  readonly records = new Map<string, JobRecord>();
  readonly queries: ListQuery[] = [];
  override async getJob(key: JobKey): Promise<JobRecord | undefined> {
    return key.appId === TENANT && this.records.has(key.jobId) ? this.records.get(key.jobId) : super.getJob(key);
  }
  override async listJobs(query: ListQuery) {
    this.queries.push(query);
    return super.listJobs(query);
  }
}

/** A store whose every call fails with a StoreError of this kind. */
function failingStore(failure: StoreFailure): JobStore {
  const fail = () => Promise.reject(new StoreError(failure, 'SomeSdkError'));
  return { changeStatus: fail, createJob: fail, getJob: fail, listJobs: fail, changePriority: fail, deleteJob: fail, getJobTags: fail, putJobTags: fail };
}

describe.each(PAYLOAD_FORMATS)('%s', (_format, toEvent) => {
  let store: TestStore;
  let calls: string[];
  let clock: number;
  let requests: number;
  let handle: ReturnType<typeof createApp>;
  let logger: RecordingLogger;
  const send = (spec: RequestSpec) => handle(toEvent(spec));
  /** The time of the next request (each request is one second after the one before). */
  const nextAt = () => clock + 1000;

  function app(jobStore: JobStore | undefined, region?: string) {
    return createApp({ auth: 'none', store: jobStore, logger, newRequestId: () => `req-${++requests}`, now: () => new Date((clock += 1000)), region });
  }

  beforeEach(() => {
    ({ store, calls } = countedStore(new TestStore()));
    clock = T0;
    requests = 0;
    logger = new RecordingLogger();
    handle = app(store);
  });

  type Result = Awaited<ReturnType<typeof send>>;
  /** The headers every answer has: Content-Type, the request id, a host id, and the date of the request. */
  function expectHeaders(result: Result, extra: Record<string, string> = {}) {
    expect(result.headers).toEqual({
      ...extra,
      'Content-Type': 'application/xml',
      'x-amz-request-id': `req-${requests}`,
      'x-amz-id-2': expect.stringMatching(/^[A-Za-z0-9+/]{32}$/),
      Date: new Date(clock).toUTCString(),
    });
    expect(result.isBase64Encoded).toBe(false);
  }
  function expectOk(result: Result, body: string) {
    expect({ status: result.statusCode, body: result.body }).toEqual({ status: 200, body });
    expectHeaders(result);
  }
  function expectError(result: Result, status: number, code: string, message: string, extraHeaders: Record<string, string> = {}) {
    const hostId = result.headers['x-amz-id-2'];
    expect({ status: result.statusCode, body: result.body }).toEqual({
      status,
      body: `${PROLOG}<ErrorResponse><Error><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>req-${requests}</RequestId><HostId>${hostId}</HostId></ErrorResponse>`,
    });
    expectHeaders(result, extraHeaders);
  }
  const badRequest = async (spec: RequestSpec, message: string) => expectError(await send(spec), 400, 'BadRequestException', message);

  async function createJob(token = 'tok-1', body = CREATE_BODY): Promise<string> {
    const at = nextAt();
    const result = await send(aws('POST', '/v20180820/jobs', { body: withToken(token, body) }));
    const jobId = newJobId(at, TENANT, token);
    expectOk(result, success(`<CreateJobResult><JobId>${jobId}</JobId></CreateJobResult>`));
    return jobId;
  }
  /** A job put straight into the store in `status`. */
  function seed(jobId: string, status: string, extra: Record<string, unknown> = {}) {
    store.put(TENANT, jobId, { Status: status, Priority: 1, Description: 'seeded', Operation: { S3DeleteObjectTagging: {} }, CreationTime: '2026-11-01T00:00:00Z', ...extra });
  }

  // -------------------------------------------------------------------------------------------------------------

  describe('CreateJob', () => {
    it('200 with the new JobId (time-ordered, from the account and the token) in exactly the CreateJobResult body; one store call', async () => {
      const jobId = await createJob();
      expect(jobId).toBe(newJobId(T0 + 1000, TENANT, 'tok-1'));
      expect(calls).toEqual(['createJob']);
      expect(store.get(TENANT, jobId)).toMatchObject({ Status: 'New', Priority: 10, ClientRequestToken: 'tok-1', Tags: [{ Key: 'team', Value: 'data' }], CreationTime: '2026-11-28T12:00:01Z' });
      expect(logger.lines).toEqual([
        {
          level: 'info',
          message: 'request',
          attributes: {
            requestId: 'req-1',
            lambdaRequestId: undefined,
            dialect: 'aws',
            gatewayRequestId: expect.any(String),
            payloadFormat: _format.endsWith('1.0') ? '1.0' : '2.0',
            operation: 'CreateJob',
            appId: TENANT,
            clientRequestToken: 'tok-1',
            writes: 1,
            outcome: 'created',
            jobId,
            status: 200,
            latencyMs: expect.any(Number),
          },
        },
      ]);
    });

    it('a token whose creates keep meeting concurrent ones past the write budget: 429 TooManyRequestsException after 2 writes', async () => {
      store.createJob = async () => ({ outcome: 'contended' });
      expectError(
        await send(aws('POST', '/v20180820/jobs', { body: CREATE_BODY })),
        429,
        'TooManyRequestsException',
        'Another CreateJob request with this ClientRequestToken is being processed. Please try again.',
      );
      expect(calls).toEqual(['createJob', 'createJob']);
    });

    it('the same body with the same token again: the same JobId, no second job', async () => {
      const jobId = await createJob();
      const result = await send(aws('POST', '/v20180820/jobs', { body: CREATE_BODY.replace('<?xml version="1.0" encoding="UTF-8"?>', '') }));
      expectOk(result, success(`<CreateJobResult><JobId>${jobId}</JobId></CreateJobResult>`));
      expect(store.jobs.size).toBe(1);
    });

    it('another body with the same token: 400 IdempotencyException, the job unchanged', async () => {
      const jobId = await createJob();
      for (const other of [CREATE_BODY.replace('<Priority>10</Priority>', '<Priority>11</Priority>'), CREATE_BODY.replace('<Value>data</Value>', '<Value>ops</Value>')]) {
        expectError(await send(aws('POST', '/v20180820/jobs', { body: other })), 400, 'IdempotencyException', 'The ClientRequestToken was already used to create a job with a different request.');
      }
      expect(store.jobs.size).toBe(1);
      expect(store.get(TENANT, jobId)).toMatchObject({ Priority: 10 });
    });

    it('the account header is checked before the body; a refused body makes no store call', async () => {
      expectError(await send(aws('POST', '/v20180820/jobs', { account: null, body: '' })), 400, 'BadRequestException', 'The x-amz-account-id header is required.');
      await badRequest(aws('POST', '/v20180820/jobs', { body: '' }), 'The request body is empty; it must be a CreateJobRequest document.');
      await badRequest(aws('POST', '/v20180820/jobs', { body: CREATE_BODY.replace('<Priority>10</Priority>', '<Priority>2147483648</Priority>') }), 'Priority must be an integer from 0 to 2147483647.');
      expect(calls).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('DescribeJob', () => {
    it('a new job: every element it has, in the model’s order, Timers included; one store call', async () => {
      const jobId = await createJob();
      calls.length = 0;
      expectOk(
        await send(aws('GET', `/v20180820/jobs/${jobId}`)),
        success(
          `<DescribeJobResult><Job><JobId>${jobId}</JobId><ConfirmationRequired>true</ConfirmationRequired><Description>tag &lt;all&gt; &amp; more</Description>` +
            `<JobArn>arn:aws:s3:us-east-1:${ACCOUNT}:job/${jobId}</JobArn><Status>New</Status>${MANIFEST_XML}${OPERATION_XML}<Priority>10</Priority>${progress(0, 0, 0, 0)}` +
            `${REPORT_XML}<CreationTime>2026-11-28T12:00:01Z</CreationTime><RoleArn>arn:aws:iam::123456789012:role/batch</RoleArn></Job></DescribeJobResult>`,
        ),
      );
      expect(calls).toEqual(['getJob']);
    });

    it('the JobArn names the region the service runs in', async () => {
      handle = app(store, 'eu-central-1');
      const jobId = await createJob();
      const result = await send(aws('GET', `/v20180820/jobs/${jobId}`));
      expect(result.body).toContain(`<JobArn>arn:aws:s3:eu-central-1:${ACCOUNT}:job/${jobId}</JobArn>`);
    });

    const record = (over: Partial<JobRecord>): JobRecord => ({
      jobId: 'job-ended-00001',
      status: 'Failed',
      confirmationRequired: false,
      priority: 3,
      roleArn: 'arn:aws:iam::123456789012:role/r',
      creationTime: '2026-11-20T08:00:00Z',
      manifest: { Spec: { Format: 'S3InventoryReport_CSV_20161130' }, Location: { ObjectArn: 'arn:aws:s3:::inv-bucket/manifest.json', ETag: 'e' } },
      operation: { S3InitiateRestoreObject: { ExpirationInDays: '3', GlacierJobTier: 'BULK' } },
      report: { Enabled: 'false' },
      progress: { total: 10, succeeded: 7, failed: 2 },
      failures: [],
      activeSeconds: 0,
      ...over,
    });

    it('a finished job with failures, a termination date, a suspension and its active time', async () => {
      store.records.set(
        'job-ended-00001',
        record({
          statusUpdateReason: 'too many failures & <more>',
          failures: [
            { code: 'TooManyFailures', reason: 'more than 50% of the tasks failed' },
            { code: 'ManifestError', reason: 'line 3 is not CSV' },
          ],
          terminationDate: '2026-11-20T09:00:00Z',
          suspendedDate: '2026-11-20T08:00:05Z',
          suspendedCause: 'ConfirmationRequired',
          activeSeconds: 1234,
        }),
      );
      expectOk(
        await send(aws('GET', '/v20180820/jobs/job-ended-00001')),
        success(
          `<DescribeJobResult><Job><JobId>job-ended-00001</JobId><ConfirmationRequired>false</ConfirmationRequired><JobArn>arn:aws:s3:us-east-1:${ACCOUNT}:job/job-ended-00001</JobArn><Status>Failed</Status>` +
            '<Manifest><Spec><Format>S3InventoryReport_CSV_20161130</Format></Spec><Location><ObjectArn>arn:aws:s3:::inv-bucket/manifest.json</ObjectArn><ETag>e</ETag></Location></Manifest>' +
            '<Operation><S3InitiateRestoreObject><ExpirationInDays>3</ExpirationInDays><GlacierJobTier>BULK</GlacierJobTier></S3InitiateRestoreObject></Operation>' +
            `<Priority>3</Priority>${progress(10, 7, 2, 1234)}<StatusUpdateReason>too many failures &amp; &lt;more&gt;</StatusUpdateReason>` +
            '<FailureReasons><member><FailureCode>TooManyFailures</FailureCode><FailureReason>more than 50% of the tasks failed</FailureReason></member><member><FailureCode>ManifestError</FailureCode><FailureReason>line 3 is not CSV</FailureReason></member></FailureReasons>' +
            '<Report><Enabled>false</Enabled></Report><CreationTime>2026-11-20T08:00:00Z</CreationTime><TerminationDate>2026-11-20T09:00:00Z</TerminationDate>' +
            '<RoleArn>arn:aws:iam::123456789012:role/r</RoleArn><SuspendedDate>2026-11-20T08:00:05Z</SuspendedDate><SuspendedCause>ConfirmationRequired</SuspendedCause></Job></DescribeJobResult>',
        ),
      );
    });

    it('an Active job: ElapsedTimeInActiveSeconds is ActiveSeconds plus the seconds since ActiveSince', async () => {
      // The request is at 12:00:01; the current stretch began at 11:58:00.4, 120.6 s before: 121 s, plus 100 before it.
      store.records.set('job-active-0001', record({ jobId: 'job-active-0001', status: 'Active', activeSeconds: 100, activeSince: '2026-11-28T11:58:00.400Z' }));
      const result = await send(aws('GET', '/v20180820/jobs/job-active-0001'));
      expect(result.statusCode).toBe(200);
      expect(result.body).toContain(progress(10, 7, 2, 221));
      expect(result.body).not.toContain('<TerminationDate>');
    });

    it('a job that is not final shows no TerminationDate, even if one is stored', async () => {
      store.records.set('job-cancelling', record({ jobId: 'job-cancelling', status: 'Cancelling', terminationDate: '2026-11-20T09:00:00Z' }));
      const result = await send(aws('GET', '/v20180820/jobs/job-cancelling'));
      expect(result.body).toContain('<Status>Cancelling</Status>');
      expect(result.body).not.toContain('TerminationDate');
    });

    it('an unknown job: 404 NotFoundException; one store call', async () => {
      expectError(await send(aws('GET', '/v20180820/jobs/no-such-job')), 404, 'NotFoundException', 'The specified job does not exist.');
      expect(calls).toEqual(['getJob']);
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('ListJobs', () => {
    const member = (jobId: string, at: number) =>
      `<member><JobId>${jobId}</JobId><Description>tag &lt;all&gt; &amp; more</Description><Operation>S3PutObjectTagging</Operation><Priority>10</Priority><Status>New</Status>` +
      `<CreationTime>${new Date(at).toISOString().slice(0, 19)}Z</CreationTime>${progress(0, 0, 0)}</member>`;

    it('pages with NextToken (the last JobId of the page) and ends without one; one store call a page', async () => {
      const ids: string[] = [];
      for (const token of ['a-token', 'b-token', 'c-token']) ids.push(await createJob(token));
      const [first, second, third] = ids as [string, string, string];
      calls.length = 0;
      expectOk(
        await send(aws('GET', '/v20180820/jobs', { query: 'maxResults=2' })),
        success(`<ListJobsResult><NextToken>${second}</NextToken><Jobs>${member(first, T0 + 1000)}${member(second, T0 + 2000)}</Jobs></ListJobsResult>`),
      );
      expectOk(await send(aws('GET', '/v20180820/jobs', { query: `maxResults=2&nextToken=${second}` })), success(`<ListJobsResult><Jobs>${member(third, T0 + 3000)}</Jobs></ListJobsResult>`));
      expect(calls).toEqual(['listJobs', 'listJobs']);
      expect(store.queries).toEqual([
        { appId: TENANT, limit: 2, after: undefined },
        { appId: TENANT, limit: 2, after: second },
      ]);
    });

    it('an account without jobs: an empty <Jobs/>, no NextToken', async () => {
      expectOk(await send(aws('GET', '/v20180820/jobs')), success('<ListJobsResult><Jobs/></ListJobsResult>'));
    });

    it('a finished job shows its TerminationDate', async () => {
      seed('job-done-00001', 'Complete', { TerminationDate: '2026-11-02T00:00:00Z' });
      expectOk(
        await send(aws('GET', '/v20180820/jobs')),
        success(
          '<ListJobsResult><Jobs><member><JobId>job-done-00001</JobId><Description>seeded</Description><Operation>S3DeleteObjectTagging</Operation><Priority>1</Priority><Status>Complete</Status>' +
            `<CreationTime>2026-11-01T00:00:00Z</CreationTime><TerminationDate>2026-11-02T00:00:00Z</TerminationDate>${progress(0, 0, 0)}</member></Jobs></ListJobsResult>`,
        ),
      );
    });

    it('jobStatuses: one is the status index, several are a filter (repeats dropped), all 13 are none', async () => {
      seed('job-a-000001', 'Active');
      seed('job-b-000002', 'Complete');
      seed('job-c-000003', 'New');
      const listed = async (query: string) => [...(await send(aws('GET', '/v20180820/jobs', { query }))).body.matchAll(/<JobId>([^<]*)<\/JobId>/g)].map((m) => m[1]);
      expect(await listed('jobStatuses=Active')).toEqual(['job-a-000001']);
      expect(await listed('jobStatuses=Active&jobStatuses=Complete&jobStatuses=Active')).toEqual(['job-a-000001', 'job-b-000002']);
      expect(await listed(ALL_STATUSES.split(', ').map((s) => `jobStatuses=${s}`).join('&'))).toEqual(['job-a-000001', 'job-b-000002', 'job-c-000003']);
      expect(store.queries).toEqual([
        { appId: TENANT, limit: 1000, after: undefined, status: 'Active' },
        { appId: TENANT, limit: 1000, after: undefined, statuses: ['Active', 'Complete'] },
        { appId: TENANT, limit: 1000, after: undefined },
      ]);
    });

    it('maxResults: absent and 0 mean 1000, 1 and 1000 are taken as given', async () => {
      for (const query of ['', 'maxResults=0', 'maxResults=1', 'maxResults=1000']) expect((await send(aws('GET', '/v20180820/jobs', { query }))).statusCode).toBe(200);
      expect(store.queries.map((q) => q.limit)).toEqual([1000, 1000, 1, 1000]);
    });

    const invalid = (message: string) => ['InvalidRequestException', message] as const;
    it.each([
      ['a status that is none', 'jobStatuses=Bogus', invalid(`jobStatuses "Bogus" is not a job status; use ${ALL_STATUSES}.`)],
      ['a status in the wrong case', 'jobStatuses=active', invalid(`jobStatuses "active" is not a job status; use ${ALL_STATUSES}.`)],
      ['an empty status', 'jobStatuses=', invalid(`jobStatuses "" is not a job status; use ${ALL_STATUSES}.`)],
      ['maxResults 1001', 'maxResults=1001', invalid('maxResults must be an integer from 0 to 1000.')],
      ['maxResults -1', 'maxResults=-1', invalid('maxResults must be an integer from 0 to 1000.')],
      ['maxResults not a number', 'maxResults=ten', invalid('maxResults must be an integer from 0 to 1000.')],
      ['maxResults empty', 'maxResults=', invalid('maxResults must be an integer from 0 to 1000.')],
      ['maxResults twice', 'maxResults=1&maxResults=2', invalid('The maxResults parameter must not be given more than once.')],
      ['a nextToken too short', 'nextToken=abcd', ['InvalidNextTokenException', 'The nextToken is not one this service gave.']],
      ['a nextToken this service never gives', 'nextToken=tok%2B%2F%3D1', ['InvalidNextTokenException', 'The nextToken is not one this service gave.']],
      ['a nextToken of 37 characters', `nextToken=${'a'.repeat(37)}`, ['InvalidNextTokenException', 'The nextToken is not one this service gave.']],
      ['two nextTokens', 'nextToken=job-00001&nextToken=job-00002', ['InvalidNextTokenException', 'The nextToken parameter must not be given more than once.']],
    ] as const)('%s: 400, no store call', async (_name, query, [code, message]) => {
      expectError(await send(aws('GET', '/v20180820/jobs', { query })), 400, code, message);
      expect(calls).toEqual([]);
    });

    it('a status with broken percent-encoding is named as such (HTTP API; a REST API decodes it leniently)', async () => {
      const result = await send(aws('GET', '/v20180820/jobs', { query: 'jobStatuses=%zz' }));
      const shown = _format.endsWith('2.0') ? '(invalid percent-encoding)' : '"%zz"';
      expectError(result, 400, 'InvalidRequestException', `jobStatuses ${shown} is not a job status; use ${ALL_STATUSES}.`);
    });

    it('the account header: missing, 11 digits, letters → InvalidRequestException (ListJobs has no BadRequestException)', async () => {
      expectError(await send(aws('GET', '/v20180820/jobs', { account: null })), 400, 'InvalidRequestException', 'The x-amz-account-id header is required.');
      expectError(await send(aws('GET', '/v20180820/jobs', { account: '12345678901' })), 400, 'InvalidRequestException', 'The x-amz-account-id header must be a 12-digit AWS account id, not "12345678901".');
      expectError(await send(aws('GET', '/v20180820/jobs', { account: 'abcdefghijkl' })), 400, 'InvalidRequestException', 'The x-amz-account-id header must be a 12-digit AWS account id, not "abcdefghijkl".');
      expect(calls).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('UpdateJobPriority', () => {
    it('200 with the JobId and the new Priority; 0 and 2147483647 are priorities; one store call each', async () => {
      const jobId = await createJob();
      calls.length = 0;
      expectOk(await send(aws('POST', `/v20180820/jobs/${jobId}/priority`, { query: 'priority=42' })), success(`<UpdateJobPriorityResult><JobId>${jobId}</JobId><Priority>42</Priority></UpdateJobPriorityResult>`));
      expectOk(await send(aws('POST', `/v20180820/jobs/${jobId}/priority`, { query: 'priority=0' })), success(`<UpdateJobPriorityResult><JobId>${jobId}</JobId><Priority>0</Priority></UpdateJobPriorityResult>`));
      expectOk(
        await send(aws('POST', `/v20180820/jobs/${jobId}/priority`, { query: 'priority=2147483647' })),
        success(`<UpdateJobPriorityResult><JobId>${jobId}</JobId><Priority>2147483647</Priority></UpdateJobPriorityResult>`),
      );
      expect(calls).toEqual(['changePriority', 'changePriority', 'changePriority']);
      expect(store.get(TENANT, jobId)).toMatchObject({ Priority: 2147483647 });
    });

    it.each([
      ['missing', '', 'The priority parameter is required.'],
      ['-1', 'priority=-1', 'The priority must be an integer from 0 to 2147483647.'],
      ['2147483648', 'priority=2147483648', 'The priority must be an integer from 0 to 2147483647.'],
      ['empty', 'priority=', 'The priority must be an integer from 0 to 2147483647.'],
      ['1.5', 'priority=1.5', 'The priority must be an integer from 0 to 2147483647.'],
      ['twice', 'priority=1&priority=2', 'The priority parameter must not be given more than once.'],
    ])('priority %s: 400 BadRequestException, no store call', async (_name, query, message) => {
      await badRequest(aws('POST', '/v20180820/jobs/job-00001/priority', { query }), message);
      expect(calls).toEqual([]);
    });

    it('an unknown job, and a finished one: 404 NotFoundException', async () => {
      seed('job-done-00001', 'Cancelled');
      const message = 'The specified job does not exist or has already finished.';
      expectError(await send(aws('POST', '/v20180820/jobs/no-such-job/priority', { query: 'priority=1' })), 404, 'NotFoundException', message);
      expectError(await send(aws('POST', '/v20180820/jobs/job-done-00001/priority', { query: 'priority=1' })), 404, 'NotFoundException', message);
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('UpdateJobStatus', () => {
    const status = (jobId: string, query: string) => send(aws('POST', `/v20180820/jobs/${jobId}/status`, { query }));

    it('Cancelled from New → Cancelled, with the reason echoed; one store call', async () => {
      const jobId = await createJob();
      calls.length = 0;
      expectOk(
        await status(jobId, 'requestedJobStatus=Cancelled&statusUpdateReason=no%20longer%20needed%20%26%20more'),
        success(`<UpdateJobStatusResult><JobId>${jobId}</JobId><Status>Cancelled</Status><StatusUpdateReason>no longer needed &amp; more</StatusUpdateReason></UpdateJobStatusResult>`),
      );
      expect(calls).toEqual(['changeStatus']);
      expect(store.get(TENANT, jobId)).toMatchObject({ Status: 'Cancelled', PreviousStatus: 'New', StatusUpdateReason: 'no longer needed & more' });
    });

    it('without a reason: no StatusUpdateReason element', async () => {
      const jobId = await createJob();
      expectOk(await status(jobId, 'requestedJobStatus=Cancelled'), success(`<UpdateJobStatusResult><JobId>${jobId}</JobId><Status>Cancelled</Status></UpdateJobStatusResult>`));
    });

    it('Ready from Suspended → Ready; Cancelled from Active → Cancelling (two writes: the first guess misses)', async () => {
      seed('job-susp-0001', 'Suspended');
      seed('job-actv-0001', 'Active');
      expectOk(await status('job-susp-0001', 'requestedJobStatus=Ready&statusUpdateReason=go'), success('<UpdateJobStatusResult><JobId>job-susp-0001</JobId><Status>Ready</Status><StatusUpdateReason>go</StatusUpdateReason></UpdateJobStatusResult>'));
      calls.length = 0;
      expectOk(await status('job-actv-0001', 'requestedJobStatus=Cancelled'), success('<UpdateJobStatusResult><JobId>job-actv-0001</JobId><Status>Cancelling</Status></UpdateJobStatusResult>'));
      expect(calls).toEqual(['changeStatus', 'changeStatus']);
    });

    it('Ready on a New job: 409 JobStatusException, nothing changed', async () => {
      const jobId = await createJob();
      expectError(await status(jobId, 'requestedJobStatus=Ready'), 409, 'JobStatusException', 'A job in status New cannot be changed to Ready.');
      expect(store.get(TENANT, jobId)).toMatchObject({ Status: 'New' });
    });

    it.each(['Complete', 'Failed', 'Cancelled'])('anything on a %s job: 409 JobStatusException', async (final) => {
      seed('job-final-001', final);
      for (const requested of ['Ready', 'Cancelled']) {
        expectError(await status('job-final-001', `requestedJobStatus=${requested}`), 409, 'JobStatusException', `The job has already finished (${final}).`);
      }
      expect(store.get(TENANT, 'job-final-001')).toMatchObject({ Status: final });
    });

    it('a cancel of a job already Cancelling: 409 JobStatusException', async () => {
      seed('job-cling-001', 'Cancelling');
      expectError(await status('job-cling-001', 'requestedJobStatus=Cancelled'), 409, 'JobStatusException', 'A job in status Cancelling cannot be changed to Cancelled.');
    });

    it('an unknown job: 404 NotFoundException', async () => {
      expectError(await status('no-such-job', 'requestedJobStatus=Cancelled'), 404, 'NotFoundException', 'The specified job does not exist.');
    });

    it('a job that keeps changing status between the two writes: 429 TooManyRequestsException (the SDKs retry)', async () => {
      seed('job-moving-01', 'Active');
      store.beforeWrite = (change, s) => {
        if (s.calls.length === 2) s.get(TENANT, change.key.jobId)!.Status = 'New';
      };
      expectError(await status('job-moving-01', 'requestedJobStatus=Cancelled'), 429, 'TooManyRequestsException', 'The job changed status while this request was being processed. Please try again.');
      expect(calls).toEqual(['changeStatus', 'changeStatus']);
    });

    it('a stored Status that is no status: 500 InternalServiceException, the detail only in the log', async () => {
      seed('job-corrupt-1', 'Bogus');
      expectError(await status('job-corrupt-1', 'requestedJobStatus=Cancelled'), 500, 'InternalServiceException', 'We encountered an internal error. Please try again.');
      expect(logger.lines.at(-1)).toMatchObject({ level: 'error', attributes: { cause: 'invalid job item: stored Status is "Bogus"', status: 500 } });
    });

    it.each([
      ['requestedJobStatus missing', 'statusUpdateReason=why', 'The requestedJobStatus parameter must be Cancelled or Ready.'],
      ['requestedJobStatus Active', 'requestedJobStatus=Active', 'The requestedJobStatus parameter must be Cancelled or Ready.'],
      ['requestedJobStatus in the wrong case', 'requestedJobStatus=cancelled', 'The requestedJobStatus parameter must be Cancelled or Ready.'],
      ['statusUpdateReason empty', 'requestedJobStatus=Cancelled&statusUpdateReason=', 'The statusUpdateReason parameter must be 1 to 256 bytes of UTF-8; it has 0.'],
      ['statusUpdateReason of 257 bytes', `requestedJobStatus=Cancelled&statusUpdateReason=${encodeURIComponent('你'.repeat(85) + 'xx')}`, 'The statusUpdateReason parameter must be 1 to 256 bytes of UTF-8; it has 257.'],
      ['statusUpdateReason twice', 'requestedJobStatus=Cancelled&statusUpdateReason=a&statusUpdateReason=b', 'The statusUpdateReason parameter must not be given more than once.'],
    ])('%s: 400 BadRequestException, no store call', async (_name, query, message) => {
      await badRequest(aws('POST', '/v20180820/jobs/job-00001/status', { query }), message);
      expect(calls).toEqual([]);
    });

    it('a reason of 1 and of 256 bytes is taken', async () => {
      seed('job-r1-00001', 'New');
      seed('job-r2-00001', 'New');
      expect((await status('job-r1-00001', 'requestedJobStatus=Cancelled&statusUpdateReason=x')).statusCode).toBe(200);
      const reason = '你'.repeat(85) + 'x';
      const result = await status('job-r2-00001', `requestedJobStatus=Cancelled&statusUpdateReason=${encodeURIComponent(reason)}`);
      expectOk(result, success(`<UpdateJobStatusResult><JobId>job-r2-00001</JobId><Status>Cancelled</Status><StatusUpdateReason>${reason}</StatusUpdateReason></UpdateJobStatusResult>`));
    });

    it('checks in order: JobId, requestedJobStatus, statusUpdateReason, then the account', async () => {
      await badRequest(aws('POST', '/v20180820/jobs/bad/status', { query: 'requestedJobStatus=Active&statusUpdateReason=', account: null }), BAD_JOB_ID);
      await badRequest(aws('POST', '/v20180820/jobs/job-00001/status', { query: 'requestedJobStatus=Active&statusUpdateReason=', account: null }), 'The requestedJobStatus parameter must be Cancelled or Ready.');
      await badRequest(aws('POST', '/v20180820/jobs/job-00001/status', { query: 'requestedJobStatus=Ready&statusUpdateReason=', account: null }), 'The statusUpdateReason parameter must be 1 to 256 bytes of UTF-8; it has 0.');
      await badRequest(aws('POST', '/v20180820/jobs/job-00001/status', { query: 'requestedJobStatus=Ready', account: null }), 'The x-amz-account-id header is required.');
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('GetJobTagging, PutJobTagging, DeleteJobTagging', () => {
    const tagging = (jobId: string) => `/v20180820/jobs/${jobId}/tagging`;

    it('CreateJob’s tags; PutJobTagging replaces them (empty 200); GetJobTagging reads them; one store call each', async () => {
      const jobId = await createJob();
      calls.length = 0;
      expectOk(await send(aws('GET', tagging(jobId))), success('<GetJobTaggingResult><Tags><member><Key>team</Key><Value>data</Value></member></Tags></GetJobTaggingResult>'));
      expectOk(await send(aws('PUT', tagging(jobId), { body: tagsBody('<member><Key>k1</Key><Value>v1</Value></member><member><Key>k2</Key><Value /></member>') })), '');
      expectOk(
        await send(aws('GET', tagging(jobId))),
        success('<GetJobTaggingResult><Tags><member><Key>k1</Key><Value>v1</Value></member><member><Key>k2</Key><Value/></member></Tags></GetJobTaggingResult>'),
      );
      expect(calls).toEqual(['getJobTags', 'putJobTags', 'getJobTags']);
    });

    it('DeleteJobTagging (empty 200) and PutJobTagging of <Tags/> remove them all: <Tags/>', async () => {
      const jobId = await createJob();
      expectOk(await send(aws('DELETE', tagging(jobId))), '');
      expect(store.get(TENANT, jobId)).not.toHaveProperty('Tags');
      expectOk(await send(aws('GET', tagging(jobId))), success('<GetJobTaggingResult><Tags/></GetJobTaggingResult>'));
      expectOk(await send(aws('PUT', tagging(jobId), { body: tagsBody(tagMembers(2)) })), '');
      expectOk(await send(aws('PUT', tagging(jobId), { body: tagsBody('').replace('<Tags></Tags>', '<Tags/>') })), '');
      expectOk(await send(aws('GET', tagging(jobId))), success('<GetJobTaggingResult><Tags/></GetJobTaggingResult>'));
    });

    it('a job without tags, in any status, even finished, can be tagged', async () => {
      seed('job-done-00001', 'Complete');
      expectOk(await send(aws('GET', tagging('job-done-00001'))), success('<GetJobTaggingResult><Tags/></GetJobTaggingResult>'));
      expectOk(await send(aws('PUT', tagging('job-done-00001'), { body: tagsBody(tagMembers(50)) })), '');
      expect((await send(aws('GET', tagging('job-done-00001')))).body.match(/<member>/g)).toHaveLength(50);
    });

    it('51 tags: 400 TooManyTagsException, no store call', async () => {
      expectError(await send(aws('PUT', tagging('job-00001'), { body: tagsBody(tagMembers(51)) })), 400, 'TooManyTagsException', 'A job can have at most 50 tags; the request gives 51.');
      expect(calls).toEqual([]);
    });

    it.each([
      ['a key twice', tagsBody('<member><Key>k</Key><Value>1</Value></member><member><Key>k</Key><Value>2</Value></member>'), 'Tags gives the key "k" twice.'],
      ['no Tags', `<PutJobTaggingRequest xmlns="${NS}"/>`, 'Tags is required.'],
      ['an empty body', '', 'The request body is empty; it must be a PutJobTaggingRequest document.'],
      ['another root', `<Tagging><TagSet/></Tagging>`, 'The root element must be PutJobTaggingRequest, not Tagging.'],
      ['a key of 129 bytes', tagsBody(`<member><Key>${'k'.repeat(129)}</Key><Value/></member>`), 'Tags.member[1].Key must be 1 to 128 bytes of UTF-8; it has 129.'],
      ['a value of 257 bytes', tagsBody(`<member><Key>k</Key><Value>${'v'.repeat(257)}</Value></member>`), 'Tags.member[1].Value must be 0 to 256 bytes of UTF-8; it has 257.'],
      ['a tag without its Value', tagsBody('<member><Key>k</Key></member>'), 'Tags.member[1].Value is required.'],
    ])('PutJobTagging with %s: 400 BadRequestException, no store call', async (_name, body, message) => {
      await badRequest(aws('PUT', tagging('job-00001'), { body }), message);
      expect(calls).toEqual([]);
    });

    it('an unknown job: 404 NotFoundException from all three, and no item is made', async () => {
      for (const spec of [aws('GET', tagging('no-such-job')), aws('PUT', tagging('no-such-job'), { body: tagsBody(tagMembers(1)) }), aws('DELETE', tagging('no-such-job'))]) {
        expectError(await send(spec), 404, 'NotFoundException', 'The specified job does not exist.');
      }
      expect(store.jobs.size).toBe(0);
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('the inputs every job operation shares: the JobId, then the account', () => {
    const OPERATIONS: Array<[string, (jobId: string, account?: string | null) => RequestSpec]> = [
      ['DescribeJob', (id, account) => aws('GET', `/v20180820/jobs/${id}`, { account })],
      ['UpdateJobPriority', (id, account) => aws('POST', `/v20180820/jobs/${id}/priority`, { query: 'priority=1', account })],
      ['UpdateJobStatus', (id, account) => aws('POST', `/v20180820/jobs/${id}/status`, { query: 'requestedJobStatus=Cancelled', account })],
      ['GetJobTagging', (id, account) => aws('GET', `/v20180820/jobs/${id}/tagging`, { account })],
      ['PutJobTagging', (id, account) => aws('PUT', `/v20180820/jobs/${id}/tagging`, { account, body: tagsBody('') })],
      ['DeleteJobTagging', (id, account) => aws('DELETE', `/v20180820/jobs/${id}/tagging`, { account })],
    ];

    it.each(OPERATIONS)('%s: 400 BadRequestException for each bad JobId and account, no store call', async (_name, request) => {
      await badRequest(request(''), 'The job id in the path is empty.');
      for (const jobId of ['abcd', 'a'.repeat(37), 'job.00001', 'job 00001', 'job~00001']) await badRequest(request(jobId), BAD_JOB_ID);
      await badRequest(request('bad', null), BAD_JOB_ID); // the JobId first
      await badRequest(request('job-00001', null), 'The x-amz-account-id header is required.');
      await badRequest(request('job-00001', ''), 'The x-amz-account-id header is required.');
      await badRequest(request('job-00001', '12345678901'), 'The x-amz-account-id header must be a 12-digit AWS account id, not "12345678901".');
      await badRequest(request('job-00001', '1234567890123'), 'The x-amz-account-id header must be a 12-digit AWS account id, not "1234567890123".');
      await badRequest(request('job-00001', 'abcdefghijkl'), 'The x-amz-account-id header must be a 12-digit AWS account id, not "abcdefghijkl".');
      expect(calls).toEqual([]);
    });

    it.each(OPERATIONS)('%s: JobIds of 5 and 36 characters of every kind allowed reach the store', async (_name, request) => {
      for (const jobId of ['A-z_9', `${'a'.repeat(17)}-${'Z'.repeat(9)}_${'0'.repeat(8)}`]) {
        expect(jobId.length === 5 || jobId.length === 36).toBe(true);
        const result = await send(request(jobId));
        expect([result.statusCode, /<Code>(\w+)<\/Code>/.exec(result.body)?.[1]]).toEqual([404, 'NotFoundException']);
      }
      expect(calls).toHaveLength(2); // one each: nothing was found, so nothing was retried
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('routing under /v20180820/', () => {
    it.each([
      ['/v20180820/buckets', 'GET'],
      ['/v20180820', 'GET'],
      ['/v20180820/', 'GET'],
      ['/v20180820/jobs/job-00001/priority/x', 'POST'],
      ['/v20180820/jobs/job-00001/tags', 'GET'],
    ])('%s: 404 NoSuchResource', async (path, method) => {
      expectError(await send(aws(method, path)), 404, 'NoSuchResource', `There is no S3 Control operation at ${path}.`);
    });

    it.each([
      ['DELETE', '/v20180820/jobs', 'GET, POST'],
      ['PUT', '/v20180820/jobs/job-00001', 'GET'],
      ['DELETE', '/v20180820/jobs/job-00001', 'GET'],
      ['GET', '/v20180820/jobs/job-00001/priority', 'POST'],
      ['GET', '/v20180820/jobs/job-00001/status', 'POST'],
      ['POST', '/v20180820/jobs/job-00001/tagging', 'GET, PUT, DELETE'],
    ])('%s %s: 405 MethodNotAllowed with Allow: %s', async (method, path, allow) => {
      expectError(await send(aws(method, path)), 405, 'MethodNotAllowed', `The method ${method} is not allowed on ${path}; use ${allow}.`, { Allow: allow });
      expect(calls).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('a store that cannot answer', () => {
    const REQUESTS: Array<[string, RequestSpec]> = [
      ['CreateJob', aws('POST', '/v20180820/jobs', { body: CREATE_BODY })],
      ['DescribeJob', aws('GET', '/v20180820/jobs/job-00001')],
      ['ListJobs', aws('GET', '/v20180820/jobs', { query: 'jobStatuses=Active&jobStatuses=New' })],
      ['UpdateJobPriority', aws('POST', '/v20180820/jobs/job-00001/priority', { query: 'priority=1' })],
      ['UpdateJobStatus', aws('POST', '/v20180820/jobs/job-00001/status', { query: 'requestedJobStatus=Cancelled' })],
      ['GetJobTagging', aws('GET', '/v20180820/jobs/job-00001/tagging')],
      ['PutJobTagging', aws('PUT', '/v20180820/jobs/job-00001/tagging', { body: tagsBody(tagMembers(1)) })],
      ['DeleteJobTagging', aws('DELETE', '/v20180820/jobs/job-00001/tagging')],
    ];

    it.each([
      ['throttled', 429, 'TooManyRequestsException', 'Too many requests. Please slow down and try again.', 'info'],
      ['unavailable', 503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please try again.', 'error'],
      ['failed', 500, 'InternalServiceException', 'We encountered an internal error. Please try again.', 'error'],
    ] as const)('%s: %d %s in AWS XML from every operation, the cause logged, not shown', async (failure, status, code, message, level) => {
      handle = app(failingStore(failure));
      for (const [name, spec] of REQUESTS) {
        const result = await send(spec);
        expectError(result, status, code, message);
        expect(result.body).not.toContain('SomeSdkError');
        expect(logger.lines.at(-1)).toMatchObject({ level, attributes: { dialect: 'aws', operation: name, status, errorCode: code, cause: 'SomeSdkError' } });
      }
    });

    it('no store at all (the container could not be configured): 500 InternalServiceException', async () => {
      handle = app(undefined);
      expectError(await send(aws('GET', '/v20180820/jobs/job-00001')), 500, 'InternalServiceException', 'We encountered an internal error. Please try again.');
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  describe('AWS accounts and COS appids never meet', () => {
    it('an AWS job is invisible to the COS appid of the same digits, and a COS job to the AWS account', async () => {
      const awsJob = await createJob();
      const cosCreated = await send(cosCreateRequest(COS_BODY, { appId: ACCOUNT }));
      expect(cosCreated.statusCode).toBe(200);
      const cosJob = parseCosXml(cosCreated.body).fields.JobId!;

      const cosDescribe = await send(cosJobRequest('GET', `/jobs/${awsJob}`, '', ACCOUNT));
      expect([cosDescribe.statusCode, parseCosXml(cosDescribe.body).fields.Code]).toEqual([404, 'NoSuchJob']);
      const cosList = await send(cosJobRequest('GET', '/jobs', '', ACCOUNT));
      expect(cosList.body).toContain(cosJob);
      expect(cosList.body).not.toContain(awsJob);
      const cosCancel = await send(cosJobRequest('POST', `/jobs/${awsJob}/status`, 'requestedJobStatus=Cancelled', ACCOUNT));
      expect([cosCancel.statusCode, parseCosXml(cosCancel.body).fields.Code]).toEqual([404, 'NoSuchJob']);

      expectError(await send(aws('GET', `/v20180820/jobs/${cosJob}`)), 404, 'NotFoundException', 'The specified job does not exist.');
      expectError(await send(aws('GET', `/v20180820/jobs/${cosJob}/tagging`)), 404, 'NotFoundException', 'The specified job does not exist.');
      const awsList = await send(aws('GET', '/v20180820/jobs'));
      expect(awsList.body).toContain(awsJob);
      expect(awsList.body).not.toContain(cosJob);

      expect(store.get(TENANT, awsJob)).toMatchObject({ Status: 'New' });
      expect(store.get(ACCOUNT, cosJob)).toMatchObject({ Status: 'New' });
    });

    it('x-cos-appid aws:<account>: 400 InvalidArgument, no store call, for every COS operation', async () => {
      const awsJob = await createJob();
      calls.length = 0;
      for (const spec of [
        cosJobRequest('GET', `/jobs/${awsJob}`, '', TENANT),
        cosJobRequest('GET', '/jobs', '', TENANT),
        cosJobRequest('POST', `/jobs/${awsJob}/status`, 'requestedJobStatus=Cancelled', TENANT),
        cosJobRequest('POST', `/jobs/${awsJob}/priority`, 'priority=1', TENANT),
        cosJobRequest('DELETE', `/jobs/${awsJob}`, '', TENANT),
        cosCreateRequest(COS_BODY, { appId: TENANT }),
      ]) {
        const result = await send(spec);
        expect([result.statusCode, parseCosXml(result.body).fields]).toEqual([400, expect.objectContaining({ Code: 'InvalidArgument', Message: 'The x-cos-appid header must not start with "aws:".' })]);
      }
      expect(calls).toEqual([]);
      expect(store.get(TENANT, awsJob)).toMatchObject({ Status: 'New' });
    });

    it('one account’s jobs are not another’s', async () => {
      const jobId = await createJob();
      expectError(await send(aws('GET', `/v20180820/jobs/${jobId}`, { account: '210987654321' })), 404, 'NotFoundException', 'The specified job does not exist.');
      expectOk(await send(aws('GET', '/v20180820/jobs', { account: '210987654321' })), success('<ListJobsResult><Jobs/></ListJobsResult>'));
      // The same token under another account is another account's token.
      const theirs = await send(aws('POST', '/v20180820/jobs', { account: '210987654321', body: CREATE_BODY }));
      expect(theirs.body).toContain(`<JobId>${newJobId(clock, 'aws:210987654321', 'tok-1')}</JobId>`);
      expect(store.jobs.size).toBe(2);
    });
  });
});
