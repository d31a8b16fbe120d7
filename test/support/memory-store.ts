import { isFinal, type JobRecord, type Tag } from '../../lib/jobs/job';
import { tokenTail } from '../../lib/jobs/job-id';
import type {
  ChangeResult,
  CreateResult,
  DeleteResult,
  JobKey,
  JobPage,
  JobSnapshot,
  JobStore,
  ListQuery,
  NewJob,
  StatusChange,
} from '../../lib/store/job-store';

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
  /** Token reservations: `<appId> <tail>` → the job that holds it and its request's fingerprint. */
  readonly reservations = new Map<string, { jobId: string; fingerprint: string }>();
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

  async createJob(job: NewJob): Promise<CreateResult> {
    const reservation = `${job.key.appId}\u0000${tokenTail(job.key.jobId)}`;
    const held = this.reservations.get(reservation);
    if (held) return { outcome: 'token-taken', ...held };
    if (this.get(job.key.appId, job.key.jobId)) throw new Error(`job ${job.key.jobId} exists`);
    const d = job.definition;
    this.put(job.key.appId, job.key.jobId, {
      Status: job.status,
      Version: 0,
      ClientRequestToken: job.clientRequestToken,
      ConfirmationRequired: d.confirmationRequired,
      Description: d.description,
      Priority: d.priority,
      RoleArn: d.roleArn,
      CreationTime: job.creationTime,
      Manifest: d.manifest,
      Operation: d.operation,
      Report: d.report,
      ...(d.tags && { Tags: d.tags }),
    });
    this.reservations.set(reservation, { jobId: job.key.jobId, fingerprint: job.fingerprint });
    return { outcome: 'created' };
  }

  async getJob(key: JobKey): Promise<JobRecord | undefined> {
    const job = this.get(key.appId, key.jobId);
    return job && record(key.jobId, job);
  }

  async listJobs(query: ListQuery): Promise<JobPage> {
    const prefix = `${query.appId}\u0000`;
    const ids = [...this.jobs.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .filter((id) => query.after === undefined || id > query.after)
      .filter((id) => query.status === undefined || this.get(query.appId, id)!.Status === query.status)
      .filter((id) => !query.statuses?.length || query.statuses.includes(this.get(query.appId, id)!.Status as never))
      .sort();
    const page = ids.slice(0, query.limit);
    return { jobs: page.map((id) => record(id, this.get(query.appId, id)!)), more: ids.length > query.limit };
  }

  async changePriority(key: JobKey, priority: number): Promise<'changed' | 'missing-or-final'> {
    const job = this.get(key.appId, key.jobId);
    if (!job || isFinal(job.Status as string)) return 'missing-or-final';
    job.Priority = priority;
    return 'changed';
  }

  async deleteJob(key: JobKey): Promise<DeleteResult> {
    const job = this.get(key.appId, key.jobId);
    if (!job) return { outcome: 'missing' };
    if (!isFinal(job.Status as string)) return { outcome: 'not-final', status: job.Status as string };
    this.jobs.delete(`${key.appId}\u0000${key.jobId}`);
    const reservation = `${key.appId}\u0000${tokenTail(key.jobId)}`;
    if (this.reservations.get(reservation)?.jobId === key.jobId) this.reservations.delete(reservation);
    return { outcome: 'deleted' };
  }

  async getJobTags(key: JobKey): Promise<readonly Tag[] | undefined> {
    const job = this.get(key.appId, key.jobId);
    return job ? ((job.Tags as Tag[] | undefined) ?? []) : undefined;
  }

  async putJobTags(key: JobKey, tags: readonly Tag[]): Promise<'changed' | 'missing'> {
    const job = this.get(key.appId, key.jobId);
    if (!job) return 'missing';
    if (tags.length) job.Tags = tags.map((t) => ({ ...t }));
    else delete job.Tags;
    return 'changed';
  }
}

function record(jobId: string, job: StoredJob): JobRecord {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    jobId,
    status: text(job.Status),
    statusUpdateReason: job.StatusUpdateReason,
    confirmationRequired: typeof job.ConfirmationRequired === 'boolean' ? job.ConfirmationRequired : undefined,
    description: text(job.Description),
    priority: typeof job.Priority === 'number' ? job.Priority : undefined,
    roleArn: text(job.RoleArn),
    creationTime: text(job.CreationTime),
    terminationDate: text(job.TerminationDate),
    manifest: job.Manifest,
    operation: job.Operation,
    report: job.Report,
    progress: { total: 0, succeeded: 0, failed: 0 },
    failures: [],
    activeSeconds: 0,
    tags: job.Tags,
  };
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

/** Every method of the JobStore port: a Record, so that a method added to the port fails to compile here until listed. */
const PORT_METHODS: Record<keyof JobStore, true> = {
  changeStatus: true,
  createJob: true,
  getJob: true,
  listJobs: true,
  changePriority: true,
  deleteJob: true,
  getJobTags: true,
  putJobTags: true,
};

/** The store, with every call to a JobStore method counted by name, in order (the database budget of a use case). */
export function countedStore<T extends JobStore>(store: T): { store: T; calls: string[] } {
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || !Object.hasOwn(PORT_METHODS, name)) return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  });
  return { store: counted, calls };
}
