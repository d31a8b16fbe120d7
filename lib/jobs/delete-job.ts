import type { DeleteResult, JobKey, JobStore } from '../store/job-store';

/**
 * DeleteJob: a job in a final status (Complete, Failed, Cancelled) is removed, and its ClientRequestToken freed,
 * in one conditional write; a job still in another status stays as it is.
 */
export function deleteJob(store: JobStore, key: JobKey): Promise<DeleteResult> {
  return store.deleteJob(key);
}
