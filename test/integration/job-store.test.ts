/**
 * The database budget of job-api.md §8, counted at the SDK (every HTTP attempt) against DynamoDB Local: first each
 * DynamoDbJobStore method on its own (one request a call, whatever the outcome), then every operation through the
 * real handler. Then what the status index buys (a listing of one status reads only jobs of that status) and the
 * retention of final jobs (DynamoDB TTL on ExpiresAt).
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { parseCreateJobRequest } from '../../lib/cos/operations/create-job';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { cosTimestamp } from '../../lib/jobs/job';
import { newJobId } from '../../lib/jobs/job-id';
import type { JobStatus } from '../../lib/jobs/status';
import type { NewJob, StatusChange } from '../../lib/store/job-store';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { buildListJobsInput } from '../../lib/store/dynamodb/list-jobs-input';
import { countingClient, getJob, putJob, scanAll, useTestTable } from '../support/dynamodb';
import { createRequest, jobRequest, restEvent, type RequestSpec } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

const BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');
const APPID = 'budget';
const DAY = 86_400;
const db = useTestTable();
let counted: ReturnType<typeof countingClient>;
let handle: ReturnType<typeof createApp>;

beforeAll(() => {
  // A client of its own, so that its count holds only the requests of the code under test.
  counted = countingClient();
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(counted.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('b') });
});
afterAll(() => counted.client.destroy());

/** What `call` returned, and the database requests it took. */
async function measure<T>(call: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  counted.sent.length = 0;
  const value = await call();
  return { value, requests: [...counted.sent] };
}

describe('DynamoDbJobStore: exactly one database request per call, whatever the outcome', () => {
  const appId = 'store';
  const parsed = parseCreateJobRequest(BODY);
  if ('code' in parsed) throw new Error(`the fixture does not parse: ${parsed.message}`);
  const newJob = (at: number, fingerprint: string): NewJob => ({
    key: { appId, jobId: newJobId(at, appId, parsed.clientRequestToken) },
    definition: parsed.definition,
    clientRequestToken: parsed.clientRequestToken,
    fingerprint,
    status: 'New',
    creationTime: cosTimestamp(new Date(at)),
    requestId: `req-${at}`,
  });
  const change = (jobId: string, from: JobStatus[], to: JobStatus, changedAt: string): StatusChange => ({
    key: { appId, jobId },
    from,
    to,
    reason: 'because',
    requestId: 'req-change',
    changedAt,
  });
  const ONE = (command: string) => [command];
  let store: DynamoDbJobStore;
  beforeAll(() => (store = new DynamoDbJobStore(counted.client, db.name)));

  it('through a whole life: create, repeat, taken token, describe, list, priority, delete refused, cancel, delete, token free again', async () => {
    const t0 = Date.UTC(2026, 10, 28, 12, 0, 0);
    const first = newJob(t0, 'fp-1');
    const { jobId } = first.key;
    const missing = { appId, jobId: newJobId(t0, appId, 'no such token') };

    expect(await measure(() => store.createJob(first))).toEqual({ value: { outcome: 'created' }, requests: ONE('TransactWriteItemsCommand') });
    // A repeat (a later millisecond, so another JobId) finds the reservation and its fingerprint in the same request.
    expect(await measure(() => store.createJob(newJob(t0 + 5, 'fp-1')))).toEqual({
      value: { outcome: 'token-taken', jobId, fingerprint: 'fp-1' },
      requests: ONE('TransactWriteItemsCommand'),
    });
    expect(await measure(() => store.createJob(newJob(t0 + 9, 'fp-2')))).toEqual({
      value: { outcome: 'token-taken', jobId, fingerprint: 'fp-1' },
      requests: ONE('TransactWriteItemsCommand'),
    });

    const described = await measure(() => store.getJob(first.key));
    expect([described.value?.jobId, described.value?.status, described.value?.priority, described.requests]).toEqual([jobId, 'New', 1, ONE('GetItemCommand')]);
    expect(await measure(() => store.getJob(missing))).toEqual({ value: undefined, requests: ONE('GetItemCommand') });

    const listed = await measure(() => store.listJobs({ appId, limit: 1000 }));
    expect([listed.value.jobs.map((j) => j.jobId), listed.value.more, listed.requests]).toEqual([[jobId], false, ONE('QueryCommand')]);
    const ofStatus = await measure(() => store.listJobs({ appId, status: 'New', limit: 1000 }));
    expect([ofStatus.value.jobs.map((j) => j.jobId), ofStatus.value.more, ofStatus.requests]).toEqual([[jobId], false, ONE('QueryCommand')]);
    const none = await measure(() => store.listJobs({ appId, status: 'Active', limit: 1000, after: jobId }));
    expect([none.value.jobs, none.value.more, none.requests]).toEqual([[], false, ONE('QueryCommand')]);

    expect(await measure(() => store.changePriority(first.key, 2147483647))).toEqual({ value: 'changed', requests: ONE('UpdateItemCommand') });
    expect((await getJob(db.client, db.name, appId, jobId))!.Priority).toEqual({ N: '2147483647' });
    expect(await measure(() => store.changePriority(missing, 3))).toEqual({ value: 'missing-or-final', requests: ONE('UpdateItemCommand') });

    expect(await measure(() => store.deleteJob(first.key))).toEqual({ value: { outcome: 'not-final', status: 'New' }, requests: ONE('TransactWriteItemsCommand') });
    const cancelled = await measure(() => store.changeStatus(change(jobId, ['New'], 'Cancelled', '2026-11-28T12:00:07.123Z')));
    expect([cancelled.value.outcome, cancelled.requests]).toEqual(['changed', ONE('UpdateItemCommand')]);
    const conflict = await measure(() => store.changeStatus(change(jobId, ['New'], 'Cancelled', '2026-11-28T12:00:08.000Z')));
    expect([conflict.value.outcome, conflict.requests]).toEqual(['conflict', ONE('UpdateItemCommand')]);
    expect(await measure(() => store.changeStatus(change(missing.jobId, ['New'], 'Cancelled', '2026-11-28T12:00:08.000Z')))).toEqual({
      value: { outcome: 'missing' },
      requests: ONE('UpdateItemCommand'),
    });
    expect(await measure(() => store.changePriority(first.key, 3))).toEqual({ value: 'missing-or-final', requests: ONE('UpdateItemCommand') });

    expect(await measure(() => store.deleteJob(first.key))).toEqual({ value: { outcome: 'deleted' }, requests: ONE('TransactWriteItemsCommand') });
    expect((await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === appId)).toEqual([]); // the job and its reservation
    expect(await measure(() => store.deleteJob(first.key))).toEqual({ value: { outcome: 'missing' }, requests: ONE('TransactWriteItemsCommand') });
    expect(await measure(() => store.createJob(newJob(t0 + 20, 'fp-2')))).toEqual({ value: { outcome: 'created' }, requests: ONE('TransactWriteItemsCommand') });
  });

  it('pages a listing one request a page, with and without a status, `more` until the end', async () => {
    const pagesOf = async (status: JobStatus | undefined) => {
      const pages: Array<{ ids: string[]; more: boolean; requests: string[] }> = [];
      let after: string | undefined;
      for (;;) {
        const { value, requests } = await measure(() => store.listJobs({ appId: 'pages', status, limit: 2, after }));
        pages.push({ ids: value.jobs.map((j) => j.jobId), more: value.more, requests });
        if (!value.more) return pages;
        after = value.jobs[value.jobs.length - 1]!.jobId;
      }
    };
    for (const [jobId, status] of [['job-1', 'Active'], ['job-2', 'Complete'], ['job-3', 'Active'], ['job-4', 'Active'], ['job-5', 'Active']] as const) {
      await putJob(db.client, db.name, { appId: 'pages', jobId, status, extra: { StatusJobId: { S: `${status}#${jobId}` } } });
    }
    const q = ONE('QueryCommand');
    expect(await pagesOf(undefined)).toEqual([
      { ids: ['job-1', 'job-2'], more: true, requests: q },
      { ids: ['job-3', 'job-4'], more: true, requests: q },
      { ids: ['job-5'], more: false, requests: q },
    ]);
    expect(await pagesOf('Active')).toEqual([
      { ids: ['job-1', 'job-3'], more: true, requests: q },
      { ids: ['job-4', 'job-5'], more: true, requests: q }, // the database cannot know yet that nothing follows
      { ids: [], more: false, requests: q },
    ]);
  });

  it('dates the end of a job moved to a final status and sets its expiry: TerminationDate + the retention days', async () => {
    const thirtyDays = new DynamoDbJobStore(counted.client, db.name, 30);
    for (const [jobId, retained, to] of [['ttl-cancelled', store, 'Cancelled'], ['ttl-complete', thirtyDays, 'Complete'], ['ttl-failed', store, 'Failed']] as const) {
      await putJob(db.client, db.name, { appId, jobId, status: 'Active' });
      await retained.changeStatus(change(jobId, ['Active'], to, '2026-11-28T12:34:56.789Z'));
      const item = (await getJob(db.client, db.name, appId, jobId))!;
      const days = retained === thirtyDays ? 30 : 90;
      expect([item.TerminationDate, item.ExpiresAt]).toEqual([{ S: '2026-11-28T12:34:56Z' }, { N: String(Date.parse('2026-11-28T12:34:56Z') / 1000 + days * DAY) }]);
    }
    // A status that is not final sets neither.
    await putJob(db.client, db.name, { appId, jobId: 'ttl-running', status: 'Active' });
    await store.changeStatus(change('ttl-running', ['Active'], 'Cancelling', '2026-11-28T12:34:56.789Z'));
    const running = (await getJob(db.client, db.name, appId, 'ttl-running'))!;
    expect([running.Status, running.TerminationDate, running.ExpiresAt]).toEqual([{ S: 'Cancelling' }, undefined, undefined]);
  });
});

/** The answer, and the database requests it took. */
async function measured(spec: RequestSpec) {
  const { value: result, requests } = await measure(() => handle(restEvent(spec)));
  return { status: result.statusCode, body: result.body, requests };
}

it('spends exactly the budget of every operation through the handler', async () => {
  const created = await measured(createRequest(BODY, { appId: APPID }));
  expect([created.status, created.requests]).toEqual([200, ['TransactWriteItemsCommand']]);
  const jobId = parseCosXml(created.body).fields.JobId!;
  await putJob(db.client, db.name, { appId: APPID, jobId: 'running-job', status: 'Active', extra: { StatusJobId: { S: 'Active#running-job' } } });
  await putJob(db.client, db.name, { appId: APPID, jobId: 'waiting-job', status: 'Suspended', extra: { StatusJobId: { S: 'Suspended#waiting-job' } } });

  const rows: Array<[string, RequestSpec, number, string[]]> = [
    ['CreateJob repeated', createRequest(BODY, { appId: APPID }), 200, ['TransactWriteItemsCommand']],
    ['CreateJob with a taken token', createRequest(BODY.replace('test batch', 'another'), { appId: APPID }), 400, ['TransactWriteItemsCommand']],
    ['DescribeJob', jobRequest('GET', `/jobs/${jobId}`, '', APPID), 200, ['GetItemCommand']],
    ['ListJobs', jobRequest('GET', '/jobs', '', APPID), 200, ['QueryCommand']],
    ['ListJobs, a page of one', jobRequest('GET', '/jobs', 'maxResults=1', APPID), 200, ['QueryCommand']],
    ['ListJobs of one status', jobRequest('GET', '/jobs', 'jobStatuses=New', APPID), 200, ['QueryCommand']],
    ['ListJobs of one status, a page of one', jobRequest('GET', '/jobs', `jobStatuses=New&maxResults=1&nextToken=${jobId}`, APPID), 200, ['QueryCommand']],
    ['UpdateJobPriority', jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=3', APPID), 200, ['UpdateItemCommand']],
    ['UpdateJobPriority of a missing job', jobRequest('POST', '/jobs/no-such-job/priority', 'priority=3', APPID), 404, ['UpdateItemCommand']],
    ['DeleteJob of a running job', jobRequest('DELETE', `/jobs/${jobId}`, '', APPID), 400, ['TransactWriteItemsCommand']],
    ['UpdateJobStatus', jobRequest('POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Cancelled', APPID), 200, ['UpdateItemCommand']],
    ['UpdateJobStatus Ready', jobRequest('POST', '/jobs/waiting-job/status', 'requestedJobStatus=Ready', APPID), 200, ['UpdateItemCommand']],
    ['UpdateJobStatus cancelling a running job', jobRequest('POST', '/jobs/running-job/status', 'requestedJobStatus=Cancelled', APPID), 200, ['UpdateItemCommand', 'UpdateItemCommand']],
    ['UpdateJobPriority of a final job', jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=3', APPID), 404, ['UpdateItemCommand']],
    ['DeleteJob', jobRequest('DELETE', `/jobs/${jobId}`, '', APPID), 204, ['TransactWriteItemsCommand']],
    ['DescribeJob of a missing job', jobRequest('GET', `/jobs/${jobId}`, '', APPID), 404, ['GetItemCommand']],
    ['DeleteJob of a missing job', jobRequest('DELETE', `/jobs/${jobId}`, '', APPID), 404, ['TransactWriteItemsCommand']],
    ['CreateJob with the freed token', createRequest(BODY, { appId: APPID }), 200, ['TransactWriteItemsCommand']],
    ['a refused CreateJob', createRequest(BODY.replace('AllTasks', 'Some'), { appId: APPID }), 400, []],
    ['a refused DescribeJob', jobRequest('GET', '/jobs/x', '', APPID), 400, []],
    ['a refused ListJobs', jobRequest('GET', '/jobs', 'maxResults=0', APPID), 400, []],
    ['a refused UpdateJobPriority', jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=x', APPID), 400, []],
    ['a refused DeleteJob', jobRequest('DELETE', `/jobs/${jobId}`, '', ''), 400, []],
    ['a refused UpdateJobStatus', jobRequest('POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Paused', APPID), 400, []],
  ];
  for (const [name, spec, status, requests] of rows) {
    expect({ name, ...(await measured(spec)) }).toMatchObject({ name, status, requests });
  }
});

it('gives a job cancelled through the API its end date and an expiry 90 days later (DynamoDB TTL)', async () => {
  const jobId = parseCosXml((await measured(createRequest(BODY.replace('1829b6c7', 'ttl00000'), { appId: APPID }))).body).fields.JobId!;
  await measured(jobRequest('POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Cancelled', APPID));
  const item = (await getJob(db.client, db.name, APPID, jobId))!;
  expect(item.TerminationDate!.S).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(Math.abs(Date.parse(item.TerminationDate!.S!) - Date.now())).toBeLessThan(60_000);
  expect(Number(item.ExpiresAt!.N)).toBe(Date.parse(item.TerminationDate!.S!) / 1000 + 90 * DAY);
});

it('reads only the jobs of the status asked for, however many others the tenant has', async () => {
  const appId = 'index';
  for (let i = 0; i < 200; i++) {
    const jobId = `other-${String(i).padStart(4, '0')}`;
    const status = (['Complete', 'Cancelled', 'New', 'Paused'] as const)[i % 4]!;
    await putJob(db.client, db.name, { appId, jobId, status, extra: { StatusJobId: { S: `${status}#${jobId}` } } });
  }
  for (const jobId of ['active-0001', 'active-0002']) {
    await putJob(db.client, db.name, { appId, jobId, status: 'Active', extra: { StatusJobId: { S: `Active#${jobId}` } } });
  }
  const query = (status?: JobStatus) => counted.client.send(new QueryCommand(buildListJobsInput(db.name, { appId, status, limit: 1000 })));
  const page = await query('Active');
  expect(page.Items!.map((i) => i.JobId!.S)).toEqual(['active-0001', 'active-0002']);
  expect(page.ScannedCount).toBe(2);
  const all = await query();
  expect(all.ScannedCount).toBe(202);
  // (DynamoDB Local's ConsumedCapacity does not follow what it reads: 3 units for these 2 items, 4 for all 202.)
});
