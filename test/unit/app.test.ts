import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { COS_ERRORS, isCosErrorCode } from '../../lib/cos/errors';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { StoreError, type JobStore } from '../../lib/store/job-store';
import { APPID, PAYLOAD_FORMATS, updateRequest, type RequestSpec } from '../support/events';
import { MemoryJobStore } from '../support/memory-store';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

/** A store whose every call fails with `error`. */
function failingStore(error: Error): JobStore {
  const fail = () => Promise.reject(error);
  return { changeStatus: fail, createJob: fail, getJob: fail, listJobs: fail, changePriority: fail, deleteJob: fail, getJobTags: fail, putJobTags: fail };
}

function setup(store: JobStore | undefined) {
  const logger = new RecordingLogger();
  const handle = createApp({ auth: 'none', store, logger, newRequestId: createRequestIdGenerator('test'), now: () => new Date('2026-11-28T12:00:00Z') });
  return { handle, logger, store };
}

describe.each(PAYLOAD_FORMATS)('the handler, %s', (_format, toEvent) => {
  const send = (handle: ReturnType<typeof setup>['handle'], spec: RequestSpec) => handle(toEvent(spec), { awsRequestId: 'lambda-1' });

  it('confirms a Suspended job: 200, COS XML, request id header, one log line', async () => {
    const store = new MemoryJobStore();
    store.put(APPID, 'job-00001', { Status: 'Suspended' });
    const { handle, logger } = setup(store);
    const result = await send(handle, updateRequest('job-00001', 'Ready', { reason: 'go ahead' }));
    expect(result.statusCode).toBe(200);
    expect(result.headers['Content-Type']).toBe('application/xml');
    expect(result.isBase64Encoded).toBe(false);
    expect(parseCosXml(result.body)).toEqual({
      root: 'UpdateJobStatusResult',
      fields: { JobId: 'job-00001', Status: 'Ready', StatusUpdateReason: 'go ahead' },
    });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toEqual({
      level: 'info',
      message: 'request',
      attributes: {
        requestId: result.headers['x-cos-request-id'],
        lambdaRequestId: 'lambda-1',
        dialect: 'cos',
        gatewayRequestId: expect.any(String),
        payloadFormat: _format.endsWith('1.0') ? '1.0' : '2.0',
        operation: 'UpdateJobStatus',
        appId: APPID,
        jobId: 'job-00001',
        requestedJobStatus: 'Ready',
        writes: 1,
        from: 'Suspended',
        to: 'Ready',
        status: 200,
        latencyMs: expect.any(Number),
      },
    });
  });

  it.each([
    ['an unknown path', { path: '/buckets', method: 'GET' }, 404, 'NoSuchResource'],
    ['another method on the job path', { ...updateRequest('job-00001', 'Ready'), method: 'PUT' }, 405, 'MethodNotAllowed'],
    ['no job id', { ...updateRequest('job-00001', 'Ready'), path: '/jobs//status' }, 400, 'InvalidRequest'],
    ['a bad status', updateRequest('job-00001', 'Paused'), 400, 'InvalidArgument'],
    ['no appid', { ...updateRequest('job-00001', 'Ready'), headers: {} }, 400, 'InvalidArgument'],
  ] as const)('answers %s with COS XML and makes no database request', async (_name, spec, status, code) => {
    const store = new MemoryJobStore();
    store.put(APPID, 'job-00001', { Status: 'Suspended' });
    const { handle, logger } = setup(store);
    const result = await send(handle, spec);
    expect(result.statusCode).toBe(status);
    expect(result.headers['Content-Type']).toBe('application/xml');
    const { root, fields } = parseCosXml(result.body);
    expect(root).toBe('Error');
    expect(fields.Code).toBe(code);
    expect(fields.Resource).toBe(spec.path);
    expect(fields.RequestId).toBe(result.headers['x-cos-request-id']);
    expect(fields.TraceId).toBe(result.headers['x-cos-trace-id']);
    expect(store.calls).toHaveLength(0);
    expect(store.get(APPID, 'job-00001')).toEqual({ Status: 'Suspended' });
    expect(logger.lines[0]!.attributes).toMatchObject({ errorCode: code, status });
    if (status === 405) expect(result.headers.Allow).toBe('POST');
  });

  it.each([
    ['Active', 'Ready', 400, 'InvalidRequest', 'Error with the job status change'],
    ['Complete', 'Cancelled', 400, 'InvalidRequest', 'The specified job has already been completed'],
    ['Running?', 'Cancelled', 500, 'InternalError', 'We encountered an internal error. Please try again.'],
  ] as const)('answers a %s job asked for %s with %i %s', async (current, requested, status, code, message) => {
    const store = new MemoryJobStore();
    store.put(APPID, 'job-00001', { Status: current });
    const { handle } = setup(store);
    const result = await send(handle, updateRequest('job-00001', requested));
    expect(result.statusCode).toBe(status);
    expect(parseCosXml(result.body).fields).toMatchObject({ Code: code, Message: message });
  });

  it('answers another appid’s job exactly like a missing one', async () => {
    const store = new MemoryJobStore();
    store.put('someone-else', 'job-00001', { Status: 'Suspended' });
    const { handle } = setup(store);
    const other = await send(handle, updateRequest('job-00001', 'Ready'));
    const missing = await send(handle, updateRequest('job-99999', 'Ready'));
    for (const result of [other, missing]) {
      expect(result.statusCode).toBe(404);
      expect(parseCosXml(result.body).fields).toMatchObject({
        Code: 'NoSuchJob',
        Message: 'The specified job does not exist or has already been completed',
      });
    }
    expect(store.get('someone-else', 'job-00001')).toEqual({ Status: 'Suspended' });
  });

  it.each([
    ['throttled', 503, 'SlowDown'],
    ['unavailable', 503, 'ServiceUnavailable'],
    ['failed', 500, 'InternalError'],
  ] as const)('answers a %s database with %i %s, logging the cause but not showing it', async (failure, status, code) => {
    const store = failingStore(new StoreError(failure, 'SecretishSdkError'));
    const { handle, logger } = setup(store);
    const result = await send(handle, updateRequest('job-00001', 'Ready'));
    expect(result.statusCode).toBe(status);
    expect(parseCosXml(result.body).fields.Code).toBe(code);
    expect(result.body).not.toMatch(/SecretishSdkError|Error:|\bat /);
    expect(logger.lines[0]).toMatchObject({ level: 'error', attributes: { cause: 'SecretishSdkError', errorCode: code } });
  });

  it('answers an unexpected exception with 500 InternalError and no stack trace', async () => {
    const store = failingStore(new TypeError('boom at /var/task/x.js:1'));
    const { handle } = setup(store);
    const result = await send(handle, updateRequest('job-00001', 'Cancelled'));
    expect(result.statusCode).toBe(500);
    expect(parseCosXml(result.body).fields.Code).toBe('InternalError');
    expect(result.body).not.toMatch(/boom|var\/task|TypeError/);
  });

  it('answers every request 500 when the container is misconfigured', async () => {
    const { handle } = setup(undefined);
    for (const spec of [updateRequest('job-00001', 'Ready'), { path: '/nope' }]) {
      const result = await send(handle, spec);
      expect(result.statusCode).toBe(500);
      expect(parseCosXml(result.body).fields.Code).toBe('InternalError');
    }
  });
});

describe('the handler on arbitrary events (property)', () => {
  it('never throws, and answers a catalogued COS error or success as well-formed XML', async () => {
    const store = new MemoryJobStore();
    store.put(APPID, 'job-00001', { Status: 'Suspended' });
    const { handle } = setup(store);
    const anyEvent = fc.oneof(
      fc.anything(),
      fc.record(
        { httpMethod: fc.string(), path: fc.string(), headers: fc.dictionary(fc.string(), fc.anything()), multiValueQueryStringParameters: fc.anything() },
        { requiredKeys: [] },
      ),
      fc.record({
        version: fc.constant('2.0'),
        rawPath: fc.oneof(fc.string(), fc.constant('/jobs/job-00001/status')),
        rawQueryString: fc.string(),
        headers: fc.dictionary(fc.string(), fc.string()),
        requestContext: fc.record({ http: fc.record({ method: fc.constantFrom('POST', 'GET', 'post', '') }) }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(anyEvent, async (event) => {
        const result = await handle(event);
        expect(result.headers['Content-Type']).toBe('application/xml');
        const { root, fields } = parseCosXml(result.body);
        if (result.statusCode === 200) return expect(root).toBe('UpdateJobStatusResult');
        expect(root).toBe('Error');
        expect(isCosErrorCode(fields.Code)).toBe(true);
        expect(result.statusCode).toBe(COS_ERRORS[fields.Code as keyof typeof COS_ERRORS].status);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the handler with request signatures on', () => {
  const KEY = { secretId: 'AKIDunit', secretKey: 'unit-secret-key', appId: APPID };
  const keys = { find: async (id: string) => (id === KEY.secretId ? { ...KEY, status: 'Active' } : undefined) };

  function signedEvent(secretKey = KEY.secretKey) {
    const { signRequest } = require('../../scripts/cos-client') as typeof import('../../scripts/cos-client');
    const { url, headers } = signRequest({
      method: 'POST',
      baseUrl: 'https://batch.example.com',
      path: '/jobs/job-00001/status',
      query: [['requestedJobStatus', 'Ready']],
      appId: APPID,
      secretId: KEY.secretId,
      secretKey,
    });
    return PAYLOAD_FORMATS[1][1]({ path: '/jobs/job-00001/status', rawQuery: new URL(url).search.slice(1), headers });
  }

  function setupWithAuth() {
    const store = new MemoryJobStore();
    store.put(APPID, 'job-00001', { Status: 'Suspended' });
    const logger = new RecordingLogger();
    const handle = createApp({ store, auth: { keys }, logger, newRequestId: createRequestIdGenerator('auth') });
    return { store, logger, handle };
  }

  it('answers a signed request, logging the SecretId', async () => {
    const { handle, logger } = setupWithAuth();
    const result = await handle(signedEvent());
    expect(result.statusCode).toBe(200);
    expect(logger.lines[0]!.attributes).toMatchObject({ keyId: 'AKIDunit', to: 'Ready' });
  });

  it('refuses a bad signature before the job store is touched, logging why but never the secret', async () => {
    const { handle, logger, store } = setupWithAuth();
    const result = await handle(signedEvent('wrong'));
    expect(result.statusCode).toBe(403);
    expect(parseCosXml(result.body).fields.Code).toBe('SignatureDoesNotMatch');
    expect(store.calls).toHaveLength(0);
    expect(logger.lines[0]!.attributes).toMatchObject({ keyId: 'AKIDunit', authFailure: 'signature', errorCode: 'SignatureDoesNotMatch' });
    expect(JSON.stringify(logger.lines)).not.toContain(KEY.secretKey);
    expect(result.body).not.toContain(KEY.secretKey);
  });

  it('refuses an unsigned request to any path, even an unknown one (authentication comes first)', async () => {
    const { handle } = setupWithAuth();
    for (const spec of [updateRequest('job-00001', 'Ready'), { path: '/nowhere', method: 'GET' }]) {
      const result = await handle(PAYLOAD_FORMATS[0][1](spec));
      expect([result.statusCode, parseCosXml(result.body).fields.Code]).toEqual([403, 'AccessDenied']);
    }
  });

  it('answers a credentials-table failure with 503, not 403', async () => {
    const store = new MemoryJobStore();
    const handle = createApp({
      store,
      auth: { keys: { find: () => Promise.reject(new StoreError('unavailable', 'TimeoutError')) } },
      logger: new RecordingLogger(),
      newRequestId: createRequestIdGenerator('auth'),
    });
    const result = await handle(signedEvent());
    expect([result.statusCode, parseCosXml(result.body).fields.Code]).toEqual([503, 'ServiceUnavailable']);
  });
});
