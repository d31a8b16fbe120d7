/**
 * Request signatures end to end: the official COS Node SDK (cos-nodejs-sdk-v5) as the caller, serverless-offline,
 * and the credentials table in DynamoDB Local.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import COS from 'cos-nodejs-sdk-v5';
import { sendSigned, type SignedRequestInput } from '../../scripts/cos-client';
import { DEMO_KEY, newKey, putKey } from '../../scripts/local-stack';
import { countingClient, getJob, putJob } from '../support/dynamodb';
import { E2E_KEY_CACHE_SECONDS as KEY_CACHE_SECONDS } from '../support/stack';
import { parseCosXml } from '../support/xml';

const APPID = DEMO_KEY.appId;
let base: string;
let jobs: string;
let credentials: string;
let client: DynamoDBClient;
let n = 0;

beforeAll(() => {
  base = process.env.TEST_API_URL!;
  jobs = process.env.TEST_E2E_TABLE!;
  credentials = process.env.TEST_E2E_CREDENTIALS_TABLE!;
  ({ client } = countingClient());
});
afterAll(() => client.destroy());

async function job(status: string): Promise<string> {
  const jobId = `auth-${status.toLowerCase()}-${++n}`;
  await putJob(client, jobs, { appId: APPID, jobId, status });
  return jobId;
}

interface SdkAnswer {
  statusCode?: number;
  RequestId?: string;
  UpdateJobStatusResult?: Record<string, string>;
  err?: { statusCode?: number; code?: string; message?: string };
}

function sdkRequest(cos: COS, jobId: string, query: Record<string, string>, headers: Record<string, string> = {}): Promise<SdkAnswer> {
  return new Promise((resolve) => {
    cos.request(
      { Method: 'POST', Url: `${base}/jobs/${jobId}/status`, Query: query, Headers: { 'x-cos-appid': APPID, ...headers } },
      (err, data) => resolve(err ? { err: err as SdkAnswer['err'] } : (data as SdkAnswer)),
    );
  });
}

describe('with the official COS Node SDK as the caller', () => {
  it('a signed request is answered 200 and changes the job', async () => {
    const jobId = await job('Active');
    const cos = new COS({ SecretId: DEMO_KEY.secretId, SecretKey: DEMO_KEY.secretKey, Protocol: 'http:' });
    const result = await sdkRequest(cos, jobId, { requestedJobStatus: 'Cancelled', statusUpdateReason: 'via the SDK' });
    expect(result.err).toBeUndefined();
    expect(result.statusCode).toBe(200);
    // The SDK parses the XML body itself, and reads the request id from x-cos-request-id.
    expect(result.UpdateJobStatusResult).toEqual({ JobId: jobId, Status: 'Cancelling', StatusUpdateReason: 'via the SDK' });
    expect(result.RequestId).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await getJob(client, jobs, APPID, jobId))!.Status).toEqual({ S: 'Cancelling' });
  });

  it('a wrong secret reaches the SDK as SignatureDoesNotMatch, and nothing changes', async () => {
    const jobId = await job('Suspended');
    const cos = new COS({ SecretId: DEMO_KEY.secretId, SecretKey: 'wrong-secret', Protocol: 'http:' });
    const result = await sdkRequest(cos, jobId, { requestedJobStatus: 'Ready' });
    expect(result.err?.statusCode).toBe(403);
    expect(result.err?.code).toBe('SignatureDoesNotMatch');
    expect((await getJob(client, jobs, APPID, jobId))!.Status).toEqual({ S: 'Suspended' });
  });
});

describe('refusals as the SDK sees them', () => {
  const sdk = (options: { SecretId?: string; SecretKey?: string; SystemClockOffset?: number }) =>
    new COS({ SecretId: DEMO_KEY.secretId, SecretKey: DEMO_KEY.secretKey, Protocol: 'http:', CorrectClockSkew: false, ...options });

  it.each([
    ['an unknown key', () => sdk({ SecretId: 'AKIDnobody00000000000000000000000000' }), {}, 'InvalidAccessKeyId'],
    ['a clock 2,000 s slow (the signature expired)', () => sdk({ SystemClockOffset: -2_000_000 }), {}, 'AccessDenied'],
    ['a Date header 20 minutes off', () => sdk({}), { Date: new Date(Date.now() - 20 * 60_000).toUTCString() }, 'RequestTimeTooSkewed'],
  ] as const)('%s: err.code %s, nothing written', async (_name, make, headers, code) => {
    const jobId = await job('Suspended');
    const result = await sdkRequest(make(), jobId, { requestedJobStatus: 'Ready' }, headers);
    expect([result.err?.statusCode, result.err?.code]).toEqual([403, code]);
    expect((await getJob(client, jobs, APPID, jobId))!.Status).toEqual({ S: 'Suspended' });
  });

  it('a key of another appid: err.code AccessDenied', async () => {
    const other = newKey('1999999999');
    await putKey(client, credentials, other);
    const result = await sdkRequest(sdk({ SecretId: other.secretId, SecretKey: other.secretKey }), await job('Suspended'), { requestedJobStatus: 'Ready' });
    expect([result.err?.statusCode, result.err?.code]).toEqual([403, 'AccessDenied']);
  });
});

describe('each refusal over HTTP', () => {
  const signed = (jobId: string, overrides: Partial<SignedRequestInput> = {}) =>
    sendSigned({
      method: 'POST',
      baseUrl: base,
      path: `/jobs/${jobId}/status`,
      query: [['requestedJobStatus', 'Ready'], ['statusUpdateReason', 'spaces sent as plus']],
      appId: APPID,
      secretId: DEMO_KEY.secretId,
      secretKey: DEMO_KEY.secretKey,
      ...overrides,
    });

  it('verifies a query whose spaces are sent as "+" (as the COS Go SDK sends them)', async () => {
    const jobId = await job('Suspended');
    const { status, body } = await signed(jobId);
    expect(status).toBe(200);
    expect(parseCosXml(body).fields.StatusUpdateReason).toBe('spaces sent as plus');
  });

  it.each([
    ['no signature', async (jobId: string) => fetch(`${base}/jobs/${jobId}/status?requestedJobStatus=Ready`, { method: 'POST', headers: { 'x-cos-appid': APPID } }).then(async (r) => ({ status: r.status, body: await r.text() })), 'AccessDenied', 'Access Denied.'],
    ['an unknown key', (jobId: string) => signed(jobId, { secretId: 'AKIDnobody00000000000000000000000000' }), 'InvalidAccessKeyId', 'The Access Key Id you provided does not exist in our records.'],
    ['a wrong signature', (jobId: string) => signed(jobId, { secretKey: 'not-the-key' }), 'SignatureDoesNotMatch', 'The Signature you specified is invalid.'],
    ['an expired window', (jobId: string) => signed(jobId, { now: Math.floor(Date.now() / 1000) - 1000, expires: 60 }), 'AccessDenied', 'Request has expired'],
    ['a window over an hour', (jobId: string) => signed(jobId, { expires: 7200 }), 'AccessDenied', 'The q-sign-time window must not be longer than 3600 seconds.'],
    ['a Date header 20 minutes off', (jobId: string) => signed(jobId, { headers: { date: new Date(Date.now() - 20 * 60_000).toUTCString() } }), 'RequestTimeTooSkewed', "The difference between the request time and the server's time is too large."],
  ] as const)('%s: 403 %s, nothing written', async (_name, send, code, message) => {
    const jobId = await job('Suspended');
    const { status, body } = await send(jobId);
    expect(status).toBe(403);
    const { fields } = parseCosXml(body);
    expect(fields).toMatchObject({ Code: code, Message: message });
    expect(body).not.toContain(DEMO_KEY.secretKey);
    expect((await getJob(client, jobs, APPID, jobId))!.Status).toEqual({ S: 'Suspended' });
  });

  it('a key used for another appid: 403 AccessDenied', async () => {
    const other = newKey('1999999999');
    await putKey(client, credentials, other);
    const jobId = await job('Suspended');
    const { status, body } = await signed(jobId, { secretId: other.secretId, secretKey: other.secretKey });
    expect(status).toBe(403);
    expect(parseCosXml(body).fields).toMatchObject({ Code: 'AccessDenied', Message: 'Access Denied.' });
  });

  it(`a disabled key stops working once the cache time (${KEY_CACHE_SECONDS} s here, 60 s deployed) has passed`, async () => {
    const key = newKey(APPID);
    await putKey(client, credentials, key);
    const withKey = async () => signed(await job('Suspended'), { secretId: key.secretId, secretKey: key.secretKey });
    expect((await withKey()).status).toBe(200);
    await putKey(client, credentials, { ...key, status: 'Disabled' });
    await new Promise((r) => setTimeout(r, KEY_CACHE_SECONDS * 1000 + 500));
    const after = await withKey();
    expect(after.status).toBe(403);
    expect(parseCosXml(after.body).fields.Code).toBe('InvalidAccessKeyId');
  });
});
