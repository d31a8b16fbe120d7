import { readConfig } from '../../lib/config';
import { createRequestIdGenerator } from '../../lib/cos/request-id';

describe('readConfig', () => {
  it('needs JOBS_TABLE', () => {
    expect(readConfig({})).toEqual({ ok: false, problem: expect.stringMatching(/JOBS_TABLE is not set/) });
    expect(readConfig({ JOBS_TABLE: '  ' }).ok).toBe(false);
  });
  it('reads the table, an optional endpoint (empty means none) and the region', () => {
    expect(readConfig({ JOBS_TABLE: 't', DYNAMODB_ENDPOINT: '', AWS_REGION: 'ap-guangzhou' })).toEqual({
      ok: true,
      config: { jobsTable: 't', dynamodbEndpoint: undefined, region: 'ap-guangzhou' },
    });
    expect(readConfig({ JOBS_TABLE: 't', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).toMatchObject({
      config: { dynamodbEndpoint: 'http://127.0.0.1:8000', region: 'us-east-1' },
    });
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
