import {
  ConditionalCheckFailedException,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { JobRecord, Tag } from '../../jobs/job';
import {
  StoreError,
  type ChangeResult,
  type CreateResult,
  type DeleteResult,
  type JobKey,
  type JobPage,
  type JobStore,
  type ListQuery,
  type NewJob,
  type StatusChange,
  type StoreFailure,
} from '../job-store';
import { buildCreateJobInput } from './create-job-input';
import { buildDeleteJobInput } from './delete-job-input';
import { buildGetJobInput } from './get-job-input';
import { ATTR, readJobRecord, readTags } from './job-item';
import { buildGetJobTagsInput, buildPutJobTagsInput } from './job-tags-input';
import { buildListJobsInput } from './list-jobs-input';
import { buildPriorityChangeInput } from './priority-input';
import { buildStatusChangeInput, readSnapshot } from './status-change-input';

const DAY_SECONDS = 86_400;

/** The JobStore adapter: each call sends the one request its pure input builder makes, and reads the answer. */
export class DynamoDbJobStore implements JobStore {
  private readonly retentionSeconds: number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** How long a job stays after it reached a final status (DynamoDB TTL). */
    retentionDays = 90,
  ) {
    this.retentionSeconds = retentionDays * DAY_SECONDS;
  }

  async changeStatus(change: StatusChange): Promise<ChangeResult> {
    try {
      const output = await this.guard(this.client.send(new UpdateItemCommand(buildStatusChangeInput(this.tableName, change, this.retentionSeconds))));
      return { outcome: 'changed', job: readSnapshot(output.Attributes ?? {}) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return error.Item ? { outcome: 'conflict', job: readSnapshot(error.Item) } : { outcome: 'missing' };
      }
      throw error;
    }
  }

  async createJob(job: NewJob): Promise<CreateResult> {
    try {
      await this.guard(this.client.send(new TransactWriteItemsCommand(buildCreateJobInput(this.tableName, job))));
      return { outcome: 'created' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [, reservation] = error.CancellationReasons ?? [];
      const held = reservation?.Code === 'ConditionalCheckFailed' ? reservation.Item : undefined;
      if (held) {
        return { outcome: 'token-taken', jobId: held[ATTR.jobRef]?.S ?? '', fingerprint: held[ATTR.fingerprint]?.S ?? '' };
      }
      if (error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) return { outcome: 'contended' };
      throw new StoreError('failed', `TransactionCanceled/${(error.CancellationReasons ?? []).map((r) => r.Code).join(',')}`);
    }
  }

  async getJob(key: JobKey): Promise<JobRecord | undefined> {
    const { Item } = await this.guard(this.client.send(new GetItemCommand(buildGetJobInput(this.tableName, key))));
    return Item ? readJobRecord(Item) : undefined;
  }

  async listJobs(query: ListQuery): Promise<JobPage> {
    const output = await this.guard(this.client.send(new QueryCommand(buildListJobsInput(this.tableName, query))));
    const last = output.LastEvaluatedKey?.[ATTR.jobId]?.S;
    return { jobs: (output.Items ?? []).map(readJobRecord), more: output.LastEvaluatedKey !== undefined, ...(last !== undefined && { resumeAfter: last }) };
  }

  async getJobTags(key: JobKey): Promise<readonly Tag[] | undefined> {
    const { Item: item } = await this.guard(this.client.send(new GetItemCommand(buildGetJobTagsInput(this.tableName, key))));
    if (!item) return undefined;
    return readTags(item[ATTR.tags]);
  }

  async putJobTags(key: JobKey, tags: readonly Tag[]): Promise<'changed' | 'missing'> {
    try {
      await this.guard(this.client.send(new UpdateItemCommand(buildPutJobTagsInput(this.tableName, key, tags))));
      return 'changed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'missing';
      throw error;
    }
  }

  async changePriority(key: JobKey, priority: number): Promise<'changed' | 'missing-or-final'> {
    try {
      await this.guard(this.client.send(new UpdateItemCommand(buildPriorityChangeInput(this.tableName, key, priority))));
      return 'changed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'missing-or-final';
      throw error;
    }
  }

  async deleteJob(key: JobKey): Promise<DeleteResult> {
    try {
      await this.guard(this.client.send(new TransactWriteItemsCommand(buildDeleteJobInput(this.tableName, key))));
      return { outcome: 'deleted' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [job] = error.CancellationReasons ?? [];
      if (job?.Code === 'ConditionalCheckFailed') {
        return job.Item ? { outcome: 'not-final', status: job.Item[ATTR.status]?.S } : { outcome: 'missing' };
      }
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code).join(',');
      // A concurrent write to the job (the runner, a cancel) is worth a retry by the caller.
      throw new StoreError(codes.includes('TransactionConflict') ? 'unavailable' : 'failed', `TransactionCanceled/${codes}`);
    }
  }

  /** Waits for one request; an error that is not an expected outcome becomes a StoreError the caller can answer. */
  private async guard<Output>(request: Promise<Output>): Promise<Output> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) throw error;
      throw new StoreError(classifyStoreError(error), errorName(error));
    }
  }
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError', 'InternalServerError', 'ServiceUnavailable']);
/** The SDK wraps a socket error that is not an `Error` of its own realm, keeping only its text. */
const TRANSIENT_TEXT = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)\b|socket hang up/;

/** Sorts an SDK or socket error into what the caller should be told: slow down, try again, or a real failure. */
export function classifyStoreError(error: unknown): StoreFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof e.name === 'string' && THROTTLING.has(e.name)) return 'throttled';
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return 'unavailable';
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return 'unavailable';
  if (typeof e.message === 'string' && TRANSIENT_TEXT.test(e.message)) return 'unavailable';
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return 'unavailable';
  return 'failed';
}

/** Names the cause for the log: error name, code, and a socket error code found in the text. */
export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  const fromText = typeof message === 'string' ? TRANSIENT_TEXT.exec(message)?.[0] : undefined;
  return [name, code, code === undefined ? fromText : undefined].filter((part) => typeof part === 'string').join('/') || 'unknown';
}
