/**
 * The official COS Go SDK (the client Terraform's tencentcloud_cos_batch uses) against the local stack, signatures
 * on: every operation, the flow Terraform runs, idempotent tokens, paging to the end, and refusals as the SDK reads
 * them. Each test works under its own appid (with its own key), so listings see only its jobs.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newKey, putKey } from '../../scripts/local-stack';
import { countingClient } from '../support/dynamodb';
import { cosbatch, cosbatchBinary, type GoClient } from '../support/cos-go';

const fixtures = path.join(__dirname, '..', 'fixtures', 'bodies');
const work = mkdtempSync(path.join(tmpdir(), 'cos-go-'));

beforeAll(() => {
  cosbatchBinary(); // fails here, with how to build it, when the client is missing
});

/** A new appid with a key of its own, as `npm run keys -- create` makes one. */
async function tenant(): Promise<GoClient> {
  // Random, not pid-based: a jest worker runs several test files in one process, each with fresh module state.
  const appId = String(1_300_000_000 + randomInt(700_000_000));
  const key = newKey(appId);
  const { client } = countingClient();
  await putKey(client, process.env.TEST_E2E_CREDENTIALS_TABLE!, key);
  client.destroy();
  return { url: process.env.TEST_API_URL!, appId, secretId: key.secretId, secretKey: key.secretKey };
}

function requestFile(name: string, edit: (xml: string) => string = (x) => x): string {
  const file = path.join(work, `${randomUUID()}.xml`);
  writeFileSync(file, edit(readFileSync(path.join(fixtures, name), 'utf8')));
  return file;
}

it('runs the flow Terraform runs: create with confirmation, describe, cancel, describe, delete', async () => {
  const go = await tenant();
  const created = await cosbatch(go, 'create', '-confirm', '-token', randomUUID(), requestFile('terraform.xml'));
  expect(created).toMatchObject({ ok: true, status: 200 });
  const jobId: string = created.result.JobId;
  expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  const described = await cosbatch(go, 'describe', jobId);
  expect(described).toMatchObject({ ok: true, status: 200 });
  const job = described.result.Job;
  // Every configured value verbatim, as Terraform's import check compares them.
  expect(job).toMatchObject({
    ConfirmationRequired: 'true',
    Description: 'cos_batch',
    JobId: jobId,
    Priority: 1,
    RoleArn: 'qcs::cam::uin/100022975249:roleName/COSBatch_QCSRole',
    Status: 'New',
    Manifest: {
      Location: {
        ETag: '64357de8fd75a3abae2200135a2c9627',
        ObjectArn: 'qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341/cos_bucket_inventory/1308919341/keep-test/test/20230621/manifest.json',
      },
      Spec: { Format: 'COSInventoryReport_CSV_V1' },
    },
    Operation: {
      PutObjectCopy: {
        AccessControlDirective: 'Copy',
        MetadataDirective: 'Copy',
        TaggingDirective: 'Copy',
        StorageClass: 'STANDARD',
        TargetResource: 'qcs::cos:ap-guangzhou:uid/1308919341:cos-lock-1308919341',
      },
    },
    Report: {
      Bucket: 'qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341',
      Enabled: 'true',
      Format: 'Report_CSV_V1',
      ReportScope: 'AllTasks',
    },
    ProgressSummary: { NumberOfTasksFailed: 0, NumberOfTasksSucceeded: 0, TotalNumberOfTasks: 0 },
  });
  expect(job.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(job.TerminationDate).toBe('');

  const cancelled = await cosbatch(go, 'status', jobId, 'Cancelled');
  expect(cancelled).toMatchObject({ ok: true, status: 200, result: { JobId: jobId, Status: 'Cancelled' } });
  const after = await cosbatch(go, 'describe', jobId);
  expect(after.result.Job.Status).toBe('Cancelled');
  expect(after.result.Job.TerminationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  expect(await cosbatch(go, 'delete', jobId)).toMatchObject({ ok: true, status: 204 });
  expect(await cosbatch(go, 'describe', jobId)).toMatchObject({ ok: false, status: 404, code: 'NoSuchJob' });
});

/** A copy job as a Terraform user writes it: CSV manifest, quoted ETag, directives, a report prefix. */
const FULL_COPY = {
  Description: 'copy photos/ to the archive bucket',
  Priority: 11,
  RoleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
  Manifest: {
    Location: { ETag: '"0a1b2c3d4e5f60718293a4b5c6d7e8f9"', ObjectArn: 'qcs::cos:ap-chengdu:uid/1250000000:src-1250000000/manifests/photos.csv' },
    Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' },
  },
  Operation: {
    PutObjectCopy: {
      MetadataDirective: 'Replaced',
      NewObjectMetadata: { CacheControl: 'max-age=3600', ContentType: 'image/jpeg', UserMetadata: [{ Key: 'x-cos-meta-origin', Value: 'batch' }] },
      StorageClass: 'STANDARD_IA',
      TaggingDirective: 'Copy',
      TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:archive-1250000000',
    },
  },
  Report: { Bucket: 'qcs::cos:ap-chengdu:uid/1250000000:src-1250000000', Enabled: 'true', Format: 'Report_CSV_V1', Prefix: 'reports/photos', ReportScope: 'FailedTasksOnly' },
};

function fullCopyXml(): string {
  const { Manifest: m, Operation: { PutObjectCopy: c }, Report: r } = FULL_COPY;
  const md = c.NewObjectMetadata;
  return `<?xml version="1.0" encoding="UTF-8"?>
<CreateJobRequest>
  <ClientRequestToken>${randomUUID()}</ClientRequestToken>
  <Description>${FULL_COPY.Description}</Description>
  <Manifest>
    <Location><ETag>${m.Location.ETag}</ETag><ObjectArn>${m.Location.ObjectArn}</ObjectArn></Location>
    <Spec><Fields><member>Bucket</member><member>Key</member></Fields><Format>${m.Spec.Format}</Format></Spec>
  </Manifest>
  <Operation><COSPutObjectCopy>
    <MetadataDirective>${c.MetadataDirective}</MetadataDirective>
    <NewObjectMetadata><CacheControl>${md.CacheControl}</CacheControl><ContentType>${md.ContentType}</ContentType>
      <UserMetadata><member><Key>${md.UserMetadata[0]!.Key}</Key><Value>${md.UserMetadata[0]!.Value}</Value></member></UserMetadata>
    </NewObjectMetadata>
    <TaggingDirective>${c.TaggingDirective}</TaggingDirective>
    <StorageClass>${c.StorageClass}</StorageClass>
    <TargetResource>${c.TargetResource}</TargetResource>
  </COSPutObjectCopy></Operation>
  <Priority>${FULL_COPY.Priority}</Priority>
  <Report><Bucket>${r.Bucket}</Bucket><Enabled>${r.Enabled}</Enabled><Format>${r.Format}</Format><Prefix>${r.Prefix}</Prefix><ReportScope>${r.ReportScope}</ReportScope></Report>
  <RoleArn>${FULL_COPY.RoleArn}</RoleArn>
</CreateJobRequest>
`;
}

it('echoes a full copy request verbatim (quoted ETag, Fields, directives, report prefix), and the SDK default job', async () => {
  const go = await tenant();
  const file = path.join(work, `${randomUUID()}.xml`);
  writeFileSync(file, fullCopyXml());
  const created = await cosbatch(go, 'create', '-confirm', file);
  expect(created).toMatchObject({ ok: true, status: 200 });
  const { result } = await cosbatch(go, 'describe', created.result.JobId);
  expect(result.Job).toMatchObject({ ...FULL_COPY, JobId: created.result.JobId, ConfirmationRequired: 'true', Status: 'New' });
  expect(result.Job.Operation).toMatchObject({ RestoreObject: null, PutObjectTagging: null });

  const plain = await cosbatch(go, 'create', 'default');
  expect(plain).toMatchObject({ ok: true, status: 200 });
  const other = (await cosbatch(go, 'describe', plain.result.JobId)).result.Job;
  expect(other).toMatchObject({
    JobId: plain.result.JobId,
    ConfirmationRequired: 'false',
    Description: 'test batch',
    Priority: 1,
    Status: 'New',
    Manifest: { Location: { ETag: '15150651828fa9cdcb8356b6d1c7638b' }, Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' } },
    Operation: { PutObjectCopy: { TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000' } },
    Report: { Prefix: 'job-result', ReportScope: 'AllTasks' },
  });
  expect(other.Operation.PutObjectCopy.MetadataDirective).toBe('');
  expect(plain.result.JobId > created.result.JobId).toBe(true);
});

it('answers a repeated ClientRequestToken with the same job, and refuses it for another request', async () => {
  const go = await tenant();
  const token = randomUUID();
  const first = await cosbatch(go, 'create', '-token', token, 'default');
  const again = await cosbatch(go, 'create', '-token', token, 'default');
  expect(first).toMatchObject({ ok: true, status: 200 });
  expect(again).toMatchObject({ ok: true, status: 200, result: { JobId: first.result.JobId } });
  const other = await cosbatch(go, 'create', '-token', token, '-description', 'another job', 'default');
  expect(other).toMatchObject({ ok: false, status: 400, code: 'InvalidRequest', message: 'The ClientRequestToken parameter already exists' });
  const list = await cosbatch(go, 'list');
  expect(list.result.Jobs.Members.map((m: { JobId: string }) => m.JobId)).toEqual([first.result.JobId]);
});

it('changes a priority, and refuses it for a job that is over', async () => {
  const go = await tenant();
  const { result } = await cosbatch(go, 'create', 'default');
  expect(await cosbatch(go, 'priority', result.JobId, '42')).toMatchObject({ ok: true, status: 200, result: { JobId: result.JobId, Priority: 42 } });
  expect((await cosbatch(go, 'describe', result.JobId)).result.Job.Priority).toBe(42);
  expect(await cosbatch(go, 'priority', result.JobId, '-1')).toMatchObject({ ok: false, status: 400, code: 'InvalidArgument' });
  await cosbatch(go, 'status', result.JobId, 'Cancelled');
  expect(await cosbatch(go, 'priority', result.JobId, '7')).toMatchObject({ ok: false, status: 404, code: 'NoSuchJob' });
});

it('lists every job once, oldest first, paging to the end, with and without a status', async () => {
  const go = await tenant();
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push((await cosbatch(go, 'create', '-description', `job ${i}`, 'default')).result.JobId);
  await cosbatch(go, 'status', ids[2]!, 'Cancelled');

  const page = async (...args: string[]) => {
    const seen: string[] = [];
    let next = '';
    for (let pages = 0; pages < 20; pages++) {
      const answer = await cosbatch(go, 'list', ...args, ...(next ? ['-next', next] : []));
      expect(answer).toMatchObject({ ok: true, status: 200 });
      for (const member of answer.result.Jobs.Members ?? []) {
        expect(member.Operation).toBe('COSPutObjectCopy');
        expect(member.ProgressSummary).toEqual({ NumberOfTasksFailed: 0, NumberOfTasksSucceeded: 0, TotalNumberOfTasks: 0 });
        seen.push(member.JobId);
      }
      next = answer.result.NextToken;
      if (!next) return seen;
    }
    throw new Error('the listing never ended');
  };
  expect(ids).toEqual([...ids].sort()); // time-ordered ids: creation order is JobId order
  expect(await page('-max', '3')).toEqual(ids);
  expect(await page('-status', 'New', '-max', '2')).toEqual(ids.filter((_, i) => i !== 2));
  expect(await page('-status', 'Cancelled')).toEqual([ids[2]]);
});

it('refuses bad listing parameters, deleting a job that is not over, and a missing job', async () => {
  const go = await tenant();
  expect(await cosbatch(go, 'list', '-status', 'Bogus')).toMatchObject({ ok: false, status: 400, code: 'InvalidArgument', message: 'Parameter jobStatuses is invalid' });
  expect(await cosbatch(go, 'list', '-max', '1001')).toMatchObject({ ok: false, status: 400, code: 'InvalidArgument' });
  expect(await cosbatch(go, 'list', '-next', 'not a job id')).toMatchObject({ ok: false, status: 400, code: 'InvalidArgument' });
  const { result } = await cosbatch(go, 'create', 'default');
  expect(await cosbatch(go, 'delete', result.JobId)).toMatchObject({ ok: false, status: 400, code: 'InvalidRequest' });
  expect(await cosbatch(go, 'delete', randomUUID())).toMatchObject({ ok: false, status: 404, code: 'NoSuchJob' });
  const broken = requestFile('go-sdk-copy.xml', (xml) => xml.replace('Report_CSV_V1', 'Report_CSV_V9'));
  expect(await cosbatch(go, 'create', broken)).toMatchObject({ ok: false, status: 400, code: 'MalformedXML' });
});

it('refuses a wrong secret key for every operation, before touching a job', async () => {
  const go = { ...(await tenant()), secretKey: 'not-the-secret-key-of-this-SecretId' };
  for (const args of [['create', 'default'], ['list'], ['describe', randomUUID()], ['delete', randomUUID()], ['priority', randomUUID(), '1']]) {
    expect(await cosbatch(go, ...args)).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
  }
});
