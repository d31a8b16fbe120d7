/**
 * The job definition in S3 Control's XML: the elements of CreateJobRequest and of DescribeJob's Job that describe
 * what a job does, with the rules of the AWS model (shared/reference/s3control-jobs-api.md §6) that this service
 * enforces, and the refusals of what it accepts on the wire but cannot run. Lists are `member` elements and maps
 * `entry` elements, as the SDKs write them; children are listed in the model's order, which is also the order
 * DescribeJob echoes them in. Decisions where AWS is silent are in docs/aws.md.
 */
import { boolean, bytes, integer, matches, oneOf } from '../xml/rules';
import { choice, group, list, map, optional, required, text, token, type Field, type Rule, type Shape } from '../xml/schema';

/** ISO-8601 date-times as the SDKs write them (`2026-01-02T03:04:05Z`, fractions, offsets). */
const timestamp: Rule = (value) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/.test(value) && Number.isFinite(Date.parse(value))
    ? undefined
    : 'must be an ISO-8601 date and time such as 2026-01-02T03:04:05Z';

/** A member S3 Control accepts that this service cannot carry out: refused, whatever its value. */
const unsupported =
  (why: string): Rule =>
  () =>
    `is not supported by this service (${why})`;
/** A boolean member whose `true` this service cannot carry out. */
const onlyFalse =
  (why: string): Rule =>
  (value) =>
    boolean(value) ?? (value === 'true' ? `cannot be true on this service (${why})` : undefined);

const BUCKET = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';
const bucketArn = matches(new RegExp(`^arn:aws:s3:::${BUCKET}$`), 'a bucket ARN, arn:aws:s3:::<bucket>', bytes(1, 128));
const objectArn = matches(new RegExp(`^arn:aws:s3:::${BUCKET}/.+$`, 's'), 'an object ARN, arn:aws:s3:::<bucket>/<key>', bytes(1, 2000));
const roleArn = matches(/^arn:[^:]+:iam::\d{12}:role\/.+$/s, 'a role ARN, arn:aws:iam::<account id>:role/<name>', bytes(1, 2048));

/** S3Tag: letters, spaces, digits and `_ . : / = + - @`. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const tagText = (min: number, max: number) => matches(TAG_TEXT, 'letters, digits, spaces and _ . : / = + - @ only', bytes(min, max));
export const TAG: Shape = group(required('Key', text(tagText(1, 128))), required('Value', text(tagText(0, 256))));
/** S3 keeps at most 10 tags on an object. */
const objectTags = list('member', TAG, 10);
/** A job has at most 50 tags. */
export const MAX_JOB_TAGS = 50;

export const MANIFEST: Shape = group(
  required('Spec', group(
    required('Format', token(oneOf('S3BatchOperations_CSV_20180820', 'S3InventoryReport_CSV_20161130'))),
    optional('Fields', list('member', token(oneOf('Ignore', 'Bucket', 'Key', 'VersionId')), 10)),
  )),
  required('Location', group(
    required('ObjectArn', text(objectArn)),
    optional('ObjectVersionId', text(bytes(1, 2000))),
    required('ETag', text(bytes(1, 1024))),
  )),
);

const KMS = 'no KMS keys: use SSEAlgorithm AES256';
const LOCK = 'no Object Lock';

const copy: Shape = group(
  required('TargetResource', text(bucketArn)),
  optional('CannedAccessControlList', token(oneOf('private', 'public-read', 'public-read-write', 'aws-exec-read', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control'))),
  optional('AccessControlGrants', list('member', group(
    required('Grantee', group(
      required('TypeIdentifier', token(oneOf('id', 'emailAddress', 'uri'))),
      required('Identifier', text(bytes(1, 1024))),
      optional('DisplayName', text(bytes(1, 1024))),
    )),
    required('Permission', token(oneOf('FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'))),
  ), 100)),
  optional('MetadataDirective', token(oneOf('COPY', 'REPLACE'))),
  optional('ModifiedSinceConstraint', token(timestamp)),
  optional('NewObjectMetadata', group(
    optional('CacheControl', text(bytes(1, 1024))),
    optional('ContentDisposition', text(bytes(1, 1024))),
    optional('ContentEncoding', text(bytes(1, 1024))),
    optional('ContentLanguage', text(bytes(1, 1024))),
    optional('UserMetadata', map(
      text(matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name token', bytes(1, 1024))),
      text(bytes(0, 1024)),
      100,
    )),
    optional('ContentLength', token(unsupported('S3 sets the length of a copy'))),
    optional('ContentMD5', token(unsupported('S3 computes the digest of a copy'))),
    optional('ContentType', text(bytes(1, 1024))),
    optional('HttpExpiresDate', token(timestamp)),
    optional('RequesterCharged', token(onlyFalse('no Requester Pays'))),
    optional('SSEAlgorithm', token((value) => (value === 'KMS' ? `cannot be KMS on this service (${KMS})` : oneOf('AES256')(value)))),
  )),
  optional('NewObjectTagging', objectTags),
  optional('RedirectLocation', text(unsupported('no website redirects'))),
  optional('RequesterPays', token(onlyFalse('no Requester Pays'))),
  optional('StorageClass', token(oneOf('STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR'))),
  optional('UnModifiedSinceConstraint', token(timestamp)),
  optional('SSEAwsKmsKeyId', text(unsupported(KMS))),
  optional('TargetKeyPrefix', text(bytes(1, 1024))),
  optional('ObjectLockLegalHoldStatus', token(unsupported(LOCK))),
  optional('ObjectLockMode', token(unsupported(LOCK))),
  optional('ObjectLockRetainUntilDate', token(unsupported(LOCK))),
  optional('BucketKeyEnabled', token(onlyFalse(KMS))),
  optional('ChecksumAlgorithm', token(unsupported('copies keep the checksums S3 computes'))),
);

/** The operations this service runs (lib/runner/tasks.ts). */
export const OPERATION: Shape = choice(
  required('S3PutObjectCopy', copy),
  required('S3PutObjectTagging', group(optional('TagSet', objectTags))),
  required('S3DeleteObjectTagging', group()),
  required('S3InitiateRestoreObject', group(
    // AWS allows none (or 0) for Intelligent-Tiering archives only; every restore here is of an archived object.
    required('ExpirationInDays', token(integer(1, 2147483647))),
    optional('GlacierJobTier', token(oneOf('BULK', 'STANDARD'))),
  )),
);

/** Operations S3 Batch Operations has and this service does not run: CreateJob refuses them by name. */
export const UNSUPPORTED_OPERATIONS: Readonly<Record<string, string>> = {
  LambdaInvoke: 'it has no Lambda functions to invoke',
  S3PutObjectAcl: 'it does not replace object ACLs',
  S3PutObjectLegalHold: 'it has no Object Lock',
  S3PutObjectRetention: 'it has no Object Lock',
  S3ReplicateObject: 'it has no replication',
  S3ComputeObjectChecksum: 'it does not compute checksums',
  S3UpdateObjectEncryption: 'it has no KMS keys',
};

export const REPORT: Shape = group(
  optional('Bucket', text(bucketArn)),
  optional('Format', token(oneOf('Report_CSV_20180820'))),
  required('Enabled', token(boolean)),
  optional('Prefix', text(bytes(1, 512))),
  optional('ReportScope', token(oneOf('AllTasks', 'FailedTasksOnly'))),
  optional('ExpectedBucketOwner', token(unsupported('buckets here have no owner account to check'))),
);

/** CreateJobRequest's children, in the model's order. */
export const CREATE_JOB_REQUEST: readonly Field[] = [
  optional('ConfirmationRequired', token(boolean)),
  required('Operation', OPERATION),
  required('Report', REPORT),
  required('ClientRequestToken', text(bytes(1, 64))),
  required('Manifest', MANIFEST),
  optional('Description', text(bytes(1, 256))),
  required('Priority', token(integer(0, 2147483647))),
  required('RoleArn', text(roleArn)),
  optional('Tags', list('member', TAG, MAX_JOB_TAGS)),
];

/** Rules that tie two elements together, checked once each part is known to be well-formed. */
export function crossCheck(request: {
  Manifest: { Spec: { Format: string; Fields?: readonly string[] } };
  Report: { Enabled: string; Bucket?: string; Format?: string };
  Operation: Record<string, unknown>;
  Tags?: readonly { Key: string }[];
}): { path: string[]; problem: string } | undefined {
  const { Format, Fields } = request.Manifest.Spec;
  if (Format === 'S3BatchOperations_CSV_20180820') {
    const fields = Fields ?? [];
    for (const column of ['Bucket', 'Key'] as const) {
      if (fields.filter((f) => f === column).length !== 1) {
        return { path: ['Manifest', 'Spec', 'Fields'], problem: `must name the ${column} column exactly once for S3BatchOperations_CSV_20180820` };
      }
    }
    if (fields.filter((f) => f === 'VersionId').length > 1) return { path: ['Manifest', 'Spec', 'Fields'], problem: 'must name the VersionId column at most once' };
  }
  if (request.Report.Enabled === 'true') {
    if (request.Report.Bucket === undefined) return { path: ['Report', 'Bucket'], problem: 'is required when Enabled is true' };
    if (request.Report.Format === undefined) return { path: ['Report', 'Format'], problem: 'is required when Enabled is true' };
  }
  const copy = request.Operation.S3PutObjectCopy as
    | { NewObjectTagging?: readonly { Key: string }[]; CannedAccessControlList?: string; AccessControlGrants?: readonly unknown[] }
    | undefined;
  if (copy?.CannedAccessControlList !== undefined && copy.AccessControlGrants?.length) {
    return { path: ['Operation', 'S3PutObjectCopy'], problem: 'gives both CannedAccessControlList and AccessControlGrants; S3 takes one or the other' };
  }
  const tagging = request.Operation.S3PutObjectTagging as { TagSet?: readonly { Key: string }[] } | undefined;
  for (const [path, tags] of [
    [['Operation', 'S3PutObjectCopy', 'NewObjectTagging'], copy?.NewObjectTagging],
    [['Operation', 'S3PutObjectTagging', 'TagSet'], tagging?.TagSet],
    [['Tags'], request.Tags],
  ] as const) {
    const duplicate = duplicateKey(tags);
    if (duplicate !== undefined) return { path: [...path], problem: `gives the key "${duplicate.slice(0, 40)}" twice` };
  }
  return undefined;
}

export function duplicateKey(entries: readonly { Key: string }[] | undefined): string | undefined {
  const seen = new Set<string>();
  for (const { Key } of entries ?? []) {
    if (seen.has(Key)) return Key;
    seen.add(Key);
  }
  return undefined;
}
