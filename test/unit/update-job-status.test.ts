import { JOB_STATUSES } from '../../lib/jobs/status';
import { updateJobStatus, type UpdateJobStatusInput } from '../../lib/jobs/update-job-status';
import { MemoryJobStore } from '../support/memory-store';

const input = (requested: 'Ready' | 'Cancelled', overrides: Partial<UpdateJobStatusInput> = {}): UpdateJobStatusInput => ({
  appId: 'app',
  jobId: 'job-00001',
  requested,
  reason: 'why',
  requestId: 'req-1',
  now: '2026-11-28T12:00:00.000Z',
  ...overrides,
});

describe('updateJobStatus (use case, in-memory store)', () => {
  it('moves a Suspended job to Ready in one write, recording reason, time, previous status and request id', async () => {
    const store = new MemoryJobStore();
    store.put('app', 'job-00001', { Status: 'Suspended', Priority: 3 });
    const outcome = await updateJobStatus(store, input('Ready'));
    expect(outcome).toEqual({
      kind: 'changed',
      from: 'Suspended',
      writes: 1,
      job: { status: 'Ready', statusUpdateReason: 'why', previousStatus: 'Suspended', statusUpdateRequestId: 'req-1', version: 1 },
    });
    expect(store.get('app', 'job-00001')).toEqual({
      Status: 'Ready',
      Priority: 3,
      PreviousStatus: 'Suspended',
      StatusUpdateReason: 'why',
      StatusUpdateTime: '2026-11-28T12:00:00.000Z',
      StatusUpdateRequestId: 'req-1',
      Version: 1,
    });
  });

  it('cancels a not-yet-running job in one write and a running one in two', async () => {
    for (const [status, to, writes] of [
      ['New', 'Cancelled', 1],
      ['Ready', 'Cancelled', 1],
      ['Active', 'Cancelling', 2],
      ['Paused', 'Cancelling', 2],
    ] as const) {
      const store = new MemoryJobStore();
      store.put('app', 'job-00001', { Status: status, Version: 7 });
      const outcome = await updateJobStatus(store, input('Cancelled'));
      expect(outcome).toMatchObject({ kind: 'changed', from: status, writes, job: { status: to, version: 8 } });
      expect(store.calls).toHaveLength(writes);
    }
  });

  it('conditions the second write on the group holding the status the first failure returned', async () => {
    const store = new MemoryJobStore();
    store.put('app', 'job-00001', { Status: 'Pausing' });
    await updateJobStatus(store, input('Cancelled'));
    expect(store.calls.map((c) => [c.from, c.to])).toEqual([
      [['New', 'Preparing', 'Suspended', 'Ready'], 'Cancelled'],
      [['Active', 'Pausing', 'Paused'], 'Cancelling'],
    ]);
  });

  it.each(JOB_STATUSES.filter((s) => s !== 'Suspended'))('refuses Ready for a %s job after one write, changing nothing', async (status) => {
    const store = new MemoryJobStore();
    store.put('app', 'job-00001', { Status: status, Version: 2 });
    const outcome = await updateJobStatus(store, input('Ready'));
    expect(outcome).toEqual({
      kind: 'refused',
      current: status,
      reason: ['Complete', 'Failed', 'Cancelled'].includes(status) ? 'job-already-finished' : 'status-change-not-allowed',
      writes: 1,
    });
    expect(store.get('app', 'job-00001')).toEqual({ Status: status, Version: 2 });
  });

  it('refuses Cancelled for a finishing or finished job after one write', async () => {
    for (const status of ['Completing', 'Failing', 'Cancelling', 'Complete', 'Failed', 'Cancelled'] as const) {
      const store = new MemoryJobStore();
      store.put('app', 'job-00001', { Status: status });
      const outcome = await updateJobStatus(store, input('Cancelled'));
      expect(outcome).toMatchObject({ kind: 'refused', current: status, writes: 1 });
    }
  });

  it('answers not-found for a missing job and for another appid’s job, in one write', async () => {
    const store = new MemoryJobStore();
    store.put('other-app', 'job-00001', { Status: 'Suspended' });
    expect(await updateJobStatus(store, input('Ready'))).toEqual({ kind: 'not-found', writes: 1 });
    expect(store.get('other-app', 'job-00001')).toEqual({ Status: 'Suspended' });
  });

  it('reports a job whose Status is not one of the 13 (or missing) as corrupt, writing nothing', async () => {
    for (const Status of ['Running', 42, undefined]) {
      const store = new MemoryJobStore();
      store.put('app', 'job-00001', { Status });
      const outcome = await updateJobStatus(store, input('Cancelled'));
      expect(outcome).toMatchObject({ kind: 'corrupt', writes: 1 });
      expect(store.get('app', 'job-00001')).toEqual({ Status });
    }
  });

  it('answers a lost race from the status the winner left', async () => {
    const store = new MemoryJobStore();
    store.put('app', 'job-00001', { Status: 'Suspended' });
    // Another request cancels the job between our decision and our write.
    store.beforeWrite = (_change, s) => {
      s.beforeWrite = undefined;
      s.get('app', 'job-00001')!.Status = 'Cancelled';
    };
    expect(await updateJobStatus(store, input('Ready'))).toMatchObject({ kind: 'refused', current: 'Cancelled', writes: 1 });
  });

  it('gives up after two writes when the job keeps moving between cancellable groups', async () => {
    const store = new MemoryJobStore();
    store.put('app', 'job-00001', { Status: 'Active' });
    // A runner that never stays put: each write finds the job in the other group than the one it names.
    store.beforeWrite = (change, s) => {
      s.get('app', 'job-00001')!.Status = change.to === 'Cancelled' ? 'Active' : 'Ready';
    };
    expect(await updateJobStatus(store, input('Cancelled'))).toEqual({ kind: 'contended', writes: 2 });
    expect(store.calls).toHaveLength(2);
  });

  it('takes a conflict carrying its own request id as its own earlier write (a retried request)', async () => {
    const store = new MemoryJobStore();
    store.put('app', 'job-00001', {
      Status: 'Ready',
      PreviousStatus: 'Suspended',
      StatusUpdateReason: 'why',
      StatusUpdateRequestId: 'req-1',
      Version: 1,
    });
    expect(await updateJobStatus(store, input('Ready'))).toMatchObject({ kind: 'changed', from: 'Suspended', writes: 1 });
    expect(store.get('app', 'job-00001')!.Version).toBe(1);
  });
});
