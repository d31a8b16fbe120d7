import type { TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import type { NewJob } from '../job-store';
import { newJobItem, reservationItem } from './job-item';

/**
 * CreateJob's one request: the job and its token's reservation, written together or not at all, each only if its
 * key is free. A taken token fails the second condition, and ALL_OLD returns the reservation (the JobId it holds
 * and the fingerprint of the request that made it) with the failure, so a repeat is answered without a read.
 */
export function buildCreateJobInput(tableName: string, job: NewJob): TransactWriteItemsCommandInput {
  return {
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: newJobItem(job),
          ConditionExpression: 'attribute_not_exists(#jobId)',
          ExpressionAttributeNames: { '#jobId': 'JobId' },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: reservationItem(job),
          ConditionExpression: 'attribute_not_exists(#jobId)',
          ExpressionAttributeNames: { '#jobId': 'JobId' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
  };
}
