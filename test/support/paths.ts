import { isJobStatus, type JobStatus, type RequestedJobStatus } from '../../lib/jobs/status';
import { transitionFor } from '../../lib/jobs/transitions';

export interface Success {
  readonly requested: RequestedJobStatus;
  /** The status the answer reported. */
  readonly to: string;
}

/**
 * Orders the successful answers into a path through the transition table from `start`, or returns undefined when no
 * order is valid. API transitions never revisit a status, so paths are short (at most 2 steps) and trying every
 * order is cheap.
 */
export function validPath(start: JobStatus, successes: readonly Success[]): JobStatus[] | undefined {
  if (successes.length > 4) return undefined;
  const search = (current: JobStatus, left: readonly Success[], path: JobStatus[]): JobStatus[] | undefined => {
    if (left.length === 0) return path;
    for (let i = 0; i < left.length; i++) {
      const step = left[i]!;
      const t = transitionFor(current, step.requested);
      if (t.kind !== 'move' || t.to !== step.to || !isJobStatus(step.to)) continue;
      const found = search(t.to, [...left.slice(0, i), ...left.slice(i + 1)], [...path, t.to]);
      if (found) return found;
    }
    return undefined;
  };
  return search(start, successes, [start]);
}

/** The refusal message the table gives for `requested` in any status on `path` (undefined where it moves). */
export function refusalsOnPath(path: readonly JobStatus[], requested: RequestedJobStatus): Set<string> {
  const messages = new Set<string>();
  for (const status of path) {
    const t = transitionFor(status, requested);
    if (t.kind === 'refuse') {
      messages.add(t.reason === 'job-already-finished' ? 'The specified job has already been completed' : 'Error with the job status change');
    }
  }
  return messages;
}

/** A small seeded PRNG (mulberry32), so a failing race can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
