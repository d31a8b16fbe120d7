/**
 * The runner's DynamoDB requests, as pure functions of what it asks (lib/runner/ports.ts RunnerStore), tested
 * exactly in test/unit/runner-inputs.test.ts. Chunk items live in the job's tenant partition under
 * `~chunk~<JobId>~<chunk>`, out of ListJobs' reach (JobId < "~") and out of the status index (no StatusJobId).
 */
import type {
  AttributeValue,
  DeleteItemCommandInput,
  QueryCommandInput,
  TransactWriteItemsCommandInput,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { JobStatus } from '../../jobs/status';
import type { ChunkOutcome, ManifestCursor, RunnerJob, RunnerTransition } from '../../runner/ports';
import { ATTR, CHUNK_PREFIX, keyOf, readJobRecord, reservationKeyOf, STATUS_INDEX, statusJobId } from './job-item';
import { buildStatusChangeInput } from './status-change-input';

export const chunkId = (jobId: string, chunk: number): string => `${CHUNK_PREFIX}${jobId}~${String(chunk).padStart(8, '0')}`;

const chunkKey = (appId: string, jobId: string, chunk: number) => ({ [ATTR.appId]: { S: appId }, [ATTR.jobId]: { S: chunkId(jobId, chunk) } });

export const encodeCursor = (c: ManifestCursor): string => `${c.file}:${c.offset}:${c.line}`;

export function decodeCursor(text: string | undefined): ManifestCursor {
  const [file, offset, line] = (text ?? '').split(':').map(Number);
  return { file: file || 0, offset: offset || 0, line: line || 1 };
}

/** A status change by the runner: the API's status write (StatusJobId, PreviousStatus, TTL on final) plus its own fields. */
export function buildRunnerTransitionInput(tableName: string, change: RunnerTransition, requestId: string, retentionSeconds: number): UpdateItemCommandInput {
  const base = buildStatusChangeInput(
    tableName,
    { key: { appId: change.appId, jobId: change.jobId }, from: change.from, to: change.to, reason: change.reason, requestId, changedAt: change.at },
    retentionSeconds,
  );
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const set = (name: keyof typeof ATTR, value: AttributeValue) => {
    sets.push(`#${name} = :${name}`);
    names[`#${name}`] = ATTR[name];
    values[`:${name}`] = value;
  };
  const s = change.set ?? {};
  if (s.total !== undefined) set('tasksTotal', { N: String(s.total) });
  if (s.chunks !== undefined) {
    set('chunkSize', { N: String(s.chunks.size) });
    set('chunksTotal', { N: String(s.chunks.total) });
    set('chunksDispatched', { N: '0' });
    set('chunksSettled', { N: '0' });
    set('cursor', { S: encodeCursor({ file: 0, offset: 0, line: 1 }) });
  }
  if (s.suspendedCause !== undefined) {
    set('suspendedCause', { S: s.suspendedCause });
    set('suspendedDate', { S: `${change.at.slice(0, 19)}Z` });
  }
  if (s.failures !== undefined) {
    set('failureReasons', { L: s.failures.map((f) => ({ M: { FailureCode: { S: f.code }, FailureReason: { S: f.reason } } })) });
  }
  if (typeof s.activeSince === 'string') set('activeSince', { S: s.activeSince });
  if (s.activeSeconds !== undefined) set('activeSeconds', { N: String(s.activeSeconds) });
  const remove = s.activeSince === null ? ` REMOVE #activeSince` : '';
  if (remove) names['#activeSince'] = ATTR.activeSince;
  return {
    ...base,
    UpdateExpression: `${base.UpdateExpression}${sets.length ? `, ${sets.join(', ')}` : ''}${remove}`,
    ExpressionAttributeNames: { ...base.ExpressionAttributeNames, ...names },
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ...values },
    ReturnValues: 'NONE',
    ReturnValuesOnConditionCheckFailure: 'NONE',
  };
}

/** Chunk `chunk` is handed out: the cursor moves past it, once (only from `chunk`). */
export function buildAdvanceCursorInput(tableName: string, appId: string, jobId: string, chunk: number, next: ManifestCursor): UpdateItemCommandInput {
  return {
    TableName: tableName,
    Key: keyOf({ appId, jobId }),
    UpdateExpression: 'SET #dispatched = :next, #cursor = :cursor',
    ConditionExpression: '#dispatched = :chunk',
    ExpressionAttributeNames: { '#dispatched': ATTR.chunksDispatched, '#cursor': ATTR.cursor },
    ExpressionAttributeValues: { ':chunk': { N: String(chunk) }, ':next': { N: String(chunk + 1) }, ':cursor': { S: encodeCursor(next) } },
  };
}

/** Takes a chunk for `owner` (a queue message's id, the same on every redelivery) unless committed or leased by another. */
export function buildLeaseChunkInput(tableName: string, appId: string, jobId: string, chunk: number, owner: string, until: number, now: number): UpdateItemCommandInput {
  return {
    TableName: tableName,
    Key: chunkKey(appId, jobId, chunk),
    UpdateExpression: 'SET #lease = :owner, #leaseUntil = :until',
    ConditionExpression: 'attribute_not_exists(#committed) AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < :now OR #lease = :owner)',
    ExpressionAttributeNames: { '#lease': ATTR.lease, '#leaseUntil': ATTR.leaseUntil, '#committed': ATTR.committed },
    ExpressionAttributeValues: { ':owner': { S: owner }, ':until': { N: String(until) }, ':now': { N: String(now) } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

/**
 * A chunk's outcome, counted once: the chunk item is marked committed by its lease holder, and the job's counters
 * grow, both or neither. The job's condition refuses a chunk the cursor has not passed yet (a message sent by a
 * dispatcher that crashed before moving the cursor: the chunk is handed out again and counted then).
 */
export function buildCommitChunkInput(
  tableName: string,
  appId: string,
  jobId: string,
  chunk: number,
  owner: string,
  outcome: ChunkOutcome,
  expiresAt: number,
): TransactWriteItemsCommandInput {
  return {
    TransactItems: [
      {
        Update: {
          TableName: tableName,
          Key: chunkKey(appId, jobId, chunk),
          UpdateExpression: 'SET #committed = :owner, #succeeded = :succeeded, #failed = :failed, #results = :results, #skipped = :skipped, #expiresAt = :expiresAt',
          ConditionExpression: '#lease = :owner AND attribute_not_exists(#committed)',
          ExpressionAttributeNames: {
            '#committed': ATTR.committed,
            '#succeeded': ATTR.tasksSucceeded,
            '#failed': ATTR.tasksFailed,
            '#results': ATTR.results,
            '#skipped': ATTR.skipped,
            '#expiresAt': ATTR.expiresAt,
            '#lease': ATTR.lease,
          },
          ExpressionAttributeValues: {
            ':owner': { S: owner },
            ':succeeded': { N: String(outcome.succeeded) },
            ':failed': { N: String(outcome.failed) },
            ':results': { L: outcome.results.map((r) => ({ M: { Key: { S: r.key }, Status: { S: r.status }, MD5: { S: r.md5 } } })) },
            ':skipped': { BOOL: outcome.skipped },
            ':expiresAt': { N: String(expiresAt) },
          },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keyOf({ appId, jobId }),
          UpdateExpression: 'ADD #succeeded :succeeded, #failed :failed, #settled :one',
          ConditionExpression: 'attribute_exists(#jobId) AND #dispatched > :chunk',
          ExpressionAttributeNames: {
            '#jobId': ATTR.jobId,
            '#succeeded': ATTR.tasksSucceeded,
            '#failed': ATTR.tasksFailed,
            '#settled': ATTR.chunksSettled,
            '#dispatched': ATTR.chunksDispatched,
          },
          ExpressionAttributeValues: {
            ':succeeded': { N: String(outcome.succeeded) },
            ':failed': { N: String(outcome.failed) },
            ':one': { N: '1' },
            ':chunk': { N: String(chunk) },
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
  };
}

/** The committed result files of a job's chunks, a page at a time. */
export function buildListResultsInput(tableName: string, appId: string, jobId: string, after?: Record<string, AttributeValue>): QueryCommandInput {
  return {
    TableName: tableName,
    ConsistentRead: true,
    KeyConditionExpression: '#appId = :appId AND begins_with(#jobId, :prefix)',
    FilterExpression: 'attribute_exists(#committed)',
    ProjectionExpression: '#results',
    ExpressionAttributeNames: { '#appId': ATTR.appId, '#jobId': ATTR.jobId, '#committed': ATTR.committed, '#results': ATTR.results },
    ExpressionAttributeValues: { ':appId': { S: appId }, ':prefix': { S: `${CHUNK_PREFIX}${jobId}~` } },
    ...(after && { ExclusiveStartKey: after }),
  };
}

/** The scheduler's view of a tenant's jobs in one status: id, status and priority, from the status index. */
export function buildListByStatusInput(tableName: string, appId: string, status: JobStatus, after?: Record<string, AttributeValue>): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: STATUS_INDEX,
    ConsistentRead: true,
    KeyConditionExpression: '#appId = :appId AND begins_with(#statusJobId, :status)',
    ProjectionExpression: '#jobId, #status, #priority',
    ExpressionAttributeNames: { '#appId': ATTR.appId, '#statusJobId': ATTR.statusJobId, '#jobId': ATTR.jobId, '#status': ATTR.status, '#priority': ATTR.priority },
    ExpressionAttributeValues: { ':appId': { S: appId }, ':status': { S: statusJobId(status, '') } },
    ...(after && { ExclusiveStartKey: after }),
  };
}

/** A job the table's TTL removed frees its ClientRequestToken (the reservation names the job that holds it). */
export function buildReleaseTokenInput(tableName: string, appId: string, jobId: string): DeleteItemCommandInput {
  return {
    TableName: tableName,
    Key: reservationKeyOf({ appId, jobId }),
    ConditionExpression: '#jobRef = :jobId',
    ExpressionAttributeNames: { '#jobRef': ATTR.jobRef },
    ExpressionAttributeValues: { ':jobId': { S: jobId } },
  };
}

/** A job item as the runner reads it; counters missing on an item written by another tool read as 0. */
export function readRunnerJob(appId: string, item: Record<string, AttributeValue>): RunnerJob {
  const record = readJobRecord(item);
  const n = (name: string) => {
    const value = Number(item[name]?.N);
    return Number.isFinite(value) ? value : 0;
  };
  return {
    appId,
    jobId: record.jobId,
    status: (record.status ?? '') as JobStatus,
    priority: record.priority ?? 0,
    confirmationRequired: record.confirmationRequired === true,
    total: record.progress.total,
    succeeded: record.progress.succeeded,
    failed: record.progress.failed,
    chunkSize: n(ATTR.chunkSize),
    chunksTotal: n(ATTR.chunksTotal),
    chunksDispatched: n(ATTR.chunksDispatched),
    chunksSettled: n(ATTR.chunksSettled),
    cursor: decodeCursor(item[ATTR.cursor]?.S),
    manifest: record.manifest,
    operation: record.operation,
    report: record.report,
    activeSince: item[ATTR.activeSince]?.S,
    activeSeconds: n(ATTR.activeSeconds),
  };
}

