import type { DynamoDBRecord } from 'aws-lambda';
import type { JobChange } from '../runner/conductor';
import { ATTR } from '../store/dynamodb/job-item';

/** A DynamoDB stream record of the job table as a JobChange; undefined for a record that is none of the table's items. */
export function jobChangeOf(record: DynamoDBRecord): JobChange | undefined {
  const keys = record.dynamodb?.Keys;
  const appId = keys?.[ATTR.appId]?.S;
  const jobId = keys?.[ATTR.jobId]?.S;
  if (!appId || !jobId) return undefined;
  const before = record.dynamodb?.OldImage;
  const after = record.dynamodb?.NewImage;
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return {
    appId,
    jobId,
    kind: record.eventName === 'INSERT' ? 'insert' : record.eventName === 'REMOVE' ? 'remove' : 'modify',
    ...(before?.[ATTR.status]?.S !== undefined && { oldStatus: before[ATTR.status]!.S }),
    ...(after?.[ATTR.status]?.S !== undefined && { newStatus: after[ATTR.status]!.S }),
    ...(before?.[ATTR.priority]?.N !== undefined && { oldPriority: number(before[ATTR.priority]!.N) }),
    ...(after?.[ATTR.priority]?.N !== undefined && { newPriority: number(after[ATTR.priority]!.N) }),
    // TTL deletions are made by the DynamoDB service principal (AWS documents this userIdentity).
    expired: record.userIdentity?.type === 'Service' && record.userIdentity?.principalId === 'dynamodb.amazonaws.com',
  };
}
