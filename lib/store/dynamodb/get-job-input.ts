import type { GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { JobKey } from '../job-store';
import { keyOf } from './job-item';

/** DescribeJob's one request: a strongly consistent read of the whole item. */
export function buildGetJobInput(tableName: string, key: JobKey): GetItemCommandInput {
  return { TableName: tableName, Key: keyOf(key), ConsistentRead: true };
}
