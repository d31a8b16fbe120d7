/**
 * Database requests per API request and outcome, counted at the SDK (every HTTP attempt, below the retry
 * middleware), against the budget of the contract (spec job-api.md §8). Signed requests, the caller's key cached.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { JobStatus } from '../lib/jobs/status';
import { createRequest, jobRequest, updateRequest, type RequestSpec } from '../test/support/events';
import {
  countingClient,
  createJobBody,
  JOBS_TABLE,
  jobStoreAt,
  KEYS,
  keysAt,
  handlerOver,
  newJob,
  seedJobs,
  signedEvent,
  table,
  verdict,
  say,
} from './support';

export interface RequestCountRow {
  readonly operation: string;
  readonly outcome: string;
  readonly status: number;
  readonly expectedStatus: number;
  readonly requests: number;
  readonly budget: number;
  readonly withinBudget: boolean;
}

interface Case {
  readonly operation: string;
  readonly outcome: string;
  /** The job the request is about, written first, in this status. */
  readonly job?: { token: string; status: JobStatus };
  /** The request, given the JobId of `job` (or of the token `bench-count-none`, which has no job). */
  readonly request: (jobId: string) => RequestSpec;
  readonly expectedStatus: number;
  readonly budget: number;
}

const APPID = KEYS.main.appId;
const idOf = (token: string) => newJob(APPID, token, 'New').key.jobId;
const NO_JOB = idOf('bench-count-none');
const LIST = KEYS.list.appId;

const CASES: readonly Case[] = [
  { operation: 'CreateJob', outcome: 'new job', request: () => createRequest(createJobBody('bench-count-create')), expectedStatus: 200, budget: 1 },
  { operation: 'CreateJob', outcome: 'same token, same request (a retry)', request: () => createRequest(createJobBody('bench-count-create')), expectedStatus: 200, budget: 1 },
  {
    operation: 'CreateJob',
    outcome: 'same token, another request',
    request: () => createRequest(createJobBody('bench-count-create').replace('<Priority>1</Priority>', '<Priority>2</Priority>')),
    expectedStatus: 400,
    budget: 1,
  },
  { operation: 'CreateJob', outcome: 'refused: body not well-formed', request: () => createRequest('<CreateJobRequest><Priority>1</CreateJobRequest>'), expectedStatus: 400, budget: 0 },
  {
    operation: 'CreateJob',
    outcome: 'refused: Priority out of range',
    request: () => createRequest(createJobBody('bench-count-refused').replace('<Priority>1</Priority>', '<Priority>-1</Priority>')),
    expectedStatus: 400,
    budget: 0,
  },
  { operation: 'DescribeJob', outcome: 'a job', job: { token: 'bench-count-describe', status: 'Active' }, request: (id) => jobRequest('GET', `/jobs/${id}`), expectedStatus: 200, budget: 1 },
  { operation: 'DescribeJob', outcome: 'NoSuchJob', request: () => jobRequest('GET', `/jobs/${NO_JOB}`), expectedStatus: 404, budget: 1 },
  { operation: 'DescribeJob', outcome: 'refused: JobId too short', request: () => jobRequest('GET', '/jobs/bad'), expectedStatus: 400, budget: 0 },
  { operation: 'ListJobs', outcome: 'a page, every status (20 jobs)', request: () => jobRequest('GET', '/jobs', '', LIST), expectedStatus: 200, budget: 1 },
  { operation: 'ListJobs', outcome: 'a page of one status (the status index)', request: () => jobRequest('GET', '/jobs', 'jobStatuses=Active', LIST), expectedStatus: 200, budget: 1 },
  { operation: 'ListJobs', outcome: 'a page of one status that has none', request: () => jobRequest('GET', '/jobs', 'jobStatuses=Failed', LIST), expectedStatus: 200, budget: 1 },
  { operation: 'ListJobs', outcome: 'first page of 5 (NextToken follows)', request: () => jobRequest('GET', '/jobs', 'maxResults=5', LIST), expectedStatus: 200, budget: 1 },
  { operation: 'ListJobs', outcome: 'refused: maxResults=0', request: () => jobRequest('GET', '/jobs', 'maxResults=0', LIST), expectedStatus: 400, budget: 0 },
  {
    operation: 'UpdateJobPriority',
    outcome: 'changed',
    job: { token: 'bench-count-priority', status: 'Suspended' },
    request: (id) => jobRequest('POST', `/jobs/${id}/priority`, 'priority=7'),
    expectedStatus: 200,
    budget: 1,
  },
  {
    operation: 'UpdateJobPriority',
    outcome: 'refused: the job is Complete',
    job: { token: 'bench-count-priority-final', status: 'Complete' },
    request: (id) => jobRequest('POST', `/jobs/${id}/priority`, 'priority=7'),
    expectedStatus: 404,
    budget: 1,
  },
  { operation: 'UpdateJobPriority', outcome: 'NoSuchJob', request: () => jobRequest('POST', `/jobs/${NO_JOB}/priority`, 'priority=7'), expectedStatus: 404, budget: 1 },
  { operation: 'UpdateJobPriority', outcome: 'refused: priority=-1', request: () => jobRequest('POST', `/jobs/${NO_JOB}/priority`, 'priority=-1'), expectedStatus: 400, budget: 0 },
  ...(
    [
      ['Ready accepted (Suspended → Ready)', 'Suspended', 'Ready', 200, 1],
      ['Cancel, not yet running (Ready → Cancelled)', 'Ready', 'Cancelled', 200, 1],
      ['Cancel, running (Active → Cancelling)', 'Active', 'Cancelled', 200, 2],
      ['refused: Ready on an Active job', 'Active', 'Ready', 400, 1],
      ['refused: Cancel on a Cancelling job', 'Cancelling', 'Cancelled', 400, 1],
      ['refused: Cancel on a Complete job', 'Complete', 'Cancelled', 400, 1],
    ] as const
  ).map(
    ([outcome, status, requested, expectedStatus, budget], n): Case => ({
      operation: 'UpdateJobStatus',
      outcome,
      job: { token: `bench-count-status-${n}`, status },
      request: (id) => updateRequest(id, requested),
      expectedStatus,
      budget,
    }),
  ),
  { operation: 'UpdateJobStatus', outcome: 'NoSuchJob', request: () => updateRequest(NO_JOB, 'Cancelled'), expectedStatus: 404, budget: 1 },
  { operation: 'UpdateJobStatus', outcome: 'refused: requestedJobStatus=Paused', request: () => updateRequest(NO_JOB, 'Paused'), expectedStatus: 400, budget: 0 },
  { operation: 'UpdateJobStatus', outcome: 'refused: JobId too short', request: () => updateRequest('bad', 'Ready'), expectedStatus: 400, budget: 0 },
  { operation: 'DeleteJob', outcome: 'deleted (Complete)', job: { token: 'bench-count-delete', status: 'Complete' }, request: (id) => jobRequest('DELETE', `/jobs/${id}`), expectedStatus: 204, budget: 1 },
  {
    operation: 'DeleteJob',
    outcome: 'refused: not final (Active)',
    job: { token: 'bench-count-delete-active', status: 'Active' },
    request: (id) => jobRequest('DELETE', `/jobs/${id}`),
    expectedStatus: 400,
    budget: 1,
  },
  { operation: 'DeleteJob', outcome: 'NoSuchJob', request: () => jobRequest('DELETE', `/jobs/${NO_JOB}`), expectedStatus: 404, budget: 1 },
  { operation: 'DeleteJob', outcome: 'refused: JobId too short', request: () => jobRequest('DELETE', '/jobs/bad'), expectedStatus: 400, budget: 0 },
];

/** How many creates with one new token go at once, each through its own container (handler, client, counter). */
const RACERS = 8;

export async function databaseRequests(endpoint: string, db: DynamoDBClient): Promise<{ rows: RequestCountRow[]; keyReads: number; ok: boolean }> {
  const { client, sent } = countingClient(endpoint);
  const handle = handlerOver(jobStoreAt(client), keysAt(client));
  const appidOf = (spec: RequestSpec) => spec.headers?.['x-cos-appid'];
  const keyFor = (spec: RequestSpec) => Object.values(KEYS).find((k) => k.appId === appidOf(spec)) ?? KEYS.main;

  // Each key's first use reads it (then cached for a minute): counted once, apart.
  sent.count = 0;
  const warm = await handle(signedEvent(jobRequest('GET', `/jobs/${NO_JOB}`)));
  const keyReads = sent.count - 1;
  if (warm.statusCode !== 404) throw new Error(`warm-up answered ${warm.statusCode}`);
  await handle(signedEvent(jobRequest('GET', `/jobs/${NO_JOB}`, '', LIST), KEYS.list));

  const rows: RequestCountRow[] = [];
  for (const c of CASES) {
    let jobId = NO_JOB;
    if (c.job) {
      const job = newJob(APPID, c.job.token, c.job.status);
      await seedJobs(db, JOBS_TABLE, [job]);
      jobId = job.key.jobId;
    }
    const spec = c.request(jobId);
    const event = signedEvent(spec, keyFor(spec));
    sent.count = 0;
    const result = await handle(event);
    rows.push(row(c.operation, c.outcome, result.statusCode, c.expectedStatus, sent.count, c.budget));
  }
  rows.splice(rows.findIndex((r) => r.operation === 'CreateJob' && r.outcome.startsWith('refused')), 0, await contention(endpoint));
  client.destroy();
  const ok = rows.every((r) => r.withinBudget && r.status === r.expectedStatus);

  say(`   reading the caller's key: ${keyReads} GetItem on a key's first use, then cached for a minute per container`);
  table(
    ['operation', 'outcome', 'HTTP', 'requests', 'budget', ''],
    rows.map((r) => [
      r.operation,
      r.outcome,
      r.status === r.expectedStatus ? String(r.status) : `${r.status} (expected ${r.expectedStatus})`,
      String(r.requests),
      String(r.budget),
      r.withinBudget ? '' : 'OVER BUDGET',
    ]),
  );
  say(`   every request within the contract's budget (spec job-api.md §8): ${verdict(ok)}`);
  return { rows, keyReads, ok };
}

function row(operation: string, outcome: string, status: number, expectedStatus: number, requests: number, budget: number): RequestCountRow {
  return { operation, outcome, status, expectedStatus, requests, budget, withinBudget: requests <= budget };
}

/** Creates with one new token at once, each through its own container: the most requests one of them sent. */
async function contention(endpoint: string): Promise<RequestCountRow> {
  const containers = Array.from({ length: RACERS }, () => {
    const { client, sent } = countingClient(endpoint);
    return { client, sent, handle: handlerOver(jobStoreAt(client), keysAt(client)) };
  });
  // Their keys first, so that only the creates race.
  await Promise.all(containers.map((c) => c.handle(signedEvent(jobRequest('GET', `/jobs/${NO_JOB}`)))));
  const events = containers.map(() => signedEvent(createRequest(createJobBody('bench-count-race'))));
  for (const c of containers) c.sent.count = 0;
  const results = await Promise.all(containers.map((c, n) => c.handle(events[n])));
  const most = Math.max(...containers.map((c) => c.sent.count));
  for (const c of containers) c.client.destroy();
  const statuses = results.map((r) => r.statusCode);
  // Every one answers the one job (200), or 503 when the others kept it busy past the budget.
  const allAnswered = statuses.every((s) => s === 200 || s === 503);
  return row('CreateJob', `${RACERS} at once, one new token (most sent by one)`, allAnswered ? 200 : statuses.find((s) => s !== 200 && s !== 503)!, 200, most, 2);
}
