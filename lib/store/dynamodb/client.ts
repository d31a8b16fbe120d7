import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../config';

/**
 * Bounds on every database call, so that a slow or silent database is answered well inside the function's
 * timeout (serverless.yml: 10 s). Worst case: 3 attempts x (1 s connect or 2 s response) + back-off < 7 s.
 */
export const DYNAMODB_LIMITS = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  maxAttempts: 3,
} as const;

/** One client per container. HTTP keep-alive is the SDK's default for Node.js. */
export function createDynamoDbClient(config: Pick<Config, 'dynamodbEndpoint' | 'region'>): DynamoDBClient {
  const local = config.dynamodbEndpoint !== undefined;
  return new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    maxAttempts: DYNAMODB_LIMITS.maxAttempts,
    requestHandler: {
      connectionTimeout: DYNAMODB_LIMITS.connectionTimeoutMs,
      requestTimeout: DYNAMODB_LIMITS.requestTimeoutMs,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting (found by
      // test/integration/database-faults.test.ts: a silent database hung the request past the function's timeout).
      throwOnRequestTimeout: true,
    },
    // DynamoDB Local accepts any key; give it one when the environment has none, so no AWS account is needed.
    ...(local && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}
