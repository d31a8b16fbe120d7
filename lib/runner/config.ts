/** The runner's configuration, read from the environment once per container; every number has a documented default. */
export interface RunnerConfig {
  readonly jobsTable: string;
  readonly dynamodbEndpoint: string | undefined;
  readonly region: string;
  readonly jobRetentionDays: number;
  readonly queueUrl: string;
  /** Set to use an SQS emulator. */
  readonly sqsEndpoint: string | undefined;
  readonly storage: {
    readonly endpoint: string | undefined;
    readonly forcePathStyle: boolean;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  readonly maxActiveJobs: number;
  readonly chunkSize: number;
  readonly window: number;
  readonly taskConcurrency: number;
  readonly leaseSeconds: number;
  /** How long one storage request may take before it counts as a (retryable) timeout. */
  readonly storageTimeoutMs: number;
}

export const RUNNER_DEFAULTS = {
  RUNNER_MAX_ACTIVE_JOBS: 4,
  RUNNER_CHUNK_SIZE: 100,
  RUNNER_WINDOW: 8,
  RUNNER_TASK_CONCURRENCY: 16,
  RUNNER_LEASE_SECONDS: 120,
  RUNNER_STORAGE_TIMEOUT_MS: 30_000,
} as const;

const LIMITS: Record<keyof typeof RUNNER_DEFAULTS, readonly [number, number]> = {
  RUNNER_MAX_ACTIVE_JOBS: [1, 100],
  RUNNER_CHUNK_SIZE: [1, 1000],
  RUNNER_WINDOW: [1, 1000],
  RUNNER_TASK_CONCURRENCY: [1, 256],
  RUNNER_LEASE_SECONDS: [1, 43_200],
  RUNNER_STORAGE_TIMEOUT_MS: [100, 600_000],
};

export function readRunnerConfig(env: Readonly<Record<string, string | undefined>>): { ok: true; config: RunnerConfig } | { ok: false; problem: string } {
  const jobsTable = env.JOBS_TABLE?.trim();
  if (!jobsTable) return { ok: false, problem: 'JOBS_TABLE is not set' };
  const queueUrl = env.RUNNER_QUEUE_URL?.trim();
  if (!queueUrl) return { ok: false, problem: 'RUNNER_QUEUE_URL is not set' };
  const numbers: Partial<Record<keyof typeof RUNNER_DEFAULTS, number>> = {};
  for (const name of Object.keys(RUNNER_DEFAULTS) as (keyof typeof RUNNER_DEFAULTS)[]) {
    const text = env[name]?.trim();
    // Plain decimal digits only: Number() would also take 0x10 and 1e2.
    const value = text ? (/^\d+$/.test(text) ? Number(text) : NaN) : RUNNER_DEFAULTS[name];
    const [min, max] = LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max) return { ok: false, problem: `${name} must be a whole number from ${min} to ${max}` };
    numbers[name] = value;
  }
  const retention = env.JOB_RETENTION_DAYS?.trim() ? Number(env.JOB_RETENTION_DAYS) : 90;
  if (!Number.isInteger(retention) || retention < 1 || retention > 3650) return { ok: false, problem: 'JOB_RETENTION_DAYS must be a whole number from 1 to 3650' };
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) return { ok: false, problem: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' };
  return {
    ok: true,
    config: {
      jobsTable,
      dynamodbEndpoint: env.DYNAMODB_ENDPOINT?.trim() || undefined,
      region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
      jobRetentionDays: retention,
      queueUrl,
      sqsEndpoint: env.SQS_ENDPOINT?.trim() || undefined,
      storage: {
        endpoint: env.S3_ENDPOINT?.trim() || undefined,
        // Local and most S3-compatible stores need path-style; AWS S3 takes both.
        forcePathStyle: (env.S3_FORCE_PATH_STYLE?.trim() || (env.S3_ENDPOINT?.trim() ? 'true' : 'false')) === 'true',
        ...(accessKeyId && secretAccessKey && { credentials: { accessKeyId, secretAccessKey } }),
      },
      maxActiveJobs: numbers.RUNNER_MAX_ACTIVE_JOBS!,
      chunkSize: numbers.RUNNER_CHUNK_SIZE!,
      window: numbers.RUNNER_WINDOW!,
      taskConcurrency: numbers.RUNNER_TASK_CONCURRENCY!,
      leaseSeconds: numbers.RUNNER_LEASE_SECONDS!,
      storageTimeoutMs: numbers.RUNNER_STORAGE_TIMEOUT_MS!,
    },
  };
}
