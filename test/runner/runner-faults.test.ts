/**
 * Faults: a runner killed (SIGKILL) in the middle of a job and started again, two runners on one job at once, and
 * storage that throttles, fails and stalls. Each test has its own table, queue and runner processes
 * (isolatedRunner), on the shared DynamoDB Local, S3 store and SQS emulator; jobs are created through the CreateJob
 * use case, as the API would.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { createJob } from '../../lib/jobs/create-job';
import type { JobDefinition } from '../../lib/jobs/job';
import { DynamoDbRunnerStore } from '../../lib/store/dynamodb/dynamodb-runner-store';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import type { RunnerJob } from '../../lib/runner/ports';
import { isolatedRunner, seedObjects, testS3 } from '../support/runner-stack';
import { readReport, waitFor } from '../support/runner-jobs';

jest.setTimeout(180_000);
let s3: S3Client;
beforeAll(() => (s3 = testS3()));
afterAll(() => s3.destroy());

const APPID = '1250000000';

function copyDefinition(source: string, manifestKey: string, etag: string, targetPrefix: string): JobDefinition {
  return {
    confirmationRequired: false,
    description: 'fault test',
    priority: 1,
    roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
    manifest: { Location: { ETag: etag, ObjectArn: `qcs::cos:ap-guangzhou::${source}/${manifestKey}` }, Spec: { Format: 'COSBatchOperations_CSV_V1', Fields: ['Bucket', 'Key'] } },
    operation: { COSPutObjectCopy: { TargetKeyPrefix: targetPrefix, TargetResource: `qcs::cos:ap-guangzhou:uid/${APPID}:${source}` } },
    report: { Bucket: `qcs::cos:ap-guangzhou::${source}`, Enabled: 'true', Format: 'Report_CSV_V1', Prefix: 'job-reports', ReportScope: 'AllTasks' },
  };
}

async function startJob(runner: Awaited<ReturnType<typeof isolatedRunner>>, definition: JobDefinition): Promise<string> {
  const created = await createJob(new DynamoDbJobStore(runner.client, runner.table), {
    appId: APPID,
    clientRequestToken: randomUUID(),
    definition,
    requestId: 'fault-test',
    now: new Date(),
  });
  if (created.kind !== 'created') throw new Error(`not created: ${created.kind}`);
  return created.jobId;
}

const bucketName = () => `faults-${randomUUID().slice(0, 8)}-1250000000`;
const keys = (n: number) => Array.from({ length: n }, (_, i) => `obj/${String(i).padStart(5, '0')}.txt`);

async function expectExactReport(source: string, jobId: string, objects: readonly string[]) {
  const report = await readReport(s3, source, `job-reports/job-${jobId}/`);
  expect(report.rows.map((r) => r.key).sort()).toEqual([...objects].sort());
  return report;
}

it('finishes a job with exact counters and a report of every task once after the runner is killed mid-job', async () => {
  const runner = await isolatedRunner('killed');
  const store = new DynamoDbRunnerStore(runner.client, runner.table);
  try {
    const source = bucketName();
    const objects = keys(1000);
    const seeded = await seedObjects(s3, source, objects);
    const first = runner.start();
    const jobId = await startJob(runner, copyDefinition(source, seeded.manifestKey, seeded.etag, 'copy/'));
    const midway = await waitFor(() => store.getJob(APPID, jobId), (j) => (j?.succeeded ?? 0) >= 150, 60_000, 20);
    expect(midway!.succeeded).toBeLessThan(1000);
    first.kill(); // SIGKILL: chunks in flight die with it, leased and uncommitted
    await new Promise((r) => first.process.once('exit', r));
    runner.start();
    const done = await waitFor(() => store.getJob(APPID, jobId), (j) => j?.status === 'Complete', 120_000);
    expect(counters(done!)).toEqual({ total: 1000, succeeded: 1000, failed: 0, chunksSettled: 20, chunksDispatched: 20 });
    await expectExactReport(source, jobId, objects);
  } finally {
    await runner.stop();
  }
});

it('never counts a task twice when two runners work on one job at once', async () => {
  // INFO logs, to see that both runners ran chunks of the job (the worker logs each chunk it settles).
  const runner = await isolatedRunner('twins', { POWERTOOLS_LOG_LEVEL: 'INFO' });
  const store = new DynamoDbRunnerStore(runner.client, runner.table);
  const settledBy = [0, 0];
  try {
    const source = bucketName();
    const objects = keys(1000);
    const seeded = await seedObjects(s3, source, objects);
    for (const i of [0, 1]) runner.start((text) => void (settledBy[i]! += (text.match(/"message":"chunk settled"/g) ?? []).length));
    const jobId = await startJob(runner, copyDefinition(source, seeded.manifestKey, seeded.etag, 'copy/'));
    const done = await waitFor(() => store.getJob(APPID, jobId), (j) => j?.status === 'Complete', 120_000);
    expect(counters(done!)).toEqual({ total: 1000, succeeded: 1000, failed: 0, chunksSettled: 20, chunksDispatched: 20 });
    await expectExactReport(source, jobId, objects);
    // Both took part: the commits, not the luck of one runner doing it all, kept the counts exact.
    expect(settledBy.map((n) => n > 0)).toEqual([true, true]);
  } finally {
    await runner.stop();
  }
});

describe('storage faults', () => {
  const faults = (body: object) =>
    fetch(`${process.env.TEST_S3_ENDPOINT}/__local/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then(async (r) => {
      if (!r.ok) throw new Error(`fault injection refused: ${r.status} ${await r.text()}`);
    });

  it('retries throttling, 500s and timeouts, then records what kept failing', async () => {
    const runner = await isolatedRunner('storage-faults', { RUNNER_STORAGE_TIMEOUT_MS: '1000' });
    const store = new DynamoDbRunnerStore(runner.client, runner.table);
    try {
      const source = bucketName();
      const objects = keys(60);
      const seeded = await seedObjects(s3, source, objects);
      // Retried until they pass: two SlowDowns on one key, one 500 on another, one stall longer than the timeout.
      await faults({ method: 'PUT', bucket: source, keyPrefix: 'copy/obj/00001', status: 503, code: 'SlowDown', times: 2 });
      await faults({ method: 'PUT', bucket: source, keyPrefix: 'copy/obj/00002', status: 500, code: 'InternalError', times: 1 });
      await faults({ method: 'PUT', bucket: source, keyPrefix: 'copy/obj/00003', delayMs: 3000, times: 1 });
      // Failing on every attempt: recorded with the storage's status and code.
      await faults({ method: 'PUT', bucket: source, keyPrefix: 'copy/obj/00004', status: 503, code: 'SlowDown', times: 100 });
      runner.start();
      const jobId = await startJob(runner, copyDefinition(source, seeded.manifestKey, seeded.etag, 'copy/'));
      const done = await waitFor(() => store.getJob(APPID, jobId), (j) => j?.status === 'Complete', 90_000);
      expect(counters(done!)).toMatchObject({ total: 60, succeeded: 59, failed: 1 });
      const report = await expectExactReport(source, jobId, objects);
      const failed = report.rows.filter((r) => r.status === 'failed');
      expect(failed).toEqual([expect.objectContaining({ key: 'obj/00004.txt', httpStatus: '503', errorCode: 'SlowDown' })]);
    } finally {
      // The faults left match this test's bucket alone; clearing them all would clear other tests' too.
      await runner.stop();
    }
  });
});

function counters(job: RunnerJob) {
  return { total: job.total, succeeded: job.succeeded, failed: job.failed, chunksSettled: job.chunksSettled, chunksDispatched: job.chunksDispatched };
}
