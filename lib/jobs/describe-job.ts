import type { JobKey, JobStore } from '../store/job-store';
import type { JobRecord } from './job';

/** DescribeJob: the job as it is now (one strongly consistent read), or undefined when the tenant has no such job. */
export function describeJob(store: JobStore, key: JobKey): Promise<JobRecord | undefined> {
  return store.getJob(key);
}
