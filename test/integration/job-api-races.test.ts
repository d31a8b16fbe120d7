/**
 * The job API under concurrency, through the real handler and DynamoDB Local: one ClientRequestToken sent by 50
 * callers at once makes exactly one job, a token is free again once its job is deleted, and a paged listing run
 * while jobs come and go lists every job that stayed throughout exactly once. Each request's database requests are
 * counted at the SDK.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { countingClient, getJob, scanAll, useTestTable } from '../support/dynamodb';
import { createRequest, httpApiEvent, jobRequest, restEvent } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

const BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');
const withToken = (token: string, description = 'test batch') =>
  BODY.replace('1829b6c7-3141-42f1-9fe4-17082b841646', token).replace('test batch', description);

const db = useTestTable();
let handle: ReturnType<typeof createApp>;
let sent: string[];

beforeAll(() => {
  // A client of its own, so that its count holds only the handler's requests.
  const counted = countingClient();
  sent = counted.sent;
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(counted.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('race') });
});

const jobIdOf = (result: { statusCode: number; body: string }) => parseCosXml(result.body).fields.JobId;

describe('50 concurrent creates with one ClientRequestToken', () => {
  it('with the same request: exactly one job, and every caller gets 200 with its JobId, in at most 2 requests each', async () => {
    const appId = 'race-same';
    sent.length = 0;
    const answers = await Promise.all(Array.from({ length: 50 }, () => handle(restEvent(createRequest(withToken('one-token'), { appId })))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200));
    const ids = new Set(answers.map(jobIdOf));
    expect(ids.size).toBe(1);
    const items = (await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === appId);
    expect(items.map((i) => i.JobId!.S)).toEqual([...ids, expect.stringMatching(/^~token~/)]);
    expect(sent.length).toBeLessThanOrEqual(100);
    expect(sent.every((op) => op === 'TransactWriteItemsCommand')).toBe(true);
  });

  it('with different requests: exactly one job; its own request again gets its JobId, the others 400', async () => {
    const appId = 'race-different';
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => handle(httpApiEvent(createRequest(withToken('two-token', `job ${i % 5}`), { appId })))),
    );
    const winners = answers.filter((a) => a.statusCode === 200);
    expect(new Set(winners.map(jobIdOf)).size).toBe(1);
    const jobId = jobIdOf(winners[0]!)!;
    const description = (await getJob(db.client, db.name, appId, jobId))!.Description!.S;
    // Every caller that sent the winning request was answered with its job; every other one was refused.
    answers.forEach((answer, i) => {
      if (`job ${i % 5}` === description) expect([answer.statusCode, jobIdOf(answer)]).toEqual([200, jobId]);
      else expect([answer.statusCode, parseCosXml(answer.body).fields.Code]).toEqual([400, 'InvalidRequest']);
    });
    expect((await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === appId)).toHaveLength(2);
  });
});

it('frees a token with its job: after DeleteJob the same request makes a new job', async () => {
  const appId = 'token-reuse';
  const first = jobIdOf(await handle(restEvent(createRequest(withToken('reused'), { appId }))))!;
  expect((await handle(restEvent(jobRequest('POST', `/jobs/${first}/status`, 'requestedJobStatus=Cancelled', appId)))).statusCode).toBe(200);
  sent.length = 0;
  expect((await handle(restEvent(jobRequest('DELETE', `/jobs/${first}`, '', appId)))).statusCode).toBe(204);
  expect(sent).toEqual(['TransactWriteItemsCommand']);
  expect((await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === appId)).toEqual([]);
  await new Promise((r) => setTimeout(r, 2)); // a new millisecond: a new id
  const second = jobIdOf(await handle(restEvent(createRequest(withToken('reused'), { appId }))))!;
  expect(second).not.toBe(first);
  expect(second.slice(14)).toBe(first.slice(14)); // the same token's tail
});

it('lists every job that exists unchanged throughout a paged listing exactly once, while others come and go', async () => {
  const appId = 'churn';
  const create = async (token: string) => jobIdOf(await handle(restEvent(createRequest(withToken(token), { appId }))))!;
  const stable: string[] = [];
  for (let i = 0; i < 24; i++) stable.push(await create(`stable-${i}`));
  // Jobs of another tenant, in the same table, never show.
  await handle(restEvent(createRequest(withToken('other-tenant'), { appId: 'churn-other' })));

  // The churn goes through a handler of its own, so that the listing's request count holds only its own.
  const other = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('churn') });
  let stop = false;
  let churned = 0;
  const churn = (async () => {
    for (let i = 0; !stop; i++) {
      const jobId = jobIdOf(await other(restEvent(createRequest(withToken(`churn-${i}`), { appId }))))!;
      await other(restEvent(jobRequest('POST', `/jobs/${jobId}/status`, 'requestedJobStatus=Cancelled', appId)));
      await other(restEvent(jobRequest('DELETE', `/jobs/${jobId}`, '', appId)));
      churned++;
    }
  })();

  try {
    for (let round = 0; round < 3; round++) {
      const seen: string[] = [];
      let next = '';
      for (let pages = 0; pages < 100; pages++) {
        sent.length = 0;
        const result = await handle(httpApiEvent(jobRequest('GET', '/jobs', `maxResults=3${next ? `&nextToken=${next}` : ''}`, appId)));
        expect(result.statusCode).toBe(200);
        expect(sent).toEqual(['QueryCommand']); // one request per page
        const { Jobs, NextToken } = parseCosDocument(result.body).content as { Jobs: '' | { member: unknown }; NextToken?: string };
        seen.push(...(Jobs === '' ? [] : [Jobs.member].flat().map((m) => (m as { JobId: string }).JobId)));
        if (!NextToken) break;
        next = NextToken;
      }
      const listedStable = seen.filter((id) => stable.includes(id));
      expect(listedStable).toEqual(stable); // each once, in creation order
      expect([...seen].sort()).toEqual(seen);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.every((id) => !id.startsWith('~'))).toBe(true);
    }
  } finally {
    stop = true;
    await churn;
  }
  expect(churned).toBeGreaterThan(0); // jobs did come and go during the listings
});
