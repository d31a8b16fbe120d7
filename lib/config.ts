/** Configuration, read from the environment once per container (at module load). */
export interface Config {
  readonly jobsTable: string;
  /** Set to use another DynamoDB (DynamoDB Local); unset in AWS. */
  readonly dynamodbEndpoint: string | undefined;
  readonly region: string;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problem: string };

/** Without a region (only possible outside Lambda, which always sets AWS_REGION), DynamoDB Local accepts any. */
const LOCAL_REGION = 'us-east-1';

export function readConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const jobsTable = env.JOBS_TABLE?.trim();
  if (!jobsTable) return { ok: false, problem: 'JOBS_TABLE is not set: the function has no job table to write to' };
  return {
    ok: true,
    config: {
      jobsTable,
      dynamodbEndpoint: env.DYNAMODB_ENDPOINT?.trim() || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || LOCAL_REGION,
    },
  };
}
