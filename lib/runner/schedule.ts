import type { JobStatus } from '../jobs/status';

/**
 * Scheduling (shared/spec/runner.md §4, a **decision**): each tenant runs at most `maxActive` jobs at once; Ready and
 * Paused jobs start in order of Priority (higher first), then age (JobIds are time-ordered); when a waiting job has a
 * higher priority than a running one and no slot is free, the lowest-priority running job is paused at its next
 * chunk boundary. Pure: the conductor lists the tenant's jobs, asks, and takes each answer with a conditional write.
 */
export interface ScheduledJob {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly priority: number;
}

export interface ScheduleDecision {
  /** Ready or Paused jobs to move to Active. */
  readonly start: readonly ScheduledJob[];
  /** Active jobs to move to Pausing. */
  readonly pause: readonly ScheduledJob[];
}

const byPriorityThenAge = (a: ScheduledJob, b: ScheduledJob) =>
  b.priority - a.priority || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0);

export function schedule(jobs: readonly ScheduledJob[], maxActive: number): ScheduleDecision {
  const running = jobs.filter((j) => j.status === 'Active' || j.status === 'Pausing');
  const waiting = jobs.filter((j) => j.status === 'Ready' || j.status === 'Paused').sort(byPriorityThenAge);
  const free = Math.max(0, maxActive - running.length);
  const start = waiting.slice(0, free);
  const stillWaiting = waiting.slice(free);

  // Pausing jobs already give their slot back; pause more only for waiting jobs not yet covered by them.
  const pausing = running.filter((j) => j.status === 'Pausing').length;
  const active = running.filter((j) => j.status === 'Active').sort(byPriorityThenAge).reverse(); // lowest first
  const pause: ScheduledJob[] = [];
  let covered = pausing;
  for (const candidate of stillWaiting) {
    if (covered > 0) {
      covered--;
      continue;
    }
    const victim = active[pause.length];
    if (!victim || victim.priority >= candidate.priority) break;
    pause.push(victim);
  }
  return { start, pause };
}
