/**
 * The job API under concurrency, through the real handler and DynamoDB Local: one ClientRequestToken sent by 50
 * callers at once makes exactly one job (each caller's database requests counted at the SDK, at most 2), a token is
 * free again once its job is deleted, and a paged listing run while jobs come and go lists every job that stayed
 * throughout exactly once, in ascending JobId order, and nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { countingClient, scanAll, useTestTable } from '../support/dynamodb';
import { createRequest, httpApiEvent, jobRequest, restEvent } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

const BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');
const withToken = (token: string, description = 'test batch') =>
  BODY.replace('1829b6c7-3141-42f1-9fe4-17082b841646', token).replace('test batch', description);
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const db = useTestTable();
let handle: ReturnType<typeof createApp>;
let sent: string[];

/** A handler with a database client of its own, so that `sent` holds exactly its requests. */
function countedHandler(prefix: string) {
  const counted = countingClient();
  const app = createApp({ auth: 'none', store: new DynamoDbJobStore(counted.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator(prefix) });
  return { handle: app, sent: counted.sent, destroy: () => counted.client.destroy() };
}

let shared: ReturnType<typeof countedHandler>;
beforeAll(() => {
  shared = countedHandler('race');
  handle = shared.handle;
  sent = shared.sent;
});
afterAll(() => shared.destroy());

const jobIdOf = (result: { statusCode: number; body: string }) => parseCosXml(result.body).fields.JobId;
const itemsOf = async (appId: string) => (await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === appId);

/** 50 callers at once, each through its own counted client; their answers and each one's database requests. */
async function fiftyCreates(appId: string, bodyOf: (i: number) => string) {
  const callers = Array.from({ length: 50 }, (_, i) => countedHandler(`c${i}`));
  try {
    const answers = await Promise.all(callers.map((c, i) => c.handle((i % 2 ? restEvent : httpApiEvent)(createRequest(bodyOf(i), { appId })))));
    return { answers, requests: callers.map((c) => [...c.sent]) };
  } finally {
    for (const c of callers) c.destroy();
  }
}

/** Exactly one job and its token's reservation in the tenant's partition. */
async function expectOneJob(appId: string, jobId: string) {
  const items = await itemsOf(appId);
  expect(items.map((i) => [i.JobId!.S, i.Status?.S, i.JobRef?.S])).toEqual([
    [jobId, 'New', undefined],
    [`~token~${jobId.slice(14)}`, undefined, jobId],
  ]);
  return items[0]!;
}

describe('50 concurrent creates with one ClientRequestToken', () => {
  it('with the same request: exactly one job, every caller 200 with its JobId, each in at most 2 database requests', async () => {
    const appId = 'race-same';
    const { answers, requests } = await fiftyCreates(appId, () => withToken('one-token'));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200));
    const ids = new Set(answers.map(jobIdOf));
    expect(ids.size).toBe(1);
    const [jobId] = [...ids] as [string];
    expect(jobId).toMatch(JOB_ID);
    await expectOneJob(appId, jobId);
    for (const r of requests) {
      expect(r.length).toBeGreaterThanOrEqual(1);
      expect(r.length).toBeLessThanOrEqual(2);
      expect(new Set(r)).toEqual(new Set(['TransactWriteItemsCommand']));
    }
  });

  it('with different requests: exactly one job; callers with its request get 200 and its JobId, all others 400 InvalidRequest', async () => {
    const appId = 'race-different';
    const description = (i: number) => `job ${i % 5}`;
    const { answers, requests } = await fiftyCreates(appId, (i) => withToken('two-token', description(i)));
    const winners = answers.filter((a) => a.statusCode === 200);
    expect(new Set(winners.map(jobIdOf)).size).toBe(1);
    const jobId = jobIdOf(winners[0]!)!;
    const item = await expectOneJob(appId, jobId);
    const stored = item.Description!.S;
    // Every caller that sent the winning request was answered with its job; every other one was refused.
    answers.forEach((answer, i) => {
      if (description(i) === stored) expect([answer.statusCode, jobIdOf(answer)]).toEqual([200, jobId]);
      else expect([answer.statusCode, parseCosXml(answer.body).fields.Code, parseCosXml(answer.body).fields.Message]).toEqual([400, 'InvalidRequest', 'The ClientRequestToken parameter already exists']);
    });
    expect(winners).toHaveLength(10);
    for (const r of requests) expect(r.length).toBeLessThanOrEqual(2);
  });
});

it('frees a token with its job: after DeleteJob the same request makes a new job', async () => {
  const appId = 'token-reuse';
  const first = jobIdOf(await handle(restEvent(createRequest(withToken('reused'), { appId }))))!;
  expect((await handle(restEvent(jobRequest('POST', `/jobs/${first}/status`, 'requestedJobStatus=Cancelled', appId)))).statusCode).toBe(200);
  sent.length = 0;
  expect((await handle(restEvent(jobRequest('DELETE', `/jobs/${first}`, '', appId)))).statusCode).toBe(204);
  expect(sent).toEqual(['TransactWriteItemsCommand']);
  expect(await itemsOf(appId)).toEqual([]);
  await new Promise((r) => setTimeout(r, 2)); // a new millisecond: a new id
  const second = jobIdOf(await handle(restEvent(createRequest(withToken('reused'), { appId }))))!;
  expect(second).not.toBe(first);
  expect(second.slice(14)).toBe(first.slice(14)); // the same token's tail
  await expectOneJob(appId, second);
  expect((await handle(restEvent(jobRequest('GET', `/jobs/${first}`, '', appId)))).statusCode).toBe(404);
});

describe('a paged listing while jobs come and go', () => {
  const appId = 'churn';
  const create = async (token: string, tenant = appId) => jobIdOf(await handle(restEvent(createRequest(withToken(token), { appId: tenant }))))!;
  /** Jobs that exist, unchanged, for the whole test: each must be listed exactly once per listing. */
  const stable: string[] = [];
  /** Jobs made between the stable ones (so in the middle of the listing), cancelled and deleted during it. */
  const doomed: string[] = [];
  const otherTenant: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 20; i++) {
      stable.push(await create(`stable-${i}`));
      doomed.push(await create(`doomed-${i}-a`), await create(`doomed-${i}-b`));
      otherTenant.push(await create(`other-${i}`, 'churn-other')); // interleaved in time, never in this listing
    }
  });

  /** Pages of `maxResults=3` to the end; every page one Query; returns the JobIds in the order listed. */
  async function listAll(query: string): Promise<string[]> {
    const seen: string[] = [];
    let next = '';
    for (let pages = 0; pages < 200; pages++) {
      sent.length = 0;
      const result = await handle(httpApiEvent(jobRequest('GET', '/jobs', `maxResults=3${query}${next ? `&nextToken=${next}` : ''}`, appId)));
      expect(result.statusCode).toBe(200);
      expect(sent).toEqual(['QueryCommand']); // one request per page
      const { Jobs, NextToken } = parseCosDocument(result.body).content as { Jobs: '' | { member: unknown }; NextToken?: string };
      const members = Jobs === '' ? [] : ([Jobs.member].flat() as Array<{ JobId: string; Status: string }>);
      expect(members.length).toBeLessThanOrEqual(3);
      seen.push(...members.map((m) => m.JobId));
      if (!NextToken) return seen;
      expect(NextToken).toBe(members[members.length - 1]!.JobId);
      next = NextToken;
    }
    throw new Error('the listing did not end in 200 pages');
  }

  it.each([
    ['without a status', ''],
    ['with jobStatuses=New', '&jobStatuses=New'],
  ])('%s: lists every stable job exactly once, in ascending JobId order, and nothing else', async (_name, query) => {
    const before = await itemsOf(appId);
    const churned: string[] = [];
    const other = countedHandler('churn');
    let stop = false;
    let doomedGone = 0;
    const churn = (async () => {
      for (let i = 0; !stop; i++) {
        // A new job made and removed, and one of the jobs in the middle of the listing removed.
        const created = await other.handle(restEvent(createRequest(withToken(`churn-${query ? 'status' : 'all'}-${i}`), { appId })));
        expect(created.statusCode).toBe(200);
        const jobId = jobIdOf(created)!;
        churned.push(jobId);
        for (const id of doomed.length ? [jobId, doomed.shift()!] : [jobId]) {
          expect((await other.handle(restEvent(jobRequest('POST', `/jobs/${id}/status`, 'requestedJobStatus=Cancelled', appId)))).statusCode).toBe(200);
          expect((await other.handle(restEvent(jobRequest('DELETE', `/jobs/${id}`, '', appId)))).statusCode).toBe(204);
          if (id !== jobId) doomedGone++;
        }
      }
    })();
    const listings: string[][] = [];
    try {
      // Three listings at least, and on until the churn has removed a job of the middle (on a busy machine it may start late).
      for (let round = 0; round < 3 || (doomedGone === 0 && round < 50); round++) listings.push(await listAll(query));
    } finally {
      stop = true;
      await churn;
      other.destroy();
    }
    const known = new Set([...before.map((i) => i.JobId!.S!), ...churned]);
    for (const seen of listings) {
      expect(seen.filter((id) => stable.includes(id))).toEqual(stable); // each once, in creation order
      expect([...seen].sort()).toEqual(seen); // ascending JobId
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.every((id) => JOB_ID.test(id))).toBe(true); // never a token reservation
      expect(seen.filter((id) => !known.has(id) || otherTenant.includes(id))).toEqual([]); // never another tenant's job
    }
    // Jobs did come and go during the listings, in the middle of the JobId range too.
    expect(churned.length).toBeGreaterThan(0);
    expect(doomedGone).toBeGreaterThan(0);
  });
});
