/**
 * The request inputs every AWS operation shares: the JobId in the path, the `x-amz-account-id` header (the
 * tenant) and single query parameters. Each check returns the value or the AwsError naming the input and the rule.
 */
import { REPLACEMENT_CHAR } from '../http/body';
import type { HttpRequest } from '../http/event';
import { MALFORMED } from '../http/query';
import { awsTenant } from '../jobs/tenant';
import type { JobKey } from '../store/job-store';
import { clip } from '../text';
import { AwsError, type AwsErrorCode } from './errors';

const JOB_ID = /^[A-Za-z0-9_-]{5,36}$/;
const ACCOUNT_ID = /^\d{12}$/;

export const badRequest = (message: string) => new AwsError('BadRequestException', message);

/** The tenant of `x-amz-account-id` (12 digits), as the store keys it (`aws:<account id>`). */
export function checkAccountId(request: HttpRequest, code: AwsErrorCode = 'BadRequestException'): string | AwsError {
  const accountId = request.headers.get('x-amz-account-id');
  if (accountId === undefined || accountId === '') return new AwsError(code, 'The x-amz-account-id header is required.');
  if (!ACCOUNT_ID.test(accountId)) {
    return new AwsError(code, `The x-amz-account-id header must be a 12-digit AWS account id, not "${clip(accountId, 64)}".`);
  }
  return awsTenant(accountId);
}

/** A JobId in a path: 5–36 characters of `A-Z a-z 0-9 - _`. */
export function checkJobId(jobId: string): string | AwsError {
  if (jobId === '') return badRequest('The job id in the path is empty.');
  if (!JOB_ID.test(jobId)) return badRequest('The job id must be 5 to 36 characters from A-Z, a-z, 0-9, "-" and "_".');
  return jobId;
}

/** The job a request names: the JobId in its path, then the tenant. */
export function checkJobKey(request: HttpRequest, pathJobId: string): JobKey | AwsError {
  const jobId = checkJobId(pathJobId);
  if (jobId instanceof AwsError) return jobId;
  const appId = checkAccountId(request);
  return appId instanceof AwsError ? appId : { appId, jobId };
}

/** A query parameter given at most once: its value, undefined when absent, or the error (`code`, default BadRequest). */
export function queryParameter(request: HttpRequest, name: string, code: AwsErrorCode = 'BadRequestException'): string | undefined | AwsError {
  const values = request.query.get(name) ?? [];
  if (values.length > 1) return new AwsError(code, `The ${name} parameter must not be given more than once.`);
  const value = values[0];
  if (value === MALFORMED) return new AwsError(code, `The ${name} parameter has invalid percent-encoding.`);
  if (value?.includes(REPLACEMENT_CHAR)) return new AwsError(code, `The ${name} parameter must be valid UTF-8.`);
  return value;
}
