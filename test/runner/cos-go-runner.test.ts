/**
 * Jobs that run, end to end, driven by the official COS Go SDK client against the local stack: the API on
 * serverless-offline, the runner process (stream reader + queue consumers), DynamoDB Local, the S3 store and the
 * SQS emulator (test/support/runner-stack.ts). Each test works under its own appid and bucket.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DEMO_MANIFESTS, DEMO_OBJECTS, DEMO_SOURCE_BUCKET, DEMO_TARGET_BUCKET, seedDemoStorage } from '../../scripts/demo-storage';
import { DEMO_KEY, newKey, putKey } from '../../scripts/local-stack';
import { cosbatch, cosbatchBinary, type GoClient } from '../support/cos-go';
import { countingClient, getJob } from '../support/dynamodb';
import { ensureBucket, seedObjects, testS3, TEST_RUNNER_SETTINGS } from '../support/runner-stack';
import { copyJob, listKeys, readReport, waitFor } from '../support/runner-jobs';

jest.setTimeout(120_000);
const work = mkdtempSync(path.join(tmpdir(), 'runner-go-'));
let s3: S3Client;

beforeAll(() => {
  cosbatchBinary();
  s3 = testS3();
});
afterAll(() => s3.destroy());

async function tenant(): Promise<GoClient> {
  const appId = String(1_300_000_000 + randomInt(700_000_000));
  const key = newKey(appId);
  const { client } = countingClient();
  await putKey(client, process.env.TEST_RUNNER_CREDENTIALS_TABLE!, key);
  client.destroy();
  return { url: process.env.TEST_RUNNER_API_URL!, appId, secretId: key.secretId, secretKey: key.secretKey };
}

const bucketName = (what: string) => `${what}-${randomUUID().slice(0, 8)}-1250000000`;

function bodyFile(xml: string): string {
  const file = path.join(work, `${randomUUID()}.xml`);
  writeFileSync(file, xml);
  return file;
}

async function create(go: GoClient, xml: string): Promise<string> {
  const created = await cosbatch(go, 'create', bodyFile(xml));
  expect(created).toMatchObject({ ok: true, status: 200 });
  return created.result.JobId as string;
}

const describe_ = (go: GoClient, jobId: string) => cosbatch(go, 'describe', jobId).then((a) => a.result.Job);

/** Each copy into `prefix` of this bucket takes 200 ms more (the store's fault injection; this bucket alone). */
async function slowCopies(bucket: string, prefix: string, times: number): Promise<void> {
  const answer = await fetch(`${process.env.TEST_S3_ENDPOINT}/__local/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'PUT', bucket, keyPrefix: prefix, delayMs: 200, times }),
  });
  expect(answer.ok).toBe(true);
}

const keys = (n: number, prefix = 'src/') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')} ${i % 7 === 0 ? 'a+b=c&d' : 'x'}.txt`);

it('copies a 1,000-object manifest to Complete, with the requested metadata, tags and key prefix, and a report of every task once', async () => {
  const go = await tenant();
  const source = bucketName('src');
  const target = bucketName('dst');
  const objects = keys(1000);
  const seeded = await seedObjects(s3, source, objects);
  await ensureBucket(s3, target);
  const jobId = await create(
    go,
    copyJob({
      appId: go.appId,
      source,
      manifestKey: seeded.manifestKey,
      etag: seeded.etag,
      operation: `<COSPutObjectCopy>
        <PrefixReplace>true</PrefixReplace><ResourcesPrefix>src/</ResourcesPrefix><TargetKeyPrefix>copied/</TargetKeyPrefix>
        <MetadataDirective>Replaced</MetadataDirective>
        <NewObjectMetadata><ContentType>text/x-copied</ContentType><UserMetadata><member><Key>owner</Key><Value>batch</Value></member></UserMetadata></NewObjectMetadata>
        <TaggingDirective>Replaced</TaggingDirective>
        <NewObjectTagging><COSTag><Key>project</Key><Value>alpha</Value></COSTag></NewObjectTagging>
        <TargetResource>qcs::cos:ap-guangzhou:uid/${go.appId}:${target}</TargetResource>
      </COSPutObjectCopy>`,
      reportBucket: target,
    }),
  );
  const job = await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Complete', 90_000);
  expect(job.ProgressSummary).toEqual({ TotalNumberOfTasks: 1000, NumberOfTasksSucceeded: 1000, NumberOfTasksFailed: 0 });
  expect(job.StatusUpdateReason).toBe('Job complete');
  expect(job.TerminationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  // Every target object: under the new prefix, with the new metadata, content type and tags.
  expect(await listKeys(s3, target, 'copied/')).toEqual(objects.map((k) => `copied/${k.slice('src/'.length)}`).sort());
  for (const key of [objects[0]!, objects[7]!, objects[999]!]) {
    const copied = `copied/${key.slice(4)}`;
    const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: copied }));
    expect(head.ContentType).toBe('text/x-copied');
    expect(head.Metadata).toEqual({ owner: 'batch' });
    const body = await (await s3.send(new GetObjectCommand({ Bucket: target, Key: copied }))).Body!.transformToString();
    expect(body).toBe(`body of ${key}`);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: target, Key: copied }));
    expect(tags.TagSet).toEqual([{ Key: 'project', Value: 'alpha' }]);
  }

  const report = await readReport(s3, target, `job-reports/job-${jobId}/`);
  expect(report.rows).toHaveLength(1000);
  expect(new Set(report.rows.map((r) => r.key)).size).toBe(1000);
  expect(report.rows.map((r) => r.key).sort()).toEqual([...objects].sort());
  expect(report.rows.every((r) => r.bucket === source && r.status === 'succeeded' && r.httpStatus === '200' && r.message === 'Successful')).toBe(true);
});

it('waits in Suspended while ConfirmationRequired, then runs once confirmed', async () => {
  const go = await tenant();
  const source = bucketName('src');
  const seeded = await seedObjects(s3, source, keys(30));
  const jobId = await create(go, copyJob({ appId: go.appId, source, manifestKey: seeded.manifestKey, etag: seeded.etag, confirm: true, targetPrefix: 'confirmed/' }));
  const suspended = await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Suspended', 30_000);
  expect(suspended.ProgressSummary.TotalNumberOfTasks).toBe(30);
  expect(suspended.SuspendedDate).toMatch(/Z$/);
  expect(suspended.SuspendedCause).toMatch(/confirmation/);
  // It stays there: nothing runs without the confirmation.
  await new Promise((r) => setTimeout(r, 1500));
  expect((await describe_(go, jobId)).Status).toBe('Suspended');
  expect(await cosbatch(go, 'status', jobId, 'Ready', 'go ahead')).toMatchObject({ ok: true, status: 200 });
  const done = await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Complete', 60_000);
  expect(done.ProgressSummary).toEqual({ TotalNumberOfTasks: 30, NumberOfTasksSucceeded: 30, NumberOfTasksFailed: 0 });
});

it('cancels an Active job within a chunk boundary, with a report of exactly what ran', async () => {
  const go = await tenant();
  const source = bucketName('src');
  const seeded = await seedObjects(s3, source, keys(1000));
  await slowCopies(source, 'cancelled/', 1000); // still running when the cancel comes, whatever the machine's speed
  const jobId = await create(go, copyJob({ appId: go.appId, source, manifestKey: seeded.manifestKey, etag: seeded.etag, targetPrefix: 'cancelled/', reportBucket: source }));
  await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Active' && j.ProgressSummary.NumberOfTasksSucceeded > 0, 60_000, 50);
  expect(await cosbatch(go, 'status', jobId, 'Cancelled', 'stop it')).toMatchObject({ ok: true, status: 200 });
  const job = await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Cancelled', 60_000);
  const ran = job.ProgressSummary.NumberOfTasksSucceeded + job.ProgressSummary.NumberOfTasksFailed;
  expect(ran).toBeGreaterThan(0);
  // Only the chunks already out when the cancel came ran to their end: at most the window's worth.
  expect(ran).toBeLessThan(1000);
  const report = await readReport(s3, source, `job-reports/job-${jobId}/`);
  expect(report.rows).toHaveLength(ran);
  expect(new Set(report.rows.map((r) => r.key)).size).toBe(ran);
});

it('pauses a running job for one of higher priority, then resumes and completes it', async () => {
  const go = await tenant();
  const source = bucketName('src');
  const big = await seedObjects(s3, source, keys(800, 'big/'));
  const small = await seedObjects(s3, source, keys(100, 'small/'), 'manifests/small.csv');
  await slowCopies(source, 'low/', 800); // still running, whatever the machine's speed, when the high-priority job arrives
  const low = await create(go, copyJob({ appId: go.appId, source, manifestKey: big.manifestKey, etag: big.etag, targetPrefix: 'low/', priority: 1 }));
  await waitFor(() => describe_(go, low), (j) => j.Status === 'Active' && j.ProgressSummary.NumberOfTasksSucceeded > 0, 60_000, 50);
  const high = await create(go, copyJob({ appId: go.appId, source, manifestKey: small.manifestKey, etag: small.etag, targetPrefix: 'high/', priority: 10 }));
  // Watched in the table itself (a read every 20 ms): the Go client's round trips are slower than a short pause.
  const { client } = countingClient();
  const paused = await waitFor(
    () => getJob(client, process.env.TEST_RUNNER_TABLE!, go.appId, low),
    (item) => item?.Status?.S === 'Paused' || item?.Status?.S === 'Complete',
    60_000,
    20,
  );
  client.destroy();
  expect(paused?.Status?.S).toBe('Paused');
  expect(Number(paused?.NumberOfTasksSucceeded?.N)).toBeLessThan(800);
  const highDone = await waitFor(() => describe_(go, high), (j) => j.Status === 'Complete', 60_000);
  expect(highDone.ProgressSummary.NumberOfTasksSucceeded).toBe(100);
  const lowDone = await waitFor(() => describe_(go, low), (j) => j.Status === 'Complete', 90_000);
  expect(lowDone.ProgressSummary).toEqual({ TotalNumberOfTasks: 800, NumberOfTasksSucceeded: 800, NumberOfTasksFailed: 0 });
  expect(Number(TEST_RUNNER_SETTINGS.RUNNER_MAX_ACTIVE_JOBS)).toBe(1);
});

describe('a manifest the runner cannot use fails the job with a reason', () => {
  it.each([
    ['a wrong ETag', 'ManifestETagMismatch', /ETag/, async (source: string) => ({ ...(await seedObjects(s3, source, keys(5))), etag: '0123456789abcdef0123456789abcdef' })],
    ['a missing manifest', 'ManifestNotFound', /does not exist/, async () => ({ manifestKey: 'manifests/none.csv', etag: '0123456789abcdef0123456789abcdef' })],
    [
      'a bad line',
      'ManifestParseError',
      /line 3/,
      async (source: string) => {
        const body = `${source},a.txt\n${source},b.txt\n${source},c.txt,extra,columns\n`;
        const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'manifests/bad.csv', Body: body }));
        return { manifestKey: 'manifests/bad.csv', etag: put.ETag!.replace(/"/g, '') };
      },
    ],
  ])('%s', async (_what, code, reason, manifest) => {
    const go = await tenant();
    const source = bucketName('src');
    await seedObjects(s3, source, ['a.txt']);
    const m = await manifest(source);
    const jobId = await create(go, copyJob({ appId: go.appId, source, manifestKey: m.manifestKey, etag: m.etag }));
    const job = await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Failed', 30_000);
    expect(job.FailureReasons.FailureCode).toBe(code);
    expect(job.FailureReasons.FailureReason).toMatch(reason);
    expect(job.ProgressSummary.NumberOfTasksSucceeded + job.ProgressSummary.NumberOfTasksFailed).toBe(0);
  });
});

it('fails a job whose tasks mostly fail, once more than 1,000 ran', async () => {
  const go = await tenant();
  const source = bucketName('src');
  const present = keys(400, 'here/');
  const missing = keys(800, 'gone/');
  await seedObjects(s3, source, present);
  // Interleaved, so that the failure rate is above 50% all along.
  const lines = missing.map((k, i) => [k, present[i >> 1]]).flat().filter((k, i, all) => k !== undefined && all.indexOf(k) === i) as string[];
  const body = lines.map((k) => `${source},${encodeURIComponent(k)}\n`).join('');
  const put = await s3.send(new PutObjectCommand({ Bucket: source, Key: 'manifests/mostly-missing.csv', Body: body }));
  const jobId = await create(go, copyJob({ appId: go.appId, source, manifestKey: 'manifests/mostly-missing.csv', etag: put.ETag!.replace(/"/g, ''), reportBucket: source }));
  const job = await waitFor(() => describe_(go, jobId), (j) => j.Status === 'Failed', 90_000);
  const { NumberOfTasksSucceeded: ok, NumberOfTasksFailed: failed } = job.ProgressSummary;
  expect(ok + failed).toBeGreaterThan(1000);
  expect(failed).toBeGreaterThan((ok + failed) / 2);
  expect(job.FailureReasons.FailureCode).toBe('TaskFailureThresholdExceeded');
  const report = await readReport(s3, source, `job-reports/job-${jobId}/`);
  expect(report.rows).toHaveLength(ok + failed);
  const row = report.rows.find((r) => r.key.startsWith('gone/'))!;
  expect(row).toMatchObject({ status: 'failed', httpStatus: '404', errorCode: 'NoSuchKey' });
});

it('runs every CreateJob body of examples/ to Complete, as it is, on the demo storage npm start seeds', async () => {
  // The examples name the demo appid's buckets; the demo key signs for that appid (its table is the stack's).
  const go: GoClient = { url: process.env.TEST_RUNNER_API_URL!, appId: DEMO_KEY.appId, secretId: DEMO_KEY.secretId, secretKey: DEMO_KEY.secretKey };
  await seedDemoStorage(s3);
  const run = async (file: string) => {
    const created = await cosbatch(go, 'create', '-token', randomUUID(), path.join(__dirname, '..', '..', 'examples', file));
    expect(created).toMatchObject({ ok: true, status: 200 });
    return created.result.JobId as string;
  };
  const copy = await run('copy.xml');
  const tagging = await run('tagging.xml');
  const restore = await run('restore.xml');
  await waitFor(() => describe_(go, restore), (j) => j.Status === 'Suspended', 30_000);
  expect(await cosbatch(go, 'status', restore, 'Ready', 'confirmed')).toMatchObject({ ok: true });
  for (const [jobId, tasks] of [
    [copy, DEMO_OBJECTS.length],
    [tagging, DEMO_OBJECTS.length],
    [restore, DEMO_MANIFESTS['manifests/archived.csv']!.split('\n').filter(Boolean).length],
  ] as const) {
    const job = await waitFor(() => describe_(go, jobId), (j) => ['Complete', 'Failed', 'Cancelled'].includes(j.Status), 60_000);
    expect([job.Status, job.ProgressSummary]).toEqual(['Complete', { TotalNumberOfTasks: tasks, NumberOfTasksSucceeded: tasks, NumberOfTasksFailed: 0 }]);
  }
  const copied = await s3.send(new HeadObjectCommand({ Bucket: DEMO_TARGET_BUCKET, Key: DEMO_OBJECTS[0]! }));
  expect(copied.Metadata).toEqual({ origin: 'demo' });
  const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: DEMO_SOURCE_BUCKET, Key: DEMO_OBJECTS[0]! }));
  expect(tags.TagSet).toEqual([{ Key: 'project', Value: 'alpha' }, { Key: 'stage', Value: 'archive' }]);
});
