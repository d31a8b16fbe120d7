import type { GetItemCommandInput, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { Tag } from '../../jobs/job';
import type { JobKey } from '../job-store';
import { ATTR, keyOf, toAttribute } from './job-item';

/** GetJobTagging's one request: a strongly consistent read of the job's key (to tell "no job") and its tags alone. */
export function buildGetJobTagsInput(tableName: string, key: JobKey): GetItemCommandInput {
  return {
    TableName: tableName,
    Key: keyOf(key),
    ConsistentRead: true,
    ProjectionExpression: '#jobId, #tags',
    ExpressionAttributeNames: { '#jobId': ATTR.jobId, '#tags': ATTR.tags },
  };
}

/**
 * PutJobTagging's (and DeleteJobTagging's, with no tags) one request: sets or removes the Tags attribute alone, so
 * it never undoes or blocks a status or priority change made at the same time, conditioned on the job existing
 * (in any status: AWS tags finished jobs too).
 */
export function buildPutJobTagsInput(tableName: string, key: JobKey, tags: readonly Tag[]): UpdateItemCommandInput {
  const common = {
    TableName: tableName,
    Key: keyOf(key),
    ConditionExpression: 'attribute_exists(#jobId)',
  };
  if (tags.length === 0) {
    return { ...common, UpdateExpression: 'REMOVE #tags', ExpressionAttributeNames: { '#jobId': ATTR.jobId, '#tags': ATTR.tags } };
  }
  return {
    ...common,
    UpdateExpression: 'SET #tags = :tags',
    ExpressionAttributeNames: { '#jobId': ATTR.jobId, '#tags': ATTR.tags },
    ExpressionAttributeValues: { ':tags': toAttribute(tags.map(({ Key, Value }) => ({ Key, Value }))) },
  };
}
