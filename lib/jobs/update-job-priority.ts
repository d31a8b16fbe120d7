import type { JobKey, JobStore } from '../store/job-store';

/**
 * UpdateJobPriority: one conditional write of the priority alone. A job that is missing or already final is
 * refused the same way (COS answers both with NoSuchJob).
 */
export async function updateJobPriority(store: JobStore, key: JobKey, priority: number): Promise<'changed' | 'missing-or-final'> {
  return store.changePriority(key, priority);
}
