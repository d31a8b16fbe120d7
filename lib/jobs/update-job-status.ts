import type { ChangeResult, JobSnapshot, JobStore } from '../store/job-store';
import { isJobStatus, type JobStatus, type RequestedJobStatus } from './status';
import { firstMove, moveFrom, transitionFor, type Move } from './transitions';

export interface UpdateJobStatusInput {
  readonly appId: string;
  readonly jobId: string;
  readonly requested: RequestedJobStatus;
  readonly reason: string;
  readonly requestId: string;
  /** ISO-8601 UTC time of the change. */
  readonly now: string;
}

export type UpdateJobStatusOutcome = (
  | { readonly kind: 'changed'; readonly from: string | undefined; readonly job: JobSnapshot & { status: JobStatus } }
  | {
      readonly kind: 'refused';
      readonly current: JobStatus;
      readonly reason: 'status-change-not-allowed' | 'job-already-finished';
    }
  | { readonly kind: 'not-found' }
  /** The stored item is not a valid job (its Status is missing or not one of the 13). Nothing was written. */
  | { readonly kind: 'corrupt'; readonly detail: string }
  /** The job kept moving between statuses that allow this change, faster than the write budget. */
  | { readonly kind: 'contended' }
) & {
  /** Database requests this outcome took. */
  readonly writes: number;
};

/** At most two conditional writes: a first guess, and one retry from the status the failed write returned. */
const MAX_WRITES = 2;

/**
 * UpdateJobStatus without reads: write first, conditioned on the statuses that allow the change, and answer a
 * failed condition from the item the store returns with it. `requested=Cancelled` leads to two targets
 * (Cancelled, Cancelling) depending on the status, so the first guess may miss; the second write is then
 * conditioned on the group that holds the status the failure returned.
 */
export async function updateJobStatus(store: JobStore, input: UpdateJobStatusInput): Promise<UpdateJobStatusOutcome> {
  let move: Move = firstMove(input.requested);
  for (let writes = 1; ; writes++) {
    const result: ChangeResult = await store.changeStatus({
      key: { appId: input.appId, jobId: input.jobId },
      from: move.from,
      to: move.to,
      reason: input.reason,
      requestId: input.requestId,
      changedAt: input.now,
    });
    if (result.outcome === 'missing') return { kind: 'not-found', writes };

    const { job } = result;
    const status = job.status;
    if (!isJobStatus(status)) {
      return { kind: 'corrupt', detail: `stored Status is ${describe(status)}`, writes };
    }
    // A conflict that carries our own request id is our write: the SDK retried it after a lost response.
    if (result.outcome === 'changed' || job.statusUpdateRequestId === input.requestId) {
      return { kind: 'changed', from: job.previousStatus, job: { ...job, status }, writes };
    }

    const transition = transitionFor(status, input.requested);
    if (transition.kind === 'refuse') return { kind: 'refused', current: status, reason: transition.reason, writes };
    if (writes >= MAX_WRITES) return { kind: 'contended', writes };
    move = moveFrom(status, input.requested)!;
  }
}

function describe(status: string | undefined): string {
  return status === undefined ? 'missing' : JSON.stringify(status.slice(0, 40));
}
