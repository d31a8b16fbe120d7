/**
 * The runner's configuration (docs/runner.md "Configuration"; shared/spec/runner.md §4 and §7): every number has its
 * documented default and bounds, and a value out of them refuses to start with a message naming the variable.
 */
import { readRunnerConfig } from '../../lib/runner/config';

const REQUIRED = { JOBS_TABLE: 'jobs', RUNNER_QUEUE_URL: 'http://localhost:9324/000000000000/runner' };

function config(env: Record<string, string | undefined>) {
  const result = readRunnerConfig(env);
  if (!result.ok) throw new Error(`unexpected problem: ${result.problem}`);
  return result.config;
}
const problem = (env: Record<string, string | undefined>) => {
  const result = readRunnerConfig(env);
  return result.ok ? undefined : result.problem;
};

describe('readRunnerConfig: defaults', () => {
  it('gives every documented default from the two required variables alone', () => {
    expect(readRunnerConfig(REQUIRED)).toStrictEqual({
      ok: true,
      config: {
        jobsTable: 'jobs',
        dynamodbEndpoint: undefined,
        region: 'us-east-1',
        jobRetentionDays: 90,
        queueUrl: 'http://localhost:9324/000000000000/runner',
        sqsEndpoint: undefined,
        storage: { endpoint: undefined, forcePathStyle: false },
        maxActiveJobs: 4, // runner.md §4
        chunkSize: 100,
        window: 8,
        taskConcurrency: 16,
        leaseSeconds: 120,
        storageTimeoutMs: 30_000,
      },
    });
  });

  it('treats empty and blank values as unset', () => {
    const c = config({ ...REQUIRED, RUNNER_MAX_ACTIVE_JOBS: '', RUNNER_CHUNK_SIZE: '  ', JOB_RETENTION_DAYS: '', S3_ENDPOINT: '', S3_ACCESS_KEY_ID: ' ', S3_SECRET_ACCESS_KEY: '' });
    expect([c.maxActiveJobs, c.chunkSize, c.jobRetentionDays]).toEqual([4, 100, 90]);
    expect(c.storage).toStrictEqual({ endpoint: undefined, forcePathStyle: false });
  });
});

describe('readRunnerConfig: values given', () => {
  it('reads every variable, trimmed', () => {
    expect(
      config({
        JOBS_TABLE: ' jobs-dev ',
        RUNNER_QUEUE_URL: ' http://q ',
        DYNAMODB_ENDPOINT: 'http://localhost:8000',
        AWS_REGION: 'ap-guangzhou',
        JOB_RETENTION_DAYS: '30',
        SQS_ENDPOINT: 'http://localhost:9324',
        S3_ENDPOINT: 'http://127.0.0.1:4569',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        RUNNER_MAX_ACTIVE_JOBS: ' 2 ',
        RUNNER_CHUNK_SIZE: '10',
        RUNNER_WINDOW: '3',
        RUNNER_TASK_CONCURRENCY: '4',
        RUNNER_LEASE_SECONDS: '720',
        RUNNER_STORAGE_TIMEOUT_MS: '5000',
      }),
    ).toStrictEqual({
      jobsTable: 'jobs-dev',
      dynamodbEndpoint: 'http://localhost:8000',
      region: 'ap-guangzhou',
      jobRetentionDays: 30,
      queueUrl: 'http://q',
      sqsEndpoint: 'http://localhost:9324',
      storage: { endpoint: 'http://127.0.0.1:4569', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
      maxActiveJobs: 2,
      chunkSize: 10,
      window: 3,
      taskConcurrency: 4,
      leaseSeconds: 720,
      storageTimeoutMs: 5000,
    });
  });

  it('falls back to AWS_DEFAULT_REGION', () => {
    expect(config({ ...REQUIRED, AWS_DEFAULT_REGION: 'eu-west-3' }).region).toBe('eu-west-3');
    expect(config({ ...REQUIRED, AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-3' }).region).toBe('us-west-2');
  });

  it('turns path style on with an endpoint, unless S3_FORCE_PATH_STYLE says otherwise', () => {
    expect(config({ ...REQUIRED, S3_ENDPOINT: 'http://s3' }).storage.forcePathStyle).toBe(true);
    expect(config({ ...REQUIRED, S3_ENDPOINT: 'http://s3', S3_FORCE_PATH_STYLE: 'false' }).storage.forcePathStyle).toBe(false);
    expect(config({ ...REQUIRED, S3_FORCE_PATH_STYLE: 'true' }).storage.forcePathStyle).toBe(true);
  });

  it.each([
    ['RUNNER_MAX_ACTIVE_JOBS', 'maxActiveJobs', 1, 100],
    ['RUNNER_CHUNK_SIZE', 'chunkSize', 1, 1000],
    ['RUNNER_WINDOW', 'window', 1, 1000],
    ['RUNNER_TASK_CONCURRENCY', 'taskConcurrency', 1, 256],
    ['RUNNER_LEASE_SECONDS', 'leaseSeconds', 1, 43_200],
    ['RUNNER_STORAGE_TIMEOUT_MS', 'storageTimeoutMs', 100, 600_000],
  ] as const)('%s takes %s from %d to %d, both bounds included', (name, field, min, max) => {
    expect(config({ ...REQUIRED, [name]: String(min) })[field]).toBe(min);
    expect(config({ ...REQUIRED, [name]: String(max) })[field]).toBe(max);
  });

  it('JOB_RETENTION_DAYS takes 1 to 3650', () => {
    expect(config({ ...REQUIRED, JOB_RETENTION_DAYS: '1' }).jobRetentionDays).toBe(1);
    expect(config({ ...REQUIRED, JOB_RETENTION_DAYS: '3650' }).jobRetentionDays).toBe(3650);
  });
});

describe('readRunnerConfig: refusals', () => {
  it('needs JOBS_TABLE and RUNNER_QUEUE_URL', () => {
    expect(problem({ RUNNER_QUEUE_URL: 'http://q' })).toBe('JOBS_TABLE is not set');
    expect(problem({ JOBS_TABLE: '  ', RUNNER_QUEUE_URL: 'http://q' })).toBe('JOBS_TABLE is not set');
    expect(problem({ JOBS_TABLE: 'jobs' })).toBe('RUNNER_QUEUE_URL is not set');
    expect(problem({ JOBS_TABLE: 'jobs', RUNNER_QUEUE_URL: '' })).toBe('RUNNER_QUEUE_URL is not set');
  });

  it.each([
    ['RUNNER_MAX_ACTIVE_JOBS', ['0', '101', '2.5', 'four', '-1'], 'RUNNER_MAX_ACTIVE_JOBS must be a whole number from 1 to 100'],
    ['RUNNER_CHUNK_SIZE', ['0', '1001', '1.5', 'x'], 'RUNNER_CHUNK_SIZE must be a whole number from 1 to 1000'],
    ['RUNNER_WINDOW', ['0', '1001', 'eight'], 'RUNNER_WINDOW must be a whole number from 1 to 1000'],
    ['RUNNER_TASK_CONCURRENCY', ['0', '257', 'NaN'], 'RUNNER_TASK_CONCURRENCY must be a whole number from 1 to 256'],
    ['RUNNER_LEASE_SECONDS', ['0', '43201', 'Infinity'], 'RUNNER_LEASE_SECONDS must be a whole number from 1 to 43200'],
    ['RUNNER_STORAGE_TIMEOUT_MS', ['99', '600001', '30s'], 'RUNNER_STORAGE_TIMEOUT_MS must be a whole number from 100 to 600000'],
    ['JOB_RETENTION_DAYS', ['0', '3651', '7.5', 'forever'], 'JOB_RETENTION_DAYS must be a whole number from 1 to 3650'],
  ])('%s refuses %j', (name, values, message) => {
    for (const value of values) expect(problem({ ...REQUIRED, [name]: value })).toBe(message);
  });

  it('needs the S3 access key and secret together', () => {
    const message = 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together';
    expect(problem({ ...REQUIRED, S3_ACCESS_KEY_ID: 'S3RVER' })).toBe(message);
    expect(problem({ ...REQUIRED, S3_SECRET_ACCESS_KEY: 'S3RVER' })).toBe(message);
    expect(problem({ ...REQUIRED, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: '  ' })).toBe(message);
  });
});
