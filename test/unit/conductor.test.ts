/**
 * The conductor against scripted ports (no I/O): what each change of the job table leads to, and what it leaves
 * alone — chunk items and reservations, a repeated Preparing change, a DeleteJob removal against a TTL removal.
 */
import { needsScheduling, onJobChange, type ConductorDeps, type JobChange } from '../../lib/runner/conductor';
import type { Queue, RunnerJob, RunnerMessage, RunnerStore, RunnerTransition, Storage } from '../../lib/runner/ports';
import { jobChangeOf } from '../../lib/stream/job-change';

function job(over: Partial<RunnerJob>): RunnerJob {
  return {
    appId: 'a1',
    jobId: 'j1',
    status: 'New',
    priority: 1,
    confirmationRequired: false,
    total: 0,
    succeeded: 0,
    failed: 0,
    chunkSize: 0,
    chunksTotal: 0,
    chunksDispatched: 0,
    chunksSettled: 0,
    cursor: { file: 0, offset: 0, line: 1 },
    manifest: undefined,
    operation: undefined,
    report: undefined,
    activeSeconds: 0,
    ...over,
  };
}

function deps(jobs: RunnerJob[]) {
  const transitions: RunnerTransition[] = [];
  const sent: RunnerMessage[] = [];
  const released: string[] = [];
  const store: Partial<RunnerStore> = {
    getJob: async (_appId, jobId) => jobs.find((j) => j.jobId === jobId),
    listByStatus: async (_appId, statuses) => jobs.filter((j) => statuses.includes(j.status)),
    transition: async (t) => (transitions.push(t), true),
    releaseToken: async (_appId, jobId) => void released.push(jobId),
  };
  const queue: Queue = { send: async (m) => void sent.push(m) };
  const d: ConductorDeps = {
    store: store as RunnerStore,
    storage: {} as Storage,
    queue,
    chunkSize: 100,
    window: 8,
    maxActive: 2,
    now: () => new Date('2026-11-28T10:00:00.000Z'),
  };
  return { d, transitions, sent, released };
}

const change = (over: Partial<JobChange>): JobChange => ({ appId: 'a1', jobId: 'j1', kind: 'modify', expired: false, ...over });

it('claims a new job: New → Preparing, one conditional write, nothing sent yet', async () => {
  const { d, transitions, sent } = deps([job({ status: 'New' })]);
  await onJobChange(d, change({ kind: 'insert', newStatus: 'New' }));
  expect(transitions).toEqual([{ appId: 'a1', jobId: 'j1', from: ['New'], to: 'Preparing', reason: 'Reading the manifest', at: '2026-11-28T10:00:00.000Z' }]);
  expect(sent).toEqual([]);
});

it('sends one prepare message for the change into Preparing, none for later changes while it prepares', async () => {
  const { d, sent } = deps([job({ status: 'Preparing' })]);
  await onJobChange(d, change({ oldStatus: 'New', newStatus: 'Preparing' }));
  await onJobChange(d, change({ oldStatus: 'Preparing', newStatus: 'Preparing', oldPriority: 1, newPriority: 5 }));
  expect(sent).toEqual([{ type: 'prepare', appId: 'a1', jobId: 'j1' }]);
});

it('ignores the runner’s chunk items and token reservations', async () => {
  const { d, transitions, sent, released } = deps([]);
  await onJobChange(d, change({ jobId: '~chunk~j1~00000001', kind: 'insert' }));
  await onJobChange(d, change({ jobId: '~token~abc', kind: 'remove', expired: true }));
  expect([transitions, sent, released]).toEqual([[], [], []]);
});

it('frees the token of a job the TTL removed, not of one DeleteJob removed (it freed its own)', async () => {
  const { d, released } = deps([]);
  await onJobChange(d, change({ kind: 'remove', expired: true, oldStatus: 'Complete' }));
  await onJobChange(d, change({ jobId: 'j2', kind: 'remove', expired: false, oldStatus: 'Complete' }));
  expect(released).toEqual(['j1']);
});

it('starts Ready jobs while slots are free, best priority first; a final job frees its slot', async () => {
  const jobs = [job({ jobId: 'j1', status: 'Complete' }), job({ jobId: 'j2', status: 'Ready', priority: 1 }), job({ jobId: 'j3', status: 'Ready', priority: 9 }), job({ jobId: 'j4', status: 'Active', priority: 5, chunkSize: 100 })];
  const { d, transitions } = deps(jobs);
  await onJobChange(d, change({ jobId: 'j1', oldStatus: 'Completing', newStatus: 'Complete' }));
  expect(transitions.map((t) => [t.jobId, t.from, t.to])).toEqual([['j3', ['Ready'], 'Active']]);
  expect(transitions[0]!.set).toEqual({ activeSince: '2026-11-28T10:00:00.000Z' });
});

it('fails a job put in Active without the runner’s plan', async () => {
  const { d, transitions } = deps([job({ status: 'Active', chunkSize: 0 })]);
  await onJobChange(d, change({ oldStatus: 'Ready', newStatus: 'Active' }));
  expect(transitions[0]).toMatchObject({ from: ['Active'], to: 'Failing', set: { failures: [{ code: 'NotPrepared' }] } });
});

it('finalizes a Cancelling job once no chunk is in flight, and waits while one is', async () => {
  const busy = deps([job({ status: 'Cancelling', chunkSize: 100, chunksTotal: 5, chunksDispatched: 3, chunksSettled: 2 })]);
  await onJobChange(busy.d, change({ oldStatus: 'Active', newStatus: 'Cancelling' }));
  expect(busy.sent).toEqual([]);
  const idle = deps([job({ status: 'Cancelling', chunkSize: 100, chunksTotal: 5, chunksDispatched: 3, chunksSettled: 3 })]);
  await onJobChange(idle.d, change({ oldStatus: 'Cancelling', newStatus: 'Cancelling' }));
  expect(idle.sent).toEqual([{ type: 'finalize', appId: 'a1', jobId: 'j1', to: 'Cancelled' }]);
});

it('pauses a Pausing job once its chunks in flight are settled, adding its running time', async () => {
  const { d, transitions } = deps([job({ status: 'Pausing', chunkSize: 100, chunksTotal: 5, chunksDispatched: 2, chunksSettled: 2, activeSince: '2026-11-28T09:59:00.000Z', activeSeconds: 30 })]);
  await onJobChange(d, change({ oldStatus: 'Pausing', newStatus: 'Pausing' }));
  expect(transitions).toEqual([
    { appId: 'a1', jobId: 'j1', from: ['Pausing'], to: 'Paused', reason: 'Paused for a job of higher priority', at: '2026-11-28T10:00:00.000Z', set: { activeSince: null, activeSeconds: 90 } },
  ]);
});

describe('needsScheduling', () => {
  it.each([
    [{ oldStatus: 'Preparing', newStatus: 'Ready' }, true],
    [{ oldStatus: 'Active', newStatus: 'Cancelling' }, true],
    [{ oldStatus: 'Completing', newStatus: 'Complete' }, true],
    [{ oldStatus: 'New', newStatus: 'Preparing' }, false],
    [{ oldStatus: 'Ready', newStatus: 'Ready', oldPriority: 1, newPriority: 2 }, true],
    [{ oldStatus: 'Suspended', newStatus: 'Suspended', oldPriority: 1, newPriority: 2 }, false],
    [{ oldStatus: 'Active', newStatus: 'Active', oldPriority: 1, newPriority: 1 }, false],
  ] as const)('%j → %s', (c, expected) => {
    expect(needsScheduling(change(c))).toBe(expected);
  });
});

describe('jobChangeOf (a stream record)', () => {
  const keys = { AppId: { S: 'a1' }, JobId: { S: 'j1' } };
  it('reads the statuses and priorities of both images', () => {
    expect(
      jobChangeOf({
        eventName: 'MODIFY',
        dynamodb: { Keys: keys, OldImage: { ...keys, Status: { S: 'Ready' }, Priority: { N: '1' } }, NewImage: { ...keys, Status: { S: 'Active' }, Priority: { N: '3' } } },
      } as never),
    ).toEqual({ appId: 'a1', jobId: 'j1', kind: 'modify', oldStatus: 'Ready', newStatus: 'Active', oldPriority: 1, newPriority: 3, expired: false });
  });
  it('tells a TTL removal (by the DynamoDB service) from a DeleteJob', () => {
    const ttl = { eventName: 'REMOVE', dynamodb: { Keys: keys }, userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
    expect(jobChangeOf(ttl as never)).toMatchObject({ kind: 'remove', expired: true });
    expect(jobChangeOf({ eventName: 'REMOVE', dynamodb: { Keys: keys } } as never)).toMatchObject({ kind: 'remove', expired: false });
  });
  it('is undefined for a record without the table’s keys', () => {
    expect(jobChangeOf({ eventName: 'INSERT', dynamodb: { Keys: { Other: { S: 'x' } } } } as never)).toBeUndefined();
  });
});
