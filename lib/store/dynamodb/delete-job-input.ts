import type { TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { FINAL_STATUSES } from '../../jobs/job';
import type { JobKey } from '../job-store';
import { ATTR, keyOf, reservationKeyOf } from './job-item';

const FINAL_VALUES = Object.fromEntries(FINAL_STATUSES.map((status, i) => [`:final${i}`, { S: status }]));

/**
 * DeleteJob's one request: the job, only if it is final (ALL_OLD tells a job in another status from a missing
 * one), and its token's reservation, found from the JobId alone (lib/jobs/job-id.ts), only if it is this job's.
 */
export function buildDeleteJobInput(tableName: string, key: JobKey): TransactWriteItemsCommandInput {
  return {
    TransactItems: [
      {
        Delete: {
          TableName: tableName,
          Key: keyOf(key),
          ConditionExpression: `#status IN (${Object.keys(FINAL_VALUES).join(', ')})`,
          ExpressionAttributeNames: { '#status': ATTR.status },
          ExpressionAttributeValues: FINAL_VALUES,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Delete: {
          TableName: tableName,
          Key: reservationKeyOf(key),
          ConditionExpression: 'attribute_not_exists(#jobRef) OR #jobRef = :jobId',
          ExpressionAttributeNames: { '#jobRef': ATTR.jobRef },
          ExpressionAttributeValues: { ':jobId': { S: key.jobId } },
        },
      },
    ],
  };
}
