/**
 * The Lambda entry point and composition root: configuration, the DynamoDB client, the stores and the logger are
 * made once per container, here; everything per request happens in `createApp`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApp, type AppDeps } from '../lib/app';
import { readConfig } from '../lib/config';
import { createRequestIdGenerator } from '../lib/cos/request-id';
import { CachedCredentialStore } from '../lib/store/credential-store';
import { createDynamoDbClient } from '../lib/store/dynamodb/client';
import { DynamoDbCredentialStore } from '../lib/store/dynamodb/dynamodb-credential-store';
import { DynamoDbJobStore } from '../lib/store/dynamodb/dynamodb-job-store';

const logger = new Logger({ serviceName: 'cos-batch-job-control' });
const configured = readConfig(process.env);

let store: AppDeps['store'];
let region: string | undefined;
// Misconfigured, there is no store and every request is answered 500 before authentication is reached.
let auth: AppDeps['auth'] = 'none';
if (configured.ok) {
  const { config } = configured;
  region = config.region;
  const client = createDynamoDbClient(config);
  store = new DynamoDbJobStore(client, config.jobsTable, config.jobRetentionDays);
  if (config.auth.mode === 'none') {
    auth = 'none';
    logger.warn('AUTH_MODE=none: request signatures are not checked; anyone who reaches this function can change jobs');
  } else {
    auth = {
      keys: new CachedCredentialStore(new DynamoDbCredentialStore(client, config.auth.credentialsTable), config.auth.keyCacheSeconds * 1000),
    };
  }
} else {
  logger.error('Misconfigured: every request will be answered 500 InternalError', { problem: configured.problem });
}

export const handler = createApp({ store, auth, logger, region, newRequestId: createRequestIdGenerator() });
