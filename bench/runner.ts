/**
 * Section 6 of `npm run bench`: the runner on the local stack (DynamoDB Local, the S3 store, the SQS emulator, the
 * runner process as `npm start` runs it). Jobs are created and cancelled through the API's use cases (the HTTP part
 * is measured in sections 1–3):
 *   a. tasks per second of a copy job against bare CopyObject calls at the same concurrency, same store;
 *   b. the runner process's peak memory (VmHWM) while it prepares a long manifest against a short one;
 *   c. time from an API cancel to Cancelled;
 *   d. time from CreateJob to Active.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CopyObjectCommand, CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createJob } from '../lib/jobs/create-job';
import type { JobDefinition } from '../lib/jobs/job';
import { updateJobStatus } from '../lib/jobs/update-job-status';
import { DynamoDbJobStore } from '../lib/store/dynamodb/dynamodb-job-store';
import { DynamoDbRunnerStore } from '../lib/store/dynamodb/dynamodb-runner-store';
import { ensureJobsTable, freePort } from '../scripts/local-stack';
import { createRunnerQueues, sqsClient } from '../scripts/local-queue';
import { startRunnerProcess, startRunnerServices } from '../scripts/runner-stack';
import { s3ClientFor } from '../scripts/s3-store';
import { median, ms, ratio, say, table, TINY, verdict } from './support';

export const RUNNER_GOALS = { throughputRatio: 0.8, memoryRatio: 1.1, createToActiveMs: 2000 } as const;
const SIZES = TINY
  ? { copyObjects: Number(process.env.BENCH_RUNNER_OBJECTS ?? 500), memoryLines: (process.env.BENCH_RUNNER_MEMORY_LINES ?? '2000,20000').split(',').map(Number), cancelRuns: 2, activeRuns: 3, cancelObjects: 400 }
  : { copyObjects: 10_000, memoryLines: [10_000, 1_000_000], cancelRuns: 5, activeRuns: 10, cancelObjects: 2_000 };
/** 4 queue consumers × 4 tasks each: 16 storage calls in flight, as the bare loop. */
const CONCURRENCY = 16;
const SETTINGS = {
  RUNNER_QUEUE_CONCURRENCY: '4',
  RUNNER_TASK_CONCURRENCY: '4',
  RUNNER_WINDOW: '8',
  RUNNER_CHUNK_SIZE: '100',
  RUNNER_LEASE_SECONDS: '60',
  // For experiments: BENCH_RUNNER_SETTINGS='{"RUNNER_CHUNK_SIZE":"500"}' (the bare loop stays at 16).
  ...(JSON.parse(process.env.BENCH_RUNNER_SETTINGS ?? '{}') as Record<string, string>),
};
const APPID = '1250000000';
const BUCKET = 'bench-runner-1250000000';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function definition(manifestKey: string, etag: string, prefix: string, confirm = false): JobDefinition {
  return {
    confirmationRequired: confirm,
    description: 'bench',
    priority: 1,
    roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
    manifest: { Location: { ETag: etag, ObjectArn: `qcs::cos:ap-guangzhou::${BUCKET}/${manifestKey}` }, Spec: { Format: 'COSBatchOperations_CSV_V1', Fields: ['Bucket', 'Key'] } },
    operation: { COSPutObjectCopy: { TargetKeyPrefix: prefix, TargetResource: `qcs::cos:ap-guangzhou:uid/${APPID}:${BUCKET}` } },
    report: { Bucket: `qcs::cos:ap-guangzhou::${BUCKET}`, Enabled: 'false', Format: 'Report_CSV_V1', ReportScope: 'AllTasks' },
  };
}

async function lanes(count: number, items: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: count }, async () => {
    while (next < items) await work(next++);
  }));
}

async function putManifest(s3: S3Client, key: string, lines: number, objects: number): Promise<string> {
  const body = Buffer.from(Array.from({ length: lines }, (_, i) => `${BUCKET},obj/${String(i % objects).padStart(7, '0')}\n`).join(''));
  const out = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return (out.ETag ?? '').replace(/"/g, '');
}

/** Peak resident memory of a process so far (Linux), in MB. */
const peakMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

export async function runnerBench(dynamodbEndpoint: string, db: DynamoDBClient): Promise<Record<string, unknown>> {
  const jobsTable = 'bench-runner-jobs';
  await ensureJobsTable(db, jobsTable);
  const services = await startRunnerServices({ s3Port: await freePort(), sqsPort: await freePort(), s3Directory: mkdtempSync(path.join(tmpdir(), 'bench-s3-')), buckets: [BUCKET], leaseSeconds: 60 });
  const s3 = s3ClientFor(services.s3.endpoint);
  const jobs = new DynamoDbJobStore(db, jobsTable);
  const runnerStore = new DynamoDbRunnerStore(db, jobsTable);
  let runner: ReturnType<typeof startRunnerProcess> | undefined;
  const startRunner = async (queueName: string) => {
    const sqs = sqsClient(services.queue.endpoint);
    const queues = await createRunnerQueues(sqs, queueName, 60);
    sqs.destroy();
    runner = startRunnerProcess({
      dynamodbEndpoint,
      jobsTable,
      s3Endpoint: services.s3.endpoint,
      sqsEndpoint: services.queue.endpoint,
      queueUrl: queues.queueUrl,
      stateFile: path.join(mkdtempSync(path.join(tmpdir(), 'bench-runner-')), 'stream.json'),
      settings: SETTINGS,
    });
    return runner;
  };
  const stopRunner = async () => {
    await runner?.stop();
    runner = undefined;
  };
  let tokens = 0;
  const create = async (def: JobDefinition, appId = APPID) => {
    const made = await createJob(jobs, { appId, clientRequestToken: `bench-${Date.now()}-${tokens++}`, definition: def, requestId: 'bench', now: new Date() });
    if (made.kind !== 'created') throw new Error(`CreateJob: ${made.kind}`);
    return made.jobId;
  };
  /** Polls the job; the long runs poll slowly, so that the bench's own reads do not load DynamoDB Local during them. */
  const waitFor = async (appId: string, jobId: string, done: (status: string) => boolean, pollMs = 10, timeoutMs = 600_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await runnerStore.getJob(appId, jobId);
      if (job && done(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${jobId} stuck in ${job?.status}`);
      await sleep(pollMs);
    }
  };

  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    const n = SIZES.copyObjects;
    say(`   seeding ${n} objects...`);
    await lanes(16, n, (i) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `obj/${String(i).padStart(7, '0')}`, Body: `object ${i}` })).then(() => undefined));
    const manifestEtag = await putManifest(s3, 'manifests/copy.csv', n, n);

    // a. Throughput: bare copies, the job, bare copies again (the store's speed drifts as its folder fills).
    const bare = async (prefix: string) => {
      const started = performance.now();
      await lanes(CONCURRENCY, n, (i) =>
        s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: `${prefix}${String(i).padStart(7, '0')}`, CopySource: `${BUCKET}/obj/${String(i).padStart(7, '0')}` })).then(() => undefined),
      );
      return n / ((performance.now() - started) / 1000);
    };
    const bareBefore = await bare('bare-1/');
    await startRunner('bench-throughput');
    const jobStarted = performance.now();
    const jobId = await create(definition('manifests/copy.csv', manifestEtag, 'job/'));
    const done = await waitFor(APPID, jobId, (s) => s === 'Complete' || s === 'Failed', 100);
    const jobRate = n / ((performance.now() - jobStarted) / 1000);
    await stopRunner();
    const bareAfter = await bare('bare-2/');
    const bareRate = (bareBefore + bareAfter) / 2;
    const throughputRatio = jobRate / bareRate;
    if (done.succeeded !== n) throw new Error(`the copy job ended ${done.status} with ${done.succeeded}/${n} succeeded`);
    table(
      ['run', 'objects', 'tasks/s'],
      [
        ['bare CopyObject, 16 at once (before / after the job)', String(n), `${bareBefore.toFixed(0)} / ${bareAfter.toFixed(0)}`],
        ['copy job, CreateJob to Complete (4 consumers × 4 tasks)', String(n), jobRate.toFixed(0)],
      ],
    );
    say(`   ratio ${ratio(throughputRatio)} (goal ≥ ${RUNNER_GOALS.throughputRatio}) — ${verdict(throughputRatio >= RUNNER_GOALS.throughputRatio)}`);

    // b. Memory: a fresh runner process prepares each manifest (confirmation required, so it stops at Suspended).
    const memory: { lines: number; peakMb: number; prepareSeconds: number }[] = [];
    for (const lines of SIZES.memoryLines) {
      const etag = await putManifest(s3, `manifests/lines-${lines}.csv`, lines, n);
      const process_ = await startRunner(`bench-memory-${lines}`);
      await sleep(1500); // settled after start
      const started = performance.now();
      const id = await create(definition(`manifests/lines-${lines}.csv`, etag, 'memory/', true));
      const prepared = await waitFor(APPID, id, (s) => s === 'Suspended' || s === 'Failed', 50);
      if (prepared.total !== lines) throw new Error(`prepared ${prepared.total} of ${lines} lines (${prepared.status})`);
      memory.push({ lines, peakMb: peakMb(process_.process.pid!), prepareSeconds: (performance.now() - started) / 1000 });
      await stopRunner();
    }
    const memoryRatio = memory[1]!.peakMb / memory[0]!.peakMb;
    table(
      ['manifest lines', 'runner peak RSS (MB)', 'Preparing (s)', 'lines/s'],
      memory.map((m) => [String(m.lines), m.peakMb.toFixed(1), m.prepareSeconds.toFixed(2), (m.lines / m.prepareSeconds).toFixed(0)]),
    );
    say(`   ratio ${ratio(memoryRatio)} (goal ≤ ${RUNNER_GOALS.memoryRatio}) — ${verdict(memoryRatio <= RUNNER_GOALS.memoryRatio)}`);

    // c, d. Cancel to Cancelled; CreateJob to Active (each job in a tenant of its own, so slots are free).
    await startRunner('bench-latency');
    await sleep(1500);
    const cancelEtag = await putManifest(s3, 'manifests/cancel.csv', SIZES.cancelObjects, n);
    const cancels: number[] = [];
    const actives: number[] = [];
    for (let run = 0; run < Math.max(SIZES.cancelRuns, SIZES.activeRuns); run++) {
      const appId = String(1_260_000_000 + run);
      const started = performance.now();
      const id = await create(definition('manifests/cancel.csv', cancelEtag, `cancel-${run}/`), appId);
      await waitFor(appId, id, (s) => s === 'Active');
      actives.push(performance.now() - started);
      if (run >= SIZES.cancelRuns) {
        await updateJobStatus(jobs, { appId, jobId: id, requested: 'Cancelled', reason: 'bench', requestId: 'bench', now: new Date().toISOString() });
        await waitFor(appId, id, (s) => s === 'Cancelled');
        continue;
      }
      while (((await runnerStore.getJob(appId, id))?.succeeded ?? 0) < 100) await sleep(10);
      const cancelAt = performance.now();
      await updateJobStatus(jobs, { appId, jobId: id, requested: 'Cancelled', reason: 'bench', requestId: 'bench', now: new Date().toISOString() });
      await waitFor(appId, id, (s) => s === 'Cancelled');
      cancels.push(performance.now() - cancelAt);
    }
    await stopRunner();
    table(
      ['from → to', 'runs', 'median (ms)', 'max (ms)'],
      [
        ['CreateJob → Active', String(actives.length), ms(median(actives)), ms(Math.max(...actives))],
        ['UpdateJobStatus Cancelled (job Active, chunks in flight) → Cancelled', String(cancels.length), ms(median(cancels)), ms(Math.max(...cancels))],
      ],
    );
    say(`   CreateJob → Active: goal ≤ ${RUNNER_GOALS.createToActiveMs} ms — ${verdict(median(actives) <= RUNNER_GOALS.createToActiveMs)}`);
    return {
      throughput: { objects: n, bareBefore, bareAfter, job: jobRate, ratio: throughputRatio, goalMet: throughputRatio >= RUNNER_GOALS.throughputRatio },
      memory: { runs: memory, ratio: memoryRatio, goalMet: memoryRatio <= RUNNER_GOALS.memoryRatio },
      createToActiveMs: { median: median(actives), max: Math.max(...actives), goalMet: median(actives) <= RUNNER_GOALS.createToActiveMs },
      cancelToCancelledMs: { median: median(cancels), max: Math.max(...cancels) },
    };
  } finally {
    await stopRunner();
    s3.destroy();
    await services.stop();
  }
}
