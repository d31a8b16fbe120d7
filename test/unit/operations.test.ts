/**
 * The five new operations through the whole handler (both payload formats), with an in-memory store behind the
 * port: success answers, the contract's refusals in its order of checks, and no store call for a refused request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import type { JobStore } from '../../lib/store/job-store';
import { APPID, createRequest, jobRequest, PAYLOAD_FORMATS, type RequestSpec } from '../support/events';
import { MemoryJobStore } from '../support/memory-store';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

const BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');
const withToken = (token: string, body = BODY) => body.replace('1829b6c7-3141-42f1-9fe4-17082b841646', token);

/** The memory store, with every call to the port counted. */
function countedStore() {
  const store = new MemoryJobStore();
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || !['changeStatus', 'createJob', 'getJob', 'listJobs', 'changePriority', 'deleteJob'].includes(String(name))) return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  }) as MemoryJobStore & JobStore;
  return { store: counted, calls };
}

describe.each(PAYLOAD_FORMATS)('%s', (_format, toEvent) => {
  let store: ReturnType<typeof countedStore>['store'];
  let calls: string[];
  let clock: number;
  let handle: ReturnType<typeof createApp>;
  const send = (spec: RequestSpec) => handle(toEvent(spec));
  const create = async (token: string, body?: string) => {
    const result = await send(createRequest(withToken(token, body)));
    expect(result.statusCode).toBe(200);
    return parseCosXml(result.body).fields.JobId!;
  };

  beforeEach(() => {
    ({ store, calls } = countedStore());
    clock = Date.parse('2026-11-28T12:00:00Z'); // each request one second later
    handle = createApp({ auth: 'none', store, logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('t'), now: () => new Date((clock += 1000)) });
  });

  it('CreateJob: 200 with a new JobId; the same request again: the same JobId; another request with the token: 400', async () => {
    const jobId = await create('token-a');
    expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await create('token-a')).toBe(jobId);
    const other = await send(createRequest(withToken('token-a', BODY.replace('test batch', 'other'))));
    expect(other.statusCode).toBe(400);
    expect(parseCosXml(other.body).fields).toMatchObject({ Code: 'InvalidRequest', Message: 'The ClientRequestToken parameter already exists' });
    expect(store.get(APPID, jobId)).toMatchObject({ Status: 'New', Description: 'test batch', Priority: 1 });
  });

  it('DescribeJob: the job with every always-present element; 404 NoSuchJob for another tenant', async () => {
    const jobId = await create('token-d');
    const result = await send(jobRequest('GET', `/jobs/${jobId}`));
    expect(result.statusCode).toBe(200);
    const { root, content } = parseCosDocument(result.body);
    expect(root).toBe('DescribeJobResult');
    const job = (content as { Job: Record<string, unknown> }).Job;
    expect(Object.keys(job).filter((k) => k !== '#text')).toEqual([
      'ConfirmationRequired', 'CreationTime', 'Description', 'FailureReasons', 'JobId', 'Manifest', 'Operation', 'Priority',
      'ProgressSummary', 'Report', 'RoleArn', 'Status', 'StatusUpdateReason',
    ]);
    expect(job).toMatchObject({ ConfirmationRequired: 'false', CreationTime: '2026-11-28T12:00:01Z', JobId: jobId, Status: 'New', Priority: '1' });
    const missing = await send(jobRequest('GET', `/jobs/${jobId}`, '', 'another-appid'));
    expect(missing.statusCode).toBe(404);
    expect(parseCosXml(missing.body).fields).toMatchObject({ Code: 'NoSuchJob', Message: 'The specified job does not exist' });
  });

  it('ListJobs: pages of maxResults in creation order to the end; jobStatuses filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await create(`token-l${i}`));
    store.put(APPID, 'zz-active-job', { Status: 'Active' });
    const seen: string[] = [];
    let next = '';
    for (let page = 0; page < 10; page++) {
      const result = await send(jobRequest('GET', '/jobs', `maxResults=2${next ? `&nextToken=${next}` : ''}`));
      expect(result.statusCode).toBe(200);
      const { content } = parseCosDocument(result.body);
      const { Jobs, NextToken } = content as { Jobs: { member?: unknown } | ''; NextToken?: string };
      const members = Jobs === '' ? [] : [Jobs.member].flat() as { JobId: string; Operation: string }[];
      seen.push(...members.map((m) => m.JobId));
      if (!NextToken) break;
      expect(NextToken).toBe(members[members.length - 1]!.JobId);
      next = NextToken;
    }
    expect(seen).toEqual([...ids, 'zz-active-job']);
    const active = parseCosDocument((await send(jobRequest('GET', '/jobs', 'jobStatuses=Active'))).body).content as { Jobs: { member: { JobId: string; Operation: string } } };
    expect(active.Jobs.member).toMatchObject({ JobId: 'zz-active-job', Operation: '' });
    const none = await send(jobRequest('GET', '/jobs', 'jobStatuses=Failed'));
    expect(none.body).toBe('<ListJobsResult>\n\t<Jobs/>\n</ListJobsResult>');
  });

  it('UpdateJobPriority: 200 with the new priority; a final or missing job: 404', async () => {
    const jobId = await create('token-p');
    const result = await send(jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=2147483647'));
    expect(result.statusCode).toBe(200);
    expect(parseCosXml(result.body)).toEqual({ root: 'UpdateJobPriorityResult', fields: { JobId: jobId, Priority: '2147483647' } });
    store.put(APPID, 'job-done-0001', { Status: 'Complete' });
    for (const id of ['job-done-0001', 'job-missing-1']) {
      const refused = await send(jobRequest('POST', `/jobs/${id}/priority`, 'priority=1'));
      expect(refused.statusCode).toBe(404);
      expect(parseCosXml(refused.body).fields.Message).toBe('The specified job does not exist or has already been completed');
    }
  });

  it('DeleteJob: 204 and no body for a final job, which is then gone and its token free; 400 for a running one', async () => {
    const jobId = await create('token-x');
    const running = await send(jobRequest('DELETE', `/jobs/${jobId}`));
    expect(running.statusCode).toBe(400);
    expect(parseCosXml(running.body).fields.Message).toBe('The job can be deleted only when it is Complete, Failed or Cancelled');
    store.get(APPID, jobId)!.Status = 'Cancelled';
    const deleted = await send(jobRequest('DELETE', `/jobs/${jobId}`));
    expect(deleted).toMatchObject({ statusCode: 204, body: '' });
    expect(deleted.headers).toMatchObject({ 'Content-Type': 'application/xml', 'x-cos-request-id': expect.any(String) });
    expect((await send(jobRequest('GET', `/jobs/${jobId}`))).statusCode).toBe(404);
    expect((await send(jobRequest('DELETE', `/jobs/${jobId}`))).statusCode).toBe(404);
    expect(await create('token-x')).not.toBe(jobId); // the token was freed with its job
  });

  it.each([
    ['POST /jobs without a body', createRequest(''), 400, 'InvalidRequest', 'Empty request body'],
    ['PUT /jobs', jobRequest('PUT', '/jobs'), 405, 'MethodNotAllowed', /use GET, POST\.$/],
    ['POST /jobs/<id>', jobRequest('POST', '/jobs/job-00001'), 405, 'MethodNotAllowed', /use GET, DELETE\.$/],
    ['GET /jobs/<id>/priority', jobRequest('GET', '/jobs/job-00001/priority'), 405, 'MethodNotAllowed', /use POST\.$/],
    ['GET /jobs/', jobRequest('GET', '/jobs/'), 400, 'InvalidRequest', 'No job ID is provided'],
    ['GET /jobs/<bad id>', jobRequest('GET', '/jobs/a.b.c.d'), 400, 'InvalidArgument', /job ID must be 5 to 36 characters/],
    ['DELETE /jobs/<id> without an appid', { ...jobRequest('DELETE', '/jobs/job-00001'), headers: {} }, 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    ['a bad JobId before a missing appid', { ...jobRequest('GET', '/jobs/x'), headers: {} }, 400, 'InvalidArgument', /job ID/],
    ['priority missing', jobRequest('POST', '/jobs/job-00001/priority'), 400, 'InvalidRequest', 'No job priority is provided'],
    ['priority -1', jobRequest('POST', '/jobs/job-00001/priority', 'priority=-1'), 400, 'InvalidArgument', 'Priority must be an integer between 0 and 2147483647'],
    ['priority 2147483648', jobRequest('POST', '/jobs/job-00001/priority', 'priority=2147483648'), 400, 'InvalidArgument', 'Priority must be an integer between 0 and 2147483647'],
    ['priority repeated', jobRequest('POST', '/jobs/job-00001/priority', 'priority=1&priority=1'), 400, 'InvalidArgument', 'Priority must be an integer between 0 and 2147483647'],
    ['a bad priority before a missing appid', { ...jobRequest('POST', '/jobs/job-00001/priority', 'priority=x'), headers: {} }, 400, 'InvalidArgument', /Priority/],
    ['jobStatuses unknown', jobRequest('GET', '/jobs', 'jobStatuses=Bogus'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses as a comma list', jobRequest('GET', '/jobs', 'jobStatuses=New,Active'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses repeated', jobRequest('GET', '/jobs', 'jobStatuses=New&jobStatuses=Active'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['maxResults 0', jobRequest('GET', '/jobs', 'maxResults=0'), 400, 'InvalidArgument', 'The maxResults parameter must be a positive integer between 1 and 1000'],
    ['maxResults 1001', jobRequest('GET', '/jobs', 'maxResults=1001'), 400, 'InvalidArgument', 'The maxResults parameter must be a positive integer between 1 and 1000'],
    ['maxResults abc', jobRequest('GET', '/jobs', 'maxResults=abc'), 400, 'InvalidArgument', 'The maxResults parameter must be a positive integer between 1 and 1000'],
    ['nextToken too short', jobRequest('GET', '/jobs', 'nextToken=abc'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken with a reservation’s "~"', jobRequest('GET', '/jobs', 'nextToken=~token~abc'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['a query value holding U+FFFD', jobRequest('GET', '/jobs', 'jobStatuses=%EF%BF%BD'), 400, 'InvalidArgument', 'The jobStatuses parameter must be valid UTF-8.'],
  ] as const)('%s: %i %s, and no store call', async (_name, spec, status, code, message) => {
    const result = await send(spec);
    expect(result.statusCode).toBe(status);
    const { fields } = parseCosXml(result.body);
    expect(fields.Code).toBe(code);
    if (typeof message === 'string') expect(fields.Message).toBe(message);
    else expect(fields.Message).toMatch(message);
    if (status === 405) expect(result.headers.Allow).toBe(/use (.*)\.$/.exec(fields.Message!)![1]);
    expect(calls).toEqual([]);
  });
});
