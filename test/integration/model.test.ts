/**
 * Model-based: random sequences of API requests and job-runner writes against one job (real handler, DynamoDB
 * Local), every answer and the final item checked against a pure model of the job. Then the same two writers
 * truly concurrently.
 */
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { JOB_STATUSES, type JobStatus, type RequestedJobStatus } from '../../lib/jobs/status';
import { transitionFor } from '../../lib/jobs/transitions';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { getJob, putJob, useTestTable } from '../support/dynamodb';
import { APPID, restEvent, updateRequest } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { RUNNER_MOVES, runnerMove } from '../support/runner';
import { parseCosXml } from '../support/xml';

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
}
interface Real {
  jobId: string;
}

class ApiRequest implements fc.AsyncCommand<Model, Real> {
  constructor(readonly requested: RequestedJobStatus, readonly reason: string) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const result = await handle(restEvent(updateRequest(real.jobId, this.requested, { reason: this.reason })));
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

class RunnerMove implements fc.AsyncCommand<Model, Real> {
  constructor(readonly from: JobStatus, readonly to: JobStatus) {}
  check = (model: Readonly<Model>) => model.status === this.from;
  async run(model: Model, real: Real): Promise<void> {
    expect(await runnerMove(db.client, db.name, { appId: APPID, jobId: real.jobId }, this.from, this.to, model.version)).toBe(true);
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
  ],
  { maxCommands: 25 },
);

let runs = 0;
it(`matches the model over ${MODEL_RUNS} random histories of API requests and runner writes`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...JOB_STATUSES), commands, async (start, cmds) => {
      const jobId = `model-${++runs}`;
      await putJob(db.client, db.name, { appId: APPID, jobId, status: start, extra: { Owner: { S: 'creator' } } });
      const model: Model = { status: start, version: 0, reason: undefined };
      await fc.asyncModelRun(() => ({ model, real: { jobId } }), cmds);
      const item = (await getJob(db.client, db.name, APPID, jobId))!;
      expect(item.Status).toEqual({ S: model.status });
      expect(Number(item.Version?.N ?? 0)).toBe(model.version);
      expect(item.StatusUpdateReason?.S).toBe(model.reason);
      expect(item.Owner).toEqual({ S: 'creator' });
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
