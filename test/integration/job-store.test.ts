/**
 * The database budget of job-api.md §8, counted at the SDK (every HTTP attempt) through the real handler and
 * DynamoDB Local, and what the status index buys: a listing of one status reads only jobs of that status.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { buildListJobsInput } from '../../lib/store/dynamodb/list-jobs-input';
import { countingClient, getJob, putJob, useTestTable } from '../support/dynamodb';
import { createRequest, jobRequest, restEvent, type RequestSpec } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

const BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');
const APPID = 'budget';
const db = useTestTable();
let handle: ReturnType<typeof createApp>;
let sent: string[];

beforeAll(() => {
  const counted = countingClient();
  sent = counted.sent;
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(counted.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('b') });
});

/** The answer, and the database requests it took. */
async function measured(spec: RequestSpec) {
  sent.length = 0;
  const result = await handle(restEvent(spec));
  return { status: result.statusCode, body: result.body, requests: [...sent] };
}

it('spends exactly the budget of every operation', async () => {
  const created = await measured(createRequest(BODY, { appId: APPID }));
  expect([created.status, created.requests]).toEqual([200, ['TransactWriteItemsCommand']]);
  const jobId = parseCosXml(created.body).fields.JobId!;
  expect((await measured(createRequest(BODY, { appId: APPID }))).requests).toEqual(['TransactWriteItemsCommand']); // a repeat

  const rows: Array<[string, RequestSpec, number, string[]]> = [
    ['DescribeJob', jobRequest('GET', `/jobs/${jobId}`, '', APPID), 200, ['GetItemCommand']],
    ['ListJobs', jobRequest('GET', '/jobs', '', APPID), 200, ['QueryCommand']],
    ['ListJobs of one status', jobRequest('GET', '/jobs', 'jobStatuses=New', APPID), 200, ['QueryCommand']],
    ['UpdateJobPriority', jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=3', APPID), 200, ['UpdateItemCommand']],
    ['DeleteJob of a running job', jobRequest('DELETE', `/jobs/${jobId}`, '', APPID), 400, ['TransactWriteItemsCommand']],
    ['UpdateJobStatus', jobRequest('POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Cancelled', APPID), 200, ['UpdateItemCommand']],
    ['UpdateJobPriority of a final job', jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=3', APPID), 404, ['UpdateItemCommand']],
    ['DeleteJob', jobRequest('DELETE', `/jobs/${jobId}`, '', APPID), 204, ['TransactWriteItemsCommand']],
    ['DescribeJob of a missing job', jobRequest('GET', `/jobs/${jobId}`, '', APPID), 404, ['GetItemCommand']],
    ['DeleteJob of a missing job', jobRequest('DELETE', `/jobs/${jobId}`, '', APPID), 404, ['TransactWriteItemsCommand']],
    ['a refused CreateJob', createRequest(BODY.replace('AllTasks', 'Some'), { appId: APPID }), 400, []],
    ['a refused ListJobs', jobRequest('GET', '/jobs', 'maxResults=0', APPID), 400, []],
    ['a refused UpdateJobPriority', jobRequest('POST', `/jobs/${jobId}/priority`, 'priority=x', APPID), 400, []],
  ];
  for (const [name, spec, status, requests] of rows) {
    expect({ name, ...(await measured(spec)) }).toMatchObject({ name, status, requests });
  }
});

it('gives a cancelled job its end date and an expiry 90 days later (DynamoDB TTL)', async () => {
  const jobId = parseCosXml((await measured(createRequest(BODY.replace('1829b6c7', 'ttl00000'), { appId: APPID }))).body).fields.JobId!;
  await measured(jobRequest('POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Cancelled', APPID));
  const item = (await getJob(db.client, db.name, APPID, jobId))!;
  expect(item.TerminationDate!.S).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(Number(item.ExpiresAt!.N)).toBe(Date.parse(item.TerminationDate!.S!) / 1000 + 90 * 86_400);
});

it('reads only the jobs of the status asked for, however many others the tenant has', async () => {
  const appId = 'index';
  for (let i = 0; i < 200; i++) {
    const jobId = `other-${String(i).padStart(4, '0')}`;
    await putJob(db.client, db.name, { appId, jobId, status: 'Complete', extra: { StatusJobId: { S: `Complete#${jobId}` } } });
  }
  for (const jobId of ['active-0001', 'active-0002']) {
    await putJob(db.client, db.name, { appId, jobId, status: 'Active', extra: { StatusJobId: { S: `Active#${jobId}` } } });
  }
  const { client } = countingClient();
  const page = await client.send(new QueryCommand({ ...buildListJobsInput(db.name, { appId, status: 'Active', limit: 1000 }) }));
  expect(page.Items!.map((i) => i.JobId!.S)).toEqual(['active-0001', 'active-0002']);
  expect(page.ScannedCount).toBe(2);
  const all = await client.send(new QueryCommand(buildListJobsInput(db.name, { appId, limit: 1000 })));
  expect(all.ScannedCount).toBe(202);
  client.destroy();
});
