/**
 * The AWS dialect's operations run on the local S3 store: jobs stored as the AWS CreateJob body is parsed (AWS's
 * element names, `arn:aws:s3:::` ARNs, S3BatchOperations_CSV_20180820 manifests, Report_CSV_20180820 reports) under
 * `aws:<account>` tenants. Copy with REPLACE and with COPY, S3PutObjectTagging, S3DeleteObjectTagging,
 * S3InitiateRestoreObject, and stored jobs the runner cannot run, which fail with a reason naming what. One runner on
 * a table of its own; each job under a random account, so jobs never share a tenant.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { JobDefinition } from '../../lib/jobs/job';
import { awsTenant } from '../../lib/jobs/tenant';
import type { RunnerJob } from '../../lib/runner/ports';
import { ensureBucket, isolatedRunner, seedObjects, testS3 } from '../support/runner-stack';
import { objectTags, putObjectTags, readReport, runStoredJob } from '../support/runner-jobs';

jest.setTimeout(120_000);
let s3: S3Client;
let runner: Awaited<ReturnType<typeof isolatedRunner>>;

beforeAll(async () => {
  s3 = testS3();
  runner = await isolatedRunner('aws-operations');
  runner.start();
});
afterAll(async () => {
  await runner.stop();
  s3.destroy();
});

/** AWS bucket names have no `-<appid>` suffix. */
const bucketName = () => `aws-ops-${randomUUID().slice(0, 8)}`;
const arn = (bucket: string, key?: string) => `arn:aws:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
const account = () => String(randomInt(100_000, 1_000_000)) + String(randomInt(100_000, 1_000_000)); // 12 digits

interface RunOptions {
  readonly source: string;
  readonly manifestKey: string;
  readonly etag: string;
  readonly operation: Record<string, unknown>;
  readonly reportBucket?: string;
}

/** Stores the job as the AWS dialect's CreateJob does (AWS's element names) and waits for its end. */
async function run(o: RunOptions): Promise<RunnerJob> {
  const appId = awsTenant(account());
  const definition = {
    confirmationRequired: false,
    description: 'aws operations test',
    priority: 10,
    roleArn: 'arn:aws:iam::123456789012:role/batch-operations',
    manifest: {
      Location: { ETag: o.etag, ObjectArn: arn(o.source, o.manifestKey) },
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
    },
    operation: o.operation,
    report: { Bucket: arn(o.reportBucket ?? o.source), Enabled: 'true', Format: 'Report_CSV_20180820', Prefix: 'batch-reports', ReportScope: 'AllTasks' },
  } as unknown as JobDefinition;
  return runStoredJob(runner, appId, definition, 30_000);
}

const tagsOf = (bucket: string, key: string) => objectTags(s3, bucket, key);
const setTags = (bucket: string, key: string, tags: Record<string, string>) => putObjectTags(s3, bucket, key, tags);
/** The report's rows as [key, status, HTTP status, error code], sorted. */
const reportRows = async (bucket: string, job: RunnerJob) => {
  const report = await readReport(s3, bucket, `batch-reports/job-${job.jobId}/`);
  expect(report.manifest.Format).toBe('Report_CSV_20180820');
  return report.rows.map((r) => [r.key, r.status, r.httpStatus, r.errorCode]).sort();
};

/** Source objects with metadata and tags of their own, and an S3BatchOperations_CSV_20180820 manifest of them. */
async function seedDecorated(bucket: string, keys: readonly string[]) {
  await ensureBucket(s3, bucket);
  for (const key of keys) {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}`, ContentType: 'text/plain', CacheControl: 'max-age=5', Metadata: { origin: 'source' } }),
    );
    await setTags(bucket, key, { source: 'yes', keep: 'maybe' });
  }
  const manifest = keys.map((key) => `${bucket},${encodeURIComponent(key)}\n`).join('');
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'manifests/aws.csv', Body: manifest }));
  return { manifestKey: 'manifests/aws.csv', etag: put.ETag! };
}

it('S3PutObjectCopy with TargetKeyPrefix, REPLACE metadata, NewObjectTagging, StorageClass, SSE and a canned ACL', async () => {
  const source = bucketName();
  const target = bucketName();
  const keys = ['docs/a.txt', 'docs/b c.txt', 'd+e.txt'];
  const seeded = await seedDecorated(source, keys);
  await ensureBucket(s3, target);
  const job = await run({
    ...seeded,
    source,
    operation: {
      S3PutObjectCopy: {
        TargetResource: arn(target),
        TargetKeyPrefix: 'copied-',
        MetadataDirective: 'REPLACE',
        NewObjectMetadata: {
          CacheControl: 'no-cache',
          ContentLanguage: 'de',
          ContentType: 'application/x-batch',
          SSEAlgorithm: 'AES256',
          UserMetadata: [{ Key: 'stage', Value: 'copied' }],
        },
        NewObjectTagging: [{ Key: 'team', Value: 'data' }],
        CannedAccessControlList: 'bucket-owner-full-control', // accepted and ignored by the local store
        StorageClass: 'STANDARD_IA',
      },
    },
  });
  expect([job.status, job.total, job.succeeded, job.failed]).toEqual(['Complete', 3, 3, 0]);
  for (const key of keys) {
    const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: `copied-${key}` })); // plain concatenation
    expect(head.Metadata).toEqual({ stage: 'copied' }); // the source's `origin` is replaced
    expect([head.ContentType, head.CacheControl, head.ContentLanguage, head.StorageClass]).toEqual(['application/x-batch', 'no-cache', 'de', 'STANDARD_IA']);
    expect(await tagsOf(target, `copied-${key}`)).toEqual([['team', 'data']]);
  }
  expect(await tagsOf(source, 'docs/a.txt')).toEqual([['keep', 'maybe'], ['source', 'yes']]); // the source is untouched
  expect(await reportRows(source, job)).toEqual(keys.map((k) => [k, 'succeeded', '200', '']).sort());
});

it('S3PutObjectCopy with MetadataDirective COPY and no NewObjectTagging keeps the source’s metadata and tags', async () => {
  const source = bucketName();
  const target = bucketName();
  const seeded = await seedDecorated(source, ['one.txt', 'dir/two.txt']);
  await ensureBucket(s3, target);
  const job = await run({ ...seeded, source, operation: { S3PutObjectCopy: { TargetResource: arn(target), MetadataDirective: 'COPY' } } });
  expect([job.status, job.succeeded, job.failed]).toEqual(['Complete', 2, 0]);
  for (const key of ['one.txt', 'dir/two.txt']) {
    const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: key }));
    expect([head.Metadata, head.ContentType, head.CacheControl, head.StorageClass]).toEqual([{ origin: 'source' }, 'text/plain', 'max-age=5', undefined]);
    expect(await tagsOf(target, key)).toEqual([['keep', 'maybe'], ['source', 'yes']]);
  }
  expect(await reportRows(source, job)).toEqual([['dir/two.txt', 'succeeded', '200', ''], ['one.txt', 'succeeded', '200', '']]);
});

it('S3PutObjectTagging replaces the tags; S3DeleteObjectTagging removes them; a missing object fails its task with 404', async () => {
  const source = bucketName();
  const keys = ['t/1.txt', 't/2 two.txt'];
  const seeded = await seedDecorated(source, keys);
  const manifest = `${source},${encodeURIComponent('t/1.txt')}\n${source},${encodeURIComponent('t/2 two.txt')}\n${source},t/missing.txt\n`;
  const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'manifests/with-missing.csv', Body: manifest }));
  const withMissing = { manifestKey: 'manifests/with-missing.csv', etag: put.ETag! };

  const tagged = await run({ ...withMissing, source, operation: { S3PutObjectTagging: { TagSet: [{ Key: 'project', Value: 'alpha' }, { Key: 'empty', Value: '' }] } } });
  expect([tagged.status, tagged.succeeded, tagged.failed]).toEqual(['Complete', 2, 1]);
  for (const key of keys) expect(await tagsOf(source, key)).toEqual([['empty', ''], ['project', 'alpha']]);
  expect(await reportRows(source, tagged)).toEqual([
    ['t/1.txt', 'succeeded', '200', ''],
    ['t/2 two.txt', 'succeeded', '200', ''],
    ['t/missing.txt', 'failed', '404', 'NoSuchKey'],
  ]);

  const removed = await run({ ...seeded, source, operation: { S3DeleteObjectTagging: {} } });
  expect([removed.status, removed.succeeded]).toEqual(['Complete', 2]);
  for (const key of keys) expect(await tagsOf(source, key)).toEqual([]);
  expect(await reportRows(source, removed)).toEqual(keys.map((k) => [k, 'succeeded', '200', '']).sort());
});

it('S3InitiateRestoreObject restores with the days and the tier (BULK → Bulk), seen in x-amz-restore', async () => {
  const source = bucketName();
  const seeded = await seedObjects(s3, source, ['cold/1.bin', 'cold/2.bin']);
  const job = await run({ ...seeded, source, operation: { S3InitiateRestoreObject: { ExpirationInDays: '3', GlacierJobTier: 'BULK' } } });
  expect([job.status, job.succeeded, job.failed]).toEqual(['Complete', 2, 0]);
  const restores = (await (await fetch(`${process.env.TEST_S3_ENDPOINT}/__local/restores`)).json()) as { bucket: string; key: string; days: number; tier: string }[];
  expect(restores.filter((r) => r.bucket === source).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
    { bucket: source, key: 'cold/1.bin', days: 3, tier: 'Bulk' },
    { bucket: source, key: 'cold/2.bin', days: 3, tier: 'Bulk' },
  ]);
  const head = await s3.send(new HeadObjectCommand({ Bucket: source, Key: 'cold/1.bin' }));
  expect(head.Restore).toMatch(/^ongoing-request="false", expiry-date=/);
  expect(await reportRows(source, job)).toEqual([['cold/1.bin', 'succeeded', '200', ''], ['cold/2.bin', 'succeeded', '200', '']]);
});

it.each([
  [{ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::nowhere', SSEAwsKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1' } }, 'S3PutObjectCopy.SSEAwsKmsKeyId is not supported by the runner (KMS encryption)'],
  [{ LambdaInvoke: { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' } }, 'the operation LambdaInvoke is not one the runner can do'],
])('a stored job the runner cannot run (%j) fails before any task, with a reason naming what', async (operation, reason) => {
  const source = bucketName();
  const seeded = await seedObjects(s3, source, ['x.txt']);
  const job = await run({ ...seeded, source, operation });
  expect([job.status, job.succeeded + job.failed]).toEqual(['Failed', 0]);
  const item = await runner.client.send(new GetItemCommand({ TableName: runner.table, Key: { AppId: { S: job.appId }, JobId: { S: job.jobId } } }));
  const failure = item.Item?.FailureReasons?.L?.[0]?.M;
  expect([failure?.FailureCode?.S, failure?.FailureReason?.S]).toEqual(['InvalidOperation', reason]);
  // No task ran, so no report was written (shared/spec/runner.md §5 writes one when a task ran).
  expect((await s3.send(new ListObjectsV2Command({ Bucket: source, Prefix: 'batch-reports/' }))).KeyCount ?? 0).toBe(0);
});
