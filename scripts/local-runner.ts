/**
 * The runner on the local stack: the same two entry points as in AWS (handlers/runner.ts), fed by what Lambda's
 * event source mappings do there — a reader of the job table's stream (DynamoDB Local's Streams API) and consumers
 * of the runner's queue (the SQS emulator), at most RUNNER_QUEUE_CONCURRENCY messages at once. It keeps the stream
 * position in RUNNER_STATE_FILE, so a runner killed and started again goes on from the last change it finished.
 * Started by `npm start` and the test stacks as its own process; the environment is the function's (see
 * lib/runner/config.ts) plus those two.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { onJobChangeEvent, onQueueEvent } from '../handlers/runner';
import { localClient } from './local-stack';
import { sqsClient } from './local-queue';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const env = (name: string): string => {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const dynamodbEndpoint = env('DYNAMODB_ENDPOINT');
const table = env('JOBS_TABLE');
const queueUrl = env('RUNNER_QUEUE_URL');
const sqsEndpoint = env('SQS_ENDPOINT');
const stateFile = process.env.RUNNER_STATE_FILE?.trim();
const queueConcurrency = Number(process.env.RUNNER_QUEUE_CONCURRENCY ?? 4);
const leaseSeconds = Number(process.env.RUNNER_LEASE_SECONDS ?? 120);
/** A failed message comes back after this (Lambda leaves it to the visibility timeout; locally sooner). */
const RETRY_SECONDS = 1;
/**
 * Pauses between reads of the stream. Lambda reads each shard about 4 times a second; reading back to back instead
 * kept DynamoDB Local's JVM busy near a whole core (measured in `npm run bench -- --runner`), taking it from the store.
 */
const IDLE_MS = 100;
const BUSY_MS = 25;

let stopping = false;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stdout.write(`[runner] ${line}\n`);

type Checkpoints = Record<string, string>;
function loadCheckpoints(): Checkpoints {
  if (!stateFile || !existsSync(stateFile)) return {};
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as Checkpoints;
  } catch {
    return {};
  }
}
function saveCheckpoints(checkpoints: Checkpoints): void {
  if (!stateFile) return;
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(checkpoints));
  renameSync(`${stateFile}.tmp`, stateFile); // never a half-written file, even when killed
}

/** Lambda's stream record shape, from the Streams API's. */
function lambdaRecord(record: _Record): DynamoDBRecord {
  return record as unknown as DynamoDBRecord;
}

async function readStream(): Promise<void> {
  const db = localClient(dynamodbEndpoint);
  const streams = new DynamoDBStreamsClient({ endpoint: dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { Table } = await db.send(new DescribeTableCommand({ TableName: table }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${table} has no stream: it must be created with one (scripts/local-stack.ts ensureJobsTable)`);
  const checkpoints = loadCheckpoints();
  const iterators = new Map<string, string | undefined>();
  let lastDescribe = 0;
  while (!stopping) {
    if (Date.now() - lastDescribe > 5_000) {
      lastDescribe = Date.now();
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
        const after = checkpoints[shard.ShardId];
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        iterators.set(shard.ShardId, ShardIterator);
      }
    }
    let busy = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      iterators.set(shardId, NextShardIterator);
      if (Records.length === 0) continue;
      busy = true;
      const event: DynamoDBStreamEvent = { Records: Records.map(lambdaRecord) };
      const { batchItemFailures } = await onJobChangeEvent(event);
      const failed = batchItemFailures[0]?.itemIdentifier;
      const done = failed ? Records.slice(0, Records.findIndex((r) => r.dynamodb?.SequenceNumber === failed)) : Records;
      const last = done.at(-1)?.dynamodb?.SequenceNumber;
      if (last) {
        checkpoints[shardId] = last;
        saveCheckpoints(checkpoints);
      }
      if (failed) {
        // As Lambda does: the batch is retried from the record that failed, in order.
        await sleep(500);
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: failed }),
        );
        iterators.set(shardId, ShardIterator);
      }
    }
    await sleep(busy ? BUSY_MS : IDLE_MS);
  }
}

async function consumeQueue(): Promise<void> {
  const sqs = sqsClient(sqsEndpoint);
  while (!stopping) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: leaseSeconds, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    for (const message of Messages) {
      const record = { messageId: message.MessageId!, receiptHandle: message.ReceiptHandle!, body: message.Body ?? '', attributes: message.Attributes ?? {} } as unknown as SQSRecord;
      const event: SQSEvent = { Records: [record] };
      const { batchItemFailures } = await onQueueEvent(event);
      if (batchItemFailures.length === 0) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      } else {
        await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: RETRY_SECONDS }));
      }
    }
  }
}

async function forever(name: string, work: () => Promise<void>): Promise<void> {
  while (!stopping) {
    try {
      await work();
    } catch (error) {
      if (stopping) return;
      say(`${name} failed, restarting in 1 s: ${error instanceof Error ? error.message : String(error)}`);
      await sleep(1_000);
    }
  }
}

process.on('SIGTERM', () => {
  stopping = true;
  setTimeout(() => process.exit(0), 200).unref();
});
process.on('SIGINT', () => {
  stopping = true;
  setTimeout(() => process.exit(0), 200).unref();
});

say(`reading the stream of ${table} and the queue with ${queueConcurrency} consumers`);
void Promise.all([forever('stream reader', readStream), ...Array.from({ length: queueConcurrency }, (_, i) => forever(`queue consumer ${i}`, consumeQueue))]);
