/**
 * What one task sends to the storage (shared/spec/runner.md §3; COSPutObjectCopy's fields:
 * shared/reference/cos-batch-jobs-api.md §1.3; the AWS operations' members: shared/reference/s3control-jobs-api.md §6).
 * Every StorageCall is asserted whole, written out by hand.
 */
import { fromS3InitiateRestoreObject, fromS3PutObjectCopy, fromS3PutObjectTagging, mergeTags, targetKey, taskPlanFor, type TaskPlan } from '../../lib/runner/tasks';
import type { TaskRow } from '../../lib/runner/ports';

const TARGET = 'qcs::cos:ap-guangzhou:uid/1250000000:dest-1250000000';
const FORMS = 'qcs::cos:<region>::<bucket>, qcs::cos:<region>:uid/<appid>:<bucket> or arn:aws:s3:::<bucket>';
const row: TaskRow = { line: 1, bucket: 'src-1250000000', key: 'picture.jpg', versionId: 'v1' };
const SOURCE = { bucket: 'src-1250000000', key: 'picture.jpg', versionId: 'v1' };

/** The plan, failing the test with its problem if there is one. */
function plan(operation: unknown): TaskPlan {
  const p = taskPlanFor(operation);
  if ('problem' in p) throw new Error(`unexpected problem: ${p.problem}`);
  return p;
}
const problem = (operation: unknown) => (taskPlanFor(operation) as { problem?: string }).problem;

describe('targetKey (COS: PrefixReplace with ResourcesPrefix / TargetKeyPrefix)', () => {
  it.each([
    // [PrefixReplace, ResourcesPrefix, TargetKeyPrefix, key, target]
    ['true', 'pic', 'abc', 'picture.jpg', 'abcture.jpg'], // COS's documented example
    ['true', '', 'backup/', 'a/b.txt', 'backup/a/b.txt'], // empty ResourcesPrefix: add a prefix
    ['true', 'logs/', '', 'logs/2026/x.log', '2026/x.log'], // empty TargetKeyPrefix: delete the prefix
    ['true', '', '', 'same.txt', 'same.txt'],
    ['true', 'pic', 'abc', 'photo.jpg', 'photo.jpg'], // outside ResourcesPrefix: keeps its name (decision)
    ['true', undefined, 'new/', 'x', 'new/x'],
    ['false', 'pic', 'abc', 'picture.jpg', 'abcpicture.jpg'], // no replace: TargetKeyPrefix is prepended
    ['false', '', 'abc/', 'picture.jpg', 'abc/picture.jpg'],
    ['false', 'pic', '', 'picture.jpg', 'picture.jpg'],
    [undefined, undefined, undefined, 'picture.jpg', 'picture.jpg'],
  ])('PrefixReplace %s, ResourcesPrefix %j, TargetKeyPrefix %j: %s → %s', (PrefixReplace, ResourcesPrefix, TargetKeyPrefix, key, expected) => {
    expect(targetKey(key, { PrefixReplace, ResourcesPrefix, TargetKeyPrefix })).toBe(expected);
  });
});

describe('copy plan', () => {
  it('sends a plain CopyObject into the target bucket, keeping metadata and tags, with no option given', () => {
    const p = plan({ COSPutObjectCopy: { TargetResource: TARGET } });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(row, {})).toStrictEqual({
      kind: 'copy',
      source: SOURCE,
      target: { bucket: 'dest-1250000000', key: 'picture.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
    });
  });

  it('applies every option: prefix, metadata, tags, storage class, SSE, ACL, grants, Unix-seconds and ISO constraints', () => {
    const p = plan({
      COSPutObjectCopy: {
        TargetResource: TARGET,
        PrefixReplace: 'true',
        ResourcesPrefix: 'pic',
        TargetKeyPrefix: 'abc',
        MetadataDirective: 'Replaced',
        NewObjectMetadata: {
          CacheControl: 'max-age=60',
          ContentDisposition: 'attachment',
          ContentEncoding: 'gzip',
          ContentType: 'image/jpeg',
          HttpExpiresDate: 'Fri, 01 Jan 2027 00:00:00 GMT',
          SSEAlgorithm: 'AES256',
          UserMetadata: [
            { Key: 'owner', Value: 'alice' },
            { Key: 'project', Value: 'x' },
          ],
        },
        TaggingDirective: 'Replaced',
        NewObjectTagging: [{ Key: 'team', Value: 'data' }],
        StorageClass: 'STANDARD_IA',
        AccessControlDirective: 'Replaced',
        CannedAccessControlList: 'public-read',
        AccessControlGrants: [
          { Grantee: { Identifier: '100000000001', TypeIdentifier: 'ID' }, Permission: 'READ' },
          { Grantee: { Identifier: '100000000002', TypeIdentifier: 'ID' }, Permission: 'FULL_CONTROL' },
          { Grantee: { Identifier: '100000000003', TypeIdentifier: 'ID' }, Permission: 'READ' },
          { Grantee: { Identifier: '100000000004', TypeIdentifier: 'ID' }, Permission: 'WRITE' }, // no object meaning
        ],
        ModifiedSinceConstraint: '1700000000', // the Go SDK's int64
        UnModifiedSinceConstraint: '2027-06-01T00:00:00Z',
      },
    });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(row, {})).toStrictEqual({
      kind: 'copy',
      source: SOURCE,
      target: { bucket: 'dest-1250000000', key: 'abcture.jpg' },
      metadataDirective: 'REPLACE',
      metadata: { owner: 'alice', project: 'x' },
      headers: {
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment',
        ContentEncoding: 'gzip',
        ContentType: 'image/jpeg',
        Expires: new Date('2027-01-01T00:00:00.000Z'),
      },
      taggingDirective: 'REPLACE',
      tags: [{ Key: 'team', Value: 'data' }],
      storageClass: 'STANDARD_IA',
      serverSideEncryption: 'AES256',
      acl: 'public-read',
      grants: { GrantRead: 'id="100000000001", id="100000000003"', GrantFullControl: 'id="100000000002"' },
      ifModifiedSince: new Date('2023-11-14T22:13:20.000Z'),
      ifUnmodifiedSince: new Date('2027-06-01T00:00:00.000Z'),
    });
  });

  it('sends no ACL option when AccessControlDirective is Copy', () => {
    const p = plan({
      COSPutObjectCopy: {
        TargetResource: TARGET,
        AccessControlDirective: 'Copy',
        CannedAccessControlList: 'public-read',
        AccessControlGrants: [{ Grantee: { Identifier: '1', TypeIdentifier: 'ID' }, Permission: 'READ' }],
      },
    });
    expect(p.call({ line: 2, bucket: 'src-1250000000', key: 'k' }, {})).toStrictEqual({
      kind: 'copy',
      source: { bucket: 'src-1250000000', key: 'k' },
      target: { bucket: 'dest-1250000000', key: 'k' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
    });
  });

  it('MetadataDirective Add: reads the source head and merges its metadata, the new values winning', () => {
    const p = plan({
      COSPutObjectCopy: { TargetResource: TARGET, MetadataDirective: 'Add', NewObjectMetadata: { UserMetadata: [{ Key: 'owner', Value: 'alice' }] } },
    });
    expect(p.needs).toEqual({ head: true, tags: false });
    const head = { etag: '"e"', size: 5, metadata: { owner: 'bob', color: 'red' }, contentType: 'text/plain' };
    expect(p.call(row, { head })).toStrictEqual({
      kind: 'copy',
      source: SOURCE,
      target: { bucket: 'dest-1250000000', key: 'picture.jpg' },
      metadataDirective: 'REPLACE',
      metadata: { owner: 'alice', color: 'red' },
      headers: { ContentType: 'text/plain' }, // REPLACE would drop the source's type: Add keeps it
      taggingDirective: 'COPY',
    });
  });

  it('TaggingDirective Add: reads the source tags and merges them, the new values winning', () => {
    const p = plan({
      COSPutObjectCopy: {
        TargetResource: TARGET,
        TaggingDirective: 'Add',
        NewObjectTagging: [
          { Key: 'team', Value: 'data' },
          { Key: 'new', Value: '1' },
        ],
      },
    });
    expect(p.needs).toEqual({ head: false, tags: true });
    const tags = [
      { Key: 'team', Value: 'old' },
      { Key: 'env', Value: 'prod' },
    ];
    expect(p.call(row, { tags })).toStrictEqual({
      kind: 'copy',
      source: SOURCE,
      target: { bucket: 'dest-1250000000', key: 'picture.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'REPLACE',
      tags: [
        { Key: 'team', Value: 'data' },
        { Key: 'env', Value: 'prod' },
        { Key: 'new', Value: '1' },
      ],
    });
  });

  it('TaggingDirective Copy and constraints of 0 or empty send neither tags nor conditions', () => {
    const p = plan({ COSPutObjectCopy: { TargetResource: TARGET, TaggingDirective: 'Copy', ModifiedSinceConstraint: '0', UnModifiedSinceConstraint: '' } });
    expect(p.call(row, {})).toStrictEqual({
      kind: 'copy',
      source: SOURCE,
      target: { bucket: 'dest-1250000000', key: 'picture.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
    });
  });

  it('fails a task whose target key would pass 1,024 bytes (UTF-8), and takes one of exactly 1,024', () => {
    const p = plan({ COSPutObjectCopy: { TargetResource: TARGET, TargetKeyPrefix: 'é' } }); // 2 bytes
    expect(p.call({ line: 1, bucket: 'b-1', key: 'a'.repeat(1023) }, {})).toBe('the target key would be longer than 1,024 bytes');
    const ok = p.call({ line: 1, bucket: 'b-1', key: 'a'.repeat(1022) }, {});
    expect(typeof ok === 'object' && ok.kind === 'copy' && ok.target).toEqual({ bucket: 'dest-1250000000', key: `é${'a'.repeat(1022)}` });
  });
});

describe('tagging, restore and delete-tags plans', () => {
  it('COSPutObjectTagging Replaced sets the tag set, reading nothing', () => {
    const p = plan({ COSPutObjectTagging: { TaggingDirective: 'Replaced', TagSet: [{ Key: 'a', Value: '1' }] } });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(row, {})).toStrictEqual({ kind: 'put-tags', object: SOURCE, tags: [{ Key: 'a', Value: '1' }] });
  });

  it('COSPutObjectTagging Add merges into the object’s tags', () => {
    const p = plan({ COSPutObjectTagging: { TaggingDirective: 'Add', TagSet: [{ Key: 'a', Value: 'new' }] } });
    expect(p.needs).toEqual({ head: false, tags: true });
    const tags = [
      { Key: 'a', Value: 'old' },
      { Key: 'b', Value: '2' },
    ];
    expect(p.call(row, { tags })).toStrictEqual({
      kind: 'put-tags',
      object: SOURCE,
      tags: [
        { Key: 'a', Value: 'new' },
        { Key: 'b', Value: '2' },
      ],
    });
  });

  it('COSPutObjectTagging Replaced without a TagSet removes every tag (an empty set)', () => {
    expect(plan({ COSPutObjectTagging: { TaggingDirective: 'Replaced' } }).call(row, {})).toStrictEqual({ kind: 'put-tags', object: SOURCE, tags: [] });
  });

  it('COSInitiateRestoreObject restores for the days and tier given', () => {
    const p = plan({ COSInitiateRestoreObject: { ExpirationInDays: '7', JobTier: 'Bulk' } });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call({ line: 3, bucket: 'src-1250000000', key: 'cold/a.bin' }, {})).toStrictEqual({
      kind: 'restore',
      object: { bucket: 'src-1250000000', key: 'cold/a.bin' },
      days: 7,
      tier: 'Bulk',
    });
  });

  it('S3DeleteObjectTagging removes the object’s tags', () => {
    const p = plan({ S3DeleteObjectTagging: {} });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(row, {})).toStrictEqual({ kind: 'delete-tags', object: SOURCE });
  });

  it('mergeTags keeps the existing order and appends new keys', () => {
    expect(mergeTags([{ Key: 'x', Value: '1' }], [])).toEqual([{ Key: 'x', Value: '1' }]);
    expect(mergeTags([], [{ Key: 'y', Value: '2' }])).toEqual([{ Key: 'y', Value: '2' }]);
  });
});

describe('problems', () => {
  it.each([
    [undefined, 'the job has no operation'],
    [null, 'the job has no operation'],
    ['COSPutObjectCopy', 'the job has no operation'],
    [{}, 'the operation (none) is not one the runner can do'],
    [{ COSDeleteObject: {} }, 'the operation COSDeleteObject is not one the runner can do'],
    [{ COSPutObjectCopy: {} }, `TargetResource: is empty; it must be an ARN of the form ${FORMS}`],
    [{ COSPutObjectCopy: { TargetResource: 'dest-1250000000' } }, `TargetResource: "dest-1250000000" is a bucket name, not an ARN; write it as ${FORMS}`],
    [
      { COSPutObjectCopy: { TargetResource: 'qcs::cos:ap-guangzhou::dest-1250000000/dir' } },
      'TargetResource: "qcs::cos:ap-guangzhou::dest-1250000000/dir" names an object path after the bucket; it must name the bucket alone',
    ],
    [{ COSPutObjectCopy: { TargetResource: TARGET, ModifiedSinceConstraint: 'yesterday' } }, 'ModifiedSinceConstraint is not a time'],
    [{ COSPutObjectCopy: { TargetResource: TARGET, UnModifiedSinceConstraint: '2027-13-45' } }, 'UnModifiedSinceConstraint is not a time'],
    [{ COSInitiateRestoreObject: { ExpirationInDays: '0', JobTier: 'Bulk' } }, 'ExpirationInDays is not a whole number of days'],
    [{ COSInitiateRestoreObject: { ExpirationInDays: '1.5', JobTier: 'Bulk' } }, 'ExpirationInDays is not a whole number of days'],
    [{ COSInitiateRestoreObject: { ExpirationInDays: 'seven', JobTier: 'Bulk' } }, 'ExpirationInDays is not a whole number of days'],
    [{ COSInitiateRestoreObject: { JobTier: 'Bulk' } }, 'ExpirationInDays is not a whole number of days'],
    [{ COSPutObjectTagging: { TaggingDirective: 'Copy', TagSet: [] } }, 'TaggingDirective is neither Replaced nor Add'],
    [{ COSPutObjectTagging: {} }, 'TaggingDirective is neither Replaced nor Add'],
  ])('%j → %s', (operation, expected) => {
    expect(problem(operation)).toBe(expected);
  });
});

describe('AWS dialect: S3PutObjectCopy', () => {
  const AWS_TARGET = 'arn:aws:s3:::target-bucket';
  const AWS_ROW: TaskRow = { line: 1, bucket: 'source-bucket', key: 'photos/cat.jpg' };
  const AWS_SOURCE = { bucket: 'source-bucket', key: 'photos/cat.jpg' };

  it('translates to a COS copy: nothing given is COPY for metadata and tags, no ACL option', () => {
    expect(fromS3PutObjectCopy({ TargetResource: AWS_TARGET })).toStrictEqual({ TargetResource: AWS_TARGET, MetadataDirective: 'Copy', TaggingDirective: 'Copy' });
  });

  it('translates every member it takes, REPLACE and NewObjectTagging as Replaced, an ACL option as Replaced', () => {
    expect(
      fromS3PutObjectCopy({
        TargetResource: AWS_TARGET,
        TargetKeyPrefix: 'copies/',
        MetadataDirective: 'REPLACE',
        NewObjectMetadata: { ContentLanguage: 'de', SSEAlgorithm: 'AES256', UserMetadata: [{ Key: 'owner', Value: 'alice' }] },
        NewObjectTagging: [{ Key: 'team', Value: 'data' }],
        CannedAccessControlList: 'bucket-owner-full-control',
        ModifiedSinceConstraint: '2026-01-01T00:00:00Z',
        UnModifiedSinceConstraint: '2027-01-01T00:00:00Z',
        StorageClass: 'GLACIER_IR',
        BucketKeyEnabled: 'false', // asks for nothing
        RequesterPays: 'false',
      }),
    ).toStrictEqual({
      TargetResource: AWS_TARGET,
      TargetKeyPrefix: 'copies/',
      MetadataDirective: 'Replaced',
      NewObjectMetadata: { ContentLanguage: 'de', SSEAlgorithm: 'AES256', UserMetadata: [{ Key: 'owner', Value: 'alice' }] },
      TaggingDirective: 'Replaced',
      NewObjectTagging: [{ Key: 'team', Value: 'data' }],
      AccessControlDirective: 'Replaced',
      CannedAccessControlList: 'bucket-owner-full-control',
      ModifiedSinceConstraint: '2026-01-01T00:00:00Z',
      UnModifiedSinceConstraint: '2027-01-01T00:00:00Z',
      StorageClass: 'GLACIER_IR',
    });
  });

  it('plain copy: the AWS bucket ARN names the target bucket, the key is kept, metadata and tags copied', () => {
    const p = plan({ S3PutObjectCopy: { TargetResource: AWS_TARGET } });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(AWS_ROW, {})).toStrictEqual({
      kind: 'copy',
      source: AWS_SOURCE,
      target: { bucket: 'target-bucket', key: 'photos/cat.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
    });
  });

  it('REPLACE with every metadata member, new tags, a prefix (concatenated), storage class, SSE and ISO conditions', () => {
    const p = plan({
      S3PutObjectCopy: {
        TargetResource: AWS_TARGET,
        TargetKeyPrefix: 'backup-', // no '/' is added
        MetadataDirective: 'REPLACE',
        NewObjectMetadata: {
          CacheControl: 'no-cache',
          ContentDisposition: 'inline',
          ContentEncoding: 'identity',
          ContentLanguage: 'en-GB',
          ContentType: 'image/jpeg',
          HttpExpiresDate: '2027-03-01T12:00:00Z',
          SSEAlgorithm: 'AES256',
          UserMetadata: [
            { Key: 'owner', Value: 'alice' },
            { Key: 'empty', Value: '' },
          ],
        },
        NewObjectTagging: [
          { Key: 'team', Value: 'data' },
          { Key: 'stage', Value: 'prod' },
        ],
        StorageClass: 'STANDARD_IA',
        ModifiedSinceConstraint: '2026-01-02T03:04:05Z',
        UnModifiedSinceConstraint: '2027-06-01T00:00:00.000Z',
      },
    });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(AWS_ROW, {})).toStrictEqual({
      kind: 'copy',
      source: AWS_SOURCE,
      target: { bucket: 'target-bucket', key: 'backup-photos/cat.jpg' },
      metadataDirective: 'REPLACE',
      metadata: { owner: 'alice', empty: '' },
      headers: {
        CacheControl: 'no-cache',
        ContentDisposition: 'inline',
        ContentEncoding: 'identity',
        ContentLanguage: 'en-GB',
        ContentType: 'image/jpeg',
        Expires: new Date('2027-03-01T12:00:00.000Z'),
      },
      taggingDirective: 'REPLACE',
      tags: [
        { Key: 'team', Value: 'data' },
        { Key: 'stage', Value: 'prod' },
      ],
      storageClass: 'STANDARD_IA',
      serverSideEncryption: 'AES256',
      ifModifiedSince: new Date('2026-01-02T03:04:05.000Z'),
      ifUnmodifiedSince: new Date('2027-06-01T00:00:00.000Z'),
    });
  });

  it('COPY keeps the source’s metadata (NewObjectMetadata is not sent, as CopyObject ignores it) but still encrypts', () => {
    const p = plan({
      S3PutObjectCopy: { TargetResource: AWS_TARGET, MetadataDirective: 'COPY', NewObjectMetadata: { ContentType: 'text/x', SSEAlgorithm: 'AES256', UserMetadata: [{ Key: 'a', Value: '1' }] } },
    });
    expect(p.call(AWS_ROW, {})).toStrictEqual({
      kind: 'copy',
      source: AWS_SOURCE,
      target: { bucket: 'target-bucket', key: 'photos/cat.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
      serverSideEncryption: 'AES256',
    });
  });

  it('REPLACE without NewObjectMetadata leaves the copy with no metadata; an empty NewObjectTagging leaves it with no tags', () => {
    const p = plan({ S3PutObjectCopy: { TargetResource: AWS_TARGET, MetadataDirective: 'REPLACE', NewObjectTagging: [] } });
    expect(p.call({ ...AWS_ROW, versionId: '3HL4kqtJlcpXroDTDmJ' }, {})).toStrictEqual({
      kind: 'copy',
      source: { ...AWS_SOURCE, versionId: '3HL4kqtJlcpXroDTDmJ' },
      target: { bucket: 'target-bucket', key: 'photos/cat.jpg' },
      metadataDirective: 'REPLACE',
      metadata: {},
      headers: {},
      taggingDirective: 'REPLACE',
      tags: [],
    });
  });

  it('a canned ACL is sent as x-amz-acl', () => {
    expect(plan({ S3PutObjectCopy: { TargetResource: AWS_TARGET, CannedAccessControlList: 'aws-exec-read' } }).call(AWS_ROW, {})).toStrictEqual({
      kind: 'copy',
      source: AWS_SOURCE,
      target: { bucket: 'target-bucket', key: 'photos/cat.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
      acl: 'aws-exec-read',
    });
  });

  it('grants name their grantees by id, emailAddress or uri; WRITE, which has no meaning on an object, is not sent', () => {
    const p = plan({
      S3PutObjectCopy: {
        TargetResource: AWS_TARGET,
        AccessControlGrants: [
          { Grantee: { TypeIdentifier: 'id', Identifier: '79a59df900b949e55d96a1e698fbaced', DisplayName: 'owner' }, Permission: 'FULL_CONTROL' },
          { Grantee: { TypeIdentifier: 'emailAddress', Identifier: 'ops@example.com' }, Permission: 'READ' },
          { Grantee: { TypeIdentifier: 'uri', Identifier: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
          { Grantee: { TypeIdentifier: 'uri', Identifier: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'READ_ACP' },
          { Grantee: { TypeIdentifier: 'id', Identifier: 'abc' }, Permission: 'WRITE_ACP' },
          { Grantee: { TypeIdentifier: 'id', Identifier: 'def' }, Permission: 'WRITE' },
        ],
      },
    });
    expect(p.call(AWS_ROW, {})).toStrictEqual({
      kind: 'copy',
      source: AWS_SOURCE,
      target: { bucket: 'target-bucket', key: 'photos/cat.jpg' },
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
      grants: {
        GrantFullControl: 'id="79a59df900b949e55d96a1e698fbaced"',
        GrantRead: 'emailAddress="ops@example.com", uri="http://acs.amazonaws.com/groups/global/AllUsers"',
        GrantReadACP: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"',
        GrantWriteACP: 'id="abc"',
      },
    });
  });
});

describe('AWS dialect: S3PutObjectTagging, S3InitiateRestoreObject, S3DeleteObjectTagging', () => {
  const AWS_ROW: TaskRow = { line: 4, bucket: 'source-bucket', key: 'a b.txt', versionId: 'v9' };
  const AWS_OBJECT = { bucket: 'source-bucket', key: 'a b.txt', versionId: 'v9' };

  it('S3PutObjectTagging replaces the object’s tags with TagSet, reading nothing', () => {
    expect(fromS3PutObjectTagging({ TagSet: [{ Key: 'k', Value: 'v' }] })).toStrictEqual({ TaggingDirective: 'Replaced', TagSet: [{ Key: 'k', Value: 'v' }] });
    const p = plan({ S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }, { Key: 'e', Value: '' }] } });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(AWS_ROW, {})).toStrictEqual({ kind: 'put-tags', object: AWS_OBJECT, tags: [{ Key: 'k', Value: 'v' }, { Key: 'e', Value: '' }] });
  });

  it.each([[{}], [{ TagSet: [] }]])('S3PutObjectTagging %j leaves the object with no tags', (op) => {
    expect(plan({ S3PutObjectTagging: op }).call(AWS_ROW, {})).toStrictEqual({ kind: 'put-tags', object: AWS_OBJECT, tags: [] });
  });

  it.each([
    [{ ExpirationInDays: '7', GlacierJobTier: 'BULK' }, 7, 'Bulk'],
    [{ ExpirationInDays: '30', GlacierJobTier: 'STANDARD' }, 30, 'Standard'],
    [{ ExpirationInDays: '1' }, 1, 'Standard'], // S3's default tier
    [{ ExpirationInDays: ' 007 ' }, 7, 'Standard'],
  ])('S3InitiateRestoreObject %j restores for %i days, tier %s', (op, days, tier) => {
    const p = plan({ S3InitiateRestoreObject: op });
    expect(p.needs).toEqual({ head: false, tags: false });
    expect(p.call(AWS_ROW, {})).toStrictEqual({ kind: 'restore', object: AWS_OBJECT, days, tier });
  });

  it('S3InitiateRestoreObject translates to COS’s terms', () => {
    expect(fromS3InitiateRestoreObject({ ExpirationInDays: '2', GlacierJobTier: 'BULK' })).toStrictEqual({ ExpirationInDays: '2', JobTier: 'Bulk' });
  });

  it('S3DeleteObjectTagging (stored as an empty structure) deletes the tags', () => {
    expect(plan({ S3DeleteObjectTagging: {} }).call(AWS_ROW, {})).toStrictEqual({ kind: 'delete-tags', object: AWS_OBJECT });
  });
});

describe('AWS dialect: problems (the job fails at Preparing with the reason; nothing runs wrong)', () => {
  const T = 'arn:aws:s3:::target-bucket';
  const cases: [unknown, string][] = [
    // operations the runner cannot do
    ...['LambdaInvoke', 'S3PutObjectAcl', 'S3PutObjectLegalHold', 'S3PutObjectRetention', 'S3ReplicateObject', 'S3ComputeObjectChecksum', 'S3UpdateObjectEncryption'].map(
      (name): [unknown, string] => [{ [name]: {} }, `the operation ${name} is not one the runner can do`],
    ),
    [{ S3PutObjectCopy: { TargetResource: T }, S3PutObjectAcl: {} }, 'the job has more than one operation (S3PutObjectCopy, S3PutObjectAcl)'],
    // S3PutObjectCopy members the runner cannot apply
    [{ S3PutObjectCopy: { TargetResource: T, SSEAwsKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/x' } }, 'S3PutObjectCopy.SSEAwsKmsKeyId is not supported by the runner (KMS encryption)'],
    [{ S3PutObjectCopy: { TargetResource: T, BucketKeyEnabled: 'true' } }, 'S3PutObjectCopy.BucketKeyEnabled is not supported by the runner (KMS encryption)'],
    [{ S3PutObjectCopy: { TargetResource: T, ObjectLockLegalHoldStatus: 'OFF' } }, 'S3PutObjectCopy.ObjectLockLegalHoldStatus is not supported by the runner (Object Lock)'],
    [{ S3PutObjectCopy: { TargetResource: T, ObjectLockMode: 'GOVERNANCE' } }, 'S3PutObjectCopy.ObjectLockMode is not supported by the runner (Object Lock)'],
    [{ S3PutObjectCopy: { TargetResource: T, ObjectLockRetainUntilDate: '2030-01-01T00:00:00Z' } }, 'S3PutObjectCopy.ObjectLockRetainUntilDate is not supported by the runner (Object Lock)'],
    [{ S3PutObjectCopy: { TargetResource: T, ChecksumAlgorithm: 'CRC32' } }, 'S3PutObjectCopy.ChecksumAlgorithm is not supported by the runner (checksums)'],
    [{ S3PutObjectCopy: { TargetResource: T, RequesterPays: 'true' } }, 'S3PutObjectCopy.RequesterPays is not supported by the runner (Requester Pays)'],
    [{ S3PutObjectCopy: { TargetResource: T, RedirectLocation: '/other' } }, 'S3PutObjectCopy.RedirectLocation is not supported by the runner (website redirects)'],
    [{ S3PutObjectCopy: { TargetResource: T, TaggingDirective: 'Add' } }, 'S3PutObjectCopy.TaggingDirective is not a member the runner knows'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { SSEAlgorithm: 'KMS' } } }, 'S3PutObjectCopy.NewObjectMetadata.SSEAlgorithm KMS is not supported by the runner (KMS encryption)'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { SSEAlgorithm: 'aws:kms' } } }, 'S3PutObjectCopy.NewObjectMetadata.SSEAlgorithm must be AES256, not "aws:kms"'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { RequesterCharged: 'true' } } }, 'S3PutObjectCopy.NewObjectMetadata.RequesterCharged is not supported by the runner (Requester Pays)'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { ContentMD5: 'abc' } } }, 'S3PutObjectCopy.NewObjectMetadata.ContentMD5 is not supported by the runner (a copy has its source’s content)'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { ContentLength: '5' } } }, 'S3PutObjectCopy.NewObjectMetadata.ContentLength is not supported by the runner (a copy has its source’s length)'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { Color: 'red' } } }, 'S3PutObjectCopy.NewObjectMetadata.Color is not a member the runner knows'],
    // values that cannot be read
    [{ S3PutObjectCopy: 'copy' }, 'S3PutObjectCopy is not a structure'],
    [{ S3PutObjectCopy: {} }, `TargetResource: is empty; it must be an ARN of the form ${FORMS}`],
    [{ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::target-bucket/dir' } }, 'TargetResource: "arn:aws:s3:::target-bucket/dir" names an object path after the bucket; it must name the bucket alone'],
    [{ S3PutObjectCopy: { TargetResource: T, MetadataDirective: 'Replaced' } }, 'S3PutObjectCopy.MetadataDirective must be COPY or REPLACE, not "Replaced"'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { HttpExpiresDate: 'soon' } } }, 'S3PutObjectCopy.NewObjectMetadata.HttpExpiresDate is not a time'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectMetadata: { UserMetadata: { owner: 'x' } } } }, 'S3PutObjectCopy.NewObjectMetadata.UserMetadata is not a list of Key and Value'],
    [{ S3PutObjectCopy: { TargetResource: T, NewObjectTagging: [{ Value: 'x' }] } }, 'S3PutObjectCopy.NewObjectTagging is not a list of Key and Value'],
    [{ S3PutObjectCopy: { TargetResource: T, ModifiedSinceConstraint: 'yesterday' } }, 'S3PutObjectCopy.ModifiedSinceConstraint is not a time'],
    [{ S3PutObjectCopy: { TargetResource: T, UnModifiedSinceConstraint: '2027-13-45T00:00:00Z' } }, 'S3PutObjectCopy.UnModifiedSinceConstraint is not a time'],
    [
      { S3PutObjectCopy: { TargetResource: T, CannedAccessControlList: 'private', AccessControlGrants: [{ Grantee: { TypeIdentifier: 'id', Identifier: 'a' }, Permission: 'READ' }] } },
      'S3PutObjectCopy gives both CannedAccessControlList and AccessControlGrants, which S3 refuses together',
    ],
    [
      { S3PutObjectCopy: { TargetResource: T, AccessControlGrants: [{ Grantee: { TypeIdentifier: 'ID', Identifier: 'a' }, Permission: 'READ' }] } },
      'S3PutObjectCopy.AccessControlGrants: a grantee must be an Identifier with a TypeIdentifier of id, emailAddress or uri',
    ],
    [
      { S3PutObjectCopy: { TargetResource: T, AccessControlGrants: [{ Grantee: { TypeIdentifier: 'id', Identifier: 'a' }, Permission: 'ALL' }] } },
      'S3PutObjectCopy.AccessControlGrants: "ALL" is not a permission (FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP)',
    ],
    // tagging and restore
    [{ S3PutObjectTagging: { TagSet: 'a=1' } }, 'S3PutObjectTagging.TagSet is not a list of Key and Value'],
    [{ S3PutObjectTagging: { TaggingDirective: 'Add' } }, 'S3PutObjectTagging.TaggingDirective is not a member the runner knows'],
    [{ S3InitiateRestoreObject: {} }, 'S3InitiateRestoreObject.ExpirationInDays 0 or none (a restore without days, for S3 Intelligent-Tiering archive tiers) is not supported by the runner: give 1 or more days'],
    [{ S3InitiateRestoreObject: { ExpirationInDays: '0' } }, 'S3InitiateRestoreObject.ExpirationInDays 0 or none (a restore without days, for S3 Intelligent-Tiering archive tiers) is not supported by the runner: give 1 or more days'],
    [{ S3InitiateRestoreObject: { ExpirationInDays: '-1' } }, 'S3InitiateRestoreObject.ExpirationInDays is not a whole number of days'],
    [{ S3InitiateRestoreObject: { ExpirationInDays: '2.5' } }, 'S3InitiateRestoreObject.ExpirationInDays is not a whole number of days'],
    [{ S3InitiateRestoreObject: { ExpirationInDays: '3', GlacierJobTier: 'EXPEDITED' } }, 'S3InitiateRestoreObject.GlacierJobTier must be BULK or STANDARD, not "EXPEDITED"'],
    [{ S3InitiateRestoreObject: { ExpirationInDays: '3', JobTier: 'Bulk' } }, 'S3InitiateRestoreObject.JobTier is not a member the runner knows'],
  ];
  it.each(cases)('%j → %s', (operation, expected) => {
    expect(problem(operation)).toBe(expected);
  });
});
