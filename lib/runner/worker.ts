/**
 * The runner's queue work: prepare a job (read and count its manifest), run a chunk of tasks, and finalize a job
 * (write its report, then take the last arrow). Each step ends in a conditional write, so a message delivered twice
 * changes nothing the second time.
 */
import { createHash } from 'node:crypto';
import { cosTimestamp } from '../jobs/job';
import type { JobStatus } from '../jobs/status';
import { activeSecondsAt, CHUNK_RUNS_IN, crossesFailureThreshold } from './lifecycle';
import { countManifest, openManifest } from './manifest/reader';
import { ChunkNotDispatchedError, CommitContendedError, StorageError, type ChunkOutcome, type RunnerMessage, type RunnerStore, type Storage, type TaskRow } from './ports';
import { reportLine, reportManifest, reportTarget, resultKey, type ReportTarget, type TaskResult } from './report';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';
import { taskPlanFor, type TaskPlan } from './tasks';

export interface WorkerDeps {
  readonly store: RunnerStore;
  readonly storage: Storage;
  readonly chunkSize: number;
  /** Tasks of one chunk run at once. */
  readonly taskConcurrency: number;
  /** How long a chunk's lease holds (ms): the queue's visibility timeout. */
  readonly leaseMs: number;
  readonly retry?: RetryPolicy;
  readonly now?: () => Date;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export const SUSPENDED_CAUSE = 'Job requires confirmation: UpdateJobStatus with requestedJobStatus=Ready runs it';

/** Handles one queue message; `messageId` is the same on every delivery of one message (the chunk lease's owner). */
export async function handleMessage(deps: WorkerDeps, message: RunnerMessage, messageId: string): Promise<void> {
  switch (message.type) {
    case 'prepare':
      return prepare(deps, message.appId, message.jobId);
    case 'chunk':
      return runChunk(deps, message, messageId);
    case 'finalize':
      return finalize(deps, message.appId, message.jobId, message.to);
  }
}

const nowIso = (deps: WorkerDeps) => (deps.now?.() ?? new Date()).toISOString();

/** Preparing → Suspended, Ready or Failed: the manifest is found, its ETag checked, every line parsed and counted. */
export async function prepare(deps: WorkerDeps, appId: string, jobId: string): Promise<void> {
  const job = await deps.store.getJob(appId, jobId);
  if (!job || job.status !== 'Preparing') return;
  const fail = (code: string, reason: string) =>
    deps.store.transition({ appId, jobId, from: ['Preparing'], to: 'Failed', reason: 'Job failed', at: nowIso(deps), set: { failures: [{ code, reason }] } });

  const plan = taskPlanFor(job.operation);
  if ('problem' in plan) return void (await fail('InvalidOperation', plan.problem));
  const report = reportTarget(job.report, jobId);
  if (typeof report === 'string') return void (await fail('InvalidReport', report));

  if (typeof report === 'object' && report) {
    try {
      await withRetries(() => deps.storage.checkBucket(report.bucket), deps.retry ?? DEFAULT_RETRY);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return void (await fail('InvalidReport', `The report bucket ${report.bucket} cannot be used: ${error.status} ${error.code}`));
    }
  }
  const manifest = await openManifest(deps.storage, job.manifest);
  if ('failure' in manifest) return void (await fail(manifest.failure.code, manifest.failure.reason));
  const count = await countManifest(deps.storage, manifest, deps.chunkSize);
  if ('failure' in count) return void (await fail(count.failure.code, count.failure.reason));

  const counted = { total: count.total, chunks: { size: deps.chunkSize, total: count.chunks } };
  const moved = job.confirmationRequired
    ? await deps.store.transition({ appId, jobId, from: ['Preparing'], to: 'Suspended', reason: 'Awaiting confirmation', at: nowIso(deps), set: { ...counted, suspendedCause: SUSPENDED_CAUSE } })
    : await deps.store.transition({ appId, jobId, from: ['Preparing'], to: 'Ready', reason: 'Manifest read', at: nowIso(deps), set: counted });
  deps.log?.('job prepared', { appId, jobId, total: count.total, chunks: count.chunks, moved });
}

/** Runs a chunk's tasks once and commits the outcome with the counters; a chunk of a stopping or ended job is settled unrun. */
export async function runChunk(deps: WorkerDeps, message: Extract<RunnerMessage, { type: 'chunk' }>, owner: string): Promise<void> {
  const { appId, jobId, chunk } = message;
  const now = Date.now();
  const lease = await deps.store.leaseChunk(appId, jobId, chunk, owner, now + deps.leaseMs, now);
  if (lease !== 'leased') return void deps.log?.('chunk not taken', { appId, jobId, chunk, lease });
  const job = await deps.store.getJob(appId, jobId);
  if (!job) return;

  let outcome: ChunkOutcome;
  if (!(CHUNK_RUNS_IN as readonly string[]).includes(job.status)) {
    outcome = { succeeded: 0, failed: 0, results: [], skipped: true };
  } else {
    const plan = taskPlanFor(job.operation);
    const report = reportTarget(job.report, jobId);
    const results = 'problem' in plan ? message.rows.map((row) => failedTask(row, 400, 'InvalidRequest', plan.problem)) : await runTasks(deps, plan, message.rows);
    const failed = results.filter((r) => r.status === 'failed').length;
    let files: ChunkOutcome['results'] = [];
    if (typeof report === 'object' && report) {
      try {
        files = await writeResults(deps, report, jobId, chunk, owner, results);
      } catch (error) {
        if (!(error instanceof StorageError) || error.retryable) throw error; // the message comes back
        // The report bucket refuses for good (deleted, access taken away): the job cannot keep its promise of a report.
        const reason = `The report cannot be written to ${report.bucket}: ${error.status} ${error.code}`;
        await deps.store.transition({ appId, jobId, from: ['Active', 'Pausing'], to: 'Failing', reason, at: nowIso(deps), set: { failures: [{ code: 'ReportWriteFailed', reason }] } });
      }
    }
    outcome = { succeeded: results.length - failed, failed, results: files, skipped: false };
  }
  const committed = await commitWhenDispatched(deps, appId, jobId, chunk, owner, outcome);
  deps.log?.('chunk settled', { appId, jobId, chunk, committed, succeeded: outcome.succeeded, failed: outcome.failed, skipped: outcome.skipped });
}

/**
 * A chunk can arrive before its dispatcher has moved the cursor past it (the message goes out first), and its commit
 * can meet a concurrent write to the job (a cancel): wait a moment and commit again, rather than send the message back
 * for a whole visibility timeout and run its tasks again.
 */
async function commitWhenDispatched(deps: WorkerDeps, appId: string, jobId: string, chunk: number, owner: string, outcome: ChunkOutcome): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.store.commitChunk(appId, jobId, chunk, owner, outcome);
    } catch (error) {
      if (!(error instanceof ChunkNotDispatchedError || error instanceof CommitContendedError) || attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

async function runTasks(deps: WorkerDeps, plan: TaskPlan, rows: readonly TaskRow[]): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array(rows.length);
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const i = next++;
      results[i] = await runTask(deps, plan, rows[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.taskConcurrency, rows.length) }, lane));
  return results;
}

/** One task: the reads its plan needs, then its one call, each retried on a retryable answer; never throws. */
async function runTask(deps: WorkerDeps, plan: TaskPlan, row: TaskRow): Promise<TaskResult> {
  const retry = deps.retry ?? DEFAULT_RETRY;
  const source = { bucket: row.bucket, key: row.key, ...(row.versionId ? { versionId: row.versionId } : {}) };
  try {
    const head = plan.needs.head ? await withRetries(() => deps.storage.head(source), retry) : undefined;
    const tags = plan.needs.tags ? await withRetries(() => deps.storage.getTags(source), retry) : undefined;
    const call = plan.call(row, { ...(head && { head }), ...(tags && { tags }) });
    if (typeof call === 'string') return failedTask(row, 400, 'InvalidRequest', call);
    await withRetries(() => deps.storage.send(call), retry);
    return { bucket: row.bucket, key: row.key, ...(row.versionId && { versionId: row.versionId }), status: 'succeeded', httpStatus: 200, errorCode: '', message: 'Successful' };
  } catch (error) {
    if (error instanceof StorageError) return failedTask(row, error.status, error.code, explain(error));
    return failedTask(row, 500, 'InternalError', error instanceof Error ? error.name : 'unknown error');
  }
}

/** S3 refuses a CopyObject source over 5 GB with a terse InvalidRequest: say what it means. */
function explain(error: StorageError): string {
  if (error.code === 'InvalidRequest' && /larger than the maximum allowable size/i.test(error.message)) {
    return 'The object is larger than 5 GB, the most a single copy can take';
  }
  return error.message;
}

function failedTask(row: TaskRow, httpStatus: number, errorCode: string, message: string): TaskResult {
  return { bucket: row.bucket, key: row.key, ...(row.versionId && { versionId: row.versionId }), status: 'failed', httpStatus, errorCode, message };
}

/** This attempt's result files, one per task status (only failures when the scope says so). */
async function writeResults(deps: WorkerDeps, report: ReportTarget, jobId: string, chunk: number, attempt: string, results: readonly TaskResult[]): Promise<ChunkOutcome['results']> {
  const files: { key: string; status: 'succeeded' | 'failed'; md5: string }[] = [];
  for (const status of ['succeeded', 'failed'] as const) {
    if (status === 'succeeded' && report.failedOnly) continue;
    const lines = results.filter((r) => r.status === status).map(reportLine);
    if (lines.length === 0) continue;
    const body = `${lines.join('\n')}\n`;
    const key = resultKey(report, jobId, chunk, attempt, status);
    await withRetries(() => deps.storage.put(report.bucket, key, body, 'text/csv'), deps.retry ?? DEFAULT_RETRY);
    files.push({ key, status, md5: createHash('md5').update(body).digest('hex') });
  }
  return files;
}

const FINAL_FROM: Record<'Complete' | 'Failed' | 'Cancelled', JobStatus> = { Complete: 'Completing', Failed: 'Failing', Cancelled: 'Cancelling' };

/** Writes the report's manifest.json over the committed chunks' files, removes other attempts' files, then ends the job. */
export async function finalize(deps: WorkerDeps, appId: string, jobId: string, to: 'Complete' | 'Failed' | 'Cancelled'): Promise<void> {
  const job = await deps.store.getJob(appId, jobId);
  const from = FINAL_FROM[to];
  if (!job || job.status !== from || job.chunksSettled < job.chunksDispatched) return;
  const report = reportTarget(job.report, jobId);
  const ran = job.succeeded + job.failed > 0;
  let reportFailure: { code: string; reason: string } | undefined;
  if (typeof report === 'object' && report && ran) {
    try {
      await writeReportManifest(deps, report, appId, jobId);
    } catch (error) {
      if (!(error instanceof StorageError) || error.retryable) throw error; // the message comes back
      // A bucket that refuses for good must not keep the job from ending: it ends without its report, and says so.
      reportFailure = { code: 'ReportWriteFailed', reason: `The report cannot be written to ${report.bucket}: ${error.status} ${error.code}` };
    }
  }
  const at = nowIso(deps);
  const activeSeconds = activeSecondsAt(job, at);
  const reason = to === 'Complete' ? 'Job complete' : to === 'Failed' ? 'Job failed' : 'Job cancelled';
  const threshold = to === 'Failed' && crossesFailureThreshold(job.succeeded, job.failed);
  const thresholdReason = `${job.failed} of ${job.succeeded + job.failed} tasks failed: more than 50% after more than 1,000 tasks`;
  const failures = reportFailure ? [reportFailure] : threshold ? [{ code: 'TaskFailureThresholdExceeded', reason: thresholdReason }] : undefined;
  const moved = await deps.store.transition({ appId, jobId, from: [from], to, reason, at, set: { activeSince: null, activeSeconds, ...(failures && { failures }) } });
  deps.log?.('job finalized', { appId, jobId, to, moved, terminationDate: cosTimestamp(new Date(at)) });
}

/** manifest.json over the committed chunks' result files; result files of attempts that did not commit are removed. */
async function writeReportManifest(deps: WorkerDeps, report: ReportTarget, appId: string, jobId: string): Promise<void> {
  const results = await deps.store.listResults(appId, jobId);
  const kept = new Set(results.map((r) => r.key));
  const retry = deps.retry ?? DEFAULT_RETRY;
  await withRetries(() => deps.storage.put(report.bucket, `${report.folder}manifest.json`, reportManifest(report.bucket, results, nowIso(deps)), 'application/json'), retry);
  const orphans: string[] = [];
  for await (const key of deps.storage.list(report.bucket, `${report.folder}results/`)) if (!kept.has(key)) orphans.push(key);
  if (orphans.length) await withRetries(() => deps.storage.deleteKeys(report.bucket, orphans), retry);
}
