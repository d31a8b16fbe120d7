/**
 * Model-based: random histories of all six operations and job-runner writes against one tenant's jobs (real
 * handler, DynamoDB Local), every answer and, at the end, every item of the tenant's partition checked against a
 * pure model. Jobs are made through CreateJob (three tokens, two request variants each: repeats, taken tokens, and
 * tokens freed by DeleteJob and used again), plus sometimes one job written by another tool in any status. Priority
 * changes race status changes (the API's and the runner's): neither undoes the other. Then the same writers truly
 * concurrently.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { MESSAGES } from '../../lib/cos/errors';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { isFinal } from '../../lib/jobs/job';
import { JOB_STATUSES, type JobStatus, type RequestedJobStatus } from '../../lib/jobs/status';
import { transitionFor } from '../../lib/jobs/transitions';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { getJob, putJob, scanAll, useTestTable } from '../support/dynamodb';
import { APPID, createRequest, httpApiEvent, jobRequest, restEvent, updateRequest } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { DynamoDbRunnerStore } from '../../lib/store/dynamodb/dynamodb-runner-store';
import { chunkId } from '../../lib/store/dynamodb/runner-inputs';
import { RETENTION_DAYS, RUNNER_MOVE_REASON, RUNNER_MOVES, runnerMove, TEST_PLAN } from '../support/runner';
import { parseCosDocument, parseCosXml } from '../support/xml';

export const MODEL_RUNS = Number(process.env.MODEL_RUNS ?? 100);

const BODY = readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', 'go-sdk-copy.xml'), 'utf8');
const TOKENS = ['token-a', 'token-b', 'token-c'] as const;
const FIXTURE_PRIORITY = 1;
const bodyFor = (token: string, variant: number) =>
  BODY.replace('1829b6c7-3141-42f1-9fe4-17082b841646', token).replace('test batch', `variant ${variant}`);

const db = useTestTable();
let handle: ReturnType<typeof createApp>;

beforeAll(async () => {
  // A clock that never reads the same millisecond twice: JobIds are time-ordered, and a token used again after
  // DeleteJob in the same millisecond would make the deleted job's id again (see job-api-races.test.ts).
  let clock = Date.now();
  const now = () => new Date((clock = Math.max(clock + 1, Date.now())));
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('model'), now });
});

interface JobModel {
  readonly jobId: string;
  /** Undefined for the job another tool wrote. */
  readonly token: string | undefined;
  readonly description: string;
  status: JobStatus;
  /** Status changes so far (the item's Version): the runner's writes are conditioned on it. */
  version: number;
  reason: string | undefined;
  priority: number;
  /** Set when a write moved it into a final status: TerminationDate and ExpiresAt (a seeded final job has neither). */
  terminated: boolean;
  /** False once DeleteJob removed it. */
  exists: boolean;
  /** The runner's progress: set up when it left Preparing (TEST_PLAN), then one chunk at a time. */
  planned?: boolean;
  chunks?: number;
  succeeded?: number;
}
interface Model {
  readonly appId: string;
  /** In creation order, deleted ones included. */
  readonly jobs: JobModel[];
}
type Real = Record<string, never>;
type Answer = Awaited<ReturnType<typeof handle>>;

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const errorOf = (result: Answer) => {
  const { fields } = parseCosXml(result.body);
  return [result.statusCode, fields.Code, fields.Message];
};
/** The job a command names: the k-th the history made (deleted or not). */
const jobAt = (model: Readonly<Model>, k: number) => model.jobs[k % model.jobs.length]!;
const hasJobs = (model: Readonly<Model>) => model.jobs.length > 0;

/** The expected answer to a status change, and the model after it. */
function expectStatusChange(job: JobModel, requested: RequestedJobStatus, reason: string, result: Answer): void {
  if (!job.exists) {
    expect(errorOf(result)).toEqual([404, 'NoSuchJob', MESSAGES.noSuchJobOrFinished]);
    return;
  }
  const t = transitionFor(job.status, requested);
  if (t.kind === 'move') {
    expect([result.statusCode, parseCosXml(result.body).fields]).toEqual([200, { JobId: job.jobId, Status: t.to, StatusUpdateReason: reason }]);
    Object.assign(job, { status: t.to, version: job.version + 1, reason, terminated: job.terminated || isFinal(t.to) });
  } else {
    const message = t.reason === 'job-already-finished' ? MESSAGES.jobAlreadyFinished : MESSAGES.statusChangeNotAllowed;
    expect(errorOf(result)).toEqual([400, 'InvalidRequest', message]);
  }
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(readonly token: string, readonly variant: number) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const description = `variant ${this.variant}`;
    const toEvent = this.variant === 0 ? restEvent : httpApiEvent;
    const result = await handle(toEvent(createRequest(bodyFor(this.token, this.variant), { appId: model.appId })));
    const holder = model.jobs.find((j) => j.exists && j.token === this.token);
    if (holder && holder.description === description) {
      expect([result.statusCode, parseCosXml(result.body).fields]).toEqual([200, { JobId: holder.jobId }]); // a repeat
    } else if (holder) {
      expect(errorOf(result)).toEqual([400, 'InvalidRequest', MESSAGES.tokenTaken]);
    } else {
      // A free token (never used, or its job deleted): a new job, whose id no earlier job had.
      expect(result.statusCode).toBe(200);
      const jobId = parseCosXml(result.body).fields.JobId!;
      expect(jobId).toMatch(JOB_ID);
      expect(model.jobs.map((j) => j.jobId)).not.toContain(jobId);
      const earlier = model.jobs.find((j) => j.token === this.token);
      if (earlier) expect(jobId.slice(14)).toBe(earlier.jobId.slice(14)); // the token's tail: its reservation's key
      model.jobs.push({ jobId, token: this.token, description, status: 'New', version: 0, reason: undefined, priority: FIXTURE_PRIORITY, terminated: false, exists: true });
    }
  }
  toString = () => `create(${this.token}, variant ${this.variant})`;
}

class StatusChange implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number, readonly requested: RequestedJobStatus, readonly reason: string) {}
  check = hasJobs;
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const result = await handle(restEvent(updateRequest(job.jobId, this.requested, { reason: this.reason, appId: model.appId })));
    expectStatusChange(job, this.requested, this.reason, result);
  }
  toString = () => `status(#${this.k}, ${this.requested}, ${JSON.stringify(this.reason)})`;
}

class PriorityChange implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number, readonly priority: number) {}
  check = hasJobs;
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const result = await handle(httpApiEvent(jobRequest('POST', `/jobs/${job.jobId}/priority`, `priority=${this.priority}`, model.appId)));
    if (!job.exists || isFinal(job.status)) {
      expect(errorOf(result)).toEqual([404, 'NoSuchJob', MESSAGES.noSuchJobOrFinished]);
      return;
    }
    expect([result.statusCode, parseCosXml(result.body).fields]).toEqual([200, { JobId: job.jobId, Priority: String(this.priority) }]);
    job.priority = this.priority; // Version counts status changes only
  }
  toString = () => `priority(#${this.k}, ${this.priority})`;
}

class Describe implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number) {}
  check = hasJobs;
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const result = await handle(restEvent(jobRequest('GET', `/jobs/${job.jobId}`, '', model.appId)));
    if (!job.exists) {
      expect(errorOf(result)).toEqual([404, 'NoSuchJob', MESSAGES.noSuchJob]);
      return;
    }
    expect(result.statusCode).toBe(200);
    const { Job } = parseCosDocument(result.body).content as { Job: Record<string, string> };
    expect([Job.JobId, Job.Status, Job.Priority, Job.StatusUpdateReason, Job.Description]).toEqual([
      job.jobId,
      job.status,
      String(job.priority),
      job.reason ?? '',
      job.description,
    ]);
  }
  toString = () => `describe(#${this.k})`;
}

class List implements fc.AsyncCommand<Model, Real> {
  constructor(readonly status: JobStatus | undefined, readonly maxResults: number) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const listed: Array<Record<string, string>> = [];
    let next = '';
    for (let page = 0; page < 50; page++) {
      const query = [`maxResults=${this.maxResults}`, this.status && `jobStatuses=${this.status}`, next && `nextToken=${next}`].filter(Boolean).join('&');
      const result = await handle(httpApiEvent(jobRequest('GET', '/jobs', query, model.appId)));
      expect(result.statusCode).toBe(200);
      const { Jobs, NextToken } = parseCosDocument(result.body).content as { Jobs: '' | { member: unknown }; NextToken?: string };
      const members = Jobs === '' ? [] : ([Jobs.member].flat() as Array<Record<string, string>>);
      expect(members.length).toBeLessThanOrEqual(this.maxResults);
      listed.push(...members);
      if (!NextToken) break;
      next = NextToken;
    }
    const expected = model.jobs
      .filter((j) => j.exists && (this.status === undefined || j.status === this.status))
      .sort((a, b) => (a.jobId < b.jobId ? -1 : 1))
      .map((j) => [j.jobId, j.status, String(j.priority), j.description]);
    expect(listed.map((m) => [m.JobId, m.Status, m.Priority, m.Description])).toEqual(expected);
  }
  toString = () => `list(${this.status ?? 'all'}, ${this.maxResults} a page)`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number) {}
  check = hasJobs;
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const result = await handle(restEvent(jobRequest('DELETE', `/jobs/${job.jobId}`, '', model.appId)));
    if (!job.exists) {
      expect(errorOf(result)).toEqual([404, 'NoSuchJob', MESSAGES.noSuchJob]);
    } else if (!isFinal(job.status)) {
      expect(errorOf(result)).toEqual([400, 'InvalidRequest', MESSAGES.deleteNotFinished]);
    } else {
      expect([result.statusCode, result.body]).toEqual([204, '']);
      job.exists = false;
    }
  }
  toString = () => `delete(#${this.k})`;
}

/** The runner's moves from a status (the lifecycle edges this API does not make). */
const runnerMovesFrom = (status: JobStatus) => RUNNER_MOVES.filter(([from]) => from === status);

class RunnerMove implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number, readonly choice: number) {}
  check = (model: Readonly<Model>) => hasJobs(model) && jobAt(model, this.k).exists && runnerMovesFrom(jobAt(model, this.k).status).length > 0;
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const moves = runnerMovesFrom(job.status);
    const [from, to] = moves[this.choice % moves.length]!;
    expect(await runnerMove(db.client, db.name, { appId: model.appId, jobId: job.jobId }, from, to, job.version)).toBe(true);
    moved(job, from, to);
  }
  toString = () => `runner(#${this.k}, move ${this.choice})`;
}

/** The model after a runner's move: its reason, and the chunk plan when it leaves Preparing for Ready or Suspended. */
function moved(job: JobModel, from: JobStatus, to: JobStatus): void {
  Object.assign(job, { status: to, version: job.version + 1, reason: RUNNER_MOVE_REASON, terminated: job.terminated || isFinal(to) });
  if (from === 'Preparing' && (to === 'Ready' || to === 'Suspended')) Object.assign(job, { planned: true, chunks: 0, succeeded: 0 });
}

/**
 * The runner's work on a prepared job: hand out its next chunk, lease it, commit its outcome (2 tasks succeeded) —
 * at the same time as an API cancel when `raceCancel` — then commit it again, as a duplicate delivery would: the
 * second commit changes nothing, and the cancel is decided by the status alone.
 */
class RunnerChunk implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number, readonly raceCancel: boolean) {}
  check = (model: Readonly<Model>) => {
    if (!hasJobs(model)) return false;
    const job = jobAt(model, this.k);
    return job.exists && job.planned === true && (job.chunks ?? 0) < TEST_PLAN.total;
  };
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const store = new DynamoDbRunnerStore(db.client, db.name, RETENTION_DAYS);
    const chunk = job.chunks!;
    const next = { file: 0, offset: (chunk + 1) * 10, line: (chunk + 1) * 2 + 1 };
    const work = async () => {
      expect(await store.advanceCursor(model.appId, job.jobId, chunk, next)).toBe(true);
      expect(await store.leaseChunk(model.appId, job.jobId, chunk, 'first', Date.now() + 60_000, Date.now())).toBe('leased');
      return store.commitChunk(model.appId, job.jobId, chunk, 'first', { succeeded: 2, failed: 0, results: [], skipped: false });
    };
    const [committed, cancel] = await Promise.all([
      work(),
      this.raceCancel ? handle(restEvent(updateRequest(job.jobId, 'Cancelled', { reason: 'raced a chunk', appId: model.appId }))) : undefined,
    ]);
    expect(committed).toBe(true);
    if (cancel) expectStatusChange(job, 'Cancelled', 'raced a chunk', cancel);
    Object.assign(job, { chunks: chunk + 1, succeeded: job.succeeded! + 2 });
    seen.chunks++;
    if (cancel) seen.chunksRacingCancels++;
    // Delivered again: another holder cannot take it, and the first cannot count it twice.
    expect(await store.leaseChunk(model.appId, job.jobId, chunk, 'second', Date.now() + 60_000, Date.now())).toBe('committed');
    expect(await store.commitChunk(model.appId, job.jobId, chunk, 'first', { succeeded: 2, failed: 0, results: [], skipped: false })).toBe(false);
  }
  toString = () => `chunk(#${this.k}${this.raceCancel ? ', racing a cancel' : ''})`;
}

/** A priority change and a status change (the runner's when it has one to make, else the API's) at the same time. */
class PriorityRacesStatus implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number, readonly priority: number, readonly byRunner: boolean, readonly requested: RequestedJobStatus, readonly choice: number) {}
  check = (model: Readonly<Model>) => hasJobs(model) && jobAt(model, this.k).exists;
  async run(model: Model): Promise<void> {
    const job = jobAt(model, this.k);
    const before = job.status;
    const moves = runnerMovesFrom(before);
    const runner = this.byRunner && moves.length > 0 ? moves[this.choice % moves.length]! : undefined;
    const [priorityAnswer, statusAnswer] = await Promise.all([
      handle(httpApiEvent(jobRequest('POST', `/jobs/${job.jobId}/priority`, `priority=${this.priority}`, model.appId))),
      runner
        ? runnerMove(db.client, db.name, { appId: model.appId, jobId: job.jobId }, runner[0], runner[1], job.version)
        : handle(restEvent(updateRequest(job.jobId, this.requested, { reason: 'raced', appId: model.appId }))),
    ]);
    // The status change is decided by the status alone: the priority write touches neither Status nor Version.
    if (runner) {
      expect(statusAnswer).toBe(true);
      moved(job, runner[0], runner[1]);
    } else {
      expectStatusChange(job, this.requested, 'raced', statusAnswer as Answer);
    }
    // The priority change succeeds unless the job was final, or became final first.
    if (isFinal(before) || (isFinal(job.status) && priorityAnswer.statusCode === 404)) {
      expect(errorOf(priorityAnswer)).toEqual([404, 'NoSuchJob', MESSAGES.noSuchJobOrFinished]);
    } else {
      expect([priorityAnswer.statusCode, parseCosXml(priorityAnswer.body).fields]).toEqual([200, { JobId: job.jobId, Priority: String(this.priority) }]);
      job.priority = this.priority;
    }
    // Neither undid the other.
    const item = (await getJob(db.client, db.name, model.appId, job.jobId))!;
    expect([item.Status?.S, item.Priority?.N, Number(item.Version?.N ?? 0)]).toEqual([job.status, String(job.priority), job.version]);
  }
  toString = () =>
    `race(#${this.k}, priority ${this.priority} vs ${this.byRunner ? `runner move ${this.choice}` : `api ${this.requested}`})`;
}

const k = fc.nat(7);
const commands = fc.commands(
  [
    fc.tuple(fc.constantFrom(...TOKENS), fc.nat(1)).map(([token, variant]) => new Create(token, variant)),
    fc.tuple(fc.constantFrom(...TOKENS), fc.nat(1)).map(([token, variant]) => new Create(token, variant)),
    fc.tuple(k, fc.constantFrom<RequestedJobStatus>('Ready', 'Cancelled'), fc.string({ maxLength: 20 })).map(([i, r, reason]) => new StatusChange(i, r, reason)),
    fc.tuple(k, fc.nat(3)).map(([i, choice]) => new RunnerMove(i, choice)),
    fc.tuple(k, fc.nat(3)).map(([i, choice]) => new RunnerMove(i, choice)),
    fc.tuple(k, fc.nat(3)).map(([i, choice]) => new RunnerMove(i, choice)),
    fc.tuple(k, fc.boolean()).map(([i, race]) => new RunnerChunk(i, race)),
    fc.tuple(k, fc.integer({ min: 0, max: 2147483647 })).map(([i, p]) => new PriorityChange(i, p)),
    fc
      .tuple(k, fc.integer({ min: 0, max: 2147483647 }), fc.boolean(), fc.constantFrom<RequestedJobStatus>('Ready', 'Cancelled'), fc.nat(3))
      .map(([i, p, byRunner, r, choice]) => new PriorityRacesStatus(i, p, byRunner, r, choice)),
    k.map((i) => new Describe(i)),
    fc.tuple(fc.option(fc.constantFrom(...JOB_STATUSES), { nil: undefined }), fc.integer({ min: 1, max: 4 })).map(([s, max]) => new List(s, max)),
    k.map((i) => new Delete(i)),
  ],
  { maxCommands: 40, size: 'medium' },
);

/** Every item of the tenant's partition: exactly the model's live jobs, as the model says, and their tokens' reservations. */
async function expectTableMatches(model: Model): Promise<void> {
  const items = (await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === model.appId);
  const live = model.jobs.filter((j) => j.exists);
  // Chunk items stay after their job is deleted, until the table's TTL removes them.
  const chunkKeys = model.jobs.flatMap((j) => Array.from({ length: j.chunks ?? 0 }, (_, c) => chunkId(j.jobId, c)));
  const expectedKeys = [...live.map((j) => j.jobId), ...live.filter((j) => j.token).map((j) => `~token~${j.jobId.slice(14)}`), ...chunkKeys].sort();
  expect(items.map((i) => i.JobId!.S)).toEqual(expectedKeys);
  for (const job of live) {
    const item = items.find((i) => i.JobId!.S === job.jobId)!;
    expect({
      status: item.Status,
      statusJobId: item.StatusJobId,
      priority: item.Priority,
      version: Number(item.Version?.N ?? 0),
      reason: item.StatusUpdateReason?.S,
      description: item.Description?.S,
      expiresAt: item.ExpiresAt?.N,
      succeeded: item.NumberOfTasksSucceeded?.N,
      plan: job.planned ? [item.TotalNumberOfTasks?.N, item.ChunksTotal?.N, item.ChunksDispatched?.N, item.ChunksSettled?.N] : undefined,
    }).toEqual({
      status: { S: job.status },
      statusJobId: { S: `${job.status}#${job.jobId}` },
      priority: { N: String(job.priority) },
      version: job.version,
      reason: job.reason,
      description: job.description,
      // Every write into a final status dated the end and set the expiry (DynamoDB TTL) 90 days after it.
      expiresAt: job.terminated ? String(Date.parse(item.TerminationDate?.S ?? '') / 1000 + RETENTION_DAYS * 86_400) : undefined,
      // Counted once per chunk, whatever raced it.
      succeeded: job.token || job.succeeded ? String(job.succeeded ?? 0) : undefined,
      plan: job.planned ? [String(TEST_PLAN.tasks), String(TEST_PLAN.total), String(job.chunks), String(job.chunks)] : undefined,
    });
    if (job.token) {
      const reservation = items.find((i) => i.JobId!.S === `~token~${job.jobId.slice(14)}`)!;
      expect([reservation.JobRef?.S, reservation.ClientRequestToken?.S]).toEqual([job.jobId, job.token]);
    }
  }
}

let runs = 0;
const seen = { created: 0, deleted: 0, reused: 0, chunks: 0, chunksRacingCancels: 0 };
it(`matches the model over ${MODEL_RUNS} random histories of all six operations and runner writes`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.option(fc.constantFrom(...JOB_STATUSES), { nil: undefined, freq: 3 }), commands, async (seeded, cmds) => {
      // Each history under its own appid, so that its listings and its tokens are its own.
      const appId = `model-${++runs}`;
      const model: Model = { appId, jobs: [] };
      if (seeded) {
        const jobId = `seeded-${runs}`;
        const extra = { Priority: { N: '5' }, Description: { S: 'seeded' }, StatusJobId: { S: `${seeded}#${jobId}` } };
        await putJob(db.client, db.name, { appId, jobId, status: seeded, extra });
        model.jobs.push({ jobId, token: undefined, description: 'seeded', status: seeded, version: 0, reason: undefined, priority: 5, terminated: false, exists: true });
      }
      await fc.asyncModelRun(() => ({ model, real: {} }), cmds);
      await expectTableMatches(model);
      const made = model.jobs.filter((j) => j.token);
      seen.created += made.length;
      seen.deleted += model.jobs.filter((j) => !j.exists).length;
      seen.reused += made.length - new Set(made.map((j) => j.token)).size;
    }),
    // A history that frees a token and makes a job with it again, first: the random ones do so only 4 to 11 times in 100.
    { numRuns: MODEL_RUNS, examples: [[undefined, [new Create('token-a', 0), new StatusChange(0, 'Cancelled', 'done'), new Delete(0), new Create('token-a', 1), new Describe(1)]]] },
  );
  if (process.env.VERBOSE === '1') process.stderr.write(`model: ${JSON.stringify(seen)}\n`);
  // The histories did make, delete, and make again with a freed token.
  expect(seen.created).toBeGreaterThan(0);
  if (MODEL_RUNS >= 50) expect([seen.deleted > 0, seen.reused > 0, seen.chunks > 0, seen.chunksRacingCancels > 0]).toEqual([true, true, true, true]);
}, 600_000);

it('stays consistent when a runner cycles Active → Pausing → Paused → Active while 20 cancels race it', async () => {
  for (let round = 0; round < 10; round++) {
    const jobId = `runner-race-${round}`;
    await putJob(db.client, db.name, { appId: APPID, jobId, status: 'Active' });
    let runnerWrites = 0;
    let stop = false;
    const runner = (async () => {
      const cycle: Record<string, JobStatus> = { Active: 'Pausing', Pausing: 'Paused', Paused: 'Active', Cancelling: 'Cancelled' };
      while (!stop) {
        const item = (await getJob(db.client, db.name, APPID, jobId))!;
        const status = item.Status!.S as JobStatus;
        if (status === 'Cancelled') break;
        const next = cycle[status];
        if (next && (await runnerMove(db.client, db.name, { appId: APPID, jobId }, status, next, Number(item.Version?.N ?? 0)))) runnerWrites++;
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => handle(restEvent(updateRequest(jobId, 'Cancelled', { reason: `r${i}` })))),
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await getJob(db.client, db.name, APPID, jobId))!.Status!.S !== 'Cancelled') {
      await new Promise((r) => setTimeout(r, 5));
    }
    stop = true;
    await runner;

    const oks = answers.filter((a) => a.statusCode === 200).map((a) => parseCosXml(a.body).fields);
    expect(oks).toHaveLength(1);
    expect(oks[0]!.Status).toBe('Cancelling');
    for (const a of answers.filter((x) => x.statusCode !== 200)) {
      expect(a.statusCode).toBe(400);
      expect(['Error with the job status change', 'The specified job has already been completed']).toContain(parseCosXml(a.body).fields.Message);
    }
    const item = (await getJob(db.client, db.name, APPID, jobId))!;
    expect(item.Status).toEqual({ S: 'Cancelled' });
    expect(Number(item.Version!.N)).toBe(1 + runnerWrites);
  }
});
