/** UpdateJobStatus: `POST /jobs/<JobId>/status?requestedJobStatus=Ready|Cancelled&statusUpdateReason=...`. */
import type { HttpRequest } from '../../http/event';
import { isRequestedJobStatus, type RequestedJobStatus } from '../../jobs/status';
import { updateJobStatus } from '../../jobs/update-job-status';
import { CosError, MESSAGES } from '../errors';
import { operation } from '../operation';
import { checkAppId, checkJobId, invalidArgument, queryParameter, xmlSafe } from '../request-fields';

/** A validated UpdateJobStatus request: everything the use case needs, nothing it must check again. */
export interface UpdateJobStatusCommand {
  readonly appId: string;
  readonly jobId: string;
  readonly requested: RequestedJobStatus;
  /** Empty when the caller sent none. */
  readonly reason: string;
}

const REASON_MAX_BYTES = 256;

/**
 * Checks every input in a fixed order (JobId, requestedJobStatus, statusUpdateReason, x-cos-appid); the first
 * failure wins and its message names the input and the rule.
 */
export function validateUpdateJobStatus(pathJobId: string, request: HttpRequest): UpdateJobStatusCommand | CosError {
  const jobId = checkJobId(pathJobId);
  if (jobId instanceof CosError) return jobId;

  const requested = queryParameter(request, 'requestedJobStatus', 'The requestedJobStatus parameter must be given exactly once.');
  if (requested instanceof CosError) return requested;
  if (!isRequestedJobStatus(requested)) return invalidArgument(MESSAGES.requestedJobStatus);

  const reason = validateReason(request);
  if (reason instanceof CosError) return reason;

  const appId = checkAppId(request);
  if (appId instanceof CosError) return appId;
  return { appId, jobId, requested, reason };
}

function validateReason(request: HttpRequest): string | CosError {
  const given = queryParameter(request, 'statusUpdateReason', 'The statusUpdateReason parameter must not be given more than once.');
  if (given instanceof CosError) return given;
  const reason = xmlSafe(given ?? '', 'statusUpdateReason');
  if (reason instanceof CosError) return reason;
  const bytes = Buffer.byteLength(reason, 'utf8');
  if (bytes > REASON_MAX_BYTES) {
    return invalidArgument(`The statusUpdateReason parameter must be at most ${REASON_MAX_BYTES} bytes of UTF-8; it has ${bytes}.`);
  }
  return reason;
}

export const UpdateJobStatus = operation<UpdateJobStatusCommand>({
  name: 'UpdateJobStatus',
  parse: (request, jobId) => validateUpdateJobStatus(jobId, request),
  async run(command, { store, requestId, now, log }) {
    Object.assign(log, { appId: command.appId, jobId: command.jobId, requestedJobStatus: command.requested });
    const outcome = await updateJobStatus(store, { ...command, requestId, now: now.toISOString() });
    log.writes = outcome.writes;
    switch (outcome.kind) {
      case 'changed':
        Object.assign(log, { from: outcome.from, to: outcome.job.status });
        return {
          status: 200,
          body: [
            'UpdateJobStatusResult',
            [
              ['JobId', command.jobId],
              ['Status', outcome.job.status],
              ['StatusUpdateReason', outcome.job.statusUpdateReason ?? ''],
            ],
          ],
        };
      case 'refused':
        log.current = outcome.current;
        return new CosError(
          'InvalidRequest',
          outcome.reason === 'job-already-finished' ? MESSAGES.jobAlreadyFinished : MESSAGES.statusChangeNotAllowed,
        );
      case 'not-found':
        return new CosError('NoSuchJob', MESSAGES.noSuchJobOrFinished);
      case 'corrupt':
        log.cause = `invalid job item: ${outcome.detail}`;
        return new CosError('InternalError');
      case 'contended':
        return new CosError('ServiceUnavailable', MESSAGES.contended);
    }
  },
});
