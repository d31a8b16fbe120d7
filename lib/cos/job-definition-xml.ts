/**
 * The job definition in COS XML: the elements of CreateJobRequest and of DescribeJob's Job that describe what a
 * job does, with every rule of shared/reference/cos-batch-jobs-api.md §1.2–1.7 (required, enumerations, lengths,
 * integer ranges, ARN forms). Children are listed in the order the COS Go SDK writes them, which is also the order
 * DescribeJob echoes them in. Decisions where COS is silent are in docs/decisions.md.
 */
import type { Manifest, Operation } from '../jobs/job';
import { boolean, bytes, integer, matches, oneOf } from '../xml/rules';
import { choice, group, list, optional, required, text, token, type Field, type Rule, type Shape } from '../xml/schema';
import { clip } from '../text';

const INT64_MAX = 9223372036854775807n;
const unixSeconds: Rule = (value) =>
  /^[0-9]{1,19}$/.test(value) && BigInt(value) <= INT64_MAX ? undefined : 'must be a time in Unix seconds (a non-negative integer)';

const REGION = '[a-z][a-z0-9-]{1,40}';
const BUCKET = '[a-z0-9][a-z0-9-]{0,49}-[0-9]{1,20}';
const UID = '(?:uid/[0-9]{1,20})?';
/** `qcs::cos:<region>::<bucket>` or `qcs::cos:<region>:uid/<appid>:<bucket>` (both forms are in use). */
const bucketArn = matches(
  new RegExp(`^qcs::cos:${REGION}:${UID}:${BUCKET}$`),
  'a bucket ARN, qcs::cos:<region>::<bucket>-<appid> or qcs::cos:<region>:uid/<appid>:<bucket>-<appid>',
  bytes(1, 1024),
);
const objectArn = matches(
  new RegExp(`^qcs::cos:${REGION}:${UID}:${BUCKET}/.+$`, 's'),
  'an object ARN, qcs::cos:<region>::<bucket>-<appid>/<key> or qcs::cos:<region>:uid/<appid>:<bucket>-<appid>/<key>',
  bytes(1, 1024),
);
const roleArn = matches(
  /^qcs::cam::uin\/[0-9]{1,20}:roleName\/[A-Za-z0-9_+=,.@-]{1,128}$/,
  'a role ARN, qcs::cam::uin/<uin>:roleName/<role>',
  bytes(1, 1024),
);

const tag: Shape = group(required('Key', text(bytes(1, 128))), required('Value', text(bytes(0, 256))));
const tags = list('COSTag', tag, 10);

export const MANIFEST: Shape = group(
  required('Location', group(
    required('ETag', text(bytes(1, 1024))),
    required('ObjectArn', text(objectArn)),
    optional('ObjectVersionId', text(bytes(1, 1024))),
  )),
  required('Spec', group(
    optional('Fields', list('member', token(oneOf('Ignore', 'Bucket', 'Key', 'VersionId')), 10)),
    required('Format', token(oneOf('COSBatchOperations_CSV_V1', 'COSInventoryReport_CSV_V1'))),
  )),
);

const copy: Shape = group(
  optional('AccessControlDirective', token(oneOf('Copy', 'Replaced', 'Add'))),
  optional('AccessControlGrants', list('COSGrant', group(
    required('Grantee', group(
      optional('DisplayName', text(bytes(0, 256))),
      required('Identifier', text(bytes(1, 1024))),
      required('TypeIdentifier', token(oneOf('ID'))),
    )),
    required('Permission', token(oneOf('READ', 'WRITE', 'FULL_CONTROL'))),
  ), 100)),
  optional('CannedAccessControlList', token(oneOf('private', 'public-read'))),
  optional('PrefixReplace', token(boolean)),
  optional('ResourcesPrefix', text(bytes(0, 1024))),
  optional('TargetKeyPrefix', text(bytes(0, 1024))),
  optional('MetadataDirective', token(oneOf('Copy', 'Replaced', 'Add'))),
  optional('ModifiedSinceConstraint', token(unixSeconds)),
  optional('UnModifiedSinceConstraint', token(unixSeconds)),
  optional('NewObjectMetadata', group(
    optional('CacheControl', text(bytes(0, 1024))),
    optional('ContentDisposition', text(bytes(0, 1024))),
    optional('ContentEncoding', text(bytes(0, 1024))),
    optional('ContentType', text(bytes(0, 1024))),
    optional('HttpExpiresDate', text(bytes(0, 1024))),
    optional('SSEAlgorithm', token(oneOf('AES256'))),
    optional('UserMetadata', list('member', group(
      required('Key', text(matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name token', bytes(1, 128)))),
      required('Value', text(bytes(0, 2048))),
    ), 100)),
  )),
  optional('TaggingDirective', token(oneOf('Copy', 'Replaced', 'Add'))),
  optional('NewObjectTagging', tags),
  optional('StorageClass', token(oneOf('STANDARD', 'STANDARD_IA', 'ARCHIVE'))),
  required('TargetResource', text(bucketArn)),
);

export const OPERATION: Shape = choice(
  required('COSPutObjectCopy', copy),
  required('COSInitiateRestoreObject', group(
    required('ExpirationInDays', token(integer(1, 365))),
    required('JobTier', token(oneOf('Bulk', 'Standard'))),
  )),
  required('COSPutObjectTagging', group(
    required('TaggingDirective', token(oneOf('Replaced', 'Add'))),
    optional('TagSet', tags),
  )),
);

export const REPORT: Shape = group(
  required('Bucket', text(bucketArn)),
  required('Enabled', token(boolean)),
  required('Format', token(oneOf('Report_CSV_V1'))),
  optional('Prefix', text(bytes(0, 256))),
  required('ReportScope', token(oneOf('AllTasks', 'FailedTasksOnly'))),
);

/** CreateJobRequest's children, in the Go SDK's order. */
export const CREATE_JOB_REQUEST: readonly Field[] = [
  required('ClientRequestToken', text(bytes(1, 64))),
  optional('ConfirmationRequired', token(boolean)),
  optional('Description', text(bytes(0, 256))),
  required('Manifest', MANIFEST),
  required('Operation', OPERATION),
  required('Priority', token(integer(0, 2147483647))),
  required('Report', REPORT),
  required('RoleArn', text(roleArn)),
];

/** Rules that tie two elements together, checked once each part is known to be well-formed. */
export function crossCheck(manifest: Manifest, operation: Operation): { path: string[]; problem: string } | undefined {
  const { Fields, Format } = manifest.Spec;
  if (Format === 'COSBatchOperations_CSV_V1') {
    const fields = Fields ?? [];
    for (const column of ['Bucket', 'Key'] as const) {
      if (fields.filter((f) => f === column).length !== 1) {
        return { path: ['Manifest', 'Spec', 'Fields'], problem: `must name the ${column} column exactly once for COSBatchOperations_CSV_V1` };
      }
    }
    if (fields.filter((f) => f === 'VersionId').length > 1) {
      return { path: ['Manifest', 'Spec', 'Fields'], problem: 'must name the VersionId column at most once' };
    }
  }
  if ('COSPutObjectCopy' in operation) {
    const { TaggingDirective, NewObjectTagging } = operation.COSPutObjectCopy;
    if ((TaggingDirective === 'Replaced' || TaggingDirective === 'Add') && NewObjectTagging === undefined) {
      return { path: ['Operation', 'COSPutObjectCopy', 'NewObjectTagging'], problem: `is required when TaggingDirective is ${TaggingDirective}` };
    }
    const duplicate = duplicateKey(NewObjectTagging) ?? duplicateKey(operation.COSPutObjectCopy.NewObjectMetadata?.UserMetadata);
    if (duplicate) return { path: ['Operation', 'COSPutObjectCopy'], problem: `gives the key "${clip(duplicate, 40)}" twice` };
  }
  if ('COSPutObjectTagging' in operation) {
    const duplicate = duplicateKey(operation.COSPutObjectTagging.TagSet);
    if (duplicate) return { path: ['Operation', 'COSPutObjectTagging', 'TagSet'], problem: `gives the key "${clip(duplicate, 40)}" twice` };
  }
  return undefined;
}

function duplicateKey(entries: readonly { Key: string }[] | undefined): string | undefined {
  const seen = new Set<string>();
  for (const { Key } of entries ?? []) {
    if (seen.has(Key)) return Key;
    seen.add(Key);
  }
  return undefined;
}

