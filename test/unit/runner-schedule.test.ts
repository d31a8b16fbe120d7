/**
 * Scheduling (shared/spec/runner.md §4, a decision): at most maxActive jobs per tenant hold a slot (Active and Pausing
 * both do: a Pausing job gives its slot back only once Paused); waiting jobs (Ready, Paused) start by Priority, then
 * age (JobIds are time-ordered); a higher-priority waiting job pauses the lowest-priority Active job when no slot is
 * free. Expected decisions are written out by hand.
 */
import fc from 'fast-check';
import type { JobStatus } from '../../lib/jobs/status';
import { schedule, type ScheduledJob } from '../../lib/runner/schedule';

const job = (jobId: string, status: JobStatus, priority: number): ScheduledJob => ({ jobId, status, priority });

describe('schedule: free slots', () => {
  it('starts Ready and Paused jobs by priority, then JobId, up to the free slots', () => {
    const jobs = [
      job('j05', 'Ready', 1),
      job('j02', 'Ready', 5),
      job('j04', 'Paused', 5),
      job('j01', 'Ready', 1),
      job('j03', 'Ready', 9),
      job('j06', 'Active', 3),
    ];
    // maxActive 4, one Active: 3 free slots → priority 9, then the two 5s by JobId.
    expect(schedule(jobs, 4)).toEqual({ start: [job('j03', 'Ready', 9), job('j02', 'Ready', 5), job('j04', 'Paused', 5)], pause: [] });
  });

  it('breaks a priority tie by the older (smaller) JobId', () => {
    expect(schedule([job('b', 'Ready', 2), job('a', 'Ready', 2), job('c', 'Ready', 2)], 2)).toEqual({
      start: [job('a', 'Ready', 2), job('b', 'Ready', 2)],
      pause: [],
    });
  });

  it('starts nothing when every slot is held, counting Pausing jobs as holding one', () => {
    const jobs = [job('a', 'Active', 5), job('b', 'Pausing', 1), job('c', 'Ready', 5)];
    expect(schedule(jobs, 2)).toEqual({ start: [], pause: [] });
  });

  it('ignores jobs that neither wait nor run (New, Preparing, Suspended, final)', () => {
    const others = (['New', 'Preparing', 'Suspended', 'Complete', 'Failed', 'Cancelled'] as JobStatus[]).map(
      (status, i) => job(`x${i}`, status, 100),
    );
    expect(schedule([...others, job('r', 'Ready', 1)], 1)).toEqual({ start: [job('r', 'Ready', 1)], pause: [] });
  });

  it('does nothing with no job', () => {
    expect(schedule([], 4)).toEqual({ start: [], pause: [] });
  });
});

describe('schedule: pausing for a higher priority', () => {
  it('pauses the lowest-priority Active job when a higher-priority job waits and no slot is free', () => {
    const jobs = [job('a', 'Active', 5), job('b', 'Active', 2), job('c', 'Active', 7), job('r', 'Ready', 6)];
    expect(schedule(jobs, 3)).toEqual({ start: [], pause: [job('b', 'Active', 2)] });
  });

  it('never pauses for a job of equal priority', () => {
    expect(schedule([job('a', 'Active', 3), job('r', 'Ready', 3)], 1)).toEqual({ start: [], pause: [] });
  });

  it('never pauses for a lower-priority job', () => {
    expect(schedule([job('a', 'Active', 3), job('r', 'Ready', 2)], 1)).toEqual({ start: [], pause: [] });
  });

  it('counts an already-Pausing job: it will free a slot for the waiting job, so no other job is paused', () => {
    const jobs = [job('a', 'Active', 1), job('p', 'Pausing', 1), job('r', 'Ready', 9)];
    expect(schedule(jobs, 2)).toEqual({ start: [], pause: [] });
  });

  it('pauses one more job when two wait and only one job is already Pausing', () => {
    const jobs = [job('a', 'Active', 2), job('b', 'Active', 1), job('p', 'Pausing', 1), job('r1', 'Ready', 9), job('r2', 'Ready', 8)];
    // r1 is covered by p; r2 (8) pauses the lowest Active, b (1).
    expect(schedule(jobs, 3)).toEqual({ start: [], pause: [job('b', 'Active', 1)] });
  });

  it('pauses several victims, lowest priority first, one per higher-priority waiting job', () => {
    const jobs = [
      job('a1', 'Active', 1),
      job('a2', 'Active', 4),
      job('a3', 'Active', 2),
      job('a4', 'Active', 8),
      job('r1', 'Ready', 9),
      job('r2', 'Paused', 5),
      job('r3', 'Ready', 3),
    ];
    // Waiting by priority: 9, 5, 3. Active lowest first: 1, 2, 4, 8.
    // 9 > 1 pause a1; 5 > 2 pause a3; 3 < 4 stop.
    expect(schedule(jobs, 4)).toEqual({ start: [], pause: [job('a1', 'Active', 1), job('a3', 'Active', 2)] });
  });

  it('among Active jobs of equal lowest priority, pauses the newest (largest JobId) first', () => {
    // A decision of the code (lowest first = byPriorityThenAge reversed): the older job keeps running.
    const jobs = [job('a1', 'Active', 1), job('a2', 'Active', 1), job('r', 'Ready', 5)];
    expect(schedule(jobs, 2)).toEqual({ start: [], pause: [job('a2', 'Active', 1)] });
  });

  it('starts into free slots first and pauses only for the jobs that still wait', () => {
    const jobs = [job('a', 'Active', 1), job('r1', 'Ready', 9), job('r2', 'Ready', 7), job('r3', 'Ready', 2)];
    // maxActive 2: r1 takes the free slot; r2 (7) pauses a (1); r3 waits.
    expect(schedule(jobs, 2)).toEqual({ start: [job('r1', 'Ready', 9)], pause: [job('a', 'Active', 1)] });
  });
});

describe('schedule: property', () => {
  const statuses: JobStatus[] = ['Ready', 'Paused', 'Active', 'Pausing', 'New', 'Complete'];
  const tenant = fc
    .array(fc.record({ status: fc.constantFrom(...statuses), priority: fc.integer({ min: 0, max: 5 }) }), { maxLength: 12 })
    .map((list) => list.map((j, i) => job(`j${String(i).padStart(3, '0')}`, j.status, j.priority)));

  it('after applying start and pause, slot holders (Active + Pausing) never exceed maxActive', () => {
    fc.assert(
      fc.property(tenant, fc.integer({ min: 1, max: 6 }), (jobs, maxActive) => {
        const holders = jobs.filter((j) => j.status === 'Active' || j.status === 'Pausing').length;
        fc.pre(holders <= maxActive); // a tenant over its limit (maxActive lowered) is not the scheduler's to create
        const { start, pause } = schedule(jobs, maxActive);
        const after = jobs.map((j) =>
          start.some((s) => s.jobId === j.jobId) ? { ...j, status: 'Active' as const } : pause.some((p) => p.jobId === j.jobId) ? { ...j, status: 'Pausing' as const } : j,
        );
        const running = after.filter((j) => j.status === 'Active' || j.status === 'Pausing').length;
        expect(running).toBeLessThanOrEqual(maxActive);
        // start only waiting jobs, pause only Active ones, never the same job twice
        for (const s of start) expect(['Ready', 'Paused']).toContain(s.status);
        for (const p of pause) expect(p.status).toBe('Active');
        expect(new Set(pause.map((p) => p.jobId)).size).toBe(pause.length);
        // no job is paused while a slot is free
        if (pause.length > 0) expect(holders + start.length).toBe(maxActive);
      }),
    );
  });
});
