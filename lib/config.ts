/** Configuration, read from the environment once per container (at module load). */
export interface Config {
  readonly jobsTable: string;
  /** Set to use another DynamoDB (DynamoDB Local); unset in AWS. */
  readonly dynamodbEndpoint: string | undefined;
  readonly region: string;
  /** Days a job stays after it reached Complete, Failed or Cancelled (DynamoDB TTL). */
  readonly jobRetentionDays: number;
  /** `cos` (the default): every request must be signed (COS v5; SigV4 on the AWS dialect's paths). `none`: AUTH_MODE=none. */
  readonly auth: { readonly mode: 'cos'; readonly credentialsTable: string; readonly keyCacheSeconds: number } | { readonly mode: 'none' };
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problem: string };

/** Without a region (only possible outside Lambda, which always sets AWS_REGION), DynamoDB Local accepts any. */
const LOCAL_REGION = 'us-east-1';
/** A disabled key stops working within this time at most. */
export const MAX_KEY_CACHE_SECONDS = 60;
/** COS lists the jobs of the last 90 days. */
export const DEFAULT_JOB_RETENTION_DAYS = 90;

export function readConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const jobsTable = env.JOBS_TABLE?.trim();
  if (!jobsTable) return { ok: false, problem: 'JOBS_TABLE is not set: the function has no job table to write to' };

  let auth: Config['auth'];
  const mode = env.AUTH_MODE?.trim() || 'cos';
  if (mode === 'none') {
    auth = { mode: 'none' };
  } else if (mode === 'cos') {
    const credentialsTable = env.CREDENTIALS_TABLE?.trim();
    if (!credentialsTable) {
      return { ok: false, problem: 'CREDENTIALS_TABLE is not set: request signatures cannot be checked (AUTH_MODE=none turns them off)' };
    }
    const cache = env.KEY_CACHE_SECONDS?.trim() ? Number(env.KEY_CACHE_SECONDS) : MAX_KEY_CACHE_SECONDS;
    if (!Number.isFinite(cache) || cache < 0 || cache > MAX_KEY_CACHE_SECONDS) {
      return { ok: false, problem: `KEY_CACHE_SECONDS must be a number from 0 to ${MAX_KEY_CACHE_SECONDS}` };
    }
    auth = { mode: 'cos', credentialsTable, keyCacheSeconds: cache };
  } else {
    return { ok: false, problem: `AUTH_MODE must be unset, "cos" or "none", not ${JSON.stringify(mode)}` };
  }

  const retention = env.JOB_RETENTION_DAYS?.trim() ? Number(env.JOB_RETENTION_DAYS) : DEFAULT_JOB_RETENTION_DAYS;
  if (!Number.isInteger(retention) || retention < 1 || retention > 3650) {
    return { ok: false, problem: 'JOB_RETENTION_DAYS must be a whole number of days from 1 to 3650' };
  }

  return {
    ok: true,
    config: {
      jobsTable,
      jobRetentionDays: retention,
      dynamodbEndpoint: env.DYNAMODB_ENDPOINT?.trim() || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || LOCAL_REGION,
      auth,
    },
  };
}
