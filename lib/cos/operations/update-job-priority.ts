/** UpdateJobPriority: `POST /jobs/<JobId>/priority?priority=<0-2147483647>`. */
import { updateJobPriority } from '../../jobs/update-job-priority';
import type { JobKey } from '../../store/job-store';
import { CosError, MESSAGES } from '../errors';
import { operation } from '../operation';
import { checkAppId, checkJobId, queryParameter } from '../request-fields';

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
    if (jobId instanceof CosError) return jobId;
    const given = queryParameter(request, 'priority', MESSAGES.priority);
    if (given instanceof CosError) return given;
    if (given === undefined) return new CosError('InvalidRequest', MESSAGES.noPriority);
    if (!PRIORITY.test(given) || Number(given) > MAX_PRIORITY) return new CosError('InvalidArgument', MESSAGES.priority);
    const appId = checkAppId(request);
    if (appId instanceof CosError) return appId;
    return { key: { appId, jobId }, priority: Number(given) };
  },
  async run({ key, priority }, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId, priority });
    if ((await updateJobPriority(store, key, priority)) === 'missing-or-final') {
      return new CosError('NoSuchJob', MESSAGES.noSuchJobOrFinished);
    }
    return { status: 200, body: ['UpdateJobPriorityResult', [['JobId', key.jobId], ['Priority', String(priority)]]] };
  },
});
