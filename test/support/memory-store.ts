import type { ChangeResult, JobSnapshot, JobStore, StatusChange } from '../../lib/store/job-store';

interface StoredJob {
  Status?: unknown;
  StatusUpdateReason?: string;
  PreviousStatus?: string;
  StatusUpdateRequestId?: string;
  StatusUpdateTime?: string;
  Version?: number;
  [attribute: string]: unknown;
}

/**
 * An in-memory JobStore with DynamoDB's conditional-write semantics, for unit tests and the CPU benchmark.
 * It records every change it was asked for.
 */
export class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, StoredJob>();
  readonly calls: StatusChange[] = [];
  /** Runs before each write, to let a test change the job "concurrently". */
  beforeWrite?: (change: StatusChange, store: MemoryJobStore) => void;

  put(appId: string, jobId: string, job: StoredJob): void {
    this.jobs.set(`${appId}\u0000${jobId}`, { ...job });
  }

  get(appId: string, jobId: string): StoredJob | undefined {
    return this.jobs.get(`${appId}\u0000${jobId}`);
  }

  async changeStatus(change: StatusChange): Promise<ChangeResult> {
    this.calls.push(change);
    this.beforeWrite?.(change, this);
    const job = this.get(change.key.appId, change.key.jobId);
    if (!job) return { outcome: 'missing' };
    if (!(change.from as readonly unknown[]).includes(job.Status)) return { outcome: 'conflict', job: snapshot(job) };
    job.PreviousStatus = job.Status as string;
    job.Status = change.to;
    job.StatusUpdateReason = change.reason;
    job.StatusUpdateTime = change.changedAt;
    job.StatusUpdateRequestId = change.requestId;
    job.Version = (job.Version ?? 0) + 1;
    return { outcome: 'changed', job: snapshot(job) };
  }
}

function snapshot(job: StoredJob): JobSnapshot {
  return {
    status: typeof job.Status === 'string' ? job.Status : undefined,
    statusUpdateReason: job.StatusUpdateReason,
    previousStatus: job.PreviousStatus,
    statusUpdateRequestId: job.StatusUpdateRequestId,
    version: job.Version,
  };
}
