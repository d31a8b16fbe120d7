/**
 * AWS jobs that run, end to end, driven by the real `@aws-sdk/client-s3-control` (SigV4 on) against the local stack:
 * the API on serverless-offline, the runner process, DynamoDB Local, the S3 store and the SQS emulator. Each test
 * works under its own AWS account (a key made for it) and buckets.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { GetObjectTaggingCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateJobCommand,
  DescribeJobCommand,
  GetJobTaggingCommand,
  JobStatusException,
  paginateListJobs,
  S3ControlClient,
  UpdateJobStatusCommand,
  type CreateJobCommandInput,
  type JobDescriptor,
} from '@aws-sdk/client-s3-control';
import { newAwsKey, putKey } from '../../scripts/local-stack';
import { countingClient } from '../support/dynamodb';
import { listKeys, objectTags, putObjectTags, readReport, waitFor } from '../support/runner-jobs';
import { ensureBucket, seedObjects, testS3 } from '../support/runner-stack';

jest.setTimeout(120_000);
let s3: S3Client;

beforeAll(() => {
  s3 = testS3();
});
afterAll(() => s3.destroy());

interface Account {
  readonly accountId: string;
  readonly client: S3ControlClient;
}

/** A new account with its own key, and the S3ControlClient configured as docs/aws-clients.md says. */
async function account(): Promise<Account> {
  const accountId = String(100_000_000_000 + randomInt(899_999_999_999));
  const key = newAwsKey(accountId);
  const { client: db } = countingClient();
  await putKey(db, process.env.TEST_RUNNER_CREDENTIALS_TABLE!, key);
  db.destroy();
  const client = new S3ControlClient({
    region: 'us-east-1',
    endpoint: process.env.TEST_RUNNER_API_URL!,
    endpointProvider: (params) => ({ url: new URL(params.Endpoint!) }),
    credentials: { accessKeyId: key.secretId, secretAccessKey: key.secretKey },
    maxAttempts: 1,
  });
  return { accountId, client };
}

const bucketName = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;
const describeJob = (a: Account, JobId: string): Promise<JobDescriptor> =>
  a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId })).then((out) => out.Job!);

function jobInput(a: Account, o: { source: string; manifestKey: string; etag: string; report: string; operation: CreateJobCommandInput['Operation'] }): CreateJobCommandInput {
  return {
    AccountId: a.accountId,
    Operation: o.operation,
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: `arn:aws:s3:::${o.source}/${o.manifestKey}`, ETag: o.etag },
    },
    Report: { Enabled: true, Bucket: `arn:aws:s3:::${o.report}`, Format: 'Report_CSV_20180820', Prefix: 'reports', ReportScope: 'AllTasks' },
    Priority: 10,
    RoleArn: `arn:aws:iam::${a.accountId}:role/batch-operations`,
    ConfirmationRequired: false,
    Tags: [{ Key: 'team', Value: 'data' }],
  };
}

it('runs an S3PutObjectCopy job made with the AWS SDK to Complete: targets as asked, progress, timers, report, tags', async () => {
  const a = await account();
  const source = bucketName('aws-src');
  const target = bucketName('aws-dst');
  const objects = Array.from({ length: 120 }, (_, i) => `in/${String(i).padStart(4, '0')}${i % 9 === 0 ? ' a+b' : ''}.txt`);
  const seeded = await seedObjects(s3, source, objects);
  await ensureBucket(s3, target);

  const { JobId } = await a.client.send(
    new CreateJobCommand(
      jobInput(a, {
        ...seeded,
        source,
        report: target,
        operation: {
          S3PutObjectCopy: {
            TargetResource: `arn:aws:s3:::${target}`,
            TargetKeyPrefix: 'copied/',
            MetadataDirective: 'REPLACE',
            NewObjectMetadata: { ContentType: 'text/x-aws', UserMetadata: { owner: 'aws-batch' } },
            NewObjectTagging: [{ Key: 'project', Value: 'beta' }],
            StorageClass: 'STANDARD_IA',
          },
        },
      }),
    ),
  );
  expect(JobId).toMatch(/^[0-9a-f-]{36}$/);

  const job = await waitFor(() => describeJob(a, JobId!), (j) => j.Status === 'Complete', 90_000);
  expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 120, NumberOfTasksSucceeded: 120, NumberOfTasksFailed: 0 });
  expect(job.ProgressSummary?.Timers?.ElapsedTimeInActiveSeconds).toBeGreaterThanOrEqual(0);
  expect(job.JobArn).toBe(`arn:aws:s3:us-east-1:${a.accountId}:job/${JobId}`);
  expect(job.TerminationDate).toBeInstanceOf(Date);
  expect(job.CreationTime).toBeInstanceOf(Date);
  expect(job.Operation?.S3PutObjectCopy?.NewObjectMetadata?.UserMetadata).toEqual({ owner: 'aws-batch' });

  expect(await listKeys(s3, target, 'copied/')).toEqual(objects.map((k) => `copied/${k}`).sort());
  for (const key of [objects[0]!, objects[119]!]) {
    const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: `copied/${key}` }));
    expect(head.ContentType).toBe('text/x-aws');
    expect(head.Metadata).toEqual({ owner: 'aws-batch' });
    expect(head.StorageClass).toBe('STANDARD_IA');
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: target, Key: `copied/${key}` }));
    expect(tags.TagSet).toEqual([{ Key: 'project', Value: 'beta' }]);
  }

  const report = await readReport(s3, target, `reports/job-${JobId}/`);
  expect(report.rows.map((r) => r.key).sort()).toEqual([...objects].sort());
  expect(report.rows.every((r) => r.status === 'succeeded' && r.httpStatus === '200')).toBe(true);

  const tagging = await a.client.send(new GetJobTaggingCommand({ AccountId: a.accountId, JobId }));
  expect(tagging.Tags).toEqual([{ Key: 'team', Value: 'data' }]);
});

it('holds a ConfirmationRequired tagging job in Suspended until UpdateJobStatus Ready; a second Ready is JobStatusException', async () => {
  const a = await account();
  const source = bucketName('aws-tag');
  const objects = Array.from({ length: 30 }, (_, i) => `t/${i}.txt`);
  const seeded = await seedObjects(s3, source, objects);
  const { JobId } = await a.client.send(
    new CreateJobCommand({
      ...jobInput(a, { ...seeded, source, report: source, operation: { S3PutObjectTagging: { TagSet: [{ Key: 'stage', Value: 'tagged' }] } } }),
      ConfirmationRequired: true,
    }),
  );
  const suspended = await waitFor(() => describeJob(a, JobId!), (j) => j.Status === 'Suspended', 30_000);
  expect(suspended.ProgressSummary?.TotalNumberOfTasks).toBe(30);
  expect(suspended.SuspendedDate).toBeInstanceOf(Date);

  const confirmed = await a.client.send(
    new UpdateJobStatusCommand({ AccountId: a.accountId, JobId, RequestedJobStatus: 'Ready', StatusUpdateReason: 'confirmed' }),
  );
  expect(confirmed).toMatchObject({ JobId, Status: 'Ready', StatusUpdateReason: 'confirmed' });
  await expect(a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId, RequestedJobStatus: 'Ready' }))).rejects.toBeInstanceOf(
    JobStatusException,
  );

  const done = await waitFor(() => describeJob(a, JobId!), (j) => j.Status === 'Complete', 60_000);
  expect(done.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 30, NumberOfTasksSucceeded: 30, NumberOfTasksFailed: 0 });
  const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: source, Key: objects[29] }));
  expect(tags.TagSet).toEqual([{ Key: 'stage', Value: 'tagged' }]);

  // The account's jobs, through the SDK's paginator, one status at a time and two at once.
  const statuses: string[] = [];
  for await (const page of paginateListJobs({ client: a.client, pageSize: 1 }, { AccountId: a.accountId, JobStatuses: ['Complete', 'Failed'] })) {
    statuses.push(...(page.Jobs ?? []).map((j) => `${j.JobId}:${j.Status}:${j.Operation}`));
  }
  expect(statuses).toEqual([`${JobId}:Complete:S3PutObjectTagging`]);
});

it('runs S3DeleteObjectTagging and S3InitiateRestoreObject jobs made with the AWS SDK to Complete, each task as asked', async () => {
  const a = await account();
  const source = bucketName('aws-misc');
  const objects = Array.from({ length: 12 }, (_, i) => `misc/${i}.log`);
  const seeded = await seedObjects(s3, source, objects);
  for (const key of objects) await putObjectTags(s3, source, key, { stale: 'yes' });

  const untag = await a.client.send(new CreateJobCommand(jobInput(a, { ...seeded, source, report: source, operation: { S3DeleteObjectTagging: {} } })));
  const untagged = await waitFor(() => describeJob(a, untag.JobId!), (j) => j.Status === 'Complete', 60_000);
  expect(untagged.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 12, NumberOfTasksSucceeded: 12, NumberOfTasksFailed: 0 });
  for (const key of objects) expect(await objectTags(s3, source, key)).toEqual([]);

  const restore = await a.client.send(
    new CreateJobCommand(jobInput(a, { ...seeded, source, report: source, operation: { S3InitiateRestoreObject: { ExpirationInDays: 3, GlacierJobTier: 'BULK' } } })),
  );
  const restored = await waitFor(() => describeJob(a, restore.JobId!), (j) => j.Status === 'Complete', 60_000);
  expect(restored.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 12, NumberOfTasksSucceeded: 12, NumberOfTasksFailed: 0 });
  expect(restored.Operation).toEqual({ S3InitiateRestoreObject: { ExpirationInDays: 3, GlacierJobTier: 'BULK' } });
  const restores = (await (await fetch(`${process.env.TEST_S3_ENDPOINT}/__local/restores`)).json()) as { bucket: string; key: string; days: number; tier: string }[];
  expect(restores.filter((r) => r.bucket === source).map((r) => `${r.key}:${r.days}:${r.tier}`).sort()).toEqual(objects.map((k) => `${k}:3:Bulk`).sort());
});
