/**
 * The official COS Node SDK (cos-nodejs-sdk-v5, its generic `cos.request`) against the local stack, signatures on:
 * the six operations end to end, every CreateJob body of examples/ accepted as it is (so they cannot go stale), and
 * refusals as the SDK reports them (err.statusCode, err.code). Each test works under its own appid with its own
 * key, so listings see only its jobs.
 *
 * What the SDK does with these calls (cos-nodejs-sdk-v5 3.0.0, sdk/base.js `request` → `submitRequest`): it signs
 * `content-length`, `content-md5`, `content-type`, `host` and every `x-cos-*` header it sends; it does NOT add a
 * Content-MD5 for a `Body` given to `cos.request` (only its own XML APIs compute one), so the caller sends it here
 * as those APIs do, base64 of the body's MD5. It parses an XML answer into `data.<Root>` (text values as strings, a
 * repeated element as an array, a single one as an object) and an error body into `err.code`/`err.message`; a 204
 * comes back as `data` with `statusCode` 204 and nothing parsed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import COS from 'cos-nodejs-sdk-v5';
import { newKey, putKey, ROOT } from '../../scripts/local-stack';
import { countingClient } from '../support/dynamodb';

const EXAMPLES = path.join(ROOT, 'examples');
const EXAMPLE_FILES = readdirSync(EXAMPLES).filter((name) => name.endsWith('.xml')).sort();
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
/** A body with another ClientRequestToken (and optionally other changes): another job from the same example. */
const withToken = (xml: string, token = randomUUID()) => xml.replace(/<ClientRequestToken>[^<]*<\/ClientRequestToken>/, `<ClientRequestToken>${token}</ClientRequestToken>`);

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const COS_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

interface SdkError {
  statusCode?: number;
  code?: string;
  message?: string;
}
// The SDK's parsed answers are loose JSON; the tests read them by name.
type SdkData = Record<string, any> & { statusCode?: number; headers?: Record<string, string>; RequestId?: string };
interface Answer {
  err?: SdkError;
  data?: SdkData;
  /** The Authorization header the SDK sent: which headers it signed. */
  signedHeaders?: string;
}

interface Tenant {
  readonly appId: string;
  readonly secretId: string;
  readonly cos: COS;
}

let tenants = 0;
const sdk = (secretId: string, secretKey: string) => new COS({ SecretId: secretId, SecretKey: secretKey, Protocol: 'http:' });

/** A new appid with a key of its own, as `npm run keys -- create` makes one. */
async function tenant(): Promise<Tenant> {
  const appId = String(1_700_000_000 + (process.pid % 10_000) * 1_000 + ++tenants);
  const key = newKey(appId);
  const { client } = countingClient();
  await putKey(client, process.env.TEST_E2E_CREDENTIALS_TABLE!, key);
  client.destroy();
  return { appId, secretId: key.secretId, cos: sdk(key.secretId, key.secretKey) };
}

interface Call {
  readonly query?: Record<string, string>;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** One `cos.request`, as a COS SDK user writes it: the body as XML with its Content-MD5, the appid header. */
function call(t: Tenant, method: string, urlPath: string, { query, body, headers }: Call = {}): Promise<Answer> {
  const sent: Record<string, string> = { 'x-cos-appid': t.appId };
  if (body !== undefined) {
    sent['Content-Type'] = 'application/xml';
    sent['Content-MD5'] = createHash('md5').update(body).digest('base64');
  }
  return new Promise((resolve) => {
    let signedHeaders: string | undefined;
    const onSend = (opt: { headers?: Record<string, string> }) => {
      signedHeaders = /q-header-list=([^&]*)/.exec(opt.headers?.Authorization ?? '')?.[1];
    };
    t.cos.on('before-send', onSend);
    t.cos.request(
      { Method: method, Url: `${process.env.TEST_API_URL}${urlPath}`, Query: query, Body: body, Headers: { ...sent, ...headers } },
      (err, data) => {
        t.cos.off('before-send', onSend);
        resolve(err ? { err: err as SdkError, signedHeaders } : { data: data as SdkData, signedHeaders });
      },
    );
  });
}

async function create(t: Tenant, body: string): Promise<string> {
  const { err, data } = await call(t, 'POST', '/jobs', { body });
  expect(err).toBeUndefined();
  expect(data!.statusCode).toBe(200);
  return data!.CreateJobResult.JobId;
}

async function describe_(t: Tenant, jobId: string): Promise<SdkData> {
  const { err, data } = await call(t, 'GET', `/jobs/${jobId}`);
  expect(err).toBeUndefined();
  return data!.DescribeJobResult.Job;
}

/** Every JobId of a listing, page by page to the end; the size of each page. */
async function listAll(t: Tenant, query: Record<string, string>): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let next: string | undefined;
  for (let page = 0; page < 20; page++) {
    const { err, data } = await call(t, 'GET', '/jobs', { query: { ...query, ...(next ? { nextToken: next } : {}) } });
    expect(err).toBeUndefined();
    const result = data!.ListJobsResult;
    const members = result.Jobs === '' ? [] : [result.Jobs.member].flat();
    pages.push(members.length);
    ids.push(...members.map((m: { JobId: string }) => m.JobId));
    next = result.NextToken;
    if (next === undefined) return { ids, pages };
    expect(next).toBe(ids[ids.length - 1]);
  }
  throw new Error('the listing never ended');
}

describe('examples/', () => {
  it('holds a CreateJob body for each operation: copy, restore and tagging', () => {
    expect(EXAMPLE_FILES).toEqual(['copy.xml', 'restore.xml', 'tagging.xml']);
    const operations = EXAMPLE_FILES.map((name) => Object.keys(COS.util.xml2json(example(name)).CreateJobRequest.Operation));
    expect(operations).toEqual([['COSPutObjectCopy'], ['COSInitiateRestoreObject'], ['COSPutObjectTagging']]);
  });

  it.each(EXAMPLE_FILES)('%s is accepted as it is: 200 and a new JobId; the same file again answers the same JobId', async (name) => {
    const t = await tenant();
    const body = example(name);
    const { err, data, signedHeaders } = await call(t, 'POST', '/jobs', { body });
    expect(err).toBeUndefined();
    expect(data!.statusCode).toBe(200);
    expect(data!.RequestId).toBe(data!.headers!['x-cos-request-id']);
    const jobId = data!.CreateJobResult.JobId;
    expect(jobId).toMatch(UUID_V7);
    // The body's digest and type were signed, as the COS SDKs sign a CreateJob.
    expect(signedHeaders).toBe('content-length;content-md5;content-type;host;x-cos-appid');

    // The token makes a retry safe: the same request again is the same job, and no second one.
    expect(await create(t, body)).toBe(jobId);
    expect((await listAll(t, {})).ids).toEqual([jobId]);
  });

  it.each(EXAMPLE_FILES)('%s: DescribeJob echoes every value of the file verbatim', async (name) => {
    const t = await tenant();
    const request = COS.util.xml2json(example(name)).CreateJobRequest;
    const jobId = await create(t, example(name));
    const job = await describe_(t, jobId);
    // Read back by the same SDK parser as the request was written: equal values, element for element.
    expect(job).toEqual({
      ConfirmationRequired: request.ConfirmationRequired,
      CreationTime: expect.stringMatching(COS_TIME),
      Description: request.Description,
      FailureReasons: { JobFailure: { FailureCode: '', FailureReason: '' } },
      JobId: jobId,
      Manifest: request.Manifest,
      Operation: request.Operation,
      Priority: request.Priority,
      ProgressSummary: { NumberOfTasksFailed: '0', NumberOfTasksSucceeded: '0', TotalNumberOfTasks: '0' },
      Report: request.Report,
      RoleArn: request.RoleArn,
      Status: 'New',
      StatusUpdateReason: '',
    });
  });
});

describe('the six operations through cos.request', () => {
  it('CreateJob, DescribeJob, UpdateJobPriority, UpdateJobStatus (cancel), DeleteJob: the life of a job', async () => {
    const t = await tenant();
    const jobId = await create(t, example('restore.xml'));
    expect(await describe_(t, jobId)).toMatchObject({ JobId: jobId, Status: 'New', ConfirmationRequired: 'true', Priority: '5' });

    const priority = await call(t, 'POST', `/jobs/${jobId}/priority`, { query: { priority: '42' } });
    expect(priority.err).toBeUndefined();
    expect(priority.data).toMatchObject({ statusCode: 200, UpdateJobPriorityResult: { JobId: jobId, Priority: '42' } });
    expect((await describe_(t, jobId)).Priority).toBe('42');

    // A job that is not over cannot be deleted.
    const early = await call(t, 'DELETE', `/jobs/${jobId}`);
    expect(early.err).toMatchObject({ statusCode: 400, code: 'InvalidRequest', message: 'The job can be deleted only when it is Complete, Failed or Cancelled' });

    const cancel = await call(t, 'POST', `/jobs/${jobId}/status`, { query: { requestedJobStatus: 'Cancelled', statusUpdateReason: 'not needed after all' } });
    expect(cancel.err).toBeUndefined();
    expect(cancel.data).toMatchObject({
      statusCode: 200,
      UpdateJobStatusResult: { JobId: jobId, Status: 'Cancelled', StatusUpdateReason: 'not needed after all' },
    });
    const cancelled = await describe_(t, jobId);
    expect(cancelled).toMatchObject({ Status: 'Cancelled', StatusUpdateReason: 'not needed after all', Priority: '42' });
    expect(cancelled.TerminationDate).toMatch(COS_TIME);
    // A job that is over keeps its priority.
    const late = await call(t, 'POST', `/jobs/${jobId}/priority`, { query: { priority: '7' } });
    expect(late.err).toMatchObject({ statusCode: 404, code: 'NoSuchJob' });

    const deleted = await call(t, 'DELETE', `/jobs/${jobId}`);
    expect(deleted.err).toBeUndefined();
    // A 204 reaches the caller as data with nothing parsed: the body was empty.
    expect(deleted.data!.statusCode).toBe(204);
    expect(Object.keys(deleted.data!).sort()).toEqual(['RequestId', 'headers', 'statusCode']);
    expect((await call(t, 'GET', `/jobs/${jobId}`)).err).toMatchObject({ statusCode: 404, code: 'NoSuchJob', message: 'The specified job does not exist' });
    expect((await call(t, 'DELETE', `/jobs/${jobId}`)).err).toMatchObject({ statusCode: 404, code: 'NoSuchJob' });

    // Deleting the job freed its token: the same file makes a new job.
    const again = await create(t, example('restore.xml'));
    expect(again).not.toBe(jobId);
    expect(again).toMatch(UUID_V7);
  });

  it('ListJobs: every job once, oldest first, page by page to the end; by status; members complete', async () => {
    const t = await tenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await create(t, withToken(example(EXAMPLE_FILES[i % EXAMPLE_FILES.length]!))));
    expect(ids).toEqual([...ids].sort()); // time-ordered ids: creation order is JobId order
    const cancel = await call(t, 'POST', `/jobs/${ids[1]}/status`, { query: { requestedJobStatus: 'Cancelled' } });
    expect(cancel.data?.statusCode).toBe(200);

    expect(await listAll(t, { maxResults: '2' })).toEqual({ ids, pages: [2, 2, 1] });
    expect(await listAll(t, {})).toEqual({ ids, pages: [5] });
    expect(await listAll(t, { jobStatuses: 'New', maxResults: '3' })).toEqual({ ids: ids.filter((_, i) => i !== 1), pages: [3, 1] });
    expect(await listAll(t, { jobStatuses: 'Cancelled' })).toEqual({ ids: [ids[1]], pages: [1] });
    expect(await listAll(t, { jobStatuses: 'Active' })).toEqual({ ids: [], pages: [0] });

    const { data } = await call(t, 'GET', '/jobs', { query: { maxResults: '2' } });
    const [first, second] = data!.ListJobsResult.Jobs.member;
    expect(first).toEqual({
      CreationTime: expect.stringMatching(COS_TIME),
      Description: 'copy the objects of the manifest to the backup bucket',
      JobId: ids[0],
      Operation: 'COSPutObjectCopy',
      Priority: '10',
      ProgressSummary: { NumberOfTasksFailed: '0', NumberOfTasksSucceeded: '0', TotalNumberOfTasks: '0' },
      Status: 'New',
    });
    expect(second).toMatchObject({ JobId: ids[1], Operation: 'COSInitiateRestoreObject', Status: 'Cancelled', TerminationDate: expect.stringMatching(COS_TIME) });
    expect(data!.ListJobsResult.NextToken).toBe(ids[1]);
  });

  it('refuses bad listing and priority parameters with the codes the SDK reports', async () => {
    const t = await tenant();
    const jobId = await create(t, example('tagging.xml'));
    expect((await call(t, 'GET', '/jobs', { query: { jobStatuses: 'Bogus' } })).err).toMatchObject({ statusCode: 400, code: 'InvalidArgument', message: 'Parameter jobStatuses is invalid' });
    expect((await call(t, 'GET', '/jobs', { query: { maxResults: '0' } })).err).toMatchObject({ statusCode: 400, code: 'InvalidArgument' });
    expect((await call(t, 'POST', `/jobs/${jobId}/priority`, { query: { priority: '2147483648' } })).err).toMatchObject({
      statusCode: 400,
      code: 'InvalidArgument',
      message: 'Priority must be an integer between 0 and 2147483647',
    });
    expect((await call(t, 'POST', `/jobs/${jobId}/priority`)).err).toMatchObject({ statusCode: 400, code: 'InvalidRequest', message: 'No job priority is provided' });
    expect((await describe_(t, jobId)).Priority).toBe('1');
  });
});

describe('a refused CreateJob', () => {
  it.each([
    ['a body that is not well-formed XML', 'MalformedXML', '<CreateJobRequest><ClientRequestToken>x</CreateJobRequest>', /^The request body is not well-formed XML: /],
    ['another root element', 'MalformedXML', '<CreateJob><ClientRequestToken>x</ClientRequestToken></CreateJob>', /^The root element must be CreateJobRequest, not CreateJob\.$/],
    ['a wrong Report format', 'MalformedXML', example('copy.xml').replace('Report_CSV_V1', 'Report_CSV_V9'), /^Incorrect Report format: Report\.Format /],
    ['two operations', 'MalformedXML', example('copy.xml').replace('<COSPutObjectCopy>', '<COSInitiateRestoreObject><ExpirationInDays>1</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject><COSPutObjectCopy>'), /^Incorrect Operation format: /],
    ['a DOCTYPE', 'MalformedXML', `<!DOCTYPE x [<!ENTITY a "b">]>${example('tagging.xml').replace(/^<\?xml[^>]*>\s*/, '')}`, /^The request body is not well-formed XML: a DOCTYPE or an entity declaration is not allowed$/],
    ['a Priority out of range', 'InvalidRequest', example('tagging.xml').replace('<Priority>1</Priority>', '<Priority>2147483648</Priority>'), /^Priority must be an integer between 0 and 2147483647$/],
    ['a missing RoleArn', 'InvalidArgument', example('tagging.xml').replace(/<RoleArn>[^<]*<\/RoleArn>/, ''), /^RoleArn /],
  ])('%s: err.statusCode 400, err.code %s, and no job', async (_what, code, body, message) => {
    const t = await tenant();
    const { err, data } = await call(t, 'POST', '/jobs', { body });
    expect(data).toBeUndefined();
    expect(err).toMatchObject({ statusCode: 400, code });
    expect(err!.message).toMatch(message);
    expect((await listAll(t, {})).ids).toEqual([]);
  });

  it('a Content-MD5 that is not the body\'s: InvalidDigest, and no job', async () => {
    const t = await tenant();
    const { err } = await call(t, 'POST', '/jobs', { body: example('copy.xml'), headers: { 'Content-MD5': createHash('md5').update('another body').digest('base64') } });
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidDigest' });
    expect((await listAll(t, {})).ids).toEqual([]);
  });

  it('the token of another request: InvalidRequest, and the first job stays the only one', async () => {
    const t = await tenant();
    const jobId = await create(t, example('copy.xml'));
    const other = example('copy.xml').replace('<Priority>10</Priority>', '<Priority>11</Priority>');
    expect((await call(t, 'POST', '/jobs', { body: other })).err).toMatchObject({
      statusCode: 400,
      code: 'InvalidRequest',
      message: 'The ClientRequestToken parameter already exists',
    });
    expect((await listAll(t, {})).ids).toEqual([jobId]);
  });

  it('a wrong secret key: err.code SignatureDoesNotMatch, and no job', async () => {
    const t = await tenant();
    const wrong = { ...t, cos: sdk(t.secretId, 'not-the-secret-key-of-this-SecretId') };
    const { err } = await call(wrong, 'POST', '/jobs', { body: example('copy.xml') });
    expect(err).toMatchObject({ statusCode: 403, code: 'SignatureDoesNotMatch' });
    expect((await listAll(t, {})).ids).toEqual([]);
  });
});
