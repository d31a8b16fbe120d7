/**
 * The request inputs every COS operation shares: the JobId in the path, the `x-cos-appid` header and single
 * query parameters. Each check returns the value or the CosError naming the input and the rule.
 */
import type { HttpRequest } from '../http/event';
import { REPLACEMENT_CHAR } from '../http/body';
import { MALFORMED } from '../http/query';
import { AWS_TENANT_PREFIX, isAwsTenant } from '../jobs/tenant';
import { CosError, MESSAGES } from './errors';
import { NOT_XML_CHAR } from './xml';

export const LIMITS = {
  jobIdMin: 5,
  jobIdMax: 36,
  appIdMaxBytes: 64,
} as const;

const JOB_ID = /^[A-Za-z0-9_-]{5,36}$/;
const PRINTABLE_ASCII = /^[\x21-\x7E]+$/;
export { REPLACEMENT_CHAR };

export const invalidArgument = (message: string) => new CosError('InvalidArgument', message);

/** A JobId in a path: 5–36 characters of `A-Z a-z 0-9 - _` (COS job ids are UUIDs). */
export function checkJobId(jobId: string): string | CosError {
  if (jobId === '') return new CosError('InvalidRequest', MESSAGES.noJobId);
  if (!JOB_ID.test(jobId)) {
    return invalidArgument(`The job ID must be ${LIMITS.jobIdMin} to ${LIMITS.jobIdMax} characters from A-Z, a-z, 0-9, "-" and "_".`);
  }
  return jobId;
}

/** The tenant: `x-cos-appid`, 1–64 bytes of printable ASCII, not starting with `aws:`. */
export function checkAppId(request: HttpRequest): string | CosError {
  const appId = request.headers.get('x-cos-appid') ?? '';
  if (appId === '') return invalidArgument(MESSAGES.appIdMissing);
  if (!PRINTABLE_ASCII.test(appId)) return invalidArgument('The x-cos-appid header must contain only printable ASCII characters (0x21-0x7E).');
  if (appId.length > LIMITS.appIdMaxBytes) return invalidArgument(`The x-cos-appid header must be at most ${LIMITS.appIdMaxBytes} bytes.`);
  // The AWS dialect's tenants (lib/jobs/tenant.ts): a COS request never reaches their jobs.
  if (isAwsTenant(appId)) return invalidArgument(`The x-cos-appid header must not start with "${AWS_TENANT_PREFIX}".`);
  return appId;
}

/** The job a request names: the JobId in its path, then the tenant (the checks of DescribeJob and DeleteJob). */
export function checkJobKey(request: HttpRequest, pathJobId: string): { appId: string; jobId: string } | CosError {
  const jobId = checkJobId(pathJobId);
  if (jobId instanceof CosError) return jobId;
  const appId = checkAppId(request);
  return appId instanceof CosError ? appId : { appId, jobId };
}

/**
 * A query parameter given at most once: its value, undefined when absent, or the error. A value holding U+FFFD is
 * refused: a REST API gateway puts it where the caller sent bytes that are not UTF-8, and nothing a caller sent
 * may be stored silently altered.
 */
export function queryParameter(request: HttpRequest, name: string, repeated: string): string | undefined | CosError {
  const values = request.query.get(name) ?? [];
  if (values.length > 1) return invalidArgument(repeated);
  const value = values[0];
  if (value === MALFORMED) return invalidArgument(`The ${name} parameter has invalid percent-encoding.`);
  if (value?.includes(REPLACEMENT_CHAR)) return invalidArgument(`The ${name} parameter must be valid UTF-8.`);
  return value;
}

/** Text a caller sent that will be stored and echoed must be text XML can carry. */
export function xmlSafe(value: string, name: string): string | CosError {
  if (NOT_XML_CHAR.test(value)) {
    return invalidArgument(
      `The ${name} parameter contains a character XML cannot carry ` +
        '(a control character other than tab, LF or CR, U+FFFE, U+FFFF, or a lone surrogate).',
    );
  }
  return value;
}
