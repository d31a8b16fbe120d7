/**
 * The runner's test stack (jest project `runner`): DynamoDB Local (shared with the other projects), the S3 store,
 * the SQS emulator, an API on serverless-offline with a table of its own, and one runner process on that table.
 * Tests that kill or double runners make their own table and queue (`isolatedRunner`), so they never disturb it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DEMO_AWS_KEY, DEMO_KEY, ensureCredentialsTable, ensureJobsTable, freePort, localClient, putKey, startOffline, type Started } from '../../scripts/local-stack';
import { createRunnerQueues, sqsClient } from '../../scripts/local-queue';
import { startRunnerProcess, startRunnerServices } from '../../scripts/runner-stack';
import { s3ClientFor } from '../../scripts/s3-store';
import { ensureDynamoDb, registerStarted } from './stack';

export const RUNNER_TABLE = 'runner-jobs';
export const RUNNER_CREDENTIALS_TABLE = 'runner-credentials';
/** Small chunks and a short lease, so that cancels, pauses and crashes show within seconds. */
export const TEST_RUNNER_SETTINGS = {
  RUNNER_CHUNK_SIZE: '50',
  RUNNER_WINDOW: '4',
  RUNNER_TASK_CONCURRENCY: '16',
  RUNNER_LEASE_SECONDS: '4',
  // One job per tenant at a time: a second, higher-priority job must pause the first.
  RUNNER_MAX_ACTIVE_JOBS: '1',
  RUNNER_QUEUE_CONCURRENCY: '4',
} as const;

const holder = globalThis as unknown as { __runnerStack?: Promise<void> };

export function ensureRunnerStack(): Promise<void> {
  holder.__runnerStack ??= (async () => {
    const dynamodbEndpoint = await ensureDynamoDb();
    const client = localClient(dynamodbEndpoint);
    await ensureJobsTable(client, RUNNER_TABLE);
    await ensureCredentialsTable(client, RUNNER_CREDENTIALS_TABLE);
    await putKey(client, RUNNER_CREDENTIALS_TABLE, DEMO_KEY);
    await putKey(client, RUNNER_CREDENTIALS_TABLE, DEMO_AWS_KEY);
    client.destroy();
    const verbose = process.env.VERBOSE === '1' ? (line: string) => process.stderr.write(line) : undefined;
    const services = await startRunnerServices({
      s3Port: await freePort(),
      sqsPort: await freePort(),
      s3Directory: mkdtempSync(path.join(tmpdir(), 'runner-s3-')),
      buckets: [],
      leaseSeconds: Number(TEST_RUNNER_SETTINGS.RUNNER_LEASE_SECONDS),
      ...(verbose && { log: verbose }),
    });
    registerStarted({ process: services.s3.process, stop: services.stop });
    const offline = await startOffline({
      port: await freePort(),
      dynamodbEndpoint,
      jobsTable: RUNNER_TABLE,
      credentialsTable: RUNNER_CREDENTIALS_TABLE,
      ...(verbose && { log: verbose }),
    });
    registerStarted(offline);
    const runner = startRunnerProcess({
      dynamodbEndpoint,
      jobsTable: RUNNER_TABLE,
      s3Endpoint: services.s3.endpoint,
      sqsEndpoint: services.queue.endpoint,
      queueUrl: services.queue.queueUrl,
      stateFile: path.join(mkdtempSync(path.join(tmpdir(), 'runner-state-')), 'stream.json'),
      settings: TEST_RUNNER_SETTINGS,
      ...(verbose && { log: verbose }),
    });
    registerStarted(runner);
    Object.assign(process.env, {
      TEST_RUNNER_API_URL: offline.url,
      TEST_RUNNER_TABLE: RUNNER_TABLE,
      TEST_RUNNER_CREDENTIALS_TABLE: RUNNER_CREDENTIALS_TABLE,
      TEST_S3_ENDPOINT: services.s3.endpoint,
      TEST_SQS_ENDPOINT: services.queue.endpoint,
      TEST_RUNNER_QUEUE_URL: services.queue.queueUrl,
      TEST_RUNNER_DLQ_URL: services.queue.dlqUrl,
    });
  })();
  return holder.__runnerStack;
}

/** A table, a queue and runner processes of a test's own, on the shared DynamoDB Local, S3 store and SQS emulator. */
export async function isolatedRunner(name: string, settings: Record<string, string> = {}) {
  const dynamodbEndpoint = process.env.TEST_DYNAMODB_ENDPOINT!;
  const client = localClient(dynamodbEndpoint);
  const table = `${name}-${Date.now()}`;
  await ensureJobsTable(client, table);
  const sqs = sqsClient(process.env.TEST_SQS_ENDPOINT!);
  const lease = settings.RUNNER_LEASE_SECONDS ?? TEST_RUNNER_SETTINGS.RUNNER_LEASE_SECONDS;
  const queues = await createRunnerQueues(sqs, table, Number(lease));
  sqs.destroy();
  const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'runner-state-')), 'stream.json');
  const running: (Started & { kill(): void })[] = [];
  const start = (log?: (line: string) => void) => {
    const runner = startRunnerProcess({
      dynamodbEndpoint,
      jobsTable: table,
      s3Endpoint: process.env.TEST_S3_ENDPOINT!,
      sqsEndpoint: process.env.TEST_SQS_ENDPOINT!,
      queueUrl: queues.queueUrl,
      stateFile,
      settings: { ...TEST_RUNNER_SETTINGS, ...settings },
      ...((log ?? (process.env.VERBOSE === '1' ? (line: string) => process.stderr.write(line) : undefined)) && {
        log: log ?? ((line: string) => process.stderr.write(line)),
      }),
    });
    running.push(runner);
    return runner;
  };
  return {
    table,
    client,
    queueUrl: queues.queueUrl,
    dlqUrl: queues.dlqUrl,
    start,
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
      client.destroy();
    },
  };
}

export function testS3(): S3Client {
  return s3ClientFor(process.env.TEST_S3_ENDPOINT!);
}

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
    if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
  });
}

/** Objects and a CSV manifest of them (keys URL-encoded); answers the manifest's key and ETag. */
export async function seedObjects(s3: S3Client, bucket: string, keys: readonly string[], manifestKey = `manifests/${Date.now()}.csv`) {
  await ensureBucket(s3, bucket);
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}`, ContentType: 'text/plain' }));
      }
    }),
  );
  const manifest = keys.map((key) => `${bucket},${encodeURIComponent(key)}\n`).join('');
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: manifestKey, Body: manifest, ContentType: 'text/csv' }));
  return { manifestKey, etag: (put.ETag ?? '').replace(/"/g, ''), manifest };
}
