/** The AWS dialect's route table: S3 Control's eight job operations (it has no DeleteJob). */
import type { Route } from '../http/router';
import type { AwsOperation } from './operation';
import { CreateJob } from './operations/create-job';
import { DescribeJob } from './operations/describe-job';
import { DeleteJobTagging, GetJobTagging, PutJobTagging } from './operations/job-tagging';
import { ListJobs } from './operations/list-jobs';
import { UpdateJobPriority } from './operations/update-job-priority';
import { UpdateJobStatus } from './operations/update-job-status';

export const PATH_PREFIX = '/v20180820/';

export const AWS_ROUTES: readonly Route<AwsOperation<unknown>>[] = [
  { pattern: /^\/v20180820\/jobs$/, methods: { GET: ListJobs, POST: CreateJob } },
  { pattern: /^\/v20180820\/jobs\/([^/]*)$/, methods: { GET: DescribeJob } },
  { pattern: /^\/v20180820\/jobs\/([^/]*)\/priority$/, methods: { POST: UpdateJobPriority } },
  { pattern: /^\/v20180820\/jobs\/([^/]*)\/status$/, methods: { POST: UpdateJobStatus } },
  { pattern: /^\/v20180820\/jobs\/([^/]*)\/tagging$/, methods: { GET: GetJobTagging, PUT: PutJobTagging, DELETE: DeleteJobTagging } },
];
