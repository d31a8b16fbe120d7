/**
 * The real AWS SDK for JavaScript v3 (`@aws-sdk/client-s3-control`) against the local stack, SigV4 on: the eight S3
 * Control job operations end to end, idempotent CreateJob, paging with `paginateListJobs` to the end, every modelled
 * exception arriving as its SDK class, the signature refusals as the SDK names them, and that a COS appid and an AWS
 * account never see each other's jobs.
 *
 * The client is configured as docs/aws-clients.md shows: the SDK's endpoint rules always put `{AccountId}.` in front
 * of the host (an IP endpoint becomes `http://123456789012.127.0.0.1:port`, an invalid URL), so a one-line
 * `endpointProvider` hands the configured endpoint back unchanged. One test keeps the prefix instead and resolves
 * every name to 127.0.0.1 (shared/reference/s3control-jobs-api.md §7). Most tests work under a fresh account with a
 * key of its own, so their listings see only their jobs; the demo key (account 123456789012) is used where the
 * README's own example is the point.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BadRequestException,
  CreateJobCommand,
  DeleteJobTaggingCommand,
  DescribeJobCommand,
  GetJobTaggingCommand,
  IdempotencyException,
  InvalidNextTokenException,
  InvalidRequestException,
  JobStatusException,
  ListJobsCommand,
  NotFoundException,
  paginateListJobs,
  PutJobTaggingCommand,
  S3ControlClient,
  S3ControlServiceException,
  TooManyTagsException,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
  type CreateJobCommandInput,
  type JobOperation,
  type S3ControlClientConfig,
  type S3Tag,
} from '@aws-sdk/client-s3-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsTenant } from '../../lib/jobs/tenant';
import { buildRunnerTransitionInput } from '../../lib/store/dynamodb/runner-inputs';
import { sendSigned } from '../../scripts/cos-client';
import { DEMO_ACCOUNT_ID, DEMO_AWS_KEY, DEMO_KEY, putKey, ROOT } from '../../scripts/local-stack';
import { countingClient } from '../support/dynamodb';
import { parseCosXml } from '../support/xml';

interface Account {
  readonly accountId: string;
  readonly client: S3ControlClient;
}

let dynamodb: DynamoDBClient;
beforeAll(() => ({ client: dynamodb } = countingClient()));
afterAll(() => dynamodb.destroy());

const demoCredentials = { accessKeyId: DEMO_AWS_KEY.secretId, secretAccessKey: DEMO_AWS_KEY.secretKey };

/** The client exactly as docs/aws-clients.md configures it. */
function s3control(credentials = demoCredentials, extra: Partial<S3ControlClientConfig> = {}): S3ControlClient {
  return new S3ControlClient({
    region: 'us-east-1',
    credentials,
    endpoint: process.env.TEST_API_URL!,
    endpointProvider: (p) => ({ url: new URL(p.Endpoint!) }),
    ...extra,
  });
}

const demo = (): Account => ({ accountId: DEMO_ACCOUNT_ID, client: s3control() });

/** A fresh 12-digit account with an AWS-shaped key of its own, as `npm run keys` would bind one. */
async function account(): Promise<Account> {
  const accountId = `9${String(randomInt(1e10)).padStart(10, '0')}${randomInt(10)}`;
  const alnum = (n: number) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[randomInt(32)]).join('');
  const accessKeyId = `AKIA${alnum(16)}`;
  const secretAccessKey = `${alnum(20)}/${alnum(19)}`;
  await putKey(dynamodb, process.env.TEST_E2E_CREDENTIALS_TABLE!, { secretId: accessKeyId, secretKey: secretAccessKey, appId: awsTenant(accountId), status: 'Active' });
  return { accountId, client: s3control({ accessKeyId, secretAccessKey }) };
}

const MANIFEST = {
  Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
  Location: { ObjectArn: 'arn:aws:s3:::examplebucket/manifests/objects.csv', ETag: '60e460c9d1046e73f7dde5043ac3ae85' },
} as const;
const REPORT = { Bucket: 'arn:aws:s3:::report-bucket', Format: 'Report_CSV_20180820', Enabled: true, Prefix: 'reports', ReportScope: 'AllTasks' } as const;

function createInput(a: Account, overrides: Partial<CreateJobCommandInput> = {}): CreateJobCommandInput {
  return {
    AccountId: a.accountId,
    ClientRequestToken: randomUUID(),
    ConfirmationRequired: false,
    Operation: { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } },
    Manifest: MANIFEST,
    Report: REPORT,
    Priority: 10,
    RoleArn: `arn:aws:iam::${a.accountId}:role/batch`,
    Description: 'tag <all> & more',
    ...overrides,
  } as CreateJobCommandInput;
}

async function create(a: Account, overrides: Partial<CreateJobCommandInput> = {}): Promise<string> {
  const { JobId } = await a.client.send(new CreateJobCommand(createInput(a, overrides)));
  expect(JobId).toMatch(/^[A-Za-z0-9_-]{5,36}$/);
  return JobId!;
}

/** The error a call fails with (the test fails when it succeeds). */
async function failure(call: Promise<unknown>): Promise<S3ControlServiceException> {
  try {
    await call;
  } catch (error) {
    return error as S3ControlServiceException;
  }
  throw new Error('the call succeeded; it should have failed');
}

async function listAll(a: Account, pageSize: number, JobStatuses?: ListJobsCommand['input']['JobStatuses']): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  for await (const page of paginateListJobs({ client: a.client, pageSize }, { AccountId: a.accountId, JobStatuses })) {
    pages.push(page.Jobs?.length ?? 0);
    ids.push(...(page.Jobs ?? []).map((j) => j.JobId!));
    expect(pages.length).toBeLessThan(50);
  }
  return { ids, pages };
}

const tags = (n: number): S3Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));

/** Moves a job as the runner does (the e2e stack runs none): New → Preparing → Suspended, awaiting confirmation. */
async function suspend(a: Account, jobId: string): Promise<void> {
  const table = process.env.TEST_E2E_TABLE!;
  const at = new Date().toISOString();
  const appId = awsTenant(a.accountId);
  await dynamodb.send(new UpdateItemCommand(buildRunnerTransitionInput(table, { appId, jobId, from: ['New'], to: 'Preparing', reason: 'test', at, set: { total: 0 } }, randomUUID(), 86_400)));
  await dynamodb.send(new UpdateItemCommand(buildRunnerTransitionInput(table, { appId, jobId, from: ['Preparing'], to: 'Suspended', reason: 'Awaiting confirmation', at, set: { suspendedCause: 'Job requires confirmation' } }, randomUUID(), 86_400)));
}

describe('the eight operations, with the client configured as docs/aws-clients.md shows', () => {
  it('create → describe → tagging → priority → list → cancel → describe, with the demo key of account 123456789012', async () => {
    const a = demo();
    const input = createInput(a, { Tags: [{ Key: 'team', Value: 'data' }, { Key: 'empty', Value: '' }] });
    const created = await a.client.send(new CreateJobCommand(input));
    const jobId = created.JobId!;
    expect(jobId).toMatch(/^[A-Za-z0-9_-]{5,36}$/);
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.$metadata.requestId).toBeTruthy();

    const { Job: job } = await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: jobId }));
    expect(job).toMatchObject({
      JobId: jobId,
      Status: 'New',
      Priority: 10,
      ConfirmationRequired: false,
      Description: 'tag <all> & more',
      RoleArn: input.RoleArn,
      Operation: input.Operation,
      Manifest: MANIFEST,
      Report: REPORT,
      ProgressSummary: { TotalNumberOfTasks: 0, NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 0, Timers: { ElapsedTimeInActiveSeconds: 0 } },
    });
    expect(job!.JobArn).toMatch(new RegExp(`^arn:aws:s3:[a-z0-9-]+:${a.accountId}:job/${jobId}$`));
    expect(job!.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(job!.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(job!.TerminationDate).toBeUndefined();

    // Job tags: those of CreateJob, replaced by PutJobTagging, removed by DeleteJobTagging.
    const tagging = async () => (await a.client.send(new GetJobTaggingCommand({ AccountId: a.accountId, JobId: jobId }))).Tags ?? [];
    expect(await tagging()).toEqual([{ Key: 'team', Value: 'data' }, { Key: 'empty', Value: '' }]);
    await a.client.send(new PutJobTaggingCommand({ AccountId: a.accountId, JobId: jobId, Tags: [{ Key: 'stage', Value: 'é ü 日本 a+b=c/d:e@f' }] }));
    expect(await tagging()).toEqual([{ Key: 'stage', Value: 'é ü 日本 a+b=c/d:e@f' }]);
    await a.client.send(new PutJobTaggingCommand({ AccountId: a.accountId, JobId: jobId, Tags: tags(50) }));
    expect(await tagging()).toHaveLength(50);
    await a.client.send(new DeleteJobTaggingCommand({ AccountId: a.accountId, JobId: jobId }));
    expect(await tagging()).toEqual([]);

    const priority = await a.client.send(new UpdateJobPriorityCommand({ AccountId: a.accountId, JobId: jobId, Priority: 2147483647 }));
    expect(priority).toMatchObject({ JobId: jobId, Priority: 2147483647 });

    const listed = await a.client.send(new ListJobsCommand({ AccountId: a.accountId, JobStatuses: ['New'], MaxResults: 1000 }));
    const mine = listed.Jobs?.find((j) => j.JobId === jobId);
    expect(mine).toMatchObject({ JobId: jobId, Status: 'New', Priority: 2147483647, Operation: 'S3PutObjectTagging', Description: 'tag <all> & more' });
    expect(mine!.CreationTime).toEqual(job!.CreationTime);

    const cancelled = await a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'no longer needed & more' }));
    expect(cancelled).toMatchObject({ JobId: jobId, Status: 'Cancelled', StatusUpdateReason: 'no longer needed & more' });
    const { Job: after } = await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: jobId }));
    expect(after).toMatchObject({ Status: 'Cancelled', StatusUpdateReason: 'no longer needed & more', Priority: 2147483647 });
    expect(after!.TerminationDate).toBeInstanceOf(Date);
  });

  it('paginateListJobs walks every page to the end, each job exactly once; jobStatuses filters; maxResults 0 is the default', async () => {
    const a = await account();
    const ids = await Promise.all(Array.from({ length: 7 }, () => create(a)));
    const all = await listAll(a, 3);
    expect([...all.ids].sort()).toEqual([...ids].sort());
    expect(new Set(all.ids).size).toBe(all.ids.length);
    expect(all.pages.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...all.pages)).toBeLessThanOrEqual(3);

    const cancelled = ids.slice(0, 2);
    for (const JobId of cancelled) await a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId, RequestedJobStatus: 'Cancelled' }));
    expect((await listAll(a, 1, ['Cancelled'])).ids.sort()).toEqual([...cancelled].sort());
    expect((await listAll(a, 2, ['New'])).ids.sort()).toEqual(ids.slice(2).sort());
    expect((await listAll(a, 4, ['Cancelled', 'New'])).ids.sort()).toEqual([...ids].sort());
    expect((await listAll(a, 4, ['Complete'])).ids).toEqual([]);

    const page = await a.client.send(new ListJobsCommand({ AccountId: a.accountId, MaxResults: 0 }));
    expect(page.Jobs).toHaveLength(7);
    expect(page.NextToken).toBeUndefined();
  });

  it('ConfirmationRequired: a New job cannot be confirmed yet (JobStatusException); once Suspended, Ready confirms it', async () => {
    const a = await account();
    const jobId = await create(a, { ConfirmationRequired: true });
    expect((await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: jobId }))).Job).toMatchObject({ ConfirmationRequired: true, Status: 'New' });
    const early = await failure(a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Ready' })));
    expect(early).toBeInstanceOf(JobStatusException);

    await suspend(a, jobId);
    const { Job: suspended } = await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: jobId }));
    expect(suspended).toMatchObject({ Status: 'Suspended', SuspendedCause: 'Job requires confirmation' });
    expect(suspended!.SuspendedDate).toBeInstanceOf(Date);
    const confirmed = await a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Ready', StatusUpdateReason: 'confirmed' }));
    expect(confirmed).toMatchObject({ JobId: jobId, Status: 'Ready', StatusUpdateReason: 'confirmed' });
  });

  it.each<[string, JobOperation]>([
    ['S3PutObjectCopy', { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::backup-bucket', StorageClass: 'STANDARD_IA', MetadataDirective: 'COPY', TargetKeyPrefix: 'copied/' } }],
    ['S3PutObjectTagging', { S3PutObjectTagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }],
    ['S3DeleteObjectTagging', { S3DeleteObjectTagging: {} }],
    ['S3InitiateRestoreObject', { S3InitiateRestoreObject: { ExpirationInDays: 3, GlacierJobTier: 'BULK' } }],
  ])('CreateJob accepts %s; DescribeJob answers the operation as sent, ListJobs names it', async (name, operation) => {
    const a = await account();
    const jobId = await create(a, { Operation: operation });
    const { Job } = await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: jobId }));
    expect(Job!.Operation).toEqual(operation);
    const listed = await a.client.send(new ListJobsCommand({ AccountId: a.accountId }));
    expect(listed.Jobs?.map((j) => [j.JobId, j.Operation])).toEqual([[jobId, name]]);
  });
});

describe('CreateJob is idempotent by ClientRequestToken', () => {
  it('the same request again answers the same JobId and makes no second job; another request with the token is IdempotencyException', async () => {
    const a = await account();
    const input = createInput(a);
    const first = await a.client.send(new CreateJobCommand(input));
    const again = await a.client.send(new CreateJobCommand(input));
    expect(again.JobId).toBe(first.JobId);
    expect((await listAll(a, 10)).ids).toEqual([first.JobId]);

    const other = await failure(a.client.send(new CreateJobCommand({ ...input, Priority: 11 })));
    expect(other).toBeInstanceOf(IdempotencyException);
    expect(other.$metadata.httpStatusCode).toBe(400);
    expect((await listAll(a, 10)).ids).toEqual([first.JobId]);
  });
});

describe('each modelled error arrives as its SDK class', () => {
  const missing = 'nosuchjob-0000000000';
  it.each([
    ['DescribeJob', (a: Account) => new DescribeJobCommand({ AccountId: a.accountId, JobId: missing })],
    ['UpdateJobPriority', (a: Account) => new UpdateJobPriorityCommand({ AccountId: a.accountId, JobId: missing, Priority: 1 })],
    ['UpdateJobStatus', (a: Account) => new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: missing, RequestedJobStatus: 'Cancelled' })],
    ['GetJobTagging', (a: Account) => new GetJobTaggingCommand({ AccountId: a.accountId, JobId: missing })],
    ['PutJobTagging', (a: Account) => new PutJobTaggingCommand({ AccountId: a.accountId, JobId: missing, Tags: tags(1) })],
    ['DeleteJobTagging', (a: Account) => new DeleteJobTaggingCommand({ AccountId: a.accountId, JobId: missing })],
  ] as const)('%s of an unknown job: NotFoundException', async (_name, command) => {
    const a = demo();
    const error = await failure(a.client.send(command(a) as DescribeJobCommand));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.$fault).toBe('client');
    expect(error.message).toBeTruthy();
    expect(error.$metadata.requestId).toBeTruthy();
  });

  it('a status change the lifecycle does not allow: JobStatusException (Ready on a New job; Cancelled on a Cancelled one)', async () => {
    const a = demo();
    const jobId = await create(a);
    expect(await failure(a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Ready' })))).toBeInstanceOf(JobStatusException);
    await a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Cancelled' }));
    const again = await failure(a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Cancelled' })));
    expect(again).toBeInstanceOf(JobStatusException);
  });

  it.each<[string, Partial<CreateJobCommandInput>, string]>([
    ['LambdaInvoke', { Operation: { LambdaInvoke: { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' } } }, 'LambdaInvoke'],
    ['S3PutObjectAcl', { Operation: { S3PutObjectAcl: { AccessControlPolicy: { CannedAccessControlList: 'private' } } } }, 'S3PutObjectAcl'],
    ['S3PutObjectRetention', { Operation: { S3PutObjectRetention: { Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date('2030-01-01T00:00:00Z') } } } }, 'S3PutObjectRetention'],
    ['S3ReplicateObject', { Operation: { S3ReplicateObject: {} } }, 'S3ReplicateObject'],
    [
      'a ManifestGenerator',
      { Manifest: undefined, ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::examplebucket', EnableManifestOutput: false } } },
      'ManifestGenerator',
    ],
  ])('CreateJob with %s: BadRequestException naming it', async (_name, overrides, named) => {
    const a = demo();
    const error = await failure(a.client.send(new CreateJobCommand(createInput(a, overrides))));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toContain(named);
  });

  it.each<[string, (a: Account, jobId: string) => Promise<unknown>]>([
    ['CreateJob with priority -1', (a) => a.client.send(new CreateJobCommand(createInput(a, { Priority: -1 })))],
    ['CreateJob with 51 tags', (a) => a.client.send(new CreateJobCommand(createInput(a, { Tags: tags(51) })))],
    ['CreateJob with a role of no IAM ARN', (a) => a.client.send(new CreateJobCommand(createInput(a, { RoleArn: 'batch-role' })))],
    ['UpdateJobPriority to 2147483648', (a, JobId) => a.client.send(new UpdateJobPriorityCommand({ AccountId: a.accountId, JobId, Priority: 2147483648 }))],
    ['UpdateJobStatus to Active', (a, JobId) => a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId, RequestedJobStatus: 'Active' as 'Ready' }))],
  ])('%s: BadRequestException', async (_name, call) => {
    const a = demo();
    const jobId = await create(a);
    const error = await failure(call(a, jobId));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it.each<[string, ListJobsCommand['input'], typeof InvalidRequestException | typeof InvalidNextTokenException]>([
    ['maxResults 1001', { AccountId: DEMO_ACCOUNT_ID, MaxResults: 1001 }, InvalidRequestException],
    ['an unknown status', { AccountId: DEMO_ACCOUNT_ID, JobStatuses: ['Bogus' as 'New'] }, InvalidRequestException],
    ['a nextToken that is no token', { AccountId: DEMO_ACCOUNT_ID, NextToken: 'not a token!' }, InvalidNextTokenException],
  ])('ListJobs with %s: an instance of the class named in the test', async (_name, input, type) => {
    const error = await failure(demo().client.send(new ListJobsCommand(input)));
    expect(error).toBeInstanceOf(type);
  });

  it('PutJobTagging with 51 tags: TooManyTagsException, and the tags stay', async () => {
    const a = demo();
    const jobId = await create(a, { Tags: tags(2) });
    const error = await failure(a.client.send(new PutJobTaggingCommand({ AccountId: a.accountId, JobId: jobId, Tags: tags(51) })));
    expect(error).toBeInstanceOf(TooManyTagsException);
    expect((await a.client.send(new GetJobTaggingCommand({ AccountId: a.accountId, JobId: jobId }))).Tags).toEqual(tags(2));
  });
});

describe('signature refusals, as the SDK names them (403, generic S3ControlServiceException)', () => {
  const describeDemo = (client: S3ControlClient, AccountId = DEMO_ACCOUNT_ID) => client.send(new DescribeJobCommand({ AccountId, JobId: 'nosuchjob-0000000000' }));

  // Every row has all four values: jest passes a `done` callback to a test function with more parameters than its row.
  it.each<[string, string, () => S3ControlClient, string]>([
    ['a wrong secret', 'SignatureDoesNotMatch', () => s3control({ ...demoCredentials, secretAccessKey: 'not-the-secret' }), DEMO_ACCOUNT_ID],
    ['an unknown key', 'InvalidAccessKeyId', () => s3control({ accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' }), DEMO_ACCOUNT_ID],
    ['the demo key for another account', 'AccessDenied', () => s3control(), '210987654321'],
    ['a COS key (bound to an appid, not an account)', 'AccessDenied', () => s3control({ accessKeyId: DEMO_KEY.secretId, secretAccessKey: DEMO_KEY.secretKey }), DEMO_ACCOUNT_ID],
    ['a clock 20 minutes slow', 'RequestTimeTooSkewed', () => s3control(demoCredentials, { systemClockOffset: -20 * 60_000 }), DEMO_ACCOUNT_ID],
  ])('%s: %s', async (_name, code, make, accountId) => {
    const error = await failure(describeDemo(make(), accountId));
    expect(error).toBeInstanceOf(S3ControlServiceException);
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).not.toContain(DEMO_AWS_KEY.secretKey);
  });

  it('after RequestTimeTooSkewed the SDK corrects its clock from the answer’s Date header: its next call succeeds', async () => {
    const client = s3control(demoCredentials, { systemClockOffset: -20 * 60_000 });
    expect((await failure(describeDemo(client))).name).toBe('RequestTimeTooSkewed');
    expect(Math.abs(client.config.systemClockOffset ?? 0)).toBeLessThan(60_000);
    expect(await failure(describeDemo(client))).toBeInstanceOf(NotFoundException);
  });
});

describe('a COS appid and an AWS account never see each other’s jobs', () => {
  const cos = (method: string, path: string, query: [string, string][] = [], body?: string) =>
    sendSigned({ method, baseUrl: process.env.TEST_API_URL!, path, query, body, appId: DEMO_KEY.appId, secretId: DEMO_KEY.secretId, secretKey: DEMO_KEY.secretKey });

  it('a COS job of appid 1250000000 is unknown to account 123456789012, and an AWS job of the account unknown to the appid', async () => {
    const a = demo();
    const cosBody = readFileSync(path.join(ROOT, 'examples', 'copy.xml'), 'utf8').replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${randomUUID()}<`);
    const made = await cos('POST', '/jobs', [], cosBody);
    expect(made.status).toBe(200);
    const cosJob = /<JobId>([^<]+)<\/JobId>/.exec(made.body)![1]!;
    const awsJob = await create(a);

    // The COS job from the AWS side: unknown to every operation, absent from the listing, and untouched.
    expect(await failure(a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: cosJob })))).toBeInstanceOf(NotFoundException);
    expect(await failure(a.client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: cosJob, RequestedJobStatus: 'Cancelled' })))).toBeInstanceOf(NotFoundException);
    expect(await failure(a.client.send(new GetJobTaggingCommand({ AccountId: a.accountId, JobId: cosJob })))).toBeInstanceOf(NotFoundException);
    const listed = await listAll(a, 1000);
    expect(listed.ids).toContain(awsJob);
    expect(listed.ids).not.toContain(cosJob);
    const cosDescribed = await cos('GET', `/jobs/${cosJob}`);
    expect(cosDescribed.status).toBe(200);
    expect(cosDescribed.body).toContain('<Status>New</Status>');

    // The AWS job from the COS side.
    const described = await cos('GET', `/jobs/${awsJob}`);
    expect(described.status).toBe(404);
    expect(parseCosXml(described.body).fields.Code).toBe('NoSuchJob');
    const cancel = await cos('POST', `/jobs/${awsJob}/status`, [['requestedJobStatus', 'Cancelled']]);
    expect(cancel.status).toBe(404);
    expect((await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: awsJob }))).Job!.Status).toBe('New');
  });

  it('the AWS key cannot reach the account’s jobs through the COS dialect (appid "aws:123456789012" is refused)', async () => {
    const a = demo();
    const awsJob = await create(a);
    const viaCos = await sendSigned({
      method: 'POST',
      baseUrl: process.env.TEST_API_URL!,
      path: `/jobs/${awsJob}/status`,
      query: [['requestedJobStatus', 'Cancelled']],
      appId: awsTenant(DEMO_ACCOUNT_ID),
      secretId: DEMO_AWS_KEY.secretId,
      secretKey: DEMO_AWS_KEY.secretKey,
    });
    expect(viaCos.status).toBe(400);
    expect(parseCosXml(viaCos.body).fields).toMatchObject({ Code: 'InvalidArgument', Message: 'The x-cos-appid header must not start with "aws:".' });
    expect((await a.client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: awsJob }))).Job!.Status).toBe('New');
  });
});

describe('the default endpoint rules, the account prefix kept (every name resolved to 127.0.0.1)', () => {
  it('the SDK sends Host 123456789012.s3control.test:<port>, and the service answers as before', async () => {
    const port = new URL(process.env.TEST_API_URL!).port;
    const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) as unknown as http.AgentOptions['lookup'];
    const client = new S3ControlClient({
      region: 'us-east-1',
      credentials: demoCredentials,
      endpoint: `http://s3control.test:${port}`,
      requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup }) }),
    });
    const hosts: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        hosts.push(String((args.request as { headers: Record<string, string> }).headers.host));
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'recordHost' },
    );
    const a: Account = { accountId: DEMO_ACCOUNT_ID, client };
    const jobId = await create(a);
    expect((await client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: jobId }))).Job).toMatchObject({ JobId: jobId, Status: 'New' });
    await client.send(new UpdateJobPriorityCommand({ AccountId: a.accountId, JobId: jobId, Priority: 3 }));
    expect((await client.send(new UpdateJobStatusCommand({ AccountId: a.accountId, JobId: jobId, RequestedJobStatus: 'Cancelled' }))).Status).toBe('Cancelled');
    expect(await failure(client.send(new DescribeJobCommand({ AccountId: a.accountId, JobId: 'nosuchjob-0000000000' })))).toBeInstanceOf(NotFoundException);
    expect(new Set(hosts)).toEqual(new Set([`${DEMO_ACCOUNT_ID}.s3control.test:${port}`]));
    client.destroy();
  });
});
