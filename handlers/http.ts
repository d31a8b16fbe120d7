/**
 * The Lambda entry point and composition root: configuration, the DynamoDB client, the store and the logger are
 * made once per container, here; everything per request happens in `createApp`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApp } from '../lib/app';
import { readConfig } from '../lib/config';
import { createRequestIdGenerator } from '../lib/cos/request-id';
import { createDynamoDbClient } from '../lib/store/dynamodb/client';
import { DynamoDbJobStore } from '../lib/store/dynamodb/dynamodb-job-store';

const logger = new Logger({ serviceName: 'cos-batch-job-control' });
const configured = readConfig(process.env);

if (!configured.ok) logger.error('Misconfigured: every request will be answered 500 InternalError', { problem: configured.problem });

const store = configured.ok
  ? new DynamoDbJobStore(createDynamoDbClient(configured.config), configured.config.jobsTable)
  : undefined;

export const handler = createApp({ store, logger, newRequestId: createRequestIdGenerator() });
