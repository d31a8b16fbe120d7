import { ConditionalCheckFailedException, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isFinal } from '../../lib/jobs/job';
import type { JobStatus } from '../../lib/jobs/status';

/** The moves a job runner makes on its own (the lifecycle edges this API does not make). */
export const RUNNER_MOVES: ReadonlyArray<readonly [JobStatus, JobStatus]> = [
  ['New', 'Preparing'],
  ['Preparing', 'Suspended'],
  ['Preparing', 'Ready'],
  ['Ready', 'Active'],
  ['Active', 'Pausing'],
  ['Pausing', 'Paused'],
  ['Paused', 'Active'],
  ['Active', 'Completing'],
  ['Completing', 'Complete'],
  ['Active', 'Failing'],
  ['Failing', 'Failed'],
  ['Cancelling', 'Cancelled'],
];

/** How long a final job stays (JOB_RETENTION_DAYS' default). */
export const RETENTION_DAYS = 90;

/**
 * A runner's write, the way docs/reliability.md asks runners to make them: conditioned on the status it saw and on
 * Version (optimistic locking), incrementing Version, keeping the status index's key in step, and, on reaching
 * Complete, Failed or Cancelled, dating the end and setting the item's expiry. Returns false when someone changed
 * the job first.
 */
export async function runnerMove(
  client: DynamoDBClient,
  table: string,
  key: { appId: string; jobId: string },
  from: JobStatus,
  to: JobStatus,
  version: number,
  at: Date = new Date(),
): Promise<boolean> {
  const final = isFinal(to);
  const seconds = Math.floor(at.getTime() / 1000);
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { AppId: { S: key.appId }, JobId: { S: key.jobId } },
        UpdateExpression: `SET #s = :to, #v = :next, #sj = :statusJobId${final ? ', #td = :terminationDate, #ttl = :expiresAt' : ''}`,
        ConditionExpression: version === 0 ? '#s = :from AND (attribute_not_exists(#v) OR #v = :version)' : '#s = :from AND #v = :version',
        ExpressionAttributeNames: { '#s': 'Status', '#v': 'Version', '#sj': 'StatusJobId', ...(final ? { '#td': 'TerminationDate', '#ttl': 'ExpiresAt' } : {}) },
        ExpressionAttributeValues: {
          ':from': { S: from },
          ':to': { S: to },
          ':next': { N: String(version + 1) },
          ':version': { N: String(version) },
          ':statusJobId': { S: `${to}#${key.jobId}` },
          ...(final
            ? {
                ':terminationDate': { S: `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z` },
                ':expiresAt': { N: String(seconds + RETENTION_DAYS * 86_400) },
              }
            : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
