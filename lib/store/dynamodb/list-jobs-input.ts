import type { QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { ListQuery } from '../job-store';
import { ATTR, JOB_ID_UPPER_BOUND, STATUS_INDEX, statusJobId } from './job-item';

/** What a ListJobs member shows: the status index projects exactly these. */
export const LISTED_ATTRIBUTES = [
  ATTR.jobId,
  ATTR.status,
  ATTR.creationTime,
  ATTR.description,
  ATTR.priority,
  ATTR.operation,
  ATTR.tasksTotal,
  ATTR.tasksSucceeded,
  ATTR.tasksFailed,
  ATTR.terminationDate,
] as const;

const PROJECTION = LISTED_ATTRIBUTES.map((_, i) => `#p${i}`).join(', ');
const PROJECTION_NAMES = Object.fromEntries(LISTED_ATTRIBUTES.map((name, i) => [`#p${i}`, name]));

/**
 * ListJobs' one request: a strongly consistent Query of the tenant's partition in ascending JobId order. Without a
 * status it reads the table, bounded below `~` so that token reservations are never read; with one it reads the
 * status index from `<Status>#`, so it reads only jobs in that status however many others the tenant has; with
 * several (the AWS dialect) it reads the table and filters. A page resumes after the previous page's last JobId read.
 */
export function buildListJobsInput(tableName: string, query: ListQuery): QueryCommandInput {
  const common = {
    TableName: tableName,
    ConsistentRead: true,
    Limit: query.limit,
    ProjectionExpression: PROJECTION,
  };
  if (query.status === undefined) {
    // Several statuses: the table, filtered. A page may then hold fewer jobs than the limit (the limit counts the
    // jobs read), and the next one resumes after the last job read.
    const statuses = query.statuses ?? [];
    const filtered = statuses.length > 0;
    return {
      ...common,
      ...(filtered ? { FilterExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})` } : {}),
      KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
      ExpressionAttributeNames: {
        ...PROJECTION_NAMES,
        '#appId': ATTR.appId,
        '#jobId': ATTR.jobId,
        ...(filtered ? { '#status': ATTR.status } : {}),
      },
      ExpressionAttributeValues: {
        ':appId': { S: query.appId },
        ':upper': { S: JOB_ID_UPPER_BOUND },
        ...Object.fromEntries(statuses.map((status, i) => [`:s${i}`, { S: status }])),
      },
      ...(query.after === undefined
        ? {}
        : { ExclusiveStartKey: { [ATTR.appId]: { S: query.appId }, [ATTR.jobId]: { S: query.after } } }),
    };
  }
  return {
    ...common,
    IndexName: STATUS_INDEX,
    KeyConditionExpression: '#appId = :appId AND begins_with(#statusJobId, :status)',
    ExpressionAttributeNames: { ...PROJECTION_NAMES, '#appId': ATTR.appId, '#statusJobId': ATTR.statusJobId },
    ExpressionAttributeValues: { ':appId': { S: query.appId }, ':status': { S: `${query.status}#` } },
    ...(query.after === undefined
      ? {}
      : {
          ExclusiveStartKey: {
            [ATTR.appId]: { S: query.appId },
            [ATTR.jobId]: { S: query.after },
            [ATTR.statusJobId]: { S: statusJobId(query.status, query.after) },
          },
        }),
  };
}
