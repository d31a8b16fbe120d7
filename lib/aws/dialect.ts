/**
 * The AWS dialect (lib/http/dialect.ts): S3 Control's job operations under `/v20180820/`, the tenant in
 * `x-amz-account-id`, SigV4 signatures, AWS errors and rest-xml.
 */
import type { Dialect } from '../http/dialect';
import type { StoreFailure } from '../store/job-store';
import { clip } from '../text';
import { authenticateAws } from './authenticate';
import { AwsError, type AwsErrorCode } from './errors';
import { errorResponse, successResponse } from './responses';
import { AWS_ROUTES, PATH_PREFIX } from './routes';

const MAX_ECHO = 128;

const STORE_ERRORS: Record<StoreFailure, AwsErrorCode> = {
  throttled: 'TooManyRequestsException',
  unavailable: 'ServiceUnavailable',
  failed: 'InternalServiceException',
};

export const AWS: Dialect<AwsError> = {
  name: 'aws',
  owns: (path) => path.startsWith(PATH_PREFIX) || path === PATH_PREFIX.slice(0, -1),
  routes: AWS_ROUTES,
  isError: (value): value is AwsError => value instanceof AwsError,
  async authenticate(request, keys, now) {
    const verdict = await authenticateAws(request, keys, now);
    return verdict.ok ? { ok: true, keyId: verdict.accessKeyId } : { ...verdict, keyId: verdict.accessKeyId };
  },
  errors: {
    internal: () => new AwsError('InternalServiceException'),
    noSuchPath: (request) => new AwsError('NoSuchResource', `There is no S3 Control operation at ${clip(request.path, MAX_ECHO)}.`),
    methodNotAllowed: (request, allow) =>
      new AwsError(
        'MethodNotAllowed',
        `The method ${clip(request.method, MAX_ECHO) || '(none)'} is not allowed on ${clip(request.path, MAX_ECHO)}; use ${allow}.`,
        { headers: { Allow: allow } },
      ),
    store: (failure) => new AwsError(STORE_ERRORS[failure]),
  },
  success: (requestId, result, now) => successResponse(requestId, result, now),
  failure: (requestId, _request, error, now) => errorResponse(requestId, error, now),
};
