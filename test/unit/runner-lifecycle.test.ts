/**
 * The runner's lifecycle rules (shared/spec/runner.md §1), checked against the contract written out by hand: the
 * arrows the runner may take, the COS failure threshold ("more than 1,000" tasks, "exceeding 50%"), and the next
 * step for every status, including the dispatch window.
 */
import fc from 'fast-check';
import { JOB_STATUSES, type JobStatus } from '../../lib/jobs/status';
import { crossesFailureThreshold, isRunnerArrow, nextStep, RUNNER_ARROWS, type JobProgress } from '../../lib/runner/lifecycle';

describe('RUNNER_ARROWS', () => {
  it('is exactly the runner rows of the §1 table (the API takes Suspended→Ready and the cancel arrows)', () => {
    expect(RUNNER_ARROWS).toEqual({
      New: ['Preparing'],
      Preparing: ['Suspended', 'Ready', 'Failed'],
      Ready: ['Active'],
      Active: ['Pausing', 'Completing', 'Failing'],
      Pausing: ['Paused'],
      Paused: ['Active'],
      Completing: ['Complete'],
      Failing: ['Failed'],
      Cancelling: ['Cancelled'],
    });
  });

  it('allows no shortcut: Active never goes straight to a final status, nor Pausing back to Active', () => {
    expect(isRunnerArrow('Active', 'Complete')).toBe(false);
    expect(isRunnerArrow('Active', 'Failed')).toBe(false);
    expect(isRunnerArrow('Pausing', 'Active')).toBe(false);
    expect(isRunnerArrow('Suspended', 'Ready')).toBe(false); // the API's confirm
    expect(isRunnerArrow('Active', 'Cancelling')).toBe(false); // the API's cancel
    expect(isRunnerArrow('Paused', 'Active')).toBe(true);
  });

  it('leaves final statuses with no arrow at all', () => {
    for (const status of ['Complete', 'Failed', 'Cancelled'] as const) {
      for (const to of JOB_STATUSES) expect(isRunnerArrow(status, to)).toBe(false);
    }
  });
});

describe('crossesFailureThreshold (COS: more than 1,000 tasks ran and more than 50% failed)', () => {
  it.each([
    // [succeeded, failed, crosses]
    [400, 600, false], // 1,000 tasks is not "more than 1,000", whatever the rate
    [500, 501, true], // 1,001 tasks, 501 failed (50.05%)
    [501, 500, false], // 1,001 tasks, 500 failed (49.95%)
    [1000, 1000, false], // exactly 50% does not exceed 50%
    [999, 1001, true],
    [0, 1000, false], // 1,000 failures out of 1,000: still not more than 1,000 tasks
    [0, 1001, true],
    [0, 0, false], // nothing ran
  ])('%d succeeded, %d failed → %s', (succeeded, failed, crosses) => {
    expect(crossesFailureThreshold(succeeded, failed)).toBe(crosses);
  });
});

/** An Active job with nothing run yet; each case overrides what it needs. */
const progress = (over: Partial<JobProgress>): JobProgress => ({
  status: 'Active',
  succeeded: 0,
  failed: 0,
  chunksTotal: 10,
  chunksDispatched: 0,
  chunksSettled: 0,
  ...over,
});

describe('nextStep', () => {
  it('claims a New job and prepares a Preparing one', () => {
    expect(nextStep(progress({ status: 'New', chunksTotal: 0 }), 8)).toEqual({ kind: 'claim' });
    expect(nextStep(progress({ status: 'Preparing', chunksTotal: 0 }), 8)).toEqual({ kind: 'prepare' });
  });

  it('fills the window: window 8, 3 in flight, 10 chunks left → dispatch 5', () => {
    // 20 chunks, 10 handed out, 7 settled: 3 in flight, 10 not yet handed out.
    expect(nextStep(progress({ chunksTotal: 20, chunksDispatched: 10, chunksSettled: 7, succeeded: 700 }), 8)).toEqual({ kind: 'dispatch', count: 5 });
  });

  it('dispatches only the chunks left when fewer than the room', () => {
    // 12 chunks, 10 handed out, 9 settled: 1 in flight, room 7, but only 2 left.
    expect(nextStep(progress({ chunksTotal: 12, chunksDispatched: 10, chunksSettled: 9 }), 8)).toEqual({ kind: 'dispatch', count: 2 });
  });

  it('dispatches the whole window to a fresh job', () => {
    expect(nextStep(progress({ chunksTotal: 100 }), 8)).toEqual({ kind: 'dispatch', count: 8 });
  });

  it('waits when the window is full, or when every chunk is out but not all settled', () => {
    expect(nextStep(progress({ chunksTotal: 20, chunksDispatched: 8, chunksSettled: 0 }), 8)).toEqual({ kind: 'wait' });
    expect(nextStep(progress({ chunksTotal: 10, chunksDispatched: 10, chunksSettled: 9 }), 8)).toEqual({ kind: 'wait' });
  });

  it('moves to Completing with "Job complete" once every chunk settled and none is in flight', () => {
    expect(nextStep(progress({ chunksTotal: 10, chunksDispatched: 10, chunksSettled: 10, succeeded: 1000 }), 8)).toEqual({
      kind: 'move',
      to: 'Completing',
      reason: 'Job complete',
    });
  });

  it('completes an empty manifest (0 chunks) at once', () => {
    expect(nextStep(progress({ chunksTotal: 0 }), 8)).toEqual({ kind: 'move', to: 'Completing', reason: 'Job complete' });
  });

  it('lets the failure threshold win over completion', () => {
    const step = nextStep(progress({ chunksTotal: 11, chunksDispatched: 11, chunksSettled: 11, succeeded: 500, failed: 501 }), 8);
    expect(step).toEqual({ kind: 'move', to: 'Failing', reason: 'Task failure rate exceeded 50% after more than 1,000 tasks' });
  });

  it('moves to Failing mid-job even with chunks in flight and chunks left', () => {
    const step = nextStep(progress({ chunksTotal: 50, chunksDispatched: 20, chunksSettled: 15, succeeded: 0, failed: 1001 }), 8);
    expect(step).toEqual({ kind: 'move', to: 'Failing', reason: 'Task failure rate exceeded 50% after more than 1,000 tasks' });
  });

  it('keeps an Active job going at exactly 50% failed', () => {
    expect(nextStep(progress({ chunksTotal: 30, chunksDispatched: 20, chunksSettled: 20, succeeded: 1000, failed: 1000 }), 8)).toEqual({
      kind: 'dispatch',
      count: 8,
    });
  });

  it('waits for a Pausing job’s chunks in flight, then moves it to Paused', () => {
    expect(nextStep(progress({ status: 'Pausing', chunksDispatched: 5, chunksSettled: 3 }), 8)).toEqual({ kind: 'wait' });
    expect(nextStep(progress({ status: 'Pausing', chunksDispatched: 5, chunksSettled: 5 }), 8)).toEqual({
      kind: 'move',
      to: 'Paused',
      reason: 'Paused for a job of higher priority',
    });
  });

  it('finalizes a Completing job as Complete', () => {
    expect(nextStep(progress({ status: 'Completing', chunksDispatched: 10, chunksSettled: 10 }), 8)).toEqual({ kind: 'finalize', to: 'Complete' });
  });

  it('waits for a Failing job’s chunks in flight, then finalizes it as Failed', () => {
    expect(nextStep(progress({ status: 'Failing', chunksDispatched: 6, chunksSettled: 4, failed: 1001 }), 8)).toEqual({ kind: 'wait' });
    expect(nextStep(progress({ status: 'Failing', chunksDispatched: 6, chunksSettled: 6, failed: 1001 }), 8)).toEqual({ kind: 'finalize', to: 'Failed' });
  });

  it('waits for a Cancelling job’s chunks in flight, then finalizes it as Cancelled (report of what ran)', () => {
    expect(nextStep(progress({ status: 'Cancelling', chunksDispatched: 3, chunksSettled: 2 }), 8)).toEqual({ kind: 'wait' });
    expect(nextStep(progress({ status: 'Cancelling', chunksDispatched: 3, chunksSettled: 3 }), 8)).toEqual({ kind: 'finalize', to: 'Cancelled' });
    // Cancelled before Preparing counted anything: nothing in flight, finalize at once.
    expect(nextStep(progress({ status: 'Cancelling', chunksTotal: 0 }), 8)).toEqual({ kind: 'finalize', to: 'Cancelled' });
  });

  it.each(['Suspended', 'Ready', 'Paused', 'Complete', 'Failed', 'Cancelled'] as JobStatus[])(
    'has nothing to do on its own for a %s job (the API or the scheduler moves it)',
    (status) => {
      expect(nextStep(progress({ status, chunksDispatched: 2, chunksSettled: 2 }), 8)).toEqual({ kind: 'wait' });
    },
  );

  /** A consistent Active job: settled ≤ dispatched ≤ total, under the threshold. */
  const activeProgress = fc
    .record({ total: fc.integer({ min: 0, max: 200 }), a: fc.nat(), b: fc.nat(), succeeded: fc.nat({ max: 5000 }), failed: fc.nat({ max: 5000 }) })
    .map(({ total, a, b, succeeded, failed }) => {
      const dispatched = total === 0 ? 0 : a % (total + 1);
      const settled = dispatched === 0 ? 0 : b % (dispatched + 1);
      return progress({ chunksTotal: total, chunksDispatched: dispatched, chunksSettled: settled, succeeded, failed });
    });

  it('property: a dispatch count is from 1 to the room in the window, and never more than the chunks left', () => {
    fc.assert(
      fc.property(activeProgress, fc.integer({ min: 1, max: 64 }), (job, window) => {
        const step = nextStep(job, window);
        if (step.kind !== 'dispatch') return;
        const inFlight = job.chunksDispatched - job.chunksSettled;
        expect(step.count).toBeGreaterThanOrEqual(1);
        expect(step.count).toBeLessThanOrEqual(window);
        expect(step.count + inFlight).toBeLessThanOrEqual(window);
        expect(step.count).toBeLessThanOrEqual(job.chunksTotal - job.chunksDispatched);
      }),
    );
  });

  it('property: an Active job under the threshold with room and chunks left always dispatches', () => {
    fc.assert(
      fc.property(activeProgress, fc.integer({ min: 1, max: 64 }), (job, window) => {
        const inFlight = job.chunksDispatched - job.chunksSettled;
        fc.pre(!crossesFailureThreshold(job.succeeded, job.failed) && inFlight < window && job.chunksDispatched < job.chunksTotal);
        expect(nextStep(job, window)).toEqual({ kind: 'dispatch', count: Math.min(window - inFlight, job.chunksTotal - job.chunksDispatched) });
      }),
    );
  });
});
