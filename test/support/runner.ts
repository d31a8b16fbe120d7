import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { JobStatus } from '../../lib/jobs/status';
import { DynamoDbRunnerStore } from '../../lib/store/dynamodb/dynamodb-runner-store';

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

/** The reason the runner's moves write in these tests. */
export const RUNNER_MOVE_REASON = 'runner move';
/** The chunk plan a test runner gives a job it prepares: 3 chunks of 2 tasks. */
export const TEST_PLAN = { size: 2, total: 3, tasks: 6 } as const;

/**
 * A runner's move, made by the runner's own store (lib/store/dynamodb/dynamodb-runner-store.ts): one UpdateItem
 * conditioned on the status, incrementing Version, keeping the status index's key in step, and, on reaching
 * Complete, Failed or Cancelled, dating the end and setting the item's expiry. Leaving Preparing, it sets the
 * chunk plan as the runner does. Returns false when the job was not in `from`. (`version` is the caller's
 * expectation, kept for the callers' bookkeeping: the runner conditions on the status, as the API does.)
 */
export async function runnerMove(
  client: DynamoDBClient,
  table: string,
  key: { appId: string; jobId: string },
  from: JobStatus,
  to: JobStatus,
  _version: number,
  at: Date = new Date(),
): Promise<boolean> {
  const planned = from === 'Preparing' && (to === 'Ready' || to === 'Suspended');
  return new DynamoDbRunnerStore(client, table, RETENTION_DAYS).transition({
    ...key,
    from: [from],
    to,
    reason: RUNNER_MOVE_REASON,
    at: at.toISOString(),
    ...(planned && { set: { total: TEST_PLAN.tasks, chunks: { size: TEST_PLAN.size, total: TEST_PLAN.total } } }),
  });
}
