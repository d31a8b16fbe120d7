import type { JobDefinition, JobRecord, Tag } from '../jobs/job';
import type { JobStatus } from '../jobs/status';

/**
 * The port through which the use cases read and change jobs: one database request per call. The DynamoDB adapter
 * implements it; tests may too. Failures the caller cannot fix throw StoreError.
 */
export interface JobStore {
  /** One conditional write: move the job to `to` only if it exists and its status is one of `from`. */
  changeStatus(change: StatusChange): Promise<ChangeResult>;
  /** Creates the job and reserves its ClientRequestToken, both or neither. */
  createJob(job: NewJob): Promise<CreateResult>;
  /** One strongly consistent read. */
  getJob(key: JobKey): Promise<JobRecord | undefined>;
  /** One page of a tenant's jobs in ascending JobId order. */
  listJobs(query: ListQuery): Promise<JobPage>;
  /** Sets the priority of a job that exists and is not in a final status. */
  changePriority(key: JobKey, priority: number): Promise<'changed' | 'missing-or-final'>;
  /** Deletes a job in a final status, and frees its ClientRequestToken. */
  deleteJob(key: JobKey): Promise<DeleteResult>;
  /** A job's tags (empty when it has none), or undefined when there is no such job. One strongly consistent read. */
  getJobTags(key: JobKey): Promise<readonly Tag[] | undefined>;
  /** Replaces a job's tags (an empty list removes them) if the job exists. One conditional write. */
  putJobTags(key: JobKey, tags: readonly Tag[]): Promise<'changed' | 'missing'>;
}

export interface NewJob {
  readonly key: JobKey;
  readonly definition: JobDefinition;
  readonly clientRequestToken: string;
  /** Equal for equal requests: a repeat of the token with another fingerprint is another request. */
  readonly fingerprint: string;
  readonly status: JobStatus;
  /** COS timestamp (whole seconds). */
  readonly creationTime: string;
  readonly requestId: string;
}

export type CreateResult =
  | { readonly outcome: 'created' }
  /** The token is reserved already, by the job `jobId`, for the request with `fingerprint`. */
  | { readonly outcome: 'token-taken'; readonly jobId: string; readonly fingerprint: string }
  /** Another create with the same token was in flight; nothing was written. */
  | { readonly outcome: 'contended' };

export interface ListQuery {
  readonly appId: string;
  /** Only jobs in this status. */
  readonly status?: JobStatus;
  /** Only jobs in one of these statuses (two or more; one is `status`). */
  readonly statuses?: readonly JobStatus[];
  readonly limit: number;
  /** Start after this JobId. */
  readonly after?: string;
}

export interface JobPage {
  readonly jobs: readonly JobRecord[];
  /** True when the database stopped before the end: more jobs may follow the last one. */
  readonly more: boolean;
  /**
   * Where the next page starts when `more`: the last JobId the database read, which is not the page's last job
   * when a status filter dropped the jobs after it (absent: after the page's last job).
   */
  readonly resumeAfter?: string;
}

export type DeleteResult =
  | { readonly outcome: 'deleted' }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'not-final'; readonly status: string | undefined };

export interface JobKey {
  readonly appId: string;
  readonly jobId: string;
}

export interface StatusChange {
  readonly key: JobKey;
  readonly from: readonly JobStatus[];
  readonly to: JobStatus;
  readonly reason: string;
  readonly requestId: string;
  /** ISO-8601 UTC. */
  readonly changedAt: string;
}

/** The job as stored, read without trusting it: any field may be missing or of another type. */
export interface JobSnapshot {
  readonly status: string | undefined;
  readonly statusUpdateReason: string | undefined;
  readonly previousStatus: string | undefined;
  readonly statusUpdateRequestId: string | undefined;
  readonly version: number | undefined;
}

export type ChangeResult =
  /** The write happened; `job` is the item after it. */
  | { readonly outcome: 'changed'; readonly job: JobSnapshot }
  /** The item exists but its status was not one of `from`; nothing was written; `job` is the item as it is. */
  | { readonly outcome: 'conflict'; readonly job: JobSnapshot }
  /** No item with this key; nothing was written. */
  | { readonly outcome: 'missing' };

/** Why the store could not answer. `throttled` and `unavailable` are worth a retry by the caller. */
export type StoreFailure = 'throttled' | 'unavailable' | 'failed';

export class StoreError extends Error {
  constructor(
    readonly failure: StoreFailure,
    /** A short, log-safe description of the cause (error name or code), never shown to callers. */
    readonly causeName: string,
  ) {
    super(`job store ${failure}: ${causeName}`);
    this.name = 'StoreError';
  }
}
