/**
 * What one task sends to the storage (shared/spec/runner.md §3; COSPutObjectCopy's fields:
 * shared/reference/cos-batch-jobs-api.md §1.3). Every StorageCall is asserted whole, written out by hand.
 */
import { mergeTags, targetKey, taskPlanFor, type TaskPlan } from '../../lib/runner/tasks';
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
