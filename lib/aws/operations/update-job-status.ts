/** UpdateJobStatus: `POST /v20180820/jobs/<JobId>/status?requestedJobStatus=Ready|Cancelled&statusUpdateReason=…`. */
import type { HttpRequest } from '../../http/event';
import { isRequestedJobStatus, type RequestedJobStatus } from '../../jobs/status';
import { updateJobStatus } from '../../jobs/update-job-status';
import { NOT_XML_CHAR } from '../../xml/node';
import { AwsError } from '../errors';
import { operation } from '../operation';
import { badRequest, checkAccountId, checkJobId, queryParameter } from '../request-fields';

export interface UpdateJobStatusCommand {
  readonly appId: string;
  readonly jobId: string;
  readonly requested: RequestedJobStatus;
  /** Empty when the caller sent none. */
  readonly reason: string;
}

const REASON_MAX_BYTES = 256;

/** Checks every input in a fixed order (JobId, requestedJobStatus, statusUpdateReason, x-amz-account-id). */
export function validateUpdateJobStatus(pathJobId: string, request: HttpRequest): UpdateJobStatusCommand | AwsError {
  const jobId = checkJobId(pathJobId);
  if (jobId instanceof AwsError) return jobId;

  const requested = queryParameter(request, 'requestedJobStatus');
  if (requested instanceof AwsError) return requested;
  if (!isRequestedJobStatus(requested)) return badRequest('The requestedJobStatus parameter must be Cancelled or Ready.');

  const reason = queryParameter(request, 'statusUpdateReason');
  if (reason instanceof AwsError) return reason;
  if (reason !== undefined) {
    const bytes = Buffer.byteLength(reason, 'utf8');
    if (bytes < 1 || bytes > REASON_MAX_BYTES) {
      return badRequest(`The statusUpdateReason parameter must be 1 to ${REASON_MAX_BYTES} bytes of UTF-8; it has ${bytes}.`);
    }
    if (NOT_XML_CHAR.test(reason)) return badRequest('The statusUpdateReason parameter contains a character XML cannot carry.');
  }

  const appId = checkAccountId(request);
  if (appId instanceof AwsError) return appId;
  return { appId, jobId, requested, reason: reason ?? '' };
}

export const UpdateJobStatus = operation<UpdateJobStatusCommand>({
  name: 'UpdateJobStatus',
  parse: (request, jobId) => validateUpdateJobStatus(jobId, request),
  async run(command, { store, requestId, now, log }) {
    Object.assign(log, { appId: command.appId, jobId: command.jobId, requestedJobStatus: command.requested });
    const outcome = await updateJobStatus(store, { ...command, requestId, now: now.toISOString() });
    log.writes = outcome.writes;
    switch (outcome.kind) {
      case 'changed': {
        Object.assign(log, { from: outcome.from, to: outcome.job.status });
        const reason = outcome.job.statusUpdateReason ?? '';
        return {
          status: 200,
          body: ['UpdateJobStatusResult', [['JobId', command.jobId], ['Status', outcome.job.status], ...(reason ? [['StatusUpdateReason', reason] as const] : [])]],
        };
      }
      case 'refused':
        log.current = outcome.current;
        return new AwsError(
          'JobStatusException',
          outcome.reason === 'job-already-finished'
            ? `The job has already finished (${outcome.current}).`
            : `A job in status ${outcome.current} cannot be changed to ${command.requested}.`,
        );
      case 'not-found':
        return new AwsError('NotFoundException', 'The specified job does not exist.');
      case 'corrupt':
        log.cause = `invalid job item: ${outcome.detail}`;
        return new AwsError('InternalServiceException');
      case 'contended':
        return new AwsError('TooManyRequestsException', 'The job changed status while this request was being processed. Please try again.');
    }
  },
});
