import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { StoreError, type ChangeResult, type JobStore, type StatusChange, type StoreFailure } from '../job-store';
import { buildStatusChangeInput, readSnapshot } from './status-change-input';

/** The JobStore adapter: one UpdateItem per change, nothing else. */
export class DynamoDbJobStore implements JobStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async changeStatus(change: StatusChange): Promise<ChangeResult> {
    try {
      const output = await this.client.send(new UpdateItemCommand(buildStatusChangeInput(this.tableName, change)));
      return { outcome: 'changed', job: readSnapshot(output.Attributes ?? {}) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return error.Item ? { outcome: 'conflict', job: readSnapshot(error.Item) } : { outcome: 'missing' };
      }
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

/** Sorts an SDK or socket error into what the caller should be told: slow down, try again, or a real failure. */
export function classifyStoreError(error: unknown): StoreFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof e.name === 'string' && THROTTLING.has(e.name)) return 'throttled';
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return 'unavailable';
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return 'unavailable';
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return 'unavailable';
  return 'failed';
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return [name, code].filter((part) => typeof part === 'string').join('/') || 'unknown';
}
