/**
 * The runner's ports: the storage it works on, the queue its chunks travel on, and the job table's runner writes.
 * The AWS adapters (lib/storage, lib/queue, lib/store/dynamodb) implement them; tests may too.
 */
import type { JobStatus } from '../jobs/status';
import type { JobProgress } from './lifecycle';

export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

export interface ObjectHead {
  readonly etag: string;
  readonly size: number;
  readonly lastModified?: Date;
  readonly metadata: Readonly<Record<string, string>>;
  readonly contentType?: string;
  /** The other system metadata a copy with REPLACE would drop unless it is sent again. */
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  readonly expires?: Date;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** One storage call a task makes, as data: the pure planner (tasks.ts) makes it, the adapter sends it. */
export type StorageCall =
  | {
      readonly kind: 'copy';
      readonly source: ObjectRef;
      readonly target: { readonly bucket: string; readonly key: string };
      readonly metadataDirective: 'COPY' | 'REPLACE';
      readonly metadata?: Readonly<Record<string, string>>;
      readonly headers?: {
        readonly CacheControl?: string;
        readonly ContentDisposition?: string;
        readonly ContentEncoding?: string;
        readonly ContentLanguage?: string;
        readonly ContentType?: string;
        readonly Expires?: Date;
      };
      readonly taggingDirective: 'COPY' | 'REPLACE';
      readonly tags?: readonly Tag[];
      readonly storageClass?: string;
      readonly serverSideEncryption?: string;
      readonly acl?: string;
      readonly grants?: { readonly GrantRead?: string; readonly GrantFullControl?: string; readonly GrantReadACP?: string; readonly GrantWriteACP?: string };
      readonly ifModifiedSince?: Date;
      readonly ifUnmodifiedSince?: Date;
    }
  | { readonly kind: 'put-tags'; readonly object: ObjectRef; readonly tags: readonly Tag[] }
  | { readonly kind: 'delete-tags'; readonly object: ObjectRef }
  | { readonly kind: 'restore'; readonly object: ObjectRef; readonly days: number; readonly tier: string };

/** A storage answer that is not success: what the report records. */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Throttling, 5xx, timeouts and network errors: worth another attempt. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** A chunk arrived before the dispatcher moved the cursor past it: its commit must wait a moment and try again. */
export class ChunkNotDispatchedError extends Error {
  constructor(jobId: string, chunk: number) {
    super(`chunk ${chunk} of job ${jobId} is not handed out yet`);
    this.name = 'ChunkNotDispatchedError';
  }
}

/** A chunk's commit met a concurrent write to its job (DynamoDB: TransactionConflict): nothing was written; try again. */
export class CommitContendedError extends Error {
  constructor(jobId: string, chunk: number) {
    super(`the commit of chunk ${chunk} of job ${jobId} met another write to the job`);
    this.name = 'CommitContendedError';
  }
}

export interface Storage {
  /** Throws a StorageError (404 NoSuchBucket, 403 ...) when the bucket cannot be used. */
  checkBucket(bucket: string): Promise<void>;
  head(object: ObjectRef): Promise<ObjectHead>;
  getTags(object: ObjectRef): Promise<readonly Tag[]>;
  /** The object's bytes from `start` (a ranged GET), failing with 412 when its ETag is no longer `ifMatch`. */
  read(object: ObjectRef, options: { readonly start?: number; readonly ifMatch?: string }): AsyncIterable<Uint8Array>;
  send(call: StorageCall): Promise<void>;
  put(bucket: string, key: string, body: string, contentType: string): Promise<void>;
  list(bucket: string, prefix: string): AsyncIterable<string>;
  deleteKeys(bucket: string, keys: readonly string[]): Promise<void>;
}

/** Messages on the runner's queue. */
export type RunnerMessage =
  | { readonly type: 'prepare'; readonly appId: string; readonly jobId: string }
  | { readonly type: 'chunk'; readonly appId: string; readonly jobId: string; readonly chunk: number; readonly rows: readonly TaskRow[] }
  | { readonly type: 'finalize'; readonly appId: string; readonly jobId: string; readonly to: 'Complete' | 'Failed' | 'Cancelled' };

/** One manifest line, parsed: one task. */
export interface TaskRow {
  readonly line: number;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

export interface Queue {
  send(message: RunnerMessage): Promise<void>;
}

/** Where the next chunk starts: a byte offset in the manifest (CSV) or in one of an inventory's files. */
export interface ManifestCursor {
  readonly file: number;
  readonly offset: number;
  readonly line: number;
}

/** The job as the runner reads it. */
export interface RunnerJob extends JobProgress {
  readonly appId: string;
  readonly jobId: string;
  readonly priority: number;
  readonly confirmationRequired: boolean;
  readonly total: number;
  /** The chunk size the job was counted with (0 before Preparing). */
  readonly chunkSize: number;
  readonly cursor: ManifestCursor;
  readonly manifest: unknown;
  readonly operation: unknown;
  readonly report: unknown;
  /** ISO time the job last became Active, or undefined when it is not Active. */
  readonly activeSince?: string;
  readonly activeSeconds: number;
}

export interface ChunkOutcome {
  readonly succeeded: number;
  readonly failed: number;
  /** The result files this attempt wrote (their keys in the report bucket), and their task status. */
  readonly results: readonly { readonly key: string; readonly status: 'succeeded' | 'failed'; readonly md5: string }[];
  /** The chunk did not run: the job had stopped (cancelled, failing). */
  readonly skipped: boolean;
}

export interface RunnerTransition {
  readonly appId: string;
  readonly jobId: string;
  readonly from: readonly JobStatus[];
  readonly to: JobStatus;
  readonly reason: string;
  readonly at: string;
  /** Attributes set in the same write. */
  readonly set?: {
    readonly total?: number;
    /** The chunk plan, set once by Preparing: with it the dispatch cursor starts at the manifest's beginning. */
    readonly chunks?: { readonly size: number; readonly total: number };
    readonly suspendedCause?: string;
    readonly failures?: readonly { readonly code: string; readonly reason: string }[];
    readonly activeSince?: string | null;
    readonly activeSeconds?: number;
  };
}

export interface RunnerStore {
  getJob(appId: string, jobId: string): Promise<RunnerJob | undefined>;
  /** The jobs of a tenant in these statuses (through the status index). */
  listByStatus(appId: string, statuses: readonly JobStatus[]): Promise<readonly RunnerJob[]>;
  /** One conditional write; false when the job was not in `from` (nothing written). */
  transition(change: RunnerTransition): Promise<boolean>;
  /**
   * Advances the dispatch cursor from chunk `chunk` to the next: conditioned on the cursor alone (not the status), so
   * that a chunk whose message went out is always counted as handed out, whatever the job did meanwhile.
   */
  advanceCursor(appId: string, jobId: string, chunk: number, next: ManifestCursor): Promise<boolean>;
  /** Takes chunk `chunk` for `owner` until `until` (ms), unless it is committed or another owner's lease runs. */
  leaseChunk(appId: string, jobId: string, chunk: number, owner: string, until: number, now: number): Promise<'leased' | 'committed' | 'busy'>;
  /**
   * Commits the chunk's outcome and adds its counters to the job, once (whatever the job's status): false when it was
   * committed already, the lease was lost, or the job is gone. Throws ChunkNotDispatchedError while the cursor has not
   * passed the chunk and the job is not over, CommitContendedError when a concurrent write to the job cancelled it.
   */
  commitChunk(appId: string, jobId: string, chunk: number, owner: string, outcome: ChunkOutcome): Promise<boolean>;
  /** The committed result files of every chunk of the job. */
  listResults(appId: string, jobId: string): Promise<readonly ChunkOutcome['results'][number][]>;
  /** Frees the ClientRequestToken of a job the table's TTL removed. */
  releaseToken(appId: string, jobId: string): Promise<void>;
}
