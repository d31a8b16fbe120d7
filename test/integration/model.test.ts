/**
 * Model-based: random sequences of requests of all six operations and job-runner writes against one job (real
 * handler, DynamoDB Local), every answer and the final item checked against a pure model of the job. Then the same
 * writers truly concurrently.
 */
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { JOB_STATUSES, type JobStatus, type RequestedJobStatus } from '../../lib/jobs/status';
import { transitionFor } from '../../lib/jobs/transitions';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { getJob, putJob, useTestTable } from '../support/dynamodb';
import { isFinal } from '../../lib/jobs/job';
import { APPID, httpApiEvent, jobRequest, restEvent, updateRequest } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { RUNNER_MOVES, runnerMove } from '../support/runner';
import { parseCosDocument, parseCosXml } from '../support/xml';

export const MODEL_RUNS = Number(process.env.MODEL_RUNS ?? 100);

const db = useTestTable();
let handle: ReturnType<typeof createApp>;

beforeAll(async () => {
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('model') });
});

interface Model {
  status: JobStatus;
  version: number;
  reason: string | undefined;
  priority: number;
  /** False once DeleteJob removed it. */
  exists: boolean;
}
interface Real {
  jobId: string;
}

/** Every command but the runner's answers 404 for a deleted job. */
function expectGone(result: { statusCode: number; body: string }): void {
  expect([result.statusCode, parseCosXml(result.body).fields.Code]).toEqual([404, 'NoSuchJob']);
}

class ApiRequest implements fc.AsyncCommand<Model, Real> {
  constructor(readonly requested: RequestedJobStatus, readonly reason: string) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const result = await handle(restEvent(updateRequest(real.jobId, this.requested, { reason: this.reason, appId: real.jobId })));
    if (!model.exists) return expectGone(result);
    const { fields } = parseCosXml(result.body);
    const t = transitionFor(model.status, this.requested);
    if (t.kind === 'move') {
      expect([result.statusCode, fields]).toEqual([200, { JobId: real.jobId, Status: t.to, StatusUpdateReason: this.reason }]);
      Object.assign(model, { status: t.to, version: model.version + 1, reason: this.reason });
    } else {
      const message = t.reason === 'job-already-finished' ? 'The specified job has already been completed' : 'Error with the job status change';
      expect([result.statusCode, fields.Code, fields.Message]).toEqual([400, 'InvalidRequest', message]);
    }
  }
  toString = () => `api(${this.requested}, ${JSON.stringify(this.reason)})`;
}

class PriorityChange implements fc.AsyncCommand<Model, Real> {
  constructor(readonly priority: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const result = await handle(httpApiEvent(jobRequest('POST', `/jobs/${real.jobId}/priority`, `priority=${this.priority}`, real.jobId)));
    if (!model.exists || isFinal(model.status)) return expectGone(result);
    expect([result.statusCode, parseCosXml(result.body).fields]).toEqual([200, { JobId: real.jobId, Priority: String(this.priority) }]);
    model.priority = this.priority; // Version counts status changes only
  }
  toString = () => `priority(${this.priority})`;
}

class Describe implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const result = await handle(restEvent(jobRequest('GET', `/jobs/${real.jobId}`, '', real.jobId)));
    if (!model.exists) return expectGone(result);
    const { Job } = parseCosDocument(result.body).content as { Job: Record<string, string> };
    expect([result.statusCode, Job.Status, Job.Priority, Job.StatusUpdateReason]).toEqual([200, model.status, String(model.priority), model.reason ?? '']);
  }
  toString = () => 'describe';
}

class ListByStatus implements fc.AsyncCommand<Model, Real> {
  constructor(readonly status: JobStatus) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const result = await handle(httpApiEvent(jobRequest('GET', '/jobs', `jobStatuses=${this.status}&maxResults=1000`, real.jobId)));
    expect(result.statusCode).toBe(200);
    const { Jobs } = parseCosDocument(result.body).content as { Jobs: '' | { member: unknown } };
    const listed = Jobs === '' ? [] : [Jobs.member].flat().map((m) => (m as { JobId: string }).JobId);
    expect(listed).toEqual(model.exists && model.status === this.status ? [real.jobId] : []);
  }
  toString = () => `list(${this.status})`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const result = await handle(restEvent(jobRequest('DELETE', `/jobs/${real.jobId}`, '', real.jobId)));
    if (!model.exists) return expectGone(result);
    if (!isFinal(model.status)) {
      expect([result.statusCode, parseCosXml(result.body).fields.Code]).toEqual([400, 'InvalidRequest']);
      return;
    }
    expect([result.statusCode, result.body]).toEqual([204, '']);
    model.exists = false;
  }
  toString = () => 'delete';
}

class RunnerMove implements fc.AsyncCommand<Model, Real> {
  constructor(readonly from: JobStatus, readonly to: JobStatus) {}
  check = (model: Readonly<Model>) => model.exists && model.status === this.from;
  async run(model: Model, real: Real): Promise<void> {
    expect(await runnerMove(db.client, db.name, { appId: real.jobId, jobId: real.jobId }, this.from, this.to, model.version)).toBe(true);
    Object.assign(model, { status: this.to, version: model.version + 1 });
  }
  toString = () => `runner(${this.from}→${this.to})`;
}

const commands = fc.commands(
  [
    fc.record({ requested: fc.constantFrom<RequestedJobStatus>('Ready', 'Cancelled'), reason: fc.string({ maxLength: 20 }) }).map(
      (r) => new ApiRequest(r.requested, r.reason),
    ),
    fc.constantFrom(...RUNNER_MOVES).map(([from, to]) => new RunnerMove(from, to)),
    fc.integer({ min: 0, max: 2147483647 }).map((p) => new PriorityChange(p)),
    fc.constant(new Describe()),
    fc.constantFrom(...JOB_STATUSES).map((status) => new ListByStatus(status)),
    fc.constant(new Delete()),
  ],
  { maxCommands: 25 },
);

let runs = 0;
it(`matches the model over ${MODEL_RUNS} random histories of all six operations and runner writes`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...JOB_STATUSES), commands, async (start, cmds) => {
      // Each history under its own appid, so that its listings see only its job (the appid doubles as the job id).
      const jobId = `model-${++runs}`;
      const extra = { Owner: { S: 'creator' }, Priority: { N: '5' }, StatusJobId: { S: `${start}#${jobId}` } };
      await putJob(db.client, db.name, { appId: jobId, jobId, status: start, extra });
      const model: Model = { status: start, version: 0, reason: undefined, priority: 5, exists: true };
      await fc.asyncModelRun(() => ({ model, real: { jobId } }), cmds);
      const item = await getJob(db.client, db.name, jobId, jobId);
      if (!model.exists) return expect(item).toBeUndefined();
      expect(item!.Status).toEqual({ S: model.status });
      expect(item!.StatusJobId).toEqual({ S: `${model.status}#${jobId}` });
      expect(item!.Priority).toEqual({ N: String(model.priority) });
      expect(Number(item!.Version?.N ?? 0)).toBe(model.version);
      expect(item!.StatusUpdateReason?.S).toBe(model.reason);
      expect(item!.Owner).toEqual({ S: 'creator' });
    }),
    { numRuns: MODEL_RUNS },
  );
});

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
