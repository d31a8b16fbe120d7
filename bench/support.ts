/**
 * What every measure of the bench shares: sizes, the keys and tenants, signed events, the logger as deployed, jobs
 * as CreateJob stores them, statistics and the printed tables.
 */
import { readFileSync } from 'node:fs';
import { Console } from 'node:console';
import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApp, type AppLogger } from '../lib/app';
import { CosError } from '../lib/cos/errors';
import { parseCreateJobRequest } from '../lib/cos/operations/create-job';
import { createRequestIdGenerator } from '../lib/cos/request-id';
import { fingerprintOf } from '../lib/jobs/create-job';
import { cosTimestamp, type JobDefinition } from '../lib/jobs/job';
import { newJobId } from '../lib/jobs/job-id';
import type { JobStatus } from '../lib/jobs/status';
import { CachedCredentialStore, type CredentialStore } from '../lib/store/credential-store';
import { createDynamoDbClient } from '../lib/store/dynamodb/client';
import { DynamoDbCredentialStore } from '../lib/store/dynamodb/dynamodb-credential-store';
import { DynamoDbJobStore } from '../lib/store/dynamodb/dynamodb-job-store';
import { newJobItem, reservationItem } from '../lib/store/dynamodb/job-item';
import type { JobStore, NewJob } from '../lib/store/job-store';
import { signRequest } from '../scripts/cos-client';
import { DEMO_KEY, ROOT, type KeyItem } from '../scripts/local-stack';
import { restEvent, type RequestSpec } from '../test/support/events';

export const TINY = process.env.BENCH_SIZE === 'tiny';
export const SIZE = TINY
  ? {
      warmPairs: 10,
      sequentialPairs: 30,
      concurrentPairs: 48,
      pagePairs: { sequential: 5, concurrent: 8 },
      cpuBatches: 4,
      cpuBatch: 150,
      pageCpu: { batches: 3, batch: 5 },
      pinnedRounds: 2,
      pinnedPairs: 25,
      coldRuns: 3,
      memoryRequests: 500,
    }
  : {
      warmPairs: 20,
      sequentialPairs: 1000,
      concurrentPairs: 2000,
      pagePairs: { sequential: 100, concurrent: 100 },
      cpuBatches: 25,
      cpuBatch: 1000,
      pageCpu: { batches: 15, batch: 20 },
      pinnedRounds: 4,
      pinnedPairs: 250,
      coldRuns: 20,
      memoryRequests: 10_000,
    };
export const CONCURRENCY = 16;
/** artifactBytes: 300 KB until the AWS dialect brought @smithy/signature-v4 (about 39 KB minified). */
export const GOALS = { latencyRatio: 1.1, cpuRatio: 1.0, artifactBytes: 340 * 1024, coldStartRatio: 0.6 } as const;
export const CREDENTIALS_TABLE = 'bench-credentials';
export const JOBS_TABLE = 'bench-jobs';
/** What the deployed function is configured with (serverless.yml: JOB_RETENTION_DAYS). */
export const RETENTION_SECONDS = 90 * 86_400;

/** The tenants: the demo one for every write, one with a page of 20 jobs, one with 1,000. Signed requests need a key each. */
export const KEYS = {
  main: DEMO_KEY,
  list: { secretId: 'AKIDBenchListTenant00000000000000000', secretKey: 'BenchListTenantSecretKeyNotReal0', appId: '1250000001', status: 'Active' },
  page: { secretId: 'AKIDBenchPageTenant00000000000000000', secretKey: 'BenchPageTenantSecretKeyNotReal0', appId: '1250000002', status: 'Active' },
} as const satisfies Record<string, KeyItem>;
export const LIST_JOBS = 20;
export const PAGE_JOBS = 1000;

export const say = (line = '') => process.stdout.write(`${line}\n`);

/** The COS Go SDK's CreateJob body (test/fixtures/bodies), with its ClientRequestToken replaceable. */
const GO_COPY = readFileSync(path.join(ROOT, 'test', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8').trim();
const GO_TOKEN = '1829b6c7-3141-42f1-9fe4-17082b841646';
if (!GO_COPY.includes(`<ClientRequestToken>${GO_TOKEN}</ClientRequestToken>`)) throw new Error('the Go SDK body fixture changed');
export const createJobBody = (token: string) => GO_COPY.replace(GO_TOKEN, token);

const parsed = parseCreateJobRequest(GO_COPY);
if (parsed instanceof CosError) throw parsed;
export const DEFINITION: JobDefinition = parsed.definition;
const FINGERPRINT = fingerprintOf(DEFINITION);

/** A job exactly as CreateJob would make it for this token (its JobId is the token's), in `status`. */
export function newJob(appId: string, token: string, status: JobStatus, now = new Date()): NewJob {
  return {
    key: { appId, jobId: newJobId(now.getTime(), appId, token) },
    definition: DEFINITION,
    clientRequestToken: token,
    fingerprint: FINGERPRINT,
    status,
    creationTime: cosTimestamp(now),
    requestId: 'bench-seed',
  };
}

/** Writes the jobs' items and their token reservations, as CreateJob writes them; 25 a request, 4 requests at once. */
export async function seedJobs(db: DynamoDBClient, table: string, jobs: readonly NewJob[]): Promise<void> {
  const items: Record<string, AttributeValue>[] = jobs.flatMap((job) => [newJobItem(job), reservationItem(job)]);
  const chunks: Record<string, AttributeValue>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < chunks.length) {
        let requests = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const { UnprocessedItems } = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
        }
      }
    }),
  );
}

/** A REST API event for the request, signed with the tenant's key as the deployed default (signatures on) requires. */
export function signedEvent(spec: RequestSpec, key: KeyItem = KEYS.main) {
  const { url, headers } = signRequest({
    method: spec.method ?? 'POST',
    baseUrl: 'https://batch.example.com',
    path: spec.path,
    query: [...new URLSearchParams(spec.rawQuery ?? '')],
    appId: key.appId,
    secretId: key.secretId,
    secretKey: key.secretKey,
    headers: Object.fromEntries(Object.entries(spec.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'x-cos-appid')),
    body: spec.body,
  });
  if (!spec.headers?.['x-cos-appid']) delete headers['x-cos-appid'];
  return restEvent({ ...spec, rawQuery: new URL(url).search.slice(1), headers });
}

/**
 * The real Powertools logger, its JSON lines written synchronously to /dev/null (as Lambda's runtime writes logs
 * synchronously): logging is part of the handler's cost.
 */
export function devNullLogger(): AppLogger {
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

/** The keys as deployed: read from the credentials table through `client`, cached for a minute. */
export const keysAt = (client: DynamoDBClient): CredentialStore =>
  new CachedCredentialStore(new DynamoDbCredentialStore(client, CREDENTIALS_TABLE), 60_000);

/** The keys held in memory, behind the same cache as deployed: no I/O. */
export const keysInMemory = (): CredentialStore => {
  const byId = new Map<string, KeyItem>(Object.values(KEYS).map((k) => [k.secretId, k]));
  return new CachedCredentialStore({ find: async (id) => byId.get(id) }, 60_000);
};

/** The handler as handlers/http.ts composes it, over `store` and `keys` (signatures on), or unsigned. */
export function handlerOver(store: JobStore, keys: CredentialStore | 'none') {
  return createApp({
    auth: keys === 'none' ? 'none' : { keys },
    store,
    logger: devNullLogger(),
    newRequestId: createRequestIdGenerator(),
  });
}

/** The deployed client (limits, retries, keep-alive) against DynamoDB Local, counting every HTTP attempt it sends. */
export function countingClient(endpoint: string): { client: DynamoDBClient; sent: { count: number } } {
  const client = createDynamoDbClient({ dynamodbEndpoint: endpoint, region: 'us-east-1' });
  const sent = { count: 0 };
  // finalizeRequest, below the retry middleware (finalizeRequest, priority high): runs once per attempt.
  client.middlewareStack.add(
    (next) => async (args) => {
      sent.count++;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'countAttempts' },
  );
  return { client, sent };
}

export const jobStoreAt = (client: DynamoDBClient) => new DynamoDbJobStore(client, JOBS_TABLE);

export const median = (xs: readonly number[]) => quantile(xs, 0.5);
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
export const ms = (x: number) => x.toFixed(2);
export const us = (x: number) => x.toFixed(1);
export const ratio = (x: number) => x.toFixed(3);
export const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** A plain text table: a header row, a rule, the rows; numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = '   '): void {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((r) => /^[\d.,()≤<>×/ -]*$/.test(r[c] ?? '')));
  const line = (cells: readonly string[]) =>
    indent + cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  say(line(headers));
  say((indent + widths.map((w, c) => (headers[c] ? '-'.repeat(w) : '')).join('  ')).trimEnd());
  for (const row of rows) say(line(row));
}

/** Runs `section`, printing its title first and how long it took after. */
export async function section<T>(title: string, run: () => Promise<T>): Promise<T> {
  say(title);
  const started = performance.now();
  const result = await run();
  say(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  say();
  return result;
}
