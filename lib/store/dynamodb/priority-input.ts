import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { FINAL_STATUSES } from '../../jobs/job';
import type { JobKey } from '../job-store';
import { ATTR, keyOf } from './job-item';

const FINAL_VALUES = Object.fromEntries(FINAL_STATUSES.map((status, i) => [`:final${i}`, { S: status }]));

/**
 * UpdateJobPriority's one request: sets Priority alone, so it never undoes or blocks a status change made at the
 * same time (and a status change never undoes it), conditioned on the job existing and not being final.
 */
export function buildPriorityChangeInput(tableName: string, key: JobKey, priority: number): UpdateItemCommandInput {
  return {
    TableName: tableName,
    Key: keyOf(key),
    UpdateExpression: 'SET #priority = :priority',
    ConditionExpression: `attribute_exists(#jobId) AND NOT #status IN (${Object.keys(FINAL_VALUES).join(', ')})`,
    ExpressionAttributeNames: { '#priority': ATTR.priority, '#jobId': ATTR.jobId, '#status': ATTR.status },
    ExpressionAttributeValues: { ':priority': { N: String(priority) }, ...FINAL_VALUES },
  };
}
