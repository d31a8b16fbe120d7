import type { JobStatus } from './status';

/**
 * What a job is made of. The three parts a job creator describes in XML (manifest, operation, report) keep the
 * element names of the COS request (shared/reference/cos-batch-jobs-api.md §1.2–1.6), so that DescribeJob can echo
 * them verbatim and the runner can read them without a translation table. Every value is the text as given,
 * except `priority`.
 */
export interface JobDefinition {
  readonly confirmationRequired: boolean;
  /** Empty when none was given. */
  readonly description: string;
  readonly priority: number;
  readonly roleArn: string;
  readonly manifest: Manifest;
  readonly operation: Operation;
  readonly report: Report;
  /** The job's own tags (the AWS dialect's CreateJob Tags; PutJobTagging replaces them); absent when none were given. */
  readonly tags?: readonly Tag[];
}

export interface Manifest {
  readonly Location: { readonly ETag: string; readonly ObjectArn: string; readonly ObjectVersionId?: string };
  readonly Spec: { readonly Fields?: readonly string[]; readonly Format: string };
}

export interface Report {
  readonly Bucket: string;
  readonly Enabled: string;
  readonly Format: string;
  readonly Prefix?: string;
  readonly ReportScope: string;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface CopyOperation {
  readonly AccessControlDirective?: string;
  readonly AccessControlGrants?: readonly {
    readonly Grantee: { readonly DisplayName?: string; readonly Identifier: string; readonly TypeIdentifier: string };
    readonly Permission: string;
  }[];
  readonly CannedAccessControlList?: string;
  readonly PrefixReplace?: string;
  readonly ResourcesPrefix?: string;
  readonly TargetKeyPrefix?: string;
  readonly MetadataDirective?: string;
  readonly ModifiedSinceConstraint?: string;
  readonly UnModifiedSinceConstraint?: string;
  readonly NewObjectMetadata?: {
    readonly CacheControl?: string;
    readonly ContentDisposition?: string;
    readonly ContentEncoding?: string;
    readonly ContentType?: string;
    readonly HttpExpiresDate?: string;
    readonly SSEAlgorithm?: string;
    readonly UserMetadata?: readonly Tag[];
  };
  readonly TaggingDirective?: string;
  readonly NewObjectTagging?: readonly Tag[];
  readonly StorageClass?: string;
  readonly TargetResource: string;
}

/**
 * Exactly one operation per job. A job of the AWS dialect holds one of S3 Control's instead (`S3PutObjectCopy`, …),
 * as its CreateJob body gave it (lib/aws/job-definition-xml.ts); its parser casts it to this type, and the readers
 * (DescribeJob, the runner's tasks.ts) check what they find.
 */
export type Operation =
  | { readonly COSPutObjectCopy: CopyOperation }
  | { readonly COSInitiateRestoreObject: { readonly ExpirationInDays: string; readonly JobTier: string } }
  | { readonly COSPutObjectTagging: { readonly TaggingDirective: string; readonly TagSet?: readonly Tag[] } };

/** The operations jobs run: COS's, and the AWS dialect's (stored with S3 Control's element names). */
export const OPERATION_NAMES = [
  'COSPutObjectCopy',
  'COSInitiateRestoreObject',
  'COSPutObjectTagging',
  'S3PutObjectCopy',
  'S3PutObjectTagging',
  'S3DeleteObjectTagging',
  'S3InitiateRestoreObject',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

export interface ProgressSummary {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
}

export interface JobFailure {
  readonly code: string;
  readonly reason: string;
}

/**
 * A job as read back from the store, trusting nothing: an item written by another tool may hold only its key and
 * Status, so every part but the id may be missing. The parts a creator describes stay `unknown` until a reader
 * that needs them (the XML renderer, the runner) checks them.
 */
export interface JobRecord {
  readonly jobId: string;
  readonly status?: string;
  readonly statusUpdateReason?: string;
  readonly confirmationRequired?: boolean;
  readonly description?: string;
  readonly priority?: number;
  readonly roleArn?: string;
  readonly creationTime?: string;
  readonly terminationDate?: string;
  readonly suspendedDate?: string;
  readonly suspendedCause?: string;
  readonly manifest?: unknown;
  readonly operation?: unknown;
  readonly report?: unknown;
  readonly progress: ProgressSummary;
  readonly failures: readonly JobFailure[];
  /** Seconds the job spent Active before its current stretch, and when that stretch began (absent when not Active). */
  readonly activeSeconds: number;
  readonly activeSince?: string;
  /** The job's tags as stored (checked by the reader that needs them). */
  readonly tags?: unknown;
}

/** The statuses a job never leaves. */
export const FINAL_STATUSES: readonly JobStatus[] = ['Complete', 'Failed', 'Cancelled'];

export function isFinal(status: string | undefined): boolean {
  return (FINAL_STATUSES as readonly (string | undefined)[]).includes(status);
}

/** The operation's element name (`COSPutObjectCopy`), or '' when the stored value is not one operation. */
export function operationName(operation: unknown): OperationName | '' {
  if (typeof operation !== 'object' || operation === null) return '';
  const names = Object.keys(operation);
  return names.length === 1 && (OPERATION_NAMES as readonly string[]).includes(names[0]!) ? (names[0] as OperationName) : '';
}

/** Seconds a job has been Active by `at` (ISO-8601): the finished stretches, plus the current one. */
export function activeSecondsAt(job: { readonly activeSince?: string; readonly activeSeconds: number }, at: string): number {
  if (!job.activeSince) return job.activeSeconds;
  return job.activeSeconds + Math.max(0, Math.round((Date.parse(at) - Date.parse(job.activeSince)) / 1000));
}

/** COS timestamps: UTC, whole seconds, `2019-12-19T18:00:30Z`. */
export function cosTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
