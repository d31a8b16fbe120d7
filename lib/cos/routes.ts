/** The COS dialect's route table: every path and method it serves, and the operation for each. */
import type { Route } from '../http/router';
import type { CosOperation } from './operation';
import { CreateJob } from './operations/create-job';
import { DeleteJob } from './operations/delete-job';
import { DescribeJob } from './operations/describe-job';
import { ListJobs } from './operations/list-jobs';
import { UpdateJobPriority } from './operations/update-job-priority';
import { UpdateJobStatus } from './operations/update-job-status';

export const COS_ROUTES: readonly Route<CosOperation<unknown>>[] = [
  { pattern: /^\/jobs$/, methods: { GET: ListJobs, POST: CreateJob } },
  { pattern: /^\/jobs\/([^/]*)$/, methods: { GET: DescribeJob, DELETE: DeleteJob } },
  { pattern: /^\/jobs\/([^/]*)\/priority$/, methods: { POST: UpdateJobPriority } },
  { pattern: /^\/jobs\/([^/]*)\/status$/, methods: { POST: UpdateJobStatus } },
];
