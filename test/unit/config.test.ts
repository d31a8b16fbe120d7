import { readConfig } from '../../lib/config';
import { createRequestIdGenerator } from '../../lib/cos/request-id';

describe('readConfig', () => {
  it('needs JOBS_TABLE', () => {
    expect(readConfig({})).toEqual({ ok: false, problem: expect.stringMatching(/JOBS_TABLE is not set/) });
    expect(readConfig({ JOBS_TABLE: '  ' }).ok).toBe(false);
  });
  it('reads the table, an optional endpoint (empty means none), the region, and turns signatures on by default', () => {
    expect(readConfig({ JOBS_TABLE: 't', CREDENTIALS_TABLE: 'c', DYNAMODB_ENDPOINT: '', AWS_REGION: 'ap-guangzhou' })).toEqual({
      ok: true,
      config: {
        jobsTable: 't',
        dynamodbEndpoint: undefined,
        region: 'ap-guangzhou',
        jobRetentionDays: 90,
        auth: { mode: 'cos', credentialsTable: 'c', keyCacheSeconds: 60 },
      },
    });
  });
  it('reads JOB_RETENTION_DAYS: whole days from 1 to 3650', () => {
    const env = { JOBS_TABLE: 't', AUTH_MODE: 'none' };
    expect(readConfig({ ...env, JOB_RETENTION_DAYS: '7' })).toMatchObject({ config: { jobRetentionDays: 7 } });
    for (const bad of ['0', '3651', '1.5', 'x']) {
      expect(readConfig({ ...env, JOB_RETENTION_DAYS: bad })).toEqual({ ok: false, problem: expect.stringMatching(/JOB_RETENTION_DAYS/) });
    }
    expect(readConfig({ JOBS_TABLE: 't', AUTH_MODE: 'none', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).toMatchObject({
      config: { dynamodbEndpoint: 'http://127.0.0.1:8000', region: 'us-east-1', auth: { mode: 'none' } },
    });
  });

  it('refuses to start without a credentials table (unless AUTH_MODE=none), or with an unknown AUTH_MODE or cache time', () => {
    expect(readConfig({ JOBS_TABLE: 't' })).toEqual({ ok: false, problem: expect.stringMatching(/CREDENTIALS_TABLE is not set/) });
    expect(readConfig({ JOBS_TABLE: 't', AUTH_MODE: 'off' })).toEqual({ ok: false, problem: expect.stringMatching(/AUTH_MODE must be/) });
    expect(readConfig({ JOBS_TABLE: 't', CREDENTIALS_TABLE: 'c', KEY_CACHE_SECONDS: '61' }).ok).toBe(false);
    expect(readConfig({ JOBS_TABLE: 't', CREDENTIALS_TABLE: 'c', KEY_CACHE_SECONDS: '2' })).toMatchObject({ config: { auth: { keyCacheSeconds: 2 } } });
  });
});

describe('request ids', () => {
  it('are unique, base64 of "<hex seconds>_<container>_<hex counter>"', () => {
    const next = createRequestIdGenerator('c0ffee');
    const ids = Array.from({ length: 10_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Buffer.from(ids[0]!, 'base64').toString()).toMatch(/^[0-9a-f]{8}_c0ffee_1$/);
  });
  it('differ between containers', () => {
    expect(createRequestIdGenerator()()).not.toBe(createRequestIdGenerator()());
  });
});
