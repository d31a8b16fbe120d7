import type { JobStatus } from '../jobs/status';

/**
 * The runner's side of the lifecycle (shared/spec/runner.md §1), as pure rules: which arrows the runner may take,
 * the failure threshold, and what a job in a given state needs next. Every arrow is taken by a conditional write on
 * the job item, so a rule here decides what to try, never what has happened.
 */

/** The arrows the runner takes; the API takes the others (confirm, cancel). */
export const RUNNER_ARROWS: Readonly<Record<string, readonly JobStatus[]>> = {
  New: ['Preparing'],
  Preparing: ['Suspended', 'Ready', 'Failed'],
  Ready: ['Active'],
  Active: ['Pausing', 'Completing', 'Failing'],
  Pausing: ['Paused'],
  Paused: ['Active'],
  Completing: ['Complete'],
  Failing: ['Failed'],
  Cancelling: ['Cancelled'],
};

export function isRunnerArrow(from: JobStatus, to: JobStatus): boolean {
  return RUNNER_ARROWS[from]?.includes(to) ?? false;
}

/** Statuses whose chunks run: a Pausing job finishes the chunks it has out, and takes no new ones. */
export const RUNNING_STATUSES: readonly JobStatus[] = ['Active', 'Pausing'];
/**
 * Statuses in which a chunk that arrives still runs. Paused too: a chunk handed out just as another conductor paused
 * the job (two runners, locally) is part of the job's plan, and skipping it would lose its tasks for good; only a
 * job that is stopping or over settles its chunks unrun.
 */
export const CHUNK_RUNS_IN: readonly JobStatus[] = ['Active', 'Pausing', 'Paused'];

/** COS: "more than 1,000 operations" and a failure rate "exceeding 50%" (runner.md §1; AWS counts from 1,000). */
export const FAILURE_THRESHOLD = { minimumTasks: 1000, rate: 0.5 } as const;

export function crossesFailureThreshold(succeeded: number, failed: number): boolean {
  const ran = succeeded + failed;
  return ran > FAILURE_THRESHOLD.minimumTasks && failed > ran * FAILURE_THRESHOLD.rate;
}

export { activeSecondsAt } from '../jobs/job';

/** What the runner knows of a job between two writes: its status and its chunk counters. */
export interface JobProgress {
  readonly status: JobStatus;
  readonly succeeded: number;
  readonly failed: number;
  /** Chunks the manifest was cut into (known once Preparing has counted it). */
  readonly chunksTotal: number;
  /** Chunks handed to the queue so far; chunk `n` is the n-th (from 0), so this is also the next chunk's number. */
  readonly chunksDispatched: number;
  /** Chunks whose outcome is committed (run, or skipped because the job stopped). */
  readonly chunksSettled: number;
}

/** What a job needs next from the conductor; `wait` when an event still to come (a chunk's commit) will move it. */
export type NextStep =
  | { readonly kind: 'claim' } // New → Preparing
  | { readonly kind: 'prepare' } // read and count the manifest (on the queue)
  | { readonly kind: 'dispatch'; readonly count: number } // hand the next chunks to the queue
  | { readonly kind: 'move'; readonly to: JobStatus; readonly reason: string }
  | { readonly kind: 'finalize'; readonly to: 'Complete' | 'Failed' | 'Cancelled' } // write the report, then move
  | { readonly kind: 'wait' };

export const REASONS = {
  complete: 'Job complete',
  failing: 'Task failure rate exceeded 50% after more than 1,000 tasks',
  paused: 'Paused for a job of higher priority',
} as const;

/**
 * The step a job in `job` needs, with at most `window` chunks in flight at once. Pure: the same progress always
 * gives the same step, so a repeated stream record repeats a step whose write then finds nothing to do.
 */
export function nextStep(job: JobProgress, window: number): NextStep {
  const inFlight = job.chunksDispatched - job.chunksSettled;
  switch (job.status) {
    case 'New':
      return { kind: 'claim' };
    case 'Preparing':
      return { kind: 'prepare' };
    case 'Active': {
      if (crossesFailureThreshold(job.succeeded, job.failed)) return { kind: 'move', to: 'Failing', reason: REASONS.failing };
      if (job.chunksSettled >= job.chunksTotal) return { kind: 'move', to: 'Completing', reason: REASONS.complete };
      const room = Math.min(window - inFlight, job.chunksTotal - job.chunksDispatched);
      return room > 0 ? { kind: 'dispatch', count: room } : { kind: 'wait' };
    }
    case 'Pausing':
      return inFlight <= 0 ? { kind: 'move', to: 'Paused', reason: REASONS.paused } : { kind: 'wait' };
    case 'Completing':
      return { kind: 'finalize', to: 'Complete' };
    case 'Failing':
      return inFlight <= 0 ? { kind: 'finalize', to: 'Failed' } : { kind: 'wait' };
    case 'Cancelling':
      return inFlight <= 0 ? { kind: 'finalize', to: 'Cancelled' } : { kind: 'wait' };
    default:
      return { kind: 'wait' };
  }
}
