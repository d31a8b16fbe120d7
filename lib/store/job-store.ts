import type { JobStatus } from '../jobs/status';

/** The port through which the use case changes jobs. The DynamoDB adapter implements it; tests may too. */
export interface JobStore {
  /** One conditional write: move the job to `to` only if it exists and its status is one of `from`. */
  changeStatus(change: StatusChange): Promise<ChangeResult>;
}

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
