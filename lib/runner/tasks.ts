/**
 * What one task does on the storage, as data (shared/spec/runner.md §3): the job's stored operation becomes a
 * `TaskPlan` once per chunk, and the plan turns each manifest row into the storage call to send. Pure: reads that
 * an `Add` directive needs (the source's metadata or tags) are declared, made by the caller, and passed in.
 * The AWS dialect's operations (stored with AWS's element names) are translated into the COS plans' terms first
 * (`fromS3PutObjectCopy` and the like), so that both dialects share one copy, tagging and restore implementation.
 */
import type { CopyOperation } from '../jobs/job';
import { excerpt, parseBucketArn } from './manifest/arn';
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

type Problem = { readonly problem: string };
type Plan = TaskPlan | Problem;

/** The plan of a stored operation, or why it cannot run. */
export function taskPlanFor(operation: unknown): Plan {
  if (typeof operation !== 'object' || operation === null) return { problem: 'the job has no operation' };
  const o = operation as Record<string, unknown>;
  const names = Object.keys(o);
  // An item written by another tool may hold two; running one of them would run the job wrong.
  if (names.length > 1) return { problem: `the job has more than one operation (${names.join(', ')})` };
  if (o.COSPutObjectCopy) return copyPlan(o.COSPutObjectCopy as CopyOperation);
  if (o.COSInitiateRestoreObject) return restorePlan(o.COSInitiateRestoreObject as Record<string, unknown>);
  if (o.COSPutObjectTagging) return taggingPlan(o.COSPutObjectTagging as Record<string, unknown>);
  if (o.S3PutObjectCopy !== undefined) return orProblem(fromS3PutObjectCopy(o.S3PutObjectCopy), copyPlan);
  if (o.S3PutObjectTagging !== undefined) return orProblem(fromS3PutObjectTagging(o.S3PutObjectTagging), taggingPlan);
  if (o.S3InitiateRestoreObject !== undefined) return orProblem(fromS3InitiateRestoreObject(o.S3InitiateRestoreObject), restorePlan);
  if (o.S3DeleteObjectTagging !== undefined) {
    return { needs: { head: false, tags: false }, call: (row) => ({ kind: 'delete-tags', object: ref(row) }) };
  }
  return { problem: `the operation ${names.join(', ') || '(none)'} is not one the runner can do` };
}

const orProblem = <T>(translated: T | Problem, plan: (op: T) => Plan): Plan =>
  typeof translated === 'object' && translated !== null && 'problem' in translated ? (translated as Problem) : plan(translated as T);

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

/** COS's NewObjectMetadata and AWS's `ContentLanguage`. */
type CopyMetadata = NonNullable<CopyOperation['NewObjectMetadata']> & { readonly ContentLanguage?: string };

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
function headersOf(meta: CopyMetadata | undefined, source: SourceReads['head'], expires: Date | undefined) {
  const pick = <T>(given: T | undefined, kept: T | undefined) => (given !== undefined && given !== '' ? given : kept);
  const validExpires = expires && !Number.isNaN(expires.getTime()) ? expires : undefined;
  const headers = {
    CacheControl: pick(meta?.CacheControl, source?.cacheControl),
    ContentDisposition: pick(meta?.ContentDisposition, source?.contentDisposition),
    ContentEncoding: pick(meta?.ContentEncoding, source?.contentEncoding),
    ContentLanguage: pick(meta?.ContentLanguage, source?.contentLanguage), // only AWS's NewObjectMetadata has one
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
/** How S3's grant headers name a grantee: AWS's three kinds; COS's `ID` is an id. */
const GRANTEE_FORMS: Readonly<Record<string, string>> = { id: 'id', ID: 'id', emailAddress: 'emailAddress', uri: 'uri' };

function grantsOf(op: CopyOperation): Extract<StorageCall, { kind: 'copy' }>['grants'] | undefined {
  const grants: Record<string, string[]> = {};
  for (const grant of op.AccessControlGrants ?? []) {
    if (!Object.hasOwn(GRANT_HEADERS, grant.Permission)) continue; // WRITE has no meaning on an object
    const header = GRANT_HEADERS[grant.Permission as keyof typeof GRANT_HEADERS];
    const form = Object.hasOwn(GRANTEE_FORMS, grant.Grantee.TypeIdentifier) ? GRANTEE_FORMS[grant.Grantee.TypeIdentifier]! : 'id';
    (grants[header] ??= []).push(`${form}="${grant.Grantee.Identifier}"`);
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

// ---- The AWS dialect: S3 Control's operation members, translated into the COS plans' terms ----

/** Members of S3PutObjectCopy (and of its NewObjectMetadata) the runner cannot apply, and what they would need. */
const COPY_UNSUPPORTED: Readonly<Record<string, string>> = {
  SSEAwsKmsKeyId: 'KMS encryption',
  BucketKeyEnabled: 'KMS encryption',
  ObjectLockLegalHoldStatus: 'Object Lock',
  ObjectLockMode: 'Object Lock',
  ObjectLockRetainUntilDate: 'Object Lock',
  ChecksumAlgorithm: 'checksums',
  RequesterPays: 'Requester Pays',
  RedirectLocation: 'website redirects',
};
const METADATA_UNSUPPORTED: Readonly<Record<string, string>> = {
  RequesterCharged: 'Requester Pays',
  ContentLength: 'a copy has its source’s length',
  ContentMD5: 'a copy has its source’s content',
};
/** Booleans whose `false` asks for nothing: accepted, and nothing is sent. */
const NO_OP_WHEN_FALSE = new Set(['BucketKeyEnabled', 'RequesterPays', 'RequesterCharged']);
const COPY_MEMBERS = new Set([
  'TargetResource',
  'TargetKeyPrefix',
  'MetadataDirective',
  'NewObjectMetadata',
  'NewObjectTagging',
  'CannedAccessControlList',
  'AccessControlGrants',
  'ModifiedSinceConstraint',
  'UnModifiedSinceConstraint',
  'StorageClass',
]);
const METADATA_MEMBERS = new Set(['CacheControl', 'ContentDisposition', 'ContentEncoding', 'ContentLanguage', 'ContentType', 'HttpExpiresDate', 'SSEAlgorithm', 'UserMetadata']);
const TYPE_IDENTIFIERS = new Set(['id', 'emailAddress', 'uri']);
const PERMISSIONS = new Set(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first member of `value` that is neither known nor a harmless `false`, as a problem naming it. */
function unsupportedMember(value: Record<string, unknown>, path: string, known: ReadonlySet<string>, unsupported: Readonly<Record<string, string>>): Problem | undefined {
  for (const [name, member] of Object.entries(value)) {
    if (known.has(name) || member === undefined) continue;
    if (NO_OP_WHEN_FALSE.has(name) && member === 'false') continue;
    const why = unsupported[name];
    return { problem: why ? `${path}.${name} is not supported by the runner (${why})` : `${path}.${name} is not a member the runner knows` };
  }
  return undefined;
}

/** A stored `[{ Key, Value }]` list (tags, user metadata), or why it is not one. */
function keyValues(value: unknown, path: string): Tag[] | Problem {
  if (!Array.isArray(value)) return { problem: `${path} is not a list of Key and Value` };
  const list: Tag[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.Key !== 'string' || (item.Value !== undefined && typeof item.Value !== 'string')) {
      return { problem: `${path} is not a list of Key and Value` };
    }
    list.push({ Key: item.Key, Value: item.Value ?? '' });
  }
  return list;
}

const notATime = (value: unknown) => typeof value !== 'string' || Number.isNaN(new Date(value).getTime());

/**
 * AWS's S3PutObjectCopy as a COS copy: `TargetKeyPrefix` prepended (no `PrefixReplace`), `MetadataDirective`
 * COPY/REPLACE (absent: COPY) as Copy/Replaced, `NewObjectTagging` given (even empty) as Replaced and absent as Copy,
 * an ACL option given as Replaced. Anything the runner cannot apply is a problem naming it, never dropped.
 */
export function fromS3PutObjectCopy(op: unknown): CopyOperation | Problem {
  if (!isRecord(op)) return { problem: 'S3PutObjectCopy is not a structure' };
  const unsupported = unsupportedMember(op, 'S3PutObjectCopy', COPY_MEMBERS, COPY_UNSUPPORTED);
  if (unsupported) return unsupported;
  const directive = op.MetadataDirective ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') return { problem: `S3PutObjectCopy.MetadataDirective must be COPY or REPLACE, not ${excerpt(String(directive), 40)}` };

  let metadata: CopyMetadata | undefined;
  if (op.NewObjectMetadata !== undefined) {
    const meta = op.NewObjectMetadata;
    if (!isRecord(meta)) return { problem: 'S3PutObjectCopy.NewObjectMetadata is not a structure' };
    const problem = unsupportedMember(meta, 'S3PutObjectCopy.NewObjectMetadata', METADATA_MEMBERS, METADATA_UNSUPPORTED);
    if (problem) return problem;
    if (meta.SSEAlgorithm === 'KMS') return { problem: 'S3PutObjectCopy.NewObjectMetadata.SSEAlgorithm KMS is not supported by the runner (KMS encryption)' };
    if (meta.SSEAlgorithm !== undefined && meta.SSEAlgorithm !== 'AES256') return { problem: `S3PutObjectCopy.NewObjectMetadata.SSEAlgorithm must be AES256, not ${excerpt(String(meta.SSEAlgorithm), 40)}` };
    if (meta.HttpExpiresDate !== undefined && notATime(meta.HttpExpiresDate)) return { problem: 'S3PutObjectCopy.NewObjectMetadata.HttpExpiresDate is not a time' };
    const user = meta.UserMetadata === undefined ? undefined : keyValues(meta.UserMetadata, 'S3PutObjectCopy.NewObjectMetadata.UserMetadata');
    if (user && 'problem' in user) return user;
    const headers = Object.fromEntries(Object.entries(meta).filter(([name]) => name !== 'UserMetadata')) as Omit<CopyMetadata, 'UserMetadata'>;
    metadata = { ...headers, ...(user && { UserMetadata: user }) };
  }
  const tagging = op.NewObjectTagging === undefined ? undefined : keyValues(op.NewObjectTagging, 'S3PutObjectCopy.NewObjectTagging');
  if (tagging && 'problem' in tagging) return tagging;

  const grants = op.AccessControlGrants;
  if (grants !== undefined) {
    if (!Array.isArray(grants)) return { problem: 'S3PutObjectCopy.AccessControlGrants is not a list of grants' };
    for (const grant of grants) {
      const grantee = isRecord(grant) && isRecord(grant.Grantee) ? grant.Grantee : undefined;
      if (!grantee || typeof grantee.Identifier !== 'string' || !TYPE_IDENTIFIERS.has(String(grantee.TypeIdentifier))) {
        return { problem: 'S3PutObjectCopy.AccessControlGrants: a grantee must be an Identifier with a TypeIdentifier of id, emailAddress or uri' };
      }
      if (!PERMISSIONS.has(String(grant.Permission))) {
        return { problem: `S3PutObjectCopy.AccessControlGrants: ${excerpt(String(grant.Permission), 40)} is not a permission (FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP)` };
      }
    }
  }
  const acl = op.CannedAccessControlList !== undefined || grants !== undefined;
  // S3 refuses a request with both (InvalidRequest); refusing the job says so once instead of once per task.
  if (op.CannedAccessControlList !== undefined && Array.isArray(grants) && grants.length > 0) {
    return { problem: 'S3PutObjectCopy gives both CannedAccessControlList and AccessControlGrants, which S3 refuses together' };
  }
  for (const name of ['ModifiedSinceConstraint', 'UnModifiedSinceConstraint'] as const) {
    if (op[name] !== undefined && notATime(op[name])) return { problem: `S3PutObjectCopy.${name} is not a time` };
  }
  const text = (name: string) => (op[name] === undefined ? undefined : String(op[name]));
  const translated: CopyOperation = {
    TargetResource: String(op.TargetResource ?? ''),
    ...(op.TargetKeyPrefix !== undefined && { TargetKeyPrefix: String(op.TargetKeyPrefix) }),
    MetadataDirective: directive === 'REPLACE' ? 'Replaced' : 'Copy',
    ...(metadata && { NewObjectMetadata: metadata }),
    TaggingDirective: tagging ? 'Replaced' : 'Copy',
    ...(tagging && { NewObjectTagging: tagging }),
    ...(acl && { AccessControlDirective: 'Replaced' }),
    ...(op.CannedAccessControlList !== undefined && { CannedAccessControlList: text('CannedAccessControlList') }),
    ...(grants !== undefined && { AccessControlGrants: grants as CopyOperation['AccessControlGrants'] }),
    ...(op.ModifiedSinceConstraint !== undefined && { ModifiedSinceConstraint: text('ModifiedSinceConstraint') }),
    ...(op.UnModifiedSinceConstraint !== undefined && { UnModifiedSinceConstraint: text('UnModifiedSinceConstraint') }),
    ...(op.StorageClass !== undefined && { StorageClass: text('StorageClass') }),
  };
  return translated;
}

/** AWS's S3PutObjectTagging: the object's tags become TagSet (none when it is absent or empty): COS's Replaced. */
export function fromS3PutObjectTagging(op: unknown): { TaggingDirective: 'Replaced'; TagSet: Tag[] } | Problem {
  if (!isRecord(op)) return { problem: 'S3PutObjectTagging is not a structure' };
  const unsupported = unsupportedMember(op, 'S3PutObjectTagging', new Set(['TagSet']), {});
  if (unsupported) return unsupported;
  const tags = op.TagSet === undefined ? [] : keyValues(op.TagSet, 'S3PutObjectTagging.TagSet');
  return 'problem' in tags ? tags : { TaggingDirective: 'Replaced', TagSet: tags };
}

const TIERS: Readonly<Record<string, string>> = { BULK: 'Bulk', STANDARD: 'Standard' };

/**
 * AWS's S3InitiateRestoreObject as COS's: `GlacierJobTier` BULK → Bulk, STANDARD → Standard, absent → Standard (S3's
 * default tier); the days as given. **decision**: ExpirationInDays 0 or absent is refused. AWS means by it a restore
 * without Days, the form S3 Intelligent-Tiering's archive tiers need (S3 Glacier objects refuse it); the storage port
 * sends a restore with days only, and a Days of 0 would be refused by S3 for every object.
 */
export function fromS3InitiateRestoreObject(op: unknown): { ExpirationInDays: string; JobTier: string } | Problem {
  if (!isRecord(op)) return { problem: 'S3InitiateRestoreObject is not a structure' };
  const unsupported = unsupportedMember(op, 'S3InitiateRestoreObject', new Set(['ExpirationInDays', 'GlacierJobTier']), {});
  if (unsupported) return unsupported;
  const days = String(op.ExpirationInDays ?? '0').trim();
  if (!/^\d{1,10}$/.test(days)) return { problem: 'S3InitiateRestoreObject.ExpirationInDays is not a whole number of days' };
  if (Number(days) === 0) {
    return { problem: 'S3InitiateRestoreObject.ExpirationInDays 0 or none (a restore without days, for S3 Intelligent-Tiering archive tiers) is not supported by the runner: give 1 or more days' };
  }
  const tier = op.GlacierJobTier === undefined ? 'Standard' : TIERS[String(op.GlacierJobTier)];
  if (!tier) return { problem: `S3InitiateRestoreObject.GlacierJobTier must be BULK or STANDARD, not ${excerpt(String(op.GlacierJobTier), 40)}` };
  return { ExpirationInDays: String(Number(days)), JobTier: tier };
}
