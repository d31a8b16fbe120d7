/**
 * `npm run bench`: every operation (CreateJob, DescribeJob, ListJobs, UpdateJobPriority, UpdateJobStatus, DeleteJob)
 * driven through the handler as deployed by default (signed requests, the caller's key cached), against its own
 * DynamoDB Local:
 *   1. database requests per outcome, counted at the SDK (every HTTP attempt), against the contract's budget
 *      (spec job-api.md §8); the bench exits non-zero when one exceeds it;
 *   2. handler latency against the bare DynamoDB call it makes (same input builder, client and table; pairs
 *      interleaved), sequential and at concurrency 16;
 *   3. handler CPU without I/O against the CPU the AWS SDK spends on that call (network stubbed with the HTTP
 *      answer DynamoDB Local gave to that exact request in this run), see bench/cpu.ts;
 *   4. a 1,000-job ListJobs page against a bare Query of the same page;
 *   5. the deployed artifact's size (AWS SDK bundled), cold start against the unbundled build, memory;
 *   6. the runner (bench/runner.ts): a copy job's tasks per second against bare CopyObject calls, its peak memory
 *      for a long manifest against a short one, cancel → Cancelled, CreateJob → Active.
 * Every figure is measured against a baseline in the same run; medians and ratios, because these machines are
 * shared and noisy. Writes bench/results.json.
 *
 * BENCH_SIZE=tiny npm run bench   small sizes: the smoke test CI runs (well under a minute).
 * npm run bench -- --runner       only section 6.
 * npm run bench -- --aws          only section 7: the AWS dialect (bench/aws.ts), its SigV4 check's CPU against the
 *                                 COS check's and its database requests per operation.
 * npm run bench -- --pinned       only the taskset experiment (bench/pinned.ts): the sequential UpdateJobStatus
 *                                 latency ratio with DynamoDB Local pinned to core 0 and the bench to core 1,
 *                                 in rounds alternating with unpinned ones; both reported. Needs `taskset`
 *                                 (util-linux) and two cores. Writes bench/results-pinned.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureCredentialsTable, ensureJobsTable, freePort, javaProblem, localClient, putKey, ROOT, startDynamoDbLocal } from '../scripts/local-stack';
import { awsBench } from './aws';
import { coldStartAndMemory } from './cold-start';
import { capture, measureCpu, type CpuRow } from './cpu';
import { databaseRequests } from './database-requests';
import { runPairs, summarize, type LatencyRow } from './latency';
import { pinnedExperiment } from './pinned';
import { runnerBench } from './runner';
import { operationScenarios, pageScenario, type Scenario } from './scenarios';
import {
  CONCURRENCY,
  countingClient,
  CREDENTIALS_TABLE,
  GOALS,
  handlerOver,
  JOBS_TABLE,
  jobStoreAt,
  KEYS,
  keysAt,
  ms,
  PAGE_JOBS,
  ratio,
  say,
  section,
  SIZE,
  table,
  TINY,
  us,
  verdict,
} from './support';

const PINNED = process.argv.includes('--pinned');
const RUNNER_ONLY = process.argv.includes('--runner');
const AWS_ONLY = process.argv.includes('--aws');
const AWS_TITLE = '7. The AWS dialect: the SigV4 check against the COS check, database requests per operation';
const PAGE_CONCURRENCY = 4;

const results: Record<string, unknown> = {
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, size: TINY ? 'tiny' : 'full' },
  at: new Date().toISOString(),
};

/** Pair indexes: warm-up, sequential, concurrent, and the one the CPU measure captures. */
const layout = (sequential: number, concurrent: number, warm = SIZE.warmPairs) => ({
  warm,
  sequential: warm,
  concurrent: warm + sequential,
  capture: warm + sequential + concurrent,
  total: warm + sequential + concurrent + 1,
});

async function latency(
  endpoint: string,
  scenario: Scenario,
  at: ReturnType<typeof layout>,
  sequential: number,
  concurrent: number,
  workers = CONCURRENCY,
): Promise<LatencyRow[]> {
  const { client } = countingClient(endpoint);
  const handle = handlerOver(jobStoreAt(client), keysAt(client));
  try {
    await runPairs(scenario, handle, client, 0, at.warm, 1); // connections, JIT, the key's first read
    return [
      summarize('sequential', await runPairs(scenario, handle, client, at.sequential, sequential, 1)),
      summarize(`concurrency ${workers}`, await runPairs(scenario, handle, client, at.concurrent, concurrent, workers)),
    ];
  } finally {
    client.destroy();
  }
}

function latencyTable(rows: ReadonlyArray<{ scenario: Scenario; rows: readonly LatencyRow[] }>): boolean {
  let ok = true;
  table(
    [
      'operation',
      'bare call',
      'mode',
      'pairs',
      'handler median (p99) ms',
      'bare median (p99) ms',
      'median ratio',
      `goal ≤ ${GOALS.latencyRatio}`,
      'process CPU µs handler / bare',
    ],
    rows.flatMap(({ scenario, rows: modes }) =>
      modes.map((r, n) => {
        const goal = r.label === `concurrency ${CONCURRENCY}`;
        if (goal && r.medianRatio > GOALS.latencyRatio) ok = false;
        return [
          n === 0 ? scenario.operation : '',
          n === 0 ? scenario.bareCall : '',
          r.label,
          String(r.pairs),
          `${ms(r.handlerMedianMs)} (${ms(r.handlerP99Ms)})`,
          `${ms(r.bareMedianMs)} (${ms(r.bareP99Ms)})`,
          ratio(r.medianRatio),
          goal ? verdict(r.medianRatio <= GOALS.latencyRatio) : '—',
          r.handlerCpuMedianUs === undefined ? '' : `${us(r.handlerCpuMedianUs)} / ${us(r.bareCpuMedianUs!)}`,
        ];
      }),
    ),
  );
  return ok;
}

function cpuTable(rows: readonly CpuRow[]): boolean {
  table(
    ['operation', 'SDK call µs', 'handler µs', 'ratio', `goal ≤ ${GOALS.cpuRatio}`, 'AUTH_MODE=none µs', 'ratio'],
    rows.map((r) => [
      r.operation,
      us(r.sdkMicros),
      us(r.handlerMicros),
      ratio(r.ratio),
      verdict(r.ratio <= GOALS.cpuRatio),
      us(r.unsignedMicros),
      ratio(r.unsignedRatio),
    ]),
  );
  return rows.every((r) => r.ratio <= GOALS.cpuRatio);
}

async function fullBench(endpoint: string, db: DynamoDBClient): Promise<boolean> {
  const scenarios = operationScenarios();
  const page = pageScenario();
  const main = layout(SIZE.sequentialPairs, SIZE.concurrentPairs);
  const pageAt = layout(SIZE.pagePairs.sequential, SIZE.pagePairs.concurrent, 3);
  await section(`0. Seeding DynamoDB Local (jobs as CreateJob writes them: ${main.total} pairs per operation, ${PAGE_JOBS} jobs for the page)`, async () => {
    for (const s of scenarios) await s.prepare(db, main.total);
    await page.prepare(db, pageAt.total);
  });

  const requests = await section(
    '1. Database requests per API request (counted at the SDK: every HTTP attempt; signed requests, the key cached)',
    () => databaseRequests(endpoint, db),
  );
  results.databaseRequests = requests;

  const latencies = await section(
    `2. Handler latency against the bare DynamoDB call it makes (same input builder, client and table; pairs interleaved; ms)`,
    async () => {
      const rows = [];
      for (const scenario of scenarios) rows.push({ scenario, rows: await latency(endpoint, scenario, main, SIZE.sequentialPairs, SIZE.concurrentPairs) });
      const ok = latencyTable(rows);
      say(`   goal: median ratio at most ${GOALS.latencyRatio} at concurrency ${CONCURRENCY} for every operation — ${verdict(ok)}`);
      say('   process CPU (sequential only): this process\'s CPU while the one call was in flight, median; the difference is the');
      say('   handler\'s own work as it runs between two round trips, to hold against its tight-loop figure in table 3.');
      return { rows: rows.map((r) => ({ operation: r.scenario.operation, bareCall: r.scenario.bareCall, modes: r.rows })), goalMet: ok };
    },
  );
  results.latency = latencies;

  const cpu = await section(
    '3. CPU without I/O per request (process CPU, median of batches): the handler (signed; our code with the DynamoDB store over a client that answers at once) vs the AWS SDK on the call it makes (network stubbed with the answer DynamoDB Local gave to that exact request in this run)',
    async () => {
      const rows: CpuRow[] = [];
      for (const scenario of scenarios) {
        const captured = await capture(endpoint, scenario, main.capture);
        rows.push(await measureCpu(scenario, captured, main.capture, SIZE.cpuBatches, SIZE.cpuBatch));
      }
      const ok = cpuTable(rows);
      say(`   goal: the handler's CPU at most ${GOALS.cpuRatio} × the SDK's for every operation — ${verdict(ok)}`);
      say(`   (${SIZE.cpuBatches} batches of ${SIZE.cpuBatch} after 3 warm-up batches; the three loops interleaved batch by batch)`);
      return { rows, goalMet: ok };
    },
  );
  results.cpu = cpu;

  results.page = await section(`4. A ${PAGE_JOBS}-job ListJobs page (maxResults=${PAGE_JOBS}, ${PAGE_JOBS} jobs in the appid) against a bare Query of the same page`, async () => {
    // At 16 pages in flight DynamoDB Local answers after the client's 2 s request timeout: 4 at most.
    const rows = await latency(endpoint, page, pageAt, SIZE.pagePairs.sequential, SIZE.pagePairs.concurrent, PAGE_CONCURRENCY);
    const latencyOk = latencyTable([{ scenario: page, rows }]);
    const captured = await capture(endpoint, page, pageAt.capture);
    const cpuRow = await measureCpu(page, captured, pageAt.capture, SIZE.pageCpu.batches, SIZE.pageCpu.batch);
    say();
    const cpuOk = cpuTable([cpuRow]);
    say(`   the Query's answer: ${(captured.response.body.length / 1024).toFixed(0)} KB of JSON`);
    return { latency: rows, latencyGoalMet: latencyOk, cpu: cpuRow, cpuGoalMet: cpuOk, queryAnswerBytes: captured.response.body.length };
  });

  Object.assign(
    results,
    await section('5. The deployed artifact (serverless package, as `npm run package`), cold start, memory', () => coldStartAndMemory()),
  );
  results.runner = await section('6. The runner on the local stack (DynamoDB Local, the S3 store, the SQS emulator, the runner process)', () =>
    runnerBench(endpoint, db),
  );
  results.aws = await section(AWS_TITLE, () => awsBench(endpoint, db));
  if (!requests.ok) say('FAILED: a request made more database requests than its budget, or did not get the expected answer (table 1).');
  return requests.ok;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  say(`npm run bench${PINNED ? ' -- --pinned' : ''} (${TINY ? 'tiny sizes' : 'full sizes'}) on ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
  say();
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  const started = performance.now();
  const local = await startDynamoDbLocal(await freePort());
  let ok = true;
  try {
    const db = localClient(local.endpoint);
    await ensureJobsTable(db, JOBS_TABLE);
    await ensureCredentialsTable(db, CREDENTIALS_TABLE);
    for (const key of Object.values(KEYS)) await putKey(db, CREDENTIALS_TABLE, key);
    if (PINNED) {
      const pid = local.process.pid;
      if (pid === undefined) throw new Error('DynamoDB Local has no process id');
      results.pinned = await section(
        `The taskset experiment: sequential UpdateJobStatus, handler vs bare UpdateItem, ${SIZE.pinnedRounds} rounds of ${SIZE.pinnedPairs} pairs in each mode`,
        () => pinnedExperiment(local.endpoint, db, pid),
      );
    } else if (RUNNER_ONLY) {
      results.runner = await section('6. The runner on the local stack (DynamoDB Local, the S3 store, the SQS emulator, the runner process)', () =>
        runnerBench(local.endpoint, db),
      );
    } else if (AWS_ONLY) {
      results.aws = await section(AWS_TITLE, () => awsBench(local.endpoint, db));
    } else {
      ok = await fullBench(local.endpoint, db);
    }
    db.destroy();
  } finally {
    await local.stop();
  }
  const file = PINNED ? 'results-pinned.json' : RUNNER_ONLY ? 'results-runner.json' : AWS_ONLY ? 'results-aws.json' : 'results.json';
  writeFileSync(path.join(ROOT, 'bench', file), `${JSON.stringify(results, null, 2)}\n`);
  say(`Wrote bench/${file} (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
