/** The COS dialect (lib/http/dialect.ts): every path but the AWS dialect's, `x-cos-appid`, COS v5 signatures. */
import type { Dialect } from '../http/dialect';
import type { StoreFailure } from '../store/job-store';
import { clip } from '../text';
import { authenticate } from './authenticate';
import { CosError, MESSAGES, type CosErrorCode } from './errors';
import { errorResponse, successResponse } from './responses';
import { COS_ROUTES } from './routes';

const MAX_ECHO = 128;

const STORE_ERRORS: Record<StoreFailure, CosErrorCode> = {
  throttled: 'SlowDown',
  unavailable: 'ServiceUnavailable',
  failed: 'InternalError',
};

export const COS: Dialect<CosError> = {
  name: 'cos',
  owns: () => true,
  routes: COS_ROUTES,
  isError: (value): value is CosError => value instanceof CosError,
  async authenticate(request, keys, now) {
    const verdict = await authenticate(request, keys, Math.floor(now.getTime() / 1000));
    return verdict.ok ? { ok: true, keyId: verdict.secretId } : { ...verdict, keyId: verdict.secretId };
  },
  errors: {
    internal: () => new CosError('InternalError'),
    noSuchPath: () => new CosError('NoSuchResource'),
    methodNotAllowed: (request, allow) =>
      new CosError(
        'MethodNotAllowed',
        `The method ${clip(request.method, MAX_ECHO) || '(none)'} is not allowed on ${clip(request.path, MAX_ECHO)}; use ${allow}.`,
        { headers: { Allow: allow } },
      ),
    store(failure) {
      const code = STORE_ERRORS[failure];
      return new CosError(code, code === 'ServiceUnavailable' ? MESSAGES.unavailable : undefined);
    },
  },
  success: (requestId, result) => successResponse(requestId, result),
  failure: (requestId, request, error) => errorResponse(requestId, request?.path ?? '', error),
};
