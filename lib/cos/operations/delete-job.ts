/** DeleteJob: `DELETE /jobs/<JobId>`; 204 with no body. */
import { deleteJob } from '../../jobs/delete-job';
import type { JobKey } from '../../store/job-store';
import { CosError, MESSAGES } from '../errors';
import { operation } from '../operation';
import { checkJobKey } from '../request-fields';

export const DeleteJob = operation<JobKey>({
  name: 'DeleteJob',
  parse: (request, pathJobId) => checkJobKey(request, pathJobId),
  async run(key, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId });
    const result = await deleteJob(store, key);
    switch (result.outcome) {
      case 'deleted':
        return { status: 204 };
      case 'missing':
        return new CosError('NoSuchJob', MESSAGES.noSuchJob);
      case 'not-final':
        log.current = result.status;
        return new CosError('InvalidRequest', MESSAGES.deleteNotFinished);
    }
  },
});
