import { JOB_STATUSES, isJobStatus, isRequestedJobStatus } from '../../lib/jobs/status';
import { MOVES, firstMove, moveFrom, transitionFor } from '../../lib/jobs/transitions';

/** The spec's table (section 3), written out again here so the code is checked against the contract. */
const NOT_ALLOWED = 'refuse:status-change-not-allowed';
const FINISHED = 'refuse:job-already-finished';
const SPEC: Record<string, { Ready: string; Cancelled: string }> = {
  New: { Ready: NOT_ALLOWED, Cancelled: 'move:Cancelled' },
  Preparing: { Ready: NOT_ALLOWED, Cancelled: 'move:Cancelled' },
  Suspended: { Ready: 'move:Ready', Cancelled: 'move:Cancelled' },
  Ready: { Ready: NOT_ALLOWED, Cancelled: 'move:Cancelled' },
  Active: { Ready: NOT_ALLOWED, Cancelled: 'move:Cancelling' },
  Pausing: { Ready: NOT_ALLOWED, Cancelled: 'move:Cancelling' },
  Paused: { Ready: NOT_ALLOWED, Cancelled: 'move:Cancelling' },
  Completing: { Ready: NOT_ALLOWED, Cancelled: NOT_ALLOWED },
  Failing: { Ready: NOT_ALLOWED, Cancelled: NOT_ALLOWED },
  Cancelling: { Ready: NOT_ALLOWED, Cancelled: NOT_ALLOWED },
  Complete: { Ready: FINISHED, Cancelled: FINISHED },
  Failed: { Ready: FINISHED, Cancelled: FINISHED },
  Cancelled: { Ready: FINISHED, Cancelled: FINISHED },
};

describe('the transition table', () => {
  it('has exactly the 13 statuses of the contract', () => {
    expect([...JOB_STATUSES].sort()).toEqual(Object.keys(SPEC).sort());
    expect(JOB_STATUSES).toHaveLength(13);
  });

  const rows = JOB_STATUSES.flatMap((status) =>
    (['Ready', 'Cancelled'] as const).map((requested) => [status, requested, SPEC[status]![requested]] as const),
  );
  it.each(rows)('%s + requestedJobStatus=%s → %s', (status, requested, expected) => {
    const t = transitionFor(status, requested);
    expect(t.kind === 'move' ? `move:${t.to}` : `refuse:${t.reason}`).toBe(expected);
  });
});

describe('moves (the conditional writes a request can make)', () => {
  it('groups the sources of each target, and every source leads to exactly that target', () => {
    expect(MOVES.Ready).toEqual([{ from: ['Suspended'], to: 'Ready' }]);
    expect(MOVES.Cancelled).toEqual([
      { from: ['New', 'Preparing', 'Suspended', 'Ready'], to: 'Cancelled' },
      { from: ['Active', 'Pausing', 'Paused'], to: 'Cancelling' },
    ]);
  });

  it('tries the not-yet-running group first', () => {
    expect(firstMove('Ready')).toEqual({ from: ['Suspended'], to: 'Ready' });
    expect(firstMove('Cancelled').to).toBe('Cancelled');
  });

  it('finds the move for a known status, and none where the table refuses', () => {
    expect(moveFrom('Paused', 'Cancelled')?.to).toBe('Cancelling');
    expect(moveFrom('New', 'Cancelled')?.to).toBe('Cancelled');
    expect(moveFrom('Complete', 'Cancelled')).toBeUndefined();
    expect(moveFrom('Active', 'Ready')).toBeUndefined();
  });
});

describe('status guards', () => {
  it('accepts exactly the 13 statuses, case-sensitively', () => {
    for (const s of JOB_STATUSES) expect(isJobStatus(s)).toBe(true);
    for (const s of ['active', 'ACTIVE', '', 'Done', undefined, 3, null]) expect(isJobStatus(s)).toBe(false);
  });
  it('accepts only Ready and Cancelled as requests', () => {
    expect(['Ready', 'Cancelled'].every(isRequestedJobStatus)).toBe(true);
    for (const s of ['ready', 'Cancelling', 'Active', '', ' Ready']) expect(isRequestedJobStatus(s)).toBe(false);
  });
});
