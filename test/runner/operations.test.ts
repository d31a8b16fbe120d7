/**
 * Every operation and manifest form the runner takes, on the local S3 store: tagging (Replaced, Add), delete tagging,
 * restore, copy with Add directives and copy conditions, inventory manifests (gzipped CSV files), a header line and
 * the Ignore field, and FailedTasksOnly reports. One runner on a table of its own; each job under its own appid.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { JobDefinition, Operation } from '../../lib/jobs/job';
import type { RunnerJob } from '../../lib/runner/ports';
import { ensureBucket, isolatedRunner, seedObjects, testS3 } from '../support/runner-stack';
import { objectTags, putObjectTags, readReport, runStoredJob } from '../support/runner-jobs';

jest.setTimeout(120_000);
let s3: S3Client;
let runner: Awaited<ReturnType<typeof isolatedRunner>>;

beforeAll(async () => {
  s3 = testS3();
  runner = await isolatedRunner('operations');
  runner.start();
});
afterAll(async () => {
  await runner.stop();
  s3.destroy();
});

const bucketName = () => `ops-${randomUUID().slice(0, 8)}-1250000000`;
const arn = (bucket: string, key?: string) => `qcs::cos:ap-guangzhou::${bucket}${key === undefined ? '' : `/${key}`}`;

interface RunOptions {
  readonly source: string;
  readonly manifestKey: string;
  readonly etag: string;
  readonly operation: Operation | Record<string, unknown>;
  readonly format?: string;
  readonly fields?: string[];
  readonly reportScope?: 'AllTasks' | 'FailedTasksOnly';
  readonly reportBucket?: string;
}

/** Creates the job (as CreateJob does) and waits for its end. */
async function run(o: RunOptions): Promise<RunnerJob> {
  const appId = String(1_300_000_000 + randomInt(700_000_000));
  const definition: JobDefinition = {
    confirmationRequired: false,
    description: 'operations test',
    priority: 1,
    roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
    manifest: {
      Location: { ETag: o.etag, ObjectArn: arn(o.source, o.manifestKey) },
      Spec: { Format: o.format ?? 'COSBatchOperations_CSV_V1', ...(o.fields && { Fields: o.fields }) },
    },
    operation: o.operation as Operation,
    report: { Bucket: arn(o.reportBucket ?? o.source), Enabled: 'true', Format: 'Report_CSV_V1', Prefix: 'reports', ReportScope: o.reportScope ?? 'AllTasks' },
  };
  return runStoredJob(runner, appId, definition, 60_000);
}

const tagsOf = (bucket: string, key: string) => objectTags(s3, bucket, key);
const setTags = (bucket: string, key: string, tags: Record<string, string>) => putObjectTags(s3, bucket, key, tags);

it('tags objects (Replaced), merges tags (Add), and removes them (S3DeleteObjectTagging)', async () => {
  const source = bucketName();
  const keys = ['a.txt', 'b c.txt', 'd+e.txt'];
  const seeded = await seedObjects(s3, source, keys);
  for (const key of keys) await setTags(source, key, { old: '1', keep: 'x' });

  const replaced = await run({ ...seeded, source, operation: { COSPutObjectTagging: { TaggingDirective: 'Replaced', TagSet: [{ Key: 'project', Value: 'alpha' }] } } });
  expect([replaced.status, replaced.succeeded]).toEqual(['Complete', 3]);
  for (const key of keys) expect(await tagsOf(source, key)).toEqual([['project', 'alpha']]);

  const added = await run({ ...seeded, source, operation: { COSPutObjectTagging: { TaggingDirective: 'Add', TagSet: [{ Key: 'stage', Value: 'b' }, { Key: 'project', Value: 'beta' }] } } });
  expect([added.status, added.succeeded]).toEqual(['Complete', 3]);
  for (const key of keys) expect(await tagsOf(source, key)).toEqual([['project', 'beta'], ['stage', 'b']]);

  const removed = await run({ ...seeded, source, operation: { S3DeleteObjectTagging: {} } });
  expect([removed.status, removed.succeeded]).toEqual(['Complete', 3]);
  for (const key of keys) expect(await tagsOf(source, key)).toEqual([]);
});

it('initiates restores with the job’s days and tier; a missing object fails its task with 404', async () => {
  const source = bucketName();
  const seeded = await seedObjects(s3, source, ['archive/1.log', 'archive/2.log']);
  const body = `${seeded.manifest}${source},archive/missing.log\n`;
  const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'manifests/restore.csv', Body: body }));
  const job = await run({ source, manifestKey: 'manifests/restore.csv', etag: put.ETag!, operation: { COSInitiateRestoreObject: { ExpirationInDays: '7', JobTier: 'Bulk' } } });
  expect([job.status, job.succeeded, job.failed]).toEqual(['Complete', 2, 1]);
  const restores = (await (await fetch(`${process.env.TEST_S3_ENDPOINT}/__local/restores`)).json()) as { bucket: string; key: string; days: number; tier: string }[];
  expect(restores.filter((r) => r.bucket === source).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
    { bucket: source, key: 'archive/1.log', days: 7, tier: 'Bulk' },
    { bucket: source, key: 'archive/2.log', days: 7, tier: 'Bulk' },
  ]);
  const report = await readReport(s3, source, `reports/job-${job.jobId}/`);
  expect(report.rows.find((r) => r.key === 'archive/missing.log')).toMatchObject({ status: 'failed', httpStatus: '404', errorCode: 'NoSuchKey' });
});

it('copies with Add directives: the source’s metadata and tags merged with the new ones', async () => {
  const source = bucketName();
  const target = bucketName();
  await ensureBucket(s3, target);
  await ensureBucket(s3, source);
  await s3.send(new PutObjectCommand({ Bucket: source, Key: 'doc.txt', Body: 'doc', ContentType: 'text/plain', Metadata: { origin: 'src', owner: 'old' } }));
  await setTags(source, 'doc.txt', { team: 'a', owner: 'old' });
  const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'manifest.csv', Body: `${source},doc.txt\n` }));
  const job = await run({
    source,
    manifestKey: 'manifest.csv',
    etag: put.ETag!,
    operation: {
      COSPutObjectCopy: {
        MetadataDirective: 'Add',
        NewObjectMetadata: { UserMetadata: [{ Key: 'owner', Value: 'batch' }] },
        TaggingDirective: 'Add',
        NewObjectTagging: [{ Key: 'owner', Value: 'batch' }],
        TargetResource: arn(target),
      },
    },
  });
  expect([job.status, job.succeeded]).toEqual(['Complete', 1]);
  const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: 'doc.txt' }));
  expect(head.Metadata).toEqual({ origin: 'src', owner: 'batch' });
  expect(head.ContentType).toBe('text/plain');
  expect(await tagsOf(target, 'doc.txt')).toEqual([['owner', 'batch'], ['team', 'a']]);
});

it('applies copy conditions: an unmodified-since in the past fails every task with 412, recorded in a FailedTasksOnly report', async () => {
  const source = bucketName();
  const seeded = await seedObjects(s3, source, ['x/1', 'x/2']);
  const job = await run({
    ...seeded,
    source,
    reportScope: 'FailedTasksOnly',
    operation: { COSPutObjectCopy: { TargetKeyPrefix: 'copy/', UnModifiedSinceConstraint: '1000000000', TargetResource: arn(source) } },
  });
  expect([job.status, job.succeeded, job.failed]).toEqual(['Complete', 0, 2]);
  const report = await readReport(s3, source, `reports/job-${job.jobId}/`);
  expect(report.manifest.Results.map((r) => r.TaskExecutionStatus)).toEqual(['failed']);
  expect(report.rows.map((r) => [r.key, r.status, r.httpStatus, r.errorCode]).sort()).toEqual([
    ['x/1', 'failed', '412', 'PreconditionFailed'],
    ['x/2', 'failed', '412', 'PreconditionFailed'],
  ]);
});

it('reads a manifest with a header line, an Ignore column and an empty VersionId column', async () => {
  const source = bucketName();
  await seedObjects(s3, source, ['k/1', 'k/2']);
  const body = `Ignore,Bucket,Key,VersionId\nfoo,${source},k%2F1,\nbar,${source},k/2,\n`;
  const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'with-header.csv', Body: body }));
  const job = await run({
    source,
    manifestKey: 'with-header.csv',
    etag: put.ETag!,
    fields: ['Ignore', 'Bucket', 'Key', 'VersionId'],
    operation: { COSPutObjectCopy: { TargetKeyPrefix: 'h/', TargetResource: arn(source) } },
  });
  expect([job.status, job.total, job.succeeded]).toEqual(['Complete', 2, 2]);
  const report = await readReport(s3, source, `reports/job-${job.jobId}/`);
  expect(report.rows.map((r) => r.key).sort()).toEqual(['k/1', 'k/2']);
});

it('runs an inventory report manifest: manifest.json naming gzipped CSV files, delete markers skipped', async () => {
  const source = bucketName();
  const keys = Array.from({ length: 30 }, (_, i) => `inv/${i}.txt`);
  await seedObjects(s3, source, keys);
  const row = (key: string, deleteMarker = false) => `"${source}","${encodeURIComponent(key)}","","true","${deleteMarker}"\n`;
  const files = [keys.slice(0, 12).map((k) => row(k)).join('') + row('inv/deleted.txt', true), keys.slice(12).map((k) => row(k)).join('')];
  const fileKeys: string[] = [];
  for (const [i, csv] of files.entries()) {
    const key = `inventory/data/${i}.csv.gz`;
    await s3.send(new PutObjectCommand({ Bucket: source, Key: key, Body: gzipSync(csv) }));
    fileKeys.push(key);
  }
  const manifestJson = JSON.stringify({
    sourceBucket: source,
    destinationBucket: `arn:aws:s3:::${source}`,
    version: '2016-11-30',
    fileFormat: 'CSV',
    fileSchema: 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker',
    files: fileKeys.map((key) => ({ key, size: 1, MD5checksum: 'x' })),
  });
  const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'inventory/manifest.json', Body: manifestJson }));
  const job = await run({
    source,
    manifestKey: 'inventory/manifest.json',
    etag: put.ETag!,
    format: 'COSInventoryReport_CSV_V1',
    operation: { COSPutObjectCopy: { TargetKeyPrefix: 'inv-copy/', TargetResource: arn(source) } },
  });
  expect([job.status, job.total, job.succeeded, job.failed]).toEqual(['Complete', 30, 30, 0]);
  const report = await readReport(s3, source, `reports/job-${job.jobId}/`);
  expect(report.rows.map((r) => r.key).sort()).toEqual([...keys].sort());
});

it('fails a job whose report bucket does not exist before running a task (InvalidReport)', async () => {
  const source = bucketName();
  const seeded = await seedObjects(s3, source, ['r/1']);
  const job = await run({ ...seeded, source, reportBucket: bucketName(), operation: { COSPutObjectCopy: { TargetKeyPrefix: 'copy/', TargetResource: arn(source) } } });
  expect([job.status, job.succeeded + job.failed]).toEqual(['Failed', 0]);
  const item = await runner.client.send(new GetItemCommand({ TableName: runner.table, Key: { AppId: { S: job.appId }, JobId: { S: job.jobId } } }));
  expect(item.Item?.FailureReasons?.L?.[0]?.M?.FailureCode?.S).toBe('InvalidReport');
  expect(item.Item?.FailureReasons?.L?.[0]?.M?.FailureReason?.S).toMatch(/^The report bucket ops-[0-9a-f]{8}-1250000000 cannot be used: 404 /);
});
