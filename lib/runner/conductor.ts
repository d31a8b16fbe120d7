/**
 * The conductor: called for every change of a job item (the table's stream), it takes the job's next arrow, hands
 * work to the queue, and schedules the tenant's jobs. It acts on a fresh read of the job, never on the change's
 * image alone, and every arrow it takes is a conditional write: a repeated or stale change record finds nothing
 * left to do. The stream delivers one tenant's changes in order to one conductor at a time (one partition key).
 */
import { isFinal } from '../jobs/job';
import type { JobStatus } from '../jobs/status';
import { activeSecondsAt, nextStep, RUNNING_STATUSES } from './lifecycle';
import { openManifest, readChunk } from './manifest/reader';
import type { Queue, RunnerJob, RunnerStore, Storage } from './ports';
import { schedule } from './schedule';

export interface ConductorDeps {
  readonly store: RunnerStore;
  readonly storage: Storage;
  readonly queue: Queue;
  readonly chunkSize: number;
  /** Chunks of one job in flight at once. */
  readonly window: number;
  /** Jobs of one tenant running at once (RUNNER_MAX_ACTIVE_JOBS). */
  readonly maxActive: number;
  readonly now?: () => Date;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** A change of one item of the job table, as the stream tells it. */
export interface JobChange {
  readonly appId: string;
  readonly jobId: string;
  readonly kind: 'insert' | 'modify' | 'remove';
  readonly oldStatus?: string;
  readonly newStatus?: string;
  readonly oldPriority?: number;
  readonly newPriority?: number;
  /** Removed by the table's TTL (not by DeleteJob). */
  readonly expired: boolean;
}

const nowIso = (deps: ConductorDeps) => (deps.now?.() ?? new Date()).toISOString();

export async function onJobChange(deps: ConductorDeps, change: JobChange): Promise<void> {
  if (change.jobId.startsWith('~')) return; // token reservations and chunk items
  if (change.kind === 'remove') {
    if (change.expired) await deps.store.releaseToken(change.appId, change.jobId);
    return;
  }
  const job = await deps.store.getJob(change.appId, change.jobId);
  if (job) await advance(deps, job, change);
  if (needsScheduling(change)) await scheduleTenant(deps, change.appId);
}

/** A job entered or left a slot or the waiting line, or its priority changed: the tenant's schedule may change. */
export function needsScheduling(change: JobChange): boolean {
  const waitingOrRunning = (s: string | undefined) => s === 'Ready' || s === 'Paused' || s === 'Active' || s === 'Pausing';
  if (change.oldStatus !== change.newStatus) return waitingOrRunning(change.oldStatus) || waitingOrRunning(change.newStatus) || isFinal(change.newStatus);
  return change.oldPriority !== change.newPriority && waitingOrRunning(change.newStatus);
}

async function advance(deps: ConductorDeps, job: RunnerJob, change: JobChange): Promise<void> {
  const key = { appId: job.appId, jobId: job.jobId };
  if (job.status === 'Active' && job.chunkSize === 0) {
    // Put in Active by another tool, never prepared by the runner: there is no plan to run it by.
    const failure = { code: 'NotPrepared', reason: 'The job reached Active without the runner reading its manifest; create it again' };
    await deps.store.transition({ ...key, from: ['Active'], to: 'Failing', reason: failure.reason, at: nowIso(deps), set: { failures: [failure] } });
    return;
  }
  const step = nextStep(job, deps.window);
  switch (step.kind) {
    case 'claim':
      await deps.store.transition({ ...key, from: ['New'], to: 'Preparing', reason: 'Reading the manifest', at: nowIso(deps) });
      return;
    case 'prepare':
      // Only the change that made it Preparing sends the work, so one claim gives one message.
      if (change.oldStatus !== 'Preparing') await deps.queue.send({ type: 'prepare', ...key });
      return;
    case 'dispatch':
      await dispatch(deps, job, step.count);
      return;
    case 'move': {
      const at = nowIso(deps);
      const set = step.to === 'Paused' ? { activeSince: null, activeSeconds: activeSecondsAt(job, at) } : undefined;
      await deps.store.transition({ ...key, from: [job.status], to: step.to, reason: step.reason, at, ...(set && { set }) });
      return;
    }
    case 'finalize':
      await deps.queue.send({ type: 'finalize', ...key, to: step.to });
      return;
    case 'wait':
      return;
  }
}

/**
 * Hands out up to `count` chunks from the job's cursor. Each chunk's message goes out before the cursor moves past
 * it: a crash between the two sends the same chunk again later (a duplicate the chunk's lease and commit absorb),
 * never loses one. A cursor moved by someone else stops the loop.
 */
async function dispatch(deps: ConductorDeps, job: RunnerJob, count: number): Promise<void> {
  const manifest = await openManifest(deps.storage, job.manifest);
  if ('failure' in manifest) return void (await failRunning(deps, job, manifest.failure));
  let cursor = job.cursor;
  for (let chunk = job.chunksDispatched; chunk < job.chunksDispatched + count; chunk++) {
    // Cut as Preparing counted: a chunk size changed since (a new deployment) must not change this job's chunks.
    const read = await readChunk(deps.storage, manifest, cursor, job.chunkSize || deps.chunkSize);
    if ('failure' in read) return void (await failRunning(deps, job, read.failure));
    if (read.rows.length === 0) break;
    await deps.queue.send({ type: 'chunk', appId: job.appId, jobId: job.jobId, chunk, rows: read.rows });
    if (!(await deps.store.advanceCursor(job.appId, job.jobId, chunk, read.next))) break;
    cursor = read.next;
  }
}

/** The manifest changed or vanished after Preparing counted it: the job cannot go on. */
async function failRunning(deps: ConductorDeps, job: RunnerJob, failure: { code: string; reason: string }): Promise<void> {
  deps.log?.('manifest unreadable while running', { appId: job.appId, jobId: job.jobId, ...failure });
  await deps.store.transition({
    appId: job.appId,
    jobId: job.jobId,
    from: [...RUNNING_STATUSES],
    to: 'Failing',
    reason: failure.reason,
    at: nowIso(deps),
    set: { failures: [failure] },
  });
}

const SCHEDULED: readonly JobStatus[] = ['Active', 'Pausing', 'Ready', 'Paused'];

/** Starts the tenant's best waiting jobs while slots are free, and pauses lower-priority running ones for better ones. */
export async function scheduleTenant(deps: ConductorDeps, appId: string): Promise<void> {
  const jobs = await deps.store.listByStatus(appId, SCHEDULED);
  const decision = schedule(jobs, deps.maxActive);
  const at = nowIso(deps);
  for (const job of decision.start) {
    await deps.store.transition({ appId, jobId: job.jobId, from: [job.status], to: 'Active', reason: 'Running', at, set: { activeSince: at } });
  }
  for (const job of decision.pause) {
    await deps.store.transition({ appId, jobId: job.jobId, from: ['Active'], to: 'Pausing', reason: 'Pausing for a job of higher priority', at });
  }
  if (decision.start.length || decision.pause.length) {
    deps.log?.('scheduled', { appId, start: decision.start.map((j) => j.jobId), pause: decision.pause.map((j) => j.jobId) });
  }
}
