/**
 * Task retries (shared/spec/runner.md §3; runner-parts.md §4.6): only a retryable storage answer (throttling, 5xx, a
 * timeout) is tried again, with capped exponential back-off and full jitter, up to `attempts` tries in all; the last
 * failure is what the report records. Sleeping is injected, so the delays are recorded rather than waited for.
 */
import fc from 'fast-check';
import { StorageError } from '../../lib/runner/ports';
import { backoffDelay, DEFAULT_RETRY, withRetries } from '../../lib/runner/retry';

const POLICY = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };
const slowDown = (n: number) => new StorageError(503, 'SlowDown', `slow down ${n}`, true);

describe('backoffDelay', () => {
  it('doubles from the base delay, scaled by the jitter', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, POLICY, half))).toEqual([50, 100, 200, 400, 800]);
  });

  it('caps the delay at maxDelayMs however many attempts', () => {
    const half = () => 0.5;
    expect(backoffDelay(6, POLICY, half)).toBe(1000); // 100·2⁵ = 3,200 → capped at 2,000
    expect(backoffDelay(60, POLICY, half)).toBe(1000);
    expect(backoffDelay(2000, POLICY, half)).toBe(1000); // 2^1999 is Infinity: still the cap
  });

  it('uses full jitter: 0 at random 0, just under the cap near random 1', () => {
    expect(backoffDelay(3, POLICY, () => 0)).toBe(0);
    expect(backoffDelay(1, POLICY, () => 0.999999)).toBe(99);
    expect(backoffDelay(10, POLICY, () => 0.999999)).toBe(1999);
  });

  it('property: 0 ≤ delay < min(maxDelay, base·2^(attempt−1)) for any random in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = backoffDelay(attempt, POLICY, () => r);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(2_000, 100 * 2 ** (attempt - 1)));
      }),
    );
  });

  it('has the documented default policy', () => {
    expect(DEFAULT_RETRY).toEqual({ attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 });
  });
});

describe('withRetries', () => {
  let random: jest.SpyInstance;
  beforeEach(() => {
    random = jest.spyOn(Math, 'random').mockReturnValue(0.5); // withRetries takes no random: pin Math.random
  });
  afterEach(() => random.mockRestore());

  /** An action failing with each error in turn, then answering `value`. */
  function actionFailing(errors: Error[], value = 'ok') {
    const action = jest.fn(async () => {
      const error = errors[action.mock.calls.length - 1];
      if (error) throw error;
      return value;
    });
    return action;
  }

  it('answers at once, without sleeping, when the first try succeeds', async () => {
    const sleeps: number[] = [];
    const action = actionFailing([]);
    await expect(withRetries(action, POLICY, async (ms) => void sleeps.push(ms))).resolves.toBe('ok');
    expect(action).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });

  it('retries retryable answers with growing delays, then answers the success', async () => {
    const sleeps: number[] = [];
    const action = actionFailing([slowDown(1), new StorageError(500, 'InternalError', 'oops', true)]);
    await expect(withRetries(action, POLICY, async (ms) => void sleeps.push(ms))).resolves.toBe('ok');
    expect(action).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('stops after `attempts` tries in all and throws the last failure', async () => {
    const sleeps: number[] = [];
    const errors = [slowDown(1), slowDown(2), slowDown(3), slowDown(4), slowDown(5)];
    const action = actionFailing(errors);
    await expect(withRetries(action, POLICY, async (ms) => void sleeps.push(ms))).rejects.toBe(errors[3]);
    expect(action).toHaveBeenCalledTimes(4);
    expect(sleeps).toEqual([50, 100, 200]); // a sleep between tries, none after the last
  });

  it('does not retry a permanent storage answer (404, 403, 409)', async () => {
    for (const error of [
      new StorageError(404, 'NoSuchKey', 'The specified key does not exist.', false),
      new StorageError(403, 'AccessDenied', 'Access Denied', false),
      new StorageError(409, 'RestoreAlreadyInProgress', 'in progress', false),
    ]) {
      const sleeps: number[] = [];
      const action = actionFailing([error]);
      await expect(withRetries(action, POLICY, async (ms) => void sleeps.push(ms))).rejects.toBe(error);
      expect(action).toHaveBeenCalledTimes(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('does not retry an error that is not a storage answer (a bug is not worth a second try)', async () => {
    const bug = new TypeError('x is undefined');
    const action = actionFailing([bug]);
    const sleep = jest.fn(async () => undefined);
    await expect(withRetries(action, POLICY, sleep)).rejects.toBe(bug);
    expect(action).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('with attempts 1, tries once', async () => {
    const error = slowDown(1);
    const action = actionFailing([error]);
    const sleep = jest.fn(async () => undefined);
    await expect(withRetries(action, { ...POLICY, attempts: 1 }, sleep)).rejects.toBe(error);
    expect(action).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('caps the recorded delays at maxDelayMs', async () => {
    const sleeps: number[] = [];
    const errors = Array.from({ length: 6 }, (_, i) => slowDown(i));
    await expect(withRetries(actionFailing(errors), { attempts: 6, baseDelayMs: 300, maxDelayMs: 1_000 }, async (ms) => void sleeps.push(ms))).rejects.toBe(errors[5]);
    // 300·2^(n−1) = 300, 600, 1,200→1,000, 2,400→1,000, 4,800→1,000; times 0.5
    expect(sleeps).toEqual([150, 300, 500, 500, 500]);
  });
});
