/** UpdateJobPriority: `POST /v20180820/jobs/<JobId>/priority?priority=<0-2147483647>`. */
import { updateJobPriority } from '../../jobs/update-job-priority';
import type { JobKey } from '../../store/job-store';
import { AwsError } from '../errors';
import { operation } from '../operation';
import { badRequest, checkAccountId, checkJobId, queryParameter } from '../request-fields';

export interface UpdateJobPriorityCommand {
  readonly key: JobKey;
  readonly priority: number;
}

const PRIORITY = /^[0-9]{1,10}$/;
const MAX_PRIORITY = 2147483647;

export const UpdateJobPriority = operation<UpdateJobPriorityCommand>({
  name: 'UpdateJobPriority',
  parse(request, pathJobId) {
    const jobId = checkJobId(pathJobId);
    if (jobId instanceof AwsError) return jobId;
    const given = queryParameter(request, 'priority');
    if (given instanceof AwsError) return given;
    if (given === undefined) return badRequest('The priority parameter is required.');
    if (!PRIORITY.test(given) || Number(given) > MAX_PRIORITY) return badRequest(`The priority must be an integer from 0 to ${MAX_PRIORITY}.`);
    const appId = checkAccountId(request);
    if (appId instanceof AwsError) return appId;
    return { key: { appId, jobId }, priority: Number(given) };
  },
  async run({ key, priority }, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId, priority });
    if ((await updateJobPriority(store, key, priority)) === 'missing-or-final') {
      return new AwsError('NotFoundException', 'The specified job does not exist or has already finished.');
    }
    return { status: 200, body: ['UpdateJobPriorityResult', [['JobId', key.jobId], ['Priority', String(priority)]]] };
  },
});
