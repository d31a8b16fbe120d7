/**
 * The runner's Lambda entry points and composition root (the API's is handlers/http.ts; the two share lib/jobs and
 * the job table, nothing else): `onJobChange` reads the job table's stream, `onQueue` the runner's SQS queue. The
 * local stack (scripts/local-runner.ts) calls the same two functions with events it reads from the emulators.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseRunnerMessage, SqsQueue } from '../lib/queue/sqs-queue';
import { onJobChange, type ConductorDeps } from '../lib/runner/conductor';
import { readRunnerConfig } from '../lib/runner/config';
import { handleMessage, type WorkerDeps } from '../lib/runner/worker';
import { createS3Client, S3Storage } from '../lib/storage/s3-storage';
import { createDynamoDbClient } from '../lib/store/dynamodb/client';
import { DynamoDbRunnerStore } from '../lib/store/dynamodb/dynamodb-runner-store';
import { jobChangeOf } from '../lib/stream/job-change';

const logger = new Logger({ serviceName: 'cos-batch-runner' });
const configured = readRunnerConfig(process.env);
if (!configured.ok) logger.error('Misconfigured: the runner cannot start', { problem: configured.problem });

let deps: (ConductorDeps & WorkerDeps) | undefined;
if (configured.ok) {
  const { config } = configured;
  const log = (message: string, fields?: Record<string, unknown>) => logger.info(message, fields ?? {});
  deps = {
    store: new DynamoDbRunnerStore(createDynamoDbClient(config), config.jobsTable, config.jobRetentionDays),
    storage: new S3Storage(createS3Client({ region: config.region, ...config.storage, requestTimeoutMs: config.storageTimeoutMs })),
    queue: new SqsQueue(new SQSClient({ region: config.region, ...(config.sqsEndpoint && { endpoint: config.sqsEndpoint }) }), config.queueUrl),
    chunkSize: config.chunkSize,
    window: config.window,
    maxActive: config.maxActiveJobs,
    taskConcurrency: config.taskConcurrency,
    leaseMs: config.leaseSeconds * 1000,
    log,
  };
}

function configuredDeps(): ConductorDeps & WorkerDeps {
  if (!deps) throw new Error(`runner misconfigured: ${configured.ok ? 'unknown' : configured.problem}`);
  return deps;
}

/**
 * Stream records in order; the first that fails is reported with those after it, so the stream retries from there
 * (ReportBatchItemFailures) and one tenant's changes keep their order.
 */
export async function onJobChangeEvent(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const d = configuredDeps();
  for (const record of event.Records) {
    const change = jobChangeOf(record);
    if (!change) continue;
    try {
      await onJobChange(d, change);
    } catch (error) {
      logger.error('job change failed; the stream will retry it', { appId: change.appId, jobId: change.jobId, error: errorText(error) });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

/** Queue messages one by one; a failed one comes back after the visibility timeout (then the dead-letter queue). */
export async function onQueueEvent(event: SQSEvent): Promise<SQSBatchResponse> {
  const d = configuredDeps();
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      await handleMessage(d, parseRunnerMessage(record.body), record.messageId);
    } catch (error) {
      logger.warn('runner message failed; it will come back', { messageId: record.messageId, error: errorText(error) });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
}
