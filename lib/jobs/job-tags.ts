import type { JobKey, JobStore } from '../store/job-store';
import type { Tag } from './job';

/** GetJobTagging: a job's tags (one read), or undefined when the tenant has no such job. */
export function getJobTags(store: JobStore, key: JobKey): Promise<readonly Tag[] | undefined> {
  return store.getJobTags(key);
}

/**
 * PutJobTagging and DeleteJobTagging (no tags): one conditional write of the tags alone, so it never meets a
 * status or priority change made at the same time. Jobs in any status may be tagged.
 */
export function putJobTags(store: JobStore, key: JobKey, tags: readonly Tag[]): Promise<'changed' | 'missing'> {
  return store.putJobTags(key, tags);
}
