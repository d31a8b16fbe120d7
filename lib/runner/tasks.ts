/**
 * What one task does on the storage, as data (shared/spec/runner.md §3): the job's stored operation becomes a
 * `TaskPlan` once per chunk, and the plan turns each manifest row into the storage call to send. Pure: reads that
 * an `Add` directive needs (the source's metadata or tags) are declared, made by the caller, and passed in.
 */
import type { CopyOperation } from '../jobs/job';
import { parseBucketArn } from './manifest/arn';
import type { ObjectHead, StorageCall, Tag, TaskRow } from './ports';

export interface SourceReads {
  readonly head?: ObjectHead;
  readonly tags?: readonly Tag[];
}

export interface TaskPlan {
  /** The reads of the source object a task needs before its call. */
  readonly needs: { readonly head: boolean; readonly tags: boolean };
  /** The storage call for a row; a string is why the row cannot be done (the task fails with it). */
  call(row: TaskRow, reads: SourceReads): StorageCall | string;
}

type Plan = TaskPlan | { readonly problem: string };

/** The plan of a stored operation, or why it cannot run. */
export function taskPlanFor(operation: unknown): Plan {
  if (typeof operation !== 'object' || operation === null) return { problem: 'the job has no operation' };
  const o = operation as Record<string, unknown>;
  if (o.COSPutObjectCopy) return copyPlan(o.COSPutObjectCopy as CopyOperation);
  if (o.COSInitiateRestoreObject) return restorePlan(o.COSInitiateRestoreObject as Record<string, unknown>);
  if (o.COSPutObjectTagging) return taggingPlan(o.COSPutObjectTagging as Record<string, unknown>);
  if (o.S3DeleteObjectTagging !== undefined) {
    return { needs: { head: false, tags: false }, call: (row) => ({ kind: 'delete-tags', object: ref(row) }) };
  }
  return { problem: `the operation ${Object.keys(o).join(', ') || '(none)'} is not one the runner can do` };
}

const ref = (row: TaskRow) => ({ bucket: row.bucket, key: row.key, ...(row.versionId ? { versionId: row.versionId } : {}) });

/** The target key under the job's prefix rules: replace `ResourcesPrefix` with `TargetKeyPrefix`, or prepend it. */
export function targetKey(key: string, rules: Pick<CopyOperation, 'PrefixReplace' | 'ResourcesPrefix' | 'TargetKeyPrefix'>): string {
  const target = rules.TargetKeyPrefix ?? '';
  if (rules.PrefixReplace === 'true') {
    const source = rules.ResourcesPrefix ?? '';
    // **decision**: a key outside ResourcesPrefix keeps its name (COS documents only the keys that match).
    return key.startsWith(source) ? target + key.slice(source.length) : key;
  }
  return target + key;
}

const DIRECTIVES = { Copy: 'COPY', Replaced: 'REPLACE', Add: 'REPLACE' } as const;

function copyPlan(op: CopyOperation): Plan {
  const bucket = parseBucketArn(op.TargetResource ?? '');
  if ('problem' in bucket) return { problem: `TargetResource: ${bucket.problem}` };
  const metadataMode = op.MetadataDirective ?? 'Copy';
  const taggingMode = op.TaggingDirective ?? 'Copy';
  const meta = op.NewObjectMetadata;
  const newMetadata = Object.fromEntries((meta?.UserMetadata ?? []).map((t) => [t.Key, t.Value]));
  const ifModifiedSince = constraintDate(op.ModifiedSinceConstraint);
  const ifUnmodifiedSince = constraintDate(op.UnModifiedSinceConstraint);
  if (ifModifiedSince === null) return { problem: 'ModifiedSinceConstraint is not a time' };
  if (ifUnmodifiedSince === null) return { problem: 'UnModifiedSinceConstraint is not a time' };
  const expires = meta?.HttpExpiresDate ? new Date(meta.HttpExpiresDate) : undefined;
  const grants = grantsOf(op);
  return {
    needs: { head: metadataMode === 'Add', tags: taggingMode === 'Add' },
    call(row, reads) {
      const key = targetKey(row.key, op);
      if (Buffer.byteLength(key) > 1024) return 'the target key would be longer than 1,024 bytes';
      const replaceMetadata = metadataMode !== 'Copy';
      const metadata = metadataMode === 'Add' ? { ...(reads.head?.metadata ?? {}), ...newMetadata } : newMetadata;
      const tags = taggingMode === 'Add' ? mergeTags(reads.tags ?? [], op.NewObjectTagging ?? []) : (op.NewObjectTagging ?? []);
      return {
        kind: 'copy',
        source: ref(row),
        target: { bucket: bucket.bucket, key },
        metadataDirective: DIRECTIVES[metadataMode as keyof typeof DIRECTIVES] ?? 'COPY',
        ...(replaceMetadata && { metadata, headers: headersOf(meta, metadataMode === 'Add' ? reads.head : undefined, expires) }),
        taggingDirective: DIRECTIVES[taggingMode as keyof typeof DIRECTIVES] ?? 'COPY',
        ...(taggingMode !== 'Copy' && { tags }),
        ...(op.StorageClass && { storageClass: op.StorageClass }),
        ...(meta?.SSEAlgorithm && { serverSideEncryption: meta.SSEAlgorithm }),
        ...(op.AccessControlDirective !== 'Copy' && op.CannedAccessControlList && { acl: op.CannedAccessControlList }),
        ...(op.AccessControlDirective !== 'Copy' && grants && { grants }),
        ...(ifModifiedSince && { ifModifiedSince }),
        ...(ifUnmodifiedSince && { ifUnmodifiedSince }),
      };
    },
  };
}

/**
 * The system metadata a REPLACE copy sends: the new values, and with `Add` the source's own for what is not given
 * (a REPLACE copy keeps none of them, so a gzip object would lose its Content-Encoding).
 */
function headersOf(meta: CopyOperation['NewObjectMetadata'], source: SourceReads['head'], expires: Date | undefined) {
  const pick = <T>(given: T | undefined, kept: T | undefined) => (given !== undefined && given !== '' ? given : kept);
  const validExpires = expires && !Number.isNaN(expires.getTime()) ? expires : undefined;
  const headers = {
    CacheControl: pick(meta?.CacheControl, source?.cacheControl),
    ContentDisposition: pick(meta?.ContentDisposition, source?.contentDisposition),
    ContentEncoding: pick(meta?.ContentEncoding, source?.contentEncoding),
    ContentType: pick(meta?.ContentType, source?.contentType),
    Expires: pick(validExpires, source?.expires),
  };
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined && value !== '')) as Extract<StorageCall, { kind: 'copy' }>['headers'];
}

/** COS sends the constraints as Unix seconds (the Go SDK's int64); an ISO time is read too. Null: unreadable. */
function constraintDate(value: string | undefined): Date | undefined | null {
  if (value === undefined || value.trim() === '' || value.trim() === '0') return undefined;
  const text = value.trim();
  const date = /^\d+$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const GRANT_HEADERS = { READ: 'GrantRead', READ_ACP: 'GrantReadACP', WRITE_ACP: 'GrantWriteACP', FULL_CONTROL: 'GrantFullControl' } as const;

function grantsOf(op: CopyOperation): Extract<StorageCall, { kind: 'copy' }>['grants'] | undefined {
  const grants: Record<string, string[]> = {};
  for (const grant of op.AccessControlGrants ?? []) {
    const header = GRANT_HEADERS[grant.Permission as keyof typeof GRANT_HEADERS];
    if (!header) continue; // WRITE has no meaning on an object
    (grants[header] ??= []).push(`id="${grant.Grantee.Identifier}"`);
  }
  const entries = Object.entries(grants).map(([header, ids]) => [header, ids.join(', ')]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** `Add`: the new tags win over the object's own of the same key. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added) merged.set(t.Key, t.Value);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

function restorePlan(op: Record<string, unknown>): Plan {
  const days = Number(op.ExpirationInDays);
  if (!Number.isInteger(days) || days < 1) return { problem: 'ExpirationInDays is not a whole number of days' };
  const tier = String(op.JobTier ?? '');
  return { needs: { head: false, tags: false }, call: (row) => ({ kind: 'restore', object: ref(row), days, tier }) };
}

function taggingPlan(op: Record<string, unknown>): Plan {
  const mode = op.TaggingDirective;
  const tags = (Array.isArray(op.TagSet) ? op.TagSet : []) as Tag[];
  if (mode !== 'Replaced' && mode !== 'Add') return { problem: 'TaggingDirective is neither Replaced nor Add' };
  return {
    needs: { head: false, tags: mode === 'Add' },
    call: (row, reads) => ({ kind: 'put-tags', object: ref(row), tags: mode === 'Add' ? mergeTags(reads.tags ?? [], tags) : tags }),
  };
}
