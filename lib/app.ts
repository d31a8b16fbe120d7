import { authenticate } from './cos/authenticate';
import { CosError, MESSAGES, type CosErrorCode } from './cos/errors';
import type { OperationResult } from './cos/operation';
import { errorResponse, successResponse, type CosResponse } from './cos/responses';
import { COS_ROUTES } from './cos/routes';
import { parseGatewayEvent, type HttpRequest } from './http/event';
import { toGatewayResult, type GatewayResult } from './http/gateway-result';
import { matchRoute } from './http/router';
import type { CredentialStore } from './store/credential-store';
import { StoreError, type JobStore, type StoreFailure } from './store/job-store';
import { clip } from './text';

/** The slice of a structured logger the app uses (Powertools' Logger fits). */
export interface AppLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface AppDeps {
  /** Absent when the container could not be configured; every request is then answered 500. */
  readonly store: JobStore | undefined;
  /** COS request signatures, verified against these keys; or 'none' (AUTH_MODE=none) to trust every caller. */
  readonly auth: { readonly keys: CredentialStore } | 'none';
  readonly logger: AppLogger;
  readonly newRequestId: () => string;
  readonly now?: () => Date;
}

/** The Lambda context fields the app reads. */
export interface InvocationContext {
  readonly awsRequestId?: string;
}

const LOG_MESSAGE = 'request';
const MAX_LOGGED_INPUT = 128;

/**
 * One request, one way: gateway event → signature → route → the operation's checks → its use case and the store →
 * COS XML.
 * Never throws and never answers anything but COS XML.
 */
export function createApp(deps: AppDeps): (event: unknown, context?: InvocationContext) => Promise<GatewayResult> {
  const now = deps.now ?? (() => new Date());

  return async function handle(event, context) {
    const started = performance.now();
    const requestId = deps.newRequestId();
    const log: Record<string, unknown> = { requestId, lambdaRequestId: context?.awsRequestId };
    let resource = '';
    let response: CosResponse;
    try {
      const request = parseGatewayEvent(event);
      resource = request.path;
      Object.assign(log, { gatewayRequestId: request.gatewayRequestId, payloadFormat: request.payloadFormat });
      response = await respond(request);
    } catch (error) {
      // Only a defect gets here: the use case and the store report every expected failure as a value or StoreError.
      log.cause = error instanceof Error ? error.name : typeof error;
      response = errorResponse(requestId, resource, new CosError('InternalError'));
    }
    log.status = response.status;
    log.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const level = response.status >= 500 ? 'error' : 'info';
    deps.logger[level](LOG_MESSAGE, log);
    return toGatewayResult(response);

    async function respond(request: HttpRequest): Promise<CosResponse> {
      const fail = (error: CosError): CosResponse => {
        log.errorCode = error.code;
        return errorResponse(requestId, request.path, error);
      };
      if (!deps.store) return fail(new CosError('InternalError'));
      const at = now();

      if (deps.auth !== 'none') {
        let verdict;
        try {
          verdict = await authenticate(request, deps.auth.keys, Math.floor(at.getTime() / 1000));
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          log.cause = `credentials: ${error.causeName}`;
          return fail(storeError(error.failure));
        }
        log.secretId = verdict.secretId === undefined ? undefined : clip(verdict.secretId, MAX_LOGGED_INPUT);
        if (!verdict.ok) {
          log.authFailure = verdict.reason;
          return fail(verdict.error);
        }
      }

      const route = matchRoute(COS_ROUTES, request.method, request.path);
      if (route.kind !== 'found') {
        Object.assign(log, { method: clip(request.method, MAX_LOGGED_INPUT), path: clip(request.path, MAX_LOGGED_INPUT) });
        return fail(
          route.kind === 'no-such-path'
            ? new CosError('NoSuchResource')
            : new CosError('MethodNotAllowed', `The method ${clip(request.method, MAX_LOGGED_INPUT) || '(none)'} is not allowed on ${clip(request.path, MAX_LOGGED_INPUT)}; use ${route.allow}.`, {
                headers: { Allow: route.allow },
              }),
        );
      }
      const { operation } = route;
      log.operation = operation.name;
      const command = operation.parse(request, route.jobId);
      if (command instanceof CosError) {
        if (route.jobId) log.jobId = clip(route.jobId, MAX_LOGGED_INPUT);
        return fail(command);
      }

      let result: OperationResult;
      try {
        result = await operation.run(command, { store: deps.store, requestId, now: at, log });
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        log.cause = error.causeName;
        return fail(storeError(error.failure));
      }
      return result instanceof CosError ? fail(result) : successResponse(requestId, result);
    }
  };
}

const STORE_ERRORS: Record<StoreFailure, CosErrorCode> = {
  throttled: 'SlowDown',
  unavailable: 'ServiceUnavailable',
  failed: 'InternalError',
};

function storeError(failure: StoreFailure): CosError {
  const code = STORE_ERRORS[failure];
  return new CosError(code, code === 'ServiceUnavailable' ? MESSAGES.unavailable : undefined);
}

