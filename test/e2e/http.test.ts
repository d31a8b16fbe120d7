/**
 * End to end over HTTP: serverless-offline (the esbuild bundle, REST API events) in front of DynamoDB Local.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEMO_KEY } from '../../scripts/local-stack';
import { signRequest } from '../../scripts/cos-client';
import { countingClient, getJob, putJob, scanAll } from '../support/dynamodb';
import { parseCosXml } from '../support/xml';

const APPID = '1250000000';
let base: string;
let table: string;
let client: DynamoDBClient;

beforeAll(() => {
  base = process.env.TEST_API_URL!;
  table = process.env.TEST_E2E_TABLE!;
  ({ client } = countingClient());
});
afterAll(() => client.destroy());

/** A request signed with the demo key (as any caller must), for the appid given (default the demo one). */
async function call(method: string, pathAndQuery: string, options: { appId?: string | null } = {}) {
  const [path, rawQuery = ''] = pathAndQuery.split('?');
  const { url, headers } = signRequest({
    method,
    baseUrl: base,
    path: path!,
    query: [...new URLSearchParams(rawQuery)],
    appId: options.appId ?? APPID,
    secretId: DEMO_KEY.secretId,
    secretKey: DEMO_KEY.secretKey,
  });
  const { host: _host, ...sent } = headers;
  if (options.appId === null) delete sent['x-cos-appid'];
  const response = await fetch(url, { method, headers: sent });
  const body = await response.text();
  return { response, body, xml: parseCosXml(body) };
}

function expectCosHeaders(response: Response, error: boolean) {
  expect(response.headers.get('content-type')).toBe('application/xml');
  const requestId = response.headers.get('x-cos-request-id');
  expect(requestId).toMatch(/^[A-Za-z0-9+/]+=*$/);
  expect(response.headers.has('x-cos-trace-id')).toBe(error);
  return requestId;
}

let n = 0;
async function job(status: string): Promise<string> {
  const jobId = `e2e-${status.toLowerCase()}-${++n}`;
  await putJob(client, table, { appId: APPID, jobId, status, extra: { Priority: { N: '1' } } });
  return jobId;
}

it('confirms a Suspended job, reading "+" in the reason as a space', async () => {
  const jobId = await job('Suspended');
  const { response, xml } = await call('POST', `/jobs/${jobId}/status?requestedJobStatus=Ready&statusUpdateReason=looks+good%21`);
  expect(response.status).toBe(200);
  const requestId = expectCosHeaders(response, false);
  expect(xml).toEqual({ root: 'UpdateJobStatusResult', fields: { JobId: jobId, Status: 'Ready', StatusUpdateReason: 'looks good!' } });
  expect(await getJob(client, table, APPID, jobId)).toMatchObject({
    Status: { S: 'Ready' },
    StatusUpdateRequestId: { S: requestId },
    Version: { N: '1' },
    Priority: { N: '1' },
  });
});

it('cancels a running job: it becomes Cancelling', async () => {
  const jobId = await job('Active');
  const { response, xml } = await call('POST', `/jobs/${jobId}/status?requestedJobStatus=Cancelled`);
  expect(response.status).toBe(200);
  expect(xml.fields).toEqual({ JobId: jobId, Status: 'Cancelling', StatusUpdateReason: '' });
});

it('gives every response its own request id', async () => {
  const ids = new Set<string | null>();
  for (let i = 0; i < 5; i++) ids.add((await call('GET', '/nowhere')).response.headers.get('x-cos-request-id'));
  expect(ids.size).toBe(5);
});

describe('each error code over HTTP', () => {
  it.each([
    ['InvalidRequest (no job id)', 'POST', '/jobs//status?requestedJobStatus=Ready', 400, 'InvalidRequest', 'No job ID is provided'],
    ['InvalidArgument (job id)', 'POST', '/jobs/abc/status?requestedJobStatus=Ready', 400, 'InvalidArgument', /job ID must be 5 to 36/],
    ['InvalidArgument (status)', 'POST', '/jobs/e2e-any-00001/status?requestedJobStatus=Paused', 400, 'InvalidArgument', 'The value of the requestedJobStatus parameter must be Cancelled or Ready'],
    ['InvalidArgument (repeated)', 'POST', '/jobs/e2e-any-00001/status?requestedJobStatus=Ready&requestedJobStatus=Cancelled', 400, 'InvalidArgument', /exactly once/],
    ['InvalidArgument (reason)', 'POST', `/jobs/e2e-any-00001/status?requestedJobStatus=Ready&statusUpdateReason=${'x'.repeat(257)}`, 400, 'InvalidArgument', /at most 256 bytes/],
    ['NoSuchJob', 'POST', '/jobs/e2e-missing-1/status?requestedJobStatus=Cancelled', 404, 'NoSuchJob', 'The specified job does not exist or has already been completed'],
    ['MethodNotAllowed', 'GET', '/jobs/e2e-any-00001/status', 405, 'MethodNotAllowed', /not allowed/],
    ['NoSuchResource (unknown path)', 'PUT', '/v20180819/jobs', 404, 'NoSuchResource', 'The specified resource does not exist.'],
    ['NoSuchResource (root)', 'GET', '/', 404, 'NoSuchResource', 'The specified resource does not exist.'],
  ] as const)('%s', async (_name, method, url, status, code, message) => {
    const { response, xml } = await call(method, url);
    expect(response.status).toBe(status);
    expectCosHeaders(response, true);
    expect(xml.root).toBe('Error');
    expect(xml.fields.Code).toBe(code);
    if (typeof message === 'string') expect(xml.fields.Message).toBe(message);
    else expect(xml.fields.Message).toMatch(message);
    expect(xml.fields.Resource).toBe(url.split('?')[0]);
    expect(xml.fields.RequestId).toBe(response.headers.get('x-cos-request-id'));
    expect(xml.fields.TraceId).toBe(response.headers.get('x-cos-trace-id'));
    if (status === 405) expect(response.headers.get('allow')).toBe('POST');
  });

  it('AccessDenied for a signed request whose x-cos-appid was then removed (it is a signed header)', async () => {
    const { response, xml } = await call('POST', '/jobs/e2e-any-00001/status?requestedJobStatus=Ready', { appId: null });
    expect(response.status).toBe(403);
    expect(xml.fields.Code).toBe('SignatureDoesNotMatch');
  });

  it.each([
    ['Active', 'Ready', 'Error with the job status change'],
    ['Complete', 'Cancelled', 'The specified job has already been completed'],
  ])('InvalidRequest for a %s job asked for %s, leaving it as it was', async (status, requested, message) => {
    const jobId = await job(status);
    const before = await getJob(client, table, APPID, jobId);
    const { response, xml } = await call('POST', `/jobs/${jobId}/status?requestedJobStatus=${requested}`);
    expect(response.status).toBe(400);
    expect(xml.fields).toMatchObject({ Code: 'InvalidRequest', Message: message });
    expect(await getJob(client, table, APPID, jobId)).toEqual(before);
  });

  it('InternalError for a corrupt item, with nothing of the cause in the body', async () => {
    const jobId = await job('Exploded');
    const { response, xml, body } = await call('POST', `/jobs/${jobId}/status?requestedJobStatus=Cancelled`);
    expect(response.status).toBe(500);
    expect(xml.fields.Code).toBe('InternalError');
    expect(body).not.toMatch(/Exploded|e2e-jobs|Exception/);
  });
});

it('changes nothing in the table for any refused request', async () => {
  const jobId = await job('Suspended');
  const before = await scanAll(client, table);
  await call('POST', `/jobs/${jobId}/status?requestedJobStatus=Ready`, { appId: 'someone-else' });
  await call('DELETE', `/jobs/${jobId}/status?requestedJobStatus=Ready`);
  await call('POST', `/jobs/${jobId}/status?requestedJobStatus=ready`);
  expect(await scanAll(client, table)).toEqual(before);
});
