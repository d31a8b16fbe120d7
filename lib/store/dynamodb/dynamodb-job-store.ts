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
