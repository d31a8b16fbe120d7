import { isRequestedJobStatus, type RequestedJobStatus } from '../jobs/status';
import type { HttpRequest } from '../http/event';
import { MALFORMED, type QueryValue } from '../http/query';
import { CosError, MESSAGES } from './errors';
import { NOT_XML_CHAR } from './xml';

/** A validated UpdateJobStatus request: everything the use case needs, nothing it must check again. */
export interface UpdateJobStatusCommand {
  readonly appId: string;
  readonly jobId: string;
  readonly requested: RequestedJobStatus;
  /** Empty when the caller sent none. */
  readonly reason: string;
}

export const LIMITS = {
  jobIdMin: 5,
  jobIdMax: 36,
  reasonMaxBytes: 256,
  appIdMaxBytes: 64,
} as const;

const JOB_ID_CHARS = /^[A-Za-z0-9_-]*$/;
const PRINTABLE_ASCII = /^[\x21-\x7E]+$/;

const invalid = (message: string) => new CosError('InvalidArgument', message);

/**
 * Checks every input of UpdateJobStatus in a fixed order (JobId, requestedJobStatus, statusUpdateReason,
 * x-cos-appid); the first failure wins and its message names the input and the rule.
 */
export function validateUpdateJobStatus(jobId: string, request: HttpRequest): UpdateJobStatusCommand | CosError {
  if (jobId === '') return new CosError('InvalidRequest', MESSAGES.noJobId);
  if (jobId.length < LIMITS.jobIdMin || jobId.length > LIMITS.jobIdMax || !JOB_ID_CHARS.test(jobId)) {
    return invalid(
      `The job ID must be ${LIMITS.jobIdMin} to ${LIMITS.jobIdMax} characters from A-Z, a-z, 0-9, "-" and "_".`,
    );
  }

  const statuses = request.query.get('requestedJobStatus') ?? [];
  if (statuses.length > 1) return invalid('The requestedJobStatus parameter must be given exactly once.');
  const requested = statuses[0];
  if (requested === MALFORMED) return invalid('The requestedJobStatus parameter has invalid percent-encoding.');
  if (!isRequestedJobStatus(requested)) return invalid(MESSAGES.requestedJobStatus);

  const reason = validateReason(request.query.get('statusUpdateReason') ?? []);
  if (reason instanceof CosError) return reason;

  const appId = request.headers.get('x-cos-appid') ?? '';
  if (appId === '') return invalid(MESSAGES.appIdMissing);
  if (!PRINTABLE_ASCII.test(appId)) {
    return invalid('The x-cos-appid header must contain only printable ASCII characters (0x21-0x7E).');
  }
  if (appId.length > LIMITS.appIdMaxBytes) {
    return invalid(`The x-cos-appid header must be at most ${LIMITS.appIdMaxBytes} bytes.`);
  }

  return { appId, jobId, requested, reason };
}

function validateReason(values: readonly QueryValue[]): string | CosError {
  if (values.length > 1) return invalid('The statusUpdateReason parameter must not be given more than once.');
  const reason = values[0] ?? '';
  if (reason === MALFORMED) return invalid('The statusUpdateReason parameter has invalid percent-encoding.');
  if (NOT_XML_CHAR.test(reason)) {
    return invalid(
      'The statusUpdateReason parameter contains a character XML cannot carry ' +
        '(a control character other than tab, LF or CR, U+FFFE, U+FFFF, or a lone surrogate).',
    );
  }
  const bytes = Buffer.byteLength(reason, 'utf8');
  if (bytes > LIMITS.reasonMaxBytes) {
    return invalid(
      `The statusUpdateReason parameter must be at most ${LIMITS.reasonMaxBytes} bytes of UTF-8; it has ${bytes}.`,
    );
  }
  return reason;
}
