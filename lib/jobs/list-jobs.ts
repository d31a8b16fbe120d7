import type { JobStore, ListQuery } from '../store/job-store';
import type { JobRecord } from './job';

export interface JobList {
  readonly jobs: readonly JobRecord[];
  /** The last JobId of the page when more jobs may follow; absent on the last page. */
  readonly nextToken?: string;
}

/**
 * ListJobs: one page of the tenant's jobs, oldest first (JobIds are time-ordered), optionally of one status. The
 * next page starts after this page's last JobId, so a job that exists unchanged for a whole paged listing
 * appears in it exactly once, whatever is created or deleted meanwhile.
 */
export async function listJobs(store: JobStore, query: ListQuery): Promise<JobList> {
  const page = await store.listJobs(query);
  const resumeAfter = page.resumeAfter ?? page.jobs[page.jobs.length - 1]?.jobId;
  return page.more && resumeAfter ? { jobs: page.jobs, nextToken: resumeAfter } : { jobs: page.jobs };
}
