/**
 * The composition root itself (handlers/http.ts), configured from the environment as Lambda would, driven by the
 * sample events in test/fixtures/events (the same files `serverless invoke local --path` takes).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_JOBS } from '../../scripts/demo-jobs';
import { getJob, putJob, testEndpoint, useTestTable } from '../support/dynamodb';
import { parseCosXml } from '../support/xml';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'events', name), 'utf8'));

type Handler = (event: unknown, context?: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

function loadHandler(env: Record<string, string | undefined>): Handler {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let handler!: Handler;
  try {
    jest.isolateModules(() => {
      handler = require('../../handlers/http').handler;
    });
  } finally {
    process.env = saved;
  }
  return handler;
}

const db = useTestTable();
beforeAll(async () => {
  for (const job of DEMO_JOBS) await putJob(db.client, db.name, job);
});

describe('handlers/http.ts with the sample events', () => {
  let handler: Handler;
  beforeAll(() => {
    handler = loadHandler({ JOBS_TABLE: db.name, AUTH_MODE: 'none', DYNAMODB_ENDPOINT: testEndpoint(), POWERTOOLS_LOG_LEVEL: 'SILENT' });
  });

  it('rest-v1-confirm.json confirms the demo Suspended job', async () => {
    const result = await handler(fixture('rest-v1-confirm.json'), { awsRequestId: 'invoke-1' });
    expect(result.statusCode).toBe(200);
    expect(parseCosXml(result.body).fields).toEqual({
      JobId: 'demo-suspended-0001',
      Status: 'Ready',
      StatusUpdateReason: 'confirmed by me',
    });
    expect((await getJob(db.client, db.name, '1250000000', 'demo-suspended-0001'))!.Status).toEqual({ S: 'Ready' });
  });

  it('http-v2-cancel.json cancels the demo Active job (it becomes Cancelling)', async () => {
    const result = await handler(fixture('http-v2-cancel.json'));
    expect(result.statusCode).toBe(200);
    expect(parseCosXml(result.body).fields).toMatchObject({ Status: 'Cancelling', StatusUpdateReason: 'no longer needed' });
  });

  it('rest-v1-bad-status.json is refused with InvalidArgument', async () => {
    const result = await handler(fixture('rest-v1-bad-status.json'));
    expect(result.statusCode).toBe(400);
    expect(parseCosXml(result.body).fields.Code).toBe('InvalidArgument');
  });

  it('http-v2-unknown-path.json is answered 404 in COS XML', async () => {
    const result = await handler(fixture('http-v2-unknown-path.json'));
    expect(result.statusCode).toBe(404);
    expect(result.headers['Content-Type']).toBe('application/xml');
    expect(parseCosXml(result.body).fields.Code).toBe('NoSuchResource');
  });
});

describe('handlers/http.ts misconfigured', () => {
  it('logs one line at cold start, then answers every request 500 InternalError in XML when JOBS_TABLE is missing', async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
    let handler: Handler;
    try {
      handler = loadHandler({ JOBS_TABLE: undefined, POWERTOOLS_LOG_LEVEL: 'INFO' });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // One clear line at cold start, naming the problem.
    const coldStart = written.map((line) => JSON.parse(line));
    expect(coldStart).toEqual([
      expect.objectContaining({ level: 'ERROR', message: expect.stringMatching(/Misconfigured/), problem: expect.stringMatching(/JOBS_TABLE is not set/) }),
    ]);
    for (const name of ['rest-v1-confirm.json', 'http-v2-unknown-path.json', 'rest-v1-confirm.json']) {
      const result = await handler(fixture(name));
      expect(result.statusCode).toBe(500);
      expect(parseCosXml(result.body).fields.Code).toBe('InternalError');
    }
  });
});
