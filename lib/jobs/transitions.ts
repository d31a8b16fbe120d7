import { JOB_STATUSES, type JobStatus, type RequestedJobStatus } from './status';

/**
 * What UpdateJobStatus does to a job in a given status: move it to `to`, or refuse with a reason.
 * `refused` names the domain reason; the COS error catalogue maps it to a code and message.
 */
export type Transition =
  | { readonly kind: 'move'; readonly to: JobStatus }
  | { readonly kind: 'refuse'; readonly reason: 'status-change-not-allowed' | 'job-already-finished' };

const move = (to: JobStatus): Transition => ({ kind: 'move', to });
const NOT_ALLOWED: Transition = { kind: 'refuse', reason: 'status-change-not-allowed' };
const FINISHED: Transition = { kind: 'refuse', reason: 'job-already-finished' };

/** The transition table of the behaviour contract (spec section 3), one row per current status. */
export const TRANSITIONS: Readonly<Record<JobStatus, Readonly<Record<RequestedJobStatus, Transition>>>> = {
  New: { Ready: NOT_ALLOWED, Cancelled: move('Cancelled') },
  Preparing: { Ready: NOT_ALLOWED, Cancelled: move('Cancelled') },
  Suspended: { Ready: move('Ready'), Cancelled: move('Cancelled') },
  Ready: { Ready: NOT_ALLOWED, Cancelled: move('Cancelled') },
  Active: { Ready: NOT_ALLOWED, Cancelled: move('Cancelling') },
  Pausing: { Ready: NOT_ALLOWED, Cancelled: move('Cancelling') },
  Paused: { Ready: NOT_ALLOWED, Cancelled: move('Cancelling') },
  Completing: { Ready: NOT_ALLOWED, Cancelled: NOT_ALLOWED },
  Failing: { Ready: NOT_ALLOWED, Cancelled: NOT_ALLOWED },
  Cancelling: { Ready: NOT_ALLOWED, Cancelled: NOT_ALLOWED },
  Complete: { Ready: FINISHED, Cancelled: FINISHED },
  Failed: { Ready: FINISHED, Cancelled: FINISHED },
  Cancelled: { Ready: FINISHED, Cancelled: FINISHED },
};

export function transitionFor(current: JobStatus, requested: RequestedJobStatus): Transition {
  return TRANSITIONS[current][requested];
}

/**
 * A conditional write the store can make: every status in `from` leads to `to` for this request, so a write
 * conditioned on "Status is one of `from`" is exactly as safe as one conditioned on a single status.
 */
export interface Move {
  readonly from: readonly JobStatus[];
  readonly to: JobStatus;
}

function movesFor(requested: RequestedJobStatus): readonly Move[] {
  const byTarget = new Map<JobStatus, JobStatus[]>();
  for (const status of JOB_STATUSES) {
    const transition = TRANSITIONS[status][requested];
    if (transition.kind !== 'move') continue;
    const sources = byTarget.get(transition.to) ?? [];
    sources.push(status);
    byTarget.set(transition.to, sources);
  }
  return [...byTarget].map(([to, from]) => ({ from, to }));
}

/** Every move a request can cause, grouped by target, in lifecycle order of the first source. Computed once. */
export const MOVES: Readonly<Record<RequestedJobStatus, readonly Move[]>> = {
  Ready: movesFor('Ready'),
  Cancelled: movesFor('Cancelled'),
};

/** The move to try first, before the current status is known: the group that holds the earliest statuses. */
export function firstMove(requested: RequestedJobStatus): Move {
  return MOVES[requested][0]!;
}

/** The move that applies to a job known to be in `current` (it exists only when the table says "move"). */
export function moveFrom(current: JobStatus, requested: RequestedJobStatus): Move | undefined {
  return MOVES[requested].find((m) => m.from.includes(current));
}
