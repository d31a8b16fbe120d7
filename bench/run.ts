/**
 * `npm run bench` (signed requests, as deployed by default): database requests per API request, handler overhead against a bare UpdateItem, handler CPU without
 * I/O, cold start of the deployed artifact against the unbundled build, and memory. Every figure is measured against
 * a baseline in the same run; medians and ratios, because these machines are shared and noisy.
 * BENCH_SIZE=tiny runs everything with small sizes (a smoke test). Writes bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { Console } from 'node:console';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApp, type AppLogger } from '../lib/app';
import { createRequestIdGenerator } from '../lib/cos/request-id';
import { createDynamoDbClient } from '../lib/store/dynamodb/client';
import { DynamoDbJobStore } from '../lib/store/dynamodb/dynamodb-job-store';
import { buildStatusChangeInput } from '../lib/store/dynamodb/status-change-input';
import { CachedCredentialStore, type CredentialStore } from '../lib/store/credential-store';
import { DynamoDbCredentialStore } from '../lib/store/dynamodb/dynamodb-credential-store';
import { signRequest } from '../scripts/cos-client';
import {
  DEMO_KEY,
  ensureCredentialsTable,
  ensureJobsTable,
  freePort,
  javaProblem,
  localClient,
  putJob,
  putKey,
  ROOT,
  startDynamoDbLocal,
} from '../scripts/local-stack';
import { zipEntries } from '../scripts/zip-entries';
import { restEvent, updateRequest, type RequestSpec } from '../test/support/events';
import { MemoryJobStore } from '../test/support/memory-store';
import { bareNodeStart, fakeDynamoDb, runChild } from './processes';

const TINY = process.env.BENCH_SIZE === 'tiny';
const SIZE = TINY
  ? { sequentialPairs: 50, concurrentPairs: 64, cpuBatches: 5, cpuBatch: 200, coldRuns: 3, memoryRequests: 500 }
  : { sequentialPairs: 1000, concurrentPairs: 2000, cpuBatches: 30, cpuBatch: 2000, coldRuns: 20, memoryRequests: 10_000 };
const CONCURRENCY = 16;
const APPID = '1250000000';
const GOALS = { overheadRatio: 1.1, cpuMicros: 30, artifactBytes: 300 * 1024, coldStartRatio: 0.6 };

const results: Record<string, unknown> = {
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, size: TINY ? 'tiny' : 'full' },
  at: new Date().toISOString(),
};

/** A REST API event for the request, signed with the demo key as the deployed default (signatures on) requires. */
function signedEvent(spec: RequestSpec) {
  const [path, query] = [spec.path, [...new URLSearchParams(spec.rawQuery ?? '')]];
  const { url, headers } = signRequest({
    method: spec.method ?? 'POST',
    baseUrl: 'https://batch.example.com',
    path,
    query,
    appId: DEMO_KEY.appId,
    secretId: DEMO_KEY.secretId,
    secretKey: DEMO_KEY.secretKey,
    headers: Object.fromEntries(Object.entries(spec.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'x-cos-appid')),
  });
  if (!spec.headers?.['x-cos-appid']) delete headers['x-cos-appid'];
  return restEvent({ ...spec, rawQuery: new URL(url).search.slice(1), headers });
}

const CREDENTIALS_TABLE = 'bench-credentials';
const keysAt = (client: DynamoDBClient): CredentialStore =>
  new CachedCredentialStore(new DynamoDbCredentialStore(client, CREDENTIALS_TABLE), 60_000);

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const ms = (x: number) => `${x.toFixed(2)} ms`;
const say = (line = '') => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'goal met' : 'GOAL MISSED');

/**
 * The real Powertools logger, its JSON lines written synchronously to /dev/null (as Lambda's runtime writes logs
 * synchronously): logging is part of the handler's cost.
 */
function devNullLogger(): AppLogger {
  const logger = new Logger({ serviceName: 'bench' });
  const fd = openSync('/dev/null', 'w');
  const sink = new Writable({
    write(chunk, _encoding, done) {
      writeSync(fd, chunk);
      done();
    },
  });
  // The logger has no stream option; its console is the one place it writes to.
  (logger as unknown as { console: Console }).console = new Console({ stdout: sink, stderr: sink });
  return logger;
}

function countingHandlerClient(endpoint: string, table: string): { client: DynamoDBClient; sent: { count: number } } {
  const client = createDynamoDbClient({ dynamodbEndpoint: endpoint, region: 'us-east-1' });
  const sent = { count: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      sent.count++;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  );
  return { client, sent };
}

async function databaseRequests(endpoint: string, table: string): Promise<void> {
  const { client, sent } = countingHandlerClient(endpoint, table);
  const handle = createApp({ auth: { keys: keysAt(client) }, store: new DynamoDbJobStore(client, table), logger: devNullLogger(), newRequestId: createRequestIdGenerator() });
  const db = localClient(endpoint);
  sent.count = 0;
  await handle(signedEvent(updateRequest('count-warm', 'Ready'))); // the key's first read, cached for a minute
  const keyRead = sent.count - 1;
  const cases: Array<[string, string | null, ReturnType<typeof updateRequest>]> = [
    ['Ready accepted (Suspended → Ready)', 'Suspended', updateRequest('count-1', 'Ready')],
    ['Cancel, not yet running (Ready → Cancelled)', 'Ready', updateRequest('count-2', 'Cancelled')],
    ['Cancel, running (Active → Cancelling)', 'Active', updateRequest('count-3', 'Cancelled')],
    ['Refused: Ready on an Active job', 'Active', updateRequest('count-4', 'Ready')],
    ['Refused: Cancel on a Cancelling job', 'Cancelling', updateRequest('count-5', 'Cancelled')],
    ['Refused: Cancel on a Complete job', 'Complete', updateRequest('count-6', 'Cancelled')],
    ['NoSuchJob', null, updateRequest('count-none', 'Cancelled')],
    ['Invalid input (requestedJobStatus=Paused)', null, updateRequest('count-7', 'Paused')],
    ['Invalid input (JobId too short)', null, updateRequest('bad', 'Ready')],
  ];
  const rows: Array<{ outcome: string; requests: number }> = [];
  for (const [outcome, status, request] of cases) {
    const jobId = request.path.split('/')[2]!;
    if (status) await putJob(db, table, { appId: APPID, jobId, status });
    sent.count = 0;
    await handle(signedEvent(request));
    rows.push({ outcome, requests: sent.count });
  }
  db.destroy();
  client.destroy();
  const ok = rows.every((r) =>
    r.outcome.startsWith('Invalid') ? r.requests === 0 : r.outcome.includes('running (Active') ? r.requests === 2 : r.requests === 1,
  );
  say('1. Database requests per API request (counted at the SDK, each HTTP attempt; signed requests, key cached)');
  say(`   reading the caller's key, once a minute per container       ${keyRead}`);
  for (const r of rows) say(`   ${r.outcome.padEnd(46)} ${r.requests}`);
  say(`   goal: 0 for invalid input, 1 for all but cancelling a running job, never more than 2 — ${verdict(ok)}`);
  results.databaseRequests = { keyReadPerMinute: keyRead, rows, goalMet: ok };
}

async function overhead(endpoint: string, table: string): Promise<void> {
  const { client } = countingHandlerClient(endpoint, table);
  const handle = createApp({ auth: { keys: keysAt(client) }, store: new DynamoDbJobStore(client, table), logger: devNullLogger(), newRequestId: createRequestIdGenerator() });
  const db = localClient(endpoint);
  const total = SIZE.sequentialPairs + SIZE.concurrentPairs;
  say(`2. Handler overhead: seeding ${2 * total} Suspended jobs...`);
  for (let i = 0; i < total; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, total - i) }, (_, k) =>
        Promise.all([
          putJob(db, table, { appId: APPID, jobId: `bench-h-${i + k}`, status: 'Suspended' }),
          putJob(db, table, { appId: APPID, jobId: `bench-b-${i + k}`, status: 'Suspended' }),
        ]),
      ),
    );
  }
  db.destroy();
  const events = Array.from({ length: total }, (_, i) => signedEvent(updateRequest(`bench-h-${i}`, 'Ready', { reason: 'bench' })));
  const bare = (i: number) =>
    new UpdateItemCommand(
      buildStatusChangeInput(table, {
        key: { appId: APPID, jobId: `bench-b-${i}` },
        from: ['Suspended'],
        to: 'Ready',
        reason: 'bench',
        requestId: `bare-${i}`,
        changedAt: new Date().toISOString(),
      }, 90 * 86_400),
    );
  const time = async (f: () => Promise<unknown>, check: (r: any) => boolean) => {
    const t = performance.now();
    const r = await f();
    const elapsed = performance.now() - t;
    if (!check(r)) throw new Error(`unexpected answer in the overhead run: ${JSON.stringify(r).slice(0, 300)}`);
    return elapsed;
  };
  const handled = (r: { statusCode: number }) => r.statusCode === 200;
  const updated = (r: { Attributes?: { Status?: { S?: string } } }) => r.Attributes?.Status?.S === 'Ready';
  // Warm-up: connections, JIT.
  for (let i = 0; i < 20; i++) await handle(signedEvent(updateRequest('bench-warm', 'Ready')));

  const run = async (from: number, count: number, workers: number) => {
    const handler: number[] = [];
    const baseline: number[] = [];
    let next = from;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < from + count) {
          const i = next++;
          // Alternate which goes first, so neither always meets a warmer connection pool.
          if (i % 2 === 0) {
            handler.push(await time(() => handle(events[i]), handled));
            baseline.push(await time(() => client.send(bare(i)), updated));
          } else {
            baseline.push(await time(() => client.send(bare(i)), updated));
            handler.push(await time(() => handle(events[i]), handled));
          }
        }
      }),
    );
    return { handler, baseline };
  };
  const rows = [];
  for (const [label, from, count, workers] of [
    ['sequential', 0, SIZE.sequentialPairs, 1],
    [`concurrency ${CONCURRENCY}`, SIZE.sequentialPairs, SIZE.concurrentPairs, CONCURRENCY],
  ] as const) {
    const { handler, baseline } = await run(from, count, workers);
    const row = {
      label,
      pairs: count,
      handlerMedianMs: median(handler),
      handlerP99Ms: quantile(handler, 0.99),
      bareMedianMs: median(baseline),
      bareP99Ms: quantile(baseline, 0.99),
      medianRatio: median(handler) / median(baseline),
    };
    rows.push(row);
    say(
      `   ${label.padEnd(15)} handler ${ms(row.handlerMedianMs)} (p99 ${ms(row.handlerP99Ms)})   bare UpdateItem ${ms(row.bareMedianMs)} (p99 ${ms(row.bareP99Ms)})   median ratio ${row.medianRatio.toFixed(3)}`,
    );
  }
  client.destroy();
  const ok = rows.every((r) => r.medianRatio <= GOALS.overheadRatio);
  say(`   goal: median ratio at most ${GOALS.overheadRatio} — ${verdict(ok)}`);
  results.overhead = { rows, goalMet: ok };
}

async function cpuWithoutIo(): Promise<void> {
  const keys: CredentialStore = { find: async (id) => (id === DEMO_KEY.secretId ? DEMO_KEY : undefined) };
  const measure = async (auth: 'none' | { keys: CredentialStore }, event: unknown) => {
    const store = new MemoryJobStore();
    const handle = createApp({ auth, store, logger: devNullLogger(), newRequestId: createRequestIdGenerator() });
    const perRequest: number[] = [];
    for (let b = 0; b < SIZE.cpuBatches + 3; b++) {
      const t = performance.now();
      for (let i = 0; i < SIZE.cpuBatch; i++) {
        store.put(APPID, 'cpu-job-01', { Status: 'Suspended' });
        const result = await handle(event);
        if (result.statusCode !== 200) throw new Error(`unexpected answer in the CPU run: ${result.body}`);
      }
      if (b >= 3) perRequest.push(((performance.now() - t) * 1000) / SIZE.cpuBatch); // first batches warm the JIT
    }
    return { medianMicros: median(perRequest), minMicros: Math.min(...perRequest) };
  };
  const request = updateRequest('cpu-job-01', 'Ready', { reason: 'a reason with some text' });
  const signed = await measure({ keys }, signedEvent(request));
  const unsigned = await measure('none', restEvent(request));
  const ok = signed.medianMicros <= GOALS.cpuMicros;
  say('3. Handler CPU without I/O (in-memory stores at the ports; parse, verify, validate, decide, XML, log line)');
  say(`   signature checked (the default): median ${signed.medianMicros.toFixed(1)} µs per request (best batch ${signed.minMicros.toFixed(1)} µs)`);
  say(`   AUTH_MODE=none:                  median ${unsigned.medianMicros.toFixed(1)} µs per request (best batch ${unsigned.minMicros.toFixed(1)} µs)`);
  say(`   goal: at most ${GOALS.cpuMicros} µs — ${verdict(ok)}`);
  results.cpu = { signed, unsigned, batches: SIZE.cpuBatches, batchSize: SIZE.cpuBatch, goalMet: ok };
}

async function coldStartAndMemory(): Promise<void> {
  say('4. Cold start: building the deployed artifact (serverless package) and the unbundled build (tsc)...');
  const work = mkdtempSync(path.join(tmpdir(), 'bench-'));
  try {
    execFileSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', 'bench', '--package', work], {
      cwd: ROOT,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: 'pipe',
    });
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    const zipPath = path.join(work, 'cos-batch-job-control.zip');
    const [entry] = zipEntries(readFileSync(zipPath));
    const bundled = path.join(work, 'http.mjs');
    writeFileSync(bundled, entry!.content);
    const unbundled = path.join(ROOT, 'dist', 'handlers', 'http.js');
    const fake = await fakeDynamoDb();
    const event = path.join(work, 'signed-event.json');
    writeFileSync(event, JSON.stringify(signedEvent(updateRequest('demo-suspended-0001', 'Ready', { reason: 'confirmed by me' }))));
    const bundledMs: number[] = [];
    const unbundledMs: number[] = [];
    const bareNodeMs: number[] = [];
    for (let i = 0; i < SIZE.coldRuns; i++) {
      // Interleaved, so machine noise falls on all alike.
      bundledMs.push((await runChild(bundled, fake.endpoint, event, 1)).firstAnswerMs);
      unbundledMs.push((await runChild(unbundled, fake.endpoint, event, 1)).firstAnswerMs);
      bareNodeMs.push(await bareNodeStart());
    }
    const cold = {
      artifactBytes: entry!.content.length,
      zipBytes: statSync(zipPath).size,
      bundledMedianMs: median(bundledMs),
      unbundledMedianMs: median(unbundledMs),
      ratio: median(bundledMs) / median(unbundledMs),
      bareNodeMedianMs: median(bareNodeMs),
      ratioAboveBareNode: (median(bundledMs) - median(bareNodeMs)) / (median(unbundledMs) - median(bareNodeMs)),
      runs: SIZE.coldRuns,
    };
    const sizeOk = cold.artifactBytes <= GOALS.artifactBytes;
    const ratioOk = cold.ratio <= GOALS.coldStartRatio;
    say(`   artifact ${(cold.artifactBytes / 1024).toFixed(0)} KB (zip ${(cold.zipBytes / 1024).toFixed(0)} KB), AWS SDK included — goal at most 300 KB: ${verdict(sizeOk)}`);
    say(
      `   process start → first answer, median of ${cold.runs}: bundled ${ms(cold.bundledMedianMs)}, unbundled (tsc + node_modules) ${ms(cold.unbundledMedianMs)}, ratio ${cold.ratio.toFixed(2)} — goal at most ${GOALS.coldStartRatio}: ${verdict(ratioOk)}`,
    );
    say(
      `   Node's own start (a bare \`node -e\` to its first line) ${ms(cold.bareNodeMedianMs)}: the part above it is bundled ${ms(cold.bundledMedianMs - cold.bareNodeMedianMs)} vs unbundled ${ms(cold.unbundledMedianMs - cold.bareNodeMedianMs)}, ratio ${cold.ratioAboveBareNode.toFixed(2)}`,
    );
    results.coldStart = { ...cold, goalMet: sizeOk && ratioOk };

    const memory = await runChild(bundled, fake.endpoint, event, SIZE.memoryRequests);
    say(`5. Memory: peak RSS of a process that loaded the artifact and served ${SIZE.memoryRequests} requests: ${(memory.maxRssKb / 1024).toFixed(1)} MB`);
    results.memory = { requests: SIZE.memoryRequests, maxRssMb: memory.maxRssKb / 1024 };
    fake.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  say(`npm run bench (${TINY ? 'tiny sizes' : 'full sizes'}) on ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  const db = await startDynamoDbLocal(await freePort());
  try {
    const table = 'bench-jobs';
    const admin = localClient(db.endpoint);
    await ensureJobsTable(admin, table);
    await ensureCredentialsTable(admin, CREDENTIALS_TABLE);
    await putKey(admin, CREDENTIALS_TABLE, DEMO_KEY);
    admin.destroy();
    say();
    await databaseRequests(db.endpoint, table);
    say();
    await overhead(db.endpoint, table);
    say();
    await cpuWithoutIo();
    say();
    await coldStartAndMemory();
  } finally {
    await db.stop();
  }
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  say();
  say('Wrote bench/results.json');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
