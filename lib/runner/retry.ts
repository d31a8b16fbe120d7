import { StorageError } from './ports';

/** How a task retries a storage answer worth another attempt (throttling, 5xx, a timeout): runner.md §3. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };

/** Capped exponential back-off with full jitter; `random` is injectable so the schedule can be tested. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

/** Runs `action` until it succeeds, fails for good, or the attempts run out; the last failure is thrown. */
export async function withRetries<T>(action: () => Promise<T>, policy: RetryPolicy, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof StorageError) || !error.retryable || attempt >= policy.attempts) throw error;
      await sleep(backoffDelay(attempt, policy));
    }
  }
}
