/**
 * Database faults through the real handler and the deployed db.client settings (timeouts, retries): every fault is
 * answered in COS XML within the function's timeout, never with a false 200, with the cause in the log.
 */
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { createDynamoDbClient } from '../../lib/store/dynamodb/client';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { freePort } from '../../scripts/local-stack';
import { getJob, putJob, testEndpoint, useTestTable } from '../support/dynamodb';
import { APPID, restEvent, updateRequest } from '../support/events';
import { FakeDynamoDb, FaultProxy } from '../support/faults';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

/** serverless.yml: the function's timeout. */
const FUNCTION_TIMEOUT_MS = 10_000;

const db = useTestTable();
let proxy: Awaited<ReturnType<typeof FaultProxy.start>>;

beforeAll(async () => {
  proxy = await FaultProxy.start(testEndpoint());
});
afterAll(async () => {
  await proxy.stop();
});
beforeEach(() => (proxy.mode = { kind: 'pass' }));

/** A handler as deployed (fresh db.client, so no pooled connection survives from another test) against `endpoint`. */
function handlerAt(endpoint: string, tableName = db.name) {
  const logger = new RecordingLogger();
  const dbClient = createDynamoDbClient({ dynamodbEndpoint: endpoint, region: 'us-east-1' });
  const handle = createApp({ auth: 'none', store: new DynamoDbJobStore(dbClient, tableName), logger, newRequestId: createRequestIdGenerator('fault') });
  return {
    logger,
    async send(jobId: string, requested: 'Ready' | 'Cancelled') {
      const started = Date.now();
      const result = await handle(restEvent(updateRequest(jobId, requested)));
      return { result, elapsed: Date.now() - started, fields: parseCosXml(result.body).fields };
    },
    destroy: () => dbClient.destroy(),
  };
}

let n = 0;
async function freshJob(status: string): Promise<string> {
  const jobId = `fault-${++n}`;
  await putJob(db.client, db.name, { appId: APPID, jobId, status });
  return jobId;
}

it('unreachable (nothing listens on the port): 503 ServiceUnavailable, quickly, cause logged', async () => {
  const h = handlerAt(`http://127.0.0.1:${await freePort()}`);
  const { result, elapsed, fields } = await h.send('job-00001', 'Ready');
  expect([result.statusCode, fields.Code]).toEqual([503, 'ServiceUnavailable']);
  expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MS);
  expect(h.logger.lines[0]!.attributes).toMatchObject({ cause: expect.stringMatching(/ECONNREFUSED/), appId: APPID, jobId: 'job-00001' });
  h.destroy();
});

it('silent (accepts, never answers): 503 ServiceUnavailable within the function timeout', async () => {
  const jobId = await freshJob('Suspended');
  proxy.mode = { kind: 'silent' };
  const h = handlerAt(proxy.endpoint);
  const { result, elapsed, fields } = await h.send(jobId, 'Ready');
  expect([result.statusCode, fields.Code]).toEqual([503, 'ServiceUnavailable']);
  expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MS);
  expect(h.logger.lines[0]!.attributes.cause).toMatch(/Timeout/i);
  expect((await getJob(db.client, db.name, APPID, jobId))!.Status).toEqual({ S: 'Suspended' });
  h.destroy();
}, 30_000);

it('slow (300 ms per answer): still answered, 200', async () => {
  const jobId = await freshJob('Suspended');
  proxy.mode = { kind: 'delay', ms: 300 };
  const h = handlerAt(proxy.endpoint);
  const { result, elapsed } = await h.send(jobId, 'Ready');
  expect(result.statusCode).toBe(200);
  expect(elapsed).toBeGreaterThanOrEqual(300);
  h.destroy();
});

it.each([
  ['ProvisionedThroughputExceededException', 400, 503, 'SlowDown'],
  ['ThrottlingException', 400, 503, 'SlowDown'],
  ['InternalServerError', 500, 503, 'ServiceUnavailable'],
  ['ServiceUnavailable', 503, 503, 'ServiceUnavailable'],
  ['AccessDeniedException', 400, 500, 'InternalError'],
] as const)('database answers %s (HTTP %i): %i %s, retried only when retryable', async (type, httpStatus, status, code) => {
  const fake = await FakeDynamoDb.start(httpStatus, type);
  const h = handlerAt(fake.endpoint);
  const { result, elapsed, fields } = await h.send('job-00001', 'Cancelled');
  expect([result.statusCode, fields.Code]).toEqual([status, code]);
  expect(result.body).not.toMatch(/injected|dynamodb|Exception/i);
  expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MS);
  expect(fake.requests).toBe(code === 'InternalError' ? 1 : 3);
  expect(h.logger.lines[0]).toMatchObject({ level: 'error', attributes: { cause: expect.stringContaining(type) } });
  h.destroy();
  await fake.stop();
});

it('a missing table: 500 InternalError, the table name nowhere in the answer', async () => {
  const h = handlerAt(testEndpoint(), 'no-such-table-xyz');
  const { result, fields } = await h.send('job-00001', 'Ready');
  expect([result.statusCode, fields.Code]).toEqual([500, 'InternalError']);
  expect(result.body).not.toMatch(/no-such-table/);
  h.destroy();
});

it('a lost answer after the write happened: the SDK retry is recognised as this request’s own write, 200, Version +1 once', async () => {
  const jobId = await freshJob('Suspended');
  proxy.mode = { kind: 'drop-responses', connections: 1 };
  const h = handlerAt(proxy.endpoint);
  const { result, elapsed, fields } = await h.send(jobId, 'Ready');
  expect([result.statusCode, fields.Status]).toEqual([200, 'Ready']);
  expect(elapsed).toBeLessThan(FUNCTION_TIMEOUT_MS);
  const item = (await getJob(db.client, db.name, APPID, jobId))!;
  expect(item).toMatchObject({ Status: { S: 'Ready' }, Version: { N: '1' }, StatusUpdateRequestId: { S: result.headers['x-cos-request-id'] } });
  h.destroy();
}, 30_000);

it('every answer lost: 503 (never a guessed 200); a retry by the caller is answered from the real state', async () => {
  const jobId = await freshJob('Suspended');
  proxy.mode = { kind: 'drop-responses', connections: 3 };
  const h = handlerAt(proxy.endpoint);
  const first = await h.send(jobId, 'Ready');
  expect([first.result.statusCode, first.fields.Code]).toEqual([503, 'ServiceUnavailable']);
  expect(first.elapsed).toBeLessThan(FUNCTION_TIMEOUT_MS);
  // The first attempt's write did happen: the job is Ready. The caller's retry (a new request) learns it from the job.
  expect((await getJob(db.client, db.name, APPID, jobId))!.Status).toEqual({ S: 'Ready' });
  const retry = await h.send(jobId, 'Ready');
  expect([retry.result.statusCode, retry.fields.Code, retry.fields.Message]).toEqual([400, 'InvalidRequest', 'Error with the job status change']);
  h.destroy();
}, 30_000);
