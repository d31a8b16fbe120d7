/**
 * The AWS dialect (`npm run bench -- --aws` runs this alone):
 *   a. the SigV4 check's CPU per request (lib/aws/authenticate.ts) against the COS v5 check's (lib/cos/authenticate.ts),
 *      each verifying a realistic signed request of the same operation (UpdateJobStatus; CreateJob with a ~1 KB body)
 *      against keys in memory (behind the same cache as deployed); process CPU over interleaved batches, medians.
 *      Goal (the issue): at most 1.5 × the COS check's.
 *   b. database requests per AWS operation, counted at the SDK (every HTTP attempt) as table 1 counts them, beside
 *      the COS operation's where there is one; signed requests, the key cached. Printed, not asserted.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { authenticateAws } from '../lib/aws/authenticate';
import { AwsError } from '../lib/aws/errors';
import { parseCreateJobRequest } from '../lib/aws/operations/create-job';
import { authenticate as authenticateCos } from '../lib/cos/authenticate';
import { fingerprintOf } from '../lib/jobs/create-job';
import { cosTimestamp } from '../lib/jobs/job';
import { newJobId } from '../lib/jobs/job-id';
import type { JobStatus } from '../lib/jobs/status';
import { awsTenant } from '../lib/jobs/tenant';
import { parseGatewayEvent, type HttpRequest } from '../lib/http/event';
import { CachedCredentialStore } from '../lib/store/credential-store';
import type { NewJob } from '../lib/store/job-store';
import { DEMO_ACCOUNT_ID, DEMO_AWS_KEY, putKey, type KeyItem } from '../scripts/local-stack';
import { createRequest, jobRequest, updateRequest, type RequestSpec } from '../test/support/events';
import { signAws, type AwsSigning } from '../test/support/hostile-aws';
import { AWS_CREATE_BODIES } from '../test/support/hostile-bodies-aws';
import { toRestEvent } from '../test/support/hostile-requests';
import {
  countingClient,
  createJobBody,
  CREDENTIALS_TABLE,
  handlerOver,
  JOBS_TABLE,
  jobStoreAt,
  KEYS,
  keysAt,
  median,
  newJob,
  ratio,
  say,
  seedJobs,
  signedEvent,
  SIZE,
  table,
  TINY,
  us,
  verdict,
} from './support';

const GOAL_RATIO = 1.5;
const TENANT = awsTenant(DEMO_ACCOUNT_ID);
const V = '/v20180820';

/** The AWS CreateJob body (S3PutObjectCopy with metadata and tags) padded with a Description to `bytes`, as the COS one is ~1 KB. */
function awsCreateBody(token: string, bytes = 1024): string {
  const body = AWS_CREATE_BODIES[2]!.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${token}<`);
  const pad = Math.max(1, bytes - Buffer.byteLength(body) - '<Description></Description>'.length);
  return body.replace('</CreateJobRequest>', `<Description>${'d'.repeat(pad)}</Description></CreateJobRequest>`);
}
const AWS_DEFINITION = (() => {
  const parsed = parseCreateJobRequest(parseGatewayEvent(toRestEvent({ method: 'POST', path: `${V}/jobs`, rawQuery: '', headers: [['x-amz-account-id', DEMO_ACCOUNT_ID]], body: awsCreateBody('bench-definition'), base64: false })));
  if (parsed instanceof AwsError) throw parsed;
  return parsed.definition;
})();

/** A job of the demo AWS account exactly as CreateJob would make it for this token, in `status`. */
function newAwsJob(token: string, status: JobStatus, now = new Date()): NewJob {
  return {
    key: { appId: TENANT, jobId: newJobId(now.getTime(), TENANT, token) },
    definition: AWS_DEFINITION,
    clientRequestToken: token,
    fingerprint: fingerprintOf(AWS_DEFINITION),
    status,
    creationTime: cosTimestamp(now),
    requestId: 'bench-seed',
  };
}

const awsSigned = async (signing: Omit<AwsSigning, 'key'>) => toRestEvent(await signAws({ key: DEMO_AWS_KEY, ...signing }));

// ---------------------------------------------------------------------------------------------------------------
// a. The signature checks' CPU

export interface SignatureCpuRow {
  readonly operation: string;
  readonly cosMicros: number;
  readonly awsMicros: number;
  readonly ratio: number;
  readonly bodyBytes: { cos: number; aws: number };
}

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

async function signatureCpu(): Promise<{ rows: SignatureCpuRow[]; goalMet: boolean }> {
  const byId = new Map<string, KeyItem>([KEYS.main, DEMO_AWS_KEY].map((k) => [k.secretId, k]));
  const keys = new CachedCredentialStore({ find: async (id) => byId.get(id) }, 60_000);
  const jobId = newAwsJob('bench-sig', 'Active').key.jobId;
  const at = new Date();
  const cases: Array<{ operation: string; cos: RequestSpec; aws: Omit<AwsSigning, 'key'> }> = [
    {
      operation: 'UpdateJobStatus',
      cos: updateRequest(jobId, 'Cancelled', { reason: 'no longer needed' }),
      aws: { method: 'POST', path: `${V}/jobs/${jobId}/status`, query: [['requestedJobStatus', 'Cancelled'], ['statusUpdateReason', 'no longer needed']], at },
    },
    {
      operation: 'CreateJob (~1 KB body)',
      cos: createRequest(createJobBody('bench-sig-create')),
      aws: { method: 'POST', path: `${V}/jobs`, body: awsCreateBody('bench-sig-create'), at },
    },
  ];
  const rows: SignatureCpuRow[] = [];
  for (const c of cases) {
    const cosRequest: HttpRequest = parseGatewayEvent(signedEvent(c.cos));
    const awsRequest: HttpRequest = parseGatewayEvent(await awsSigned(c.aws));
    const nowSeconds = Math.floor(Date.now() / 1000);
    const runs: Array<[string, () => Promise<boolean>]> = [
      ['cos', async () => (await authenticateCos(cosRequest, keys, nowSeconds)).ok],
      ['aws', async () => (await authenticateAws(awsRequest, keys, at)).ok],
    ];
    for (const [name, run] of runs) if (!(await run())) throw new Error(`${c.operation}: the ${name} check refused its signed request`);
    const perCall: Record<string, number[]> = { cos: [], aws: [] };
    const warm = 3;
    for (let b = 0; b < warm + SIZE.cpuBatches; b++) {
      for (let k = 0; k < runs.length; k++) {
        const [name, run] = runs[(b + k) % runs.length]!;
        const t = cpuMicros();
        for (let n = 0; n < SIZE.cpuBatch; n++) await run();
        if (b >= warm) perCall[name]!.push((cpuMicros() - t) / SIZE.cpuBatch);
      }
    }
    const cosMicros = median(perCall.cos!);
    const awsMicros = median(perCall.aws!);
    rows.push({
      operation: c.operation,
      cosMicros,
      awsMicros,
      ratio: awsMicros / cosMicros,
      bodyBytes: { cos: Buffer.byteLength(c.cos.body ?? ''), aws: Buffer.byteLength(c.aws.body ?? '') },
    });
  }
  const goalMet = rows.every((r) => r.ratio <= GOAL_RATIO);
  table(
    ['operation', 'body bytes COS / AWS', 'COS v5 check µs', 'SigV4 check µs', 'ratio', `goal ≤ ${GOAL_RATIO}`],
    rows.map((r) => [r.operation, `${r.bodyBytes.cos} / ${r.bodyBytes.aws}`, us(r.cosMicros), us(r.awsMicros), ratio(r.ratio), verdict(r.ratio <= GOAL_RATIO)]),
  );
  say(`   (${SIZE.cpuBatches} batches of ${SIZE.cpuBatch} after 3 warm-up batches, the two checks interleaved; keys in memory, cached; medians per call)`);
  if (TINY) say('   (tiny sizes: a smoke test of the code path; the figures are too few to hold against the goal)');
  return { rows, goalMet };
}

// ---------------------------------------------------------------------------------------------------------------
// b. Database requests per AWS operation

interface BudgetCase {
  readonly operation: string;
  readonly outcome: string;
  /** The job the request is about, written first (in both tenants), in this status. */
  readonly job?: { token: string; status: JobStatus };
  readonly aws: (jobId: string) => Omit<AwsSigning, 'key'>;
  readonly cos?: (jobId: string) => RequestSpec;
}

const CASES: readonly BudgetCase[] = [
  { operation: 'CreateJob', outcome: 'new job', aws: () => ({ method: 'POST', path: `${V}/jobs`, body: awsCreateBody('bench-aws-count-create') }), cos: () => createRequest(createJobBody('bench-aws-count-create')) },
  { operation: 'CreateJob', outcome: 'same token, same request', aws: () => ({ method: 'POST', path: `${V}/jobs`, body: awsCreateBody('bench-aws-count-create') }), cos: () => createRequest(createJobBody('bench-aws-count-create')) },
  { operation: 'DescribeJob', outcome: 'a job', job: { token: 'bench-aws-count-describe', status: 'Active' }, aws: (id) => ({ method: 'GET', path: `${V}/jobs/${id}` }), cos: (id) => jobRequest('GET', `/jobs/${id}`) },
  { operation: 'DescribeJob', outcome: 'no such job', aws: (id) => ({ method: 'GET', path: `${V}/jobs/${id}` }), cos: (id) => jobRequest('GET', `/jobs/${id}`) },
  { operation: 'ListJobs', outcome: 'one status', aws: () => ({ method: 'GET', path: `${V}/jobs`, query: [['jobStatuses', 'Active']] }), cos: () => jobRequest('GET', '/jobs', 'jobStatuses=Active') },
  { operation: 'ListJobs', outcome: 'two statuses', aws: () => ({ method: 'GET', path: `${V}/jobs`, query: [['jobStatuses', 'Active'], ['jobStatuses', 'Suspended']] }) },
  { operation: 'ListJobs', outcome: 'every status', aws: () => ({ method: 'GET', path: `${V}/jobs` }), cos: () => jobRequest('GET', '/jobs') },
  { operation: 'UpdateJobPriority', outcome: 'changed', job: { token: 'bench-aws-count-priority', status: 'Suspended' }, aws: (id) => ({ method: 'POST', path: `${V}/jobs/${id}/priority`, query: [['priority', '7']] }), cos: (id) => jobRequest('POST', `/jobs/${id}/priority`, 'priority=7') },
  { operation: 'UpdateJobStatus', outcome: 'Suspended → Ready', job: { token: 'bench-aws-count-ready', status: 'Suspended' }, aws: (id) => ({ method: 'POST', path: `${V}/jobs/${id}/status`, query: [['requestedJobStatus', 'Ready']] }), cos: (id) => updateRequest(id, 'Ready') },
  { operation: 'UpdateJobStatus', outcome: 'Active → Cancelling', job: { token: 'bench-aws-count-cancel', status: 'Active' }, aws: (id) => ({ method: 'POST', path: `${V}/jobs/${id}/status`, query: [['requestedJobStatus', 'Cancelled']] }), cos: (id) => updateRequest(id, 'Cancelled') },
  { operation: 'UpdateJobStatus', outcome: 'refused: Ready on an Active job', job: { token: 'bench-aws-count-refused', status: 'Active' }, aws: (id) => ({ method: 'POST', path: `${V}/jobs/${id}/status`, query: [['requestedJobStatus', 'Ready']] }), cos: (id) => updateRequest(id, 'Ready') },
  { operation: 'GetJobTagging', outcome: 'a job', job: { token: 'bench-aws-count-get-tags', status: 'Active' }, aws: (id) => ({ method: 'GET', path: `${V}/jobs/${id}/tagging` }) },
  {
    operation: 'PutJobTagging',
    outcome: 'two tags',
    job: { token: 'bench-aws-count-put-tags', status: 'Active' },
    aws: (id) => ({ method: 'PUT', path: `${V}/jobs/${id}/tagging`, body: '<PutJobTaggingRequest><Tags><member><Key>a</Key><Value>1</Value></member><member><Key>b</Key><Value>2</Value></member></Tags></PutJobTaggingRequest>' }),
  },
  { operation: 'PutJobTagging', outcome: 'refused: 51 tags', job: { token: 'bench-aws-count-many-tags', status: 'Active' }, aws: (id) => ({ method: 'PUT', path: `${V}/jobs/${id}/tagging`, body: `<PutJobTaggingRequest><Tags>${Array.from({ length: 51 }, (_, i) => `<member><Key>k${i}</Key><Value>v</Value></member>`).join('')}</Tags></PutJobTaggingRequest>` }) },
  { operation: 'DeleteJobTagging', outcome: 'a job', job: { token: 'bench-aws-count-delete-tags', status: 'Complete' }, aws: (id) => ({ method: 'DELETE', path: `${V}/jobs/${id}/tagging` }) },
];

export interface AwsBudgetRow {
  readonly operation: string;
  readonly outcome: string;
  readonly aws: { status: number; requests: number };
  readonly cos?: { status: number; requests: number };
}

async function databaseBudget(endpoint: string, db: DynamoDBClient): Promise<AwsBudgetRow[]> {
  await putKey(db, CREDENTIALS_TABLE, DEMO_AWS_KEY);
  const { client, sent } = countingClient(endpoint);
  const handle = handlerOver(jobStoreAt(client), keysAt(client));
  // Each key's first use reads it (then cached): outside the counts.
  await handle(await awsSigned({ method: 'GET', path: `${V}/jobs/${newAwsJob('bench-aws-warm', 'New').key.jobId}` }));
  await handle(signedEvent(jobRequest('GET', `/jobs/${newJob(KEYS.main.appId, 'bench-aws-warm', 'New').key.jobId}`)));

  const rows: AwsBudgetRow[] = [];
  for (const c of CASES) {
    const awsJob = newAwsJob(c.job?.token ?? 'bench-aws-count-none', c.job?.status ?? 'New');
    const cosJob = newJob(KEYS.main.appId, c.job?.token ?? 'bench-aws-count-none', c.job?.status ?? 'New');
    if (c.job) await seedJobs(db, JOBS_TABLE, [awsJob, cosJob]);
    sent.count = 0;
    const awsResult = await handle(await awsSigned(c.aws(awsJob.key.jobId)));
    const aws = { status: awsResult.statusCode, requests: sent.count };
    let cos;
    if (c.cos) {
      sent.count = 0;
      const cosResult = await handle(signedEvent(c.cos(cosJob.key.jobId)));
      cos = { status: cosResult.statusCode, requests: sent.count };
    }
    rows.push({ operation: c.operation, outcome: c.outcome, aws, ...(cos && { cos }) });
  }
  client.destroy();
  table(
    ['operation', 'outcome', 'AWS HTTP', 'AWS requests', 'COS HTTP', 'COS requests'],
    rows.map((r) => [r.operation, r.outcome, String(r.aws.status), String(r.aws.requests), r.cos ? String(r.cos.status) : '—', r.cos ? String(r.cos.requests) : '—']),
  );
  say('   (ListJobs with two statuses and the three tagging operations have no COS counterpart)');
  return rows;
}

/** Both parts; prints their tables. */
export async function awsBench(endpoint: string, db: DynamoDBClient): Promise<{ signatureCpu: Awaited<ReturnType<typeof signatureCpu>>; databaseRequests: AwsBudgetRow[] }> {
  say('   a. The signature check alone, CPU per request: SigV4 (lib/aws/authenticate.ts) vs COS v5 (lib/cos/authenticate.ts)');
  const cpu = await signatureCpu();
  say(`   goal: the SigV4 check at most ${GOAL_RATIO} × the COS check's CPU — ${verdict(cpu.goalMet)}`);
  say();
  say('   b. Database requests per AWS operation (counted at the SDK: every HTTP attempt; signed, the key cached), beside COS');
  const requests = await databaseBudget(endpoint, db);
  return { signatureCpu: cpu, databaseRequests: requests };
}
