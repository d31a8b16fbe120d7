import { authenticate } from './cos/authenticate';
import { CosError, MESSAGES, type CosErrorCode } from './cos/errors';
import { errorResponse, successResponse, type CosResponse } from './cos/responses';
import { validateUpdateJobStatus } from './cos/update-job-status-request';
import { parseGatewayEvent, type HttpRequest } from './http/event';
import { toGatewayResult, type GatewayResult } from './http/gateway-result';
import { matchJobStatusRoute } from './http/routes';
import { updateJobStatus, type UpdateJobStatusOutcome } from './jobs/update-job-status';
import type { CredentialStore } from './store/credential-store';
import { StoreError, type JobStore, type StoreFailure } from './store/job-store';

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

const LOG_MESSAGE = 'UpdateJobStatus';
const MAX_LOGGED_INPUT = 128;

/**
 * One request, one way: gateway event → request → validated command → conditional write(s) → COS XML.
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
        log.secretId = verdict.secretId === undefined ? undefined : clip(verdict.secretId);
        if (!verdict.ok) {
          log.authFailure = verdict.reason;
          return fail(verdict.error);
        }
      }

      const route = matchJobStatusRoute(request.method, request.path);
      if (route instanceof CosError) {
        Object.assign(log, { method: clip(request.method), path: clip(request.path) });
        return fail(route);
      }
      const command = validateUpdateJobStatus(route.jobId, request);
      if (command instanceof CosError) {
        log.jobId = clip(route.jobId);
        return fail(command);
      }
      Object.assign(log, { appId: command.appId, jobId: command.jobId, requestedJobStatus: command.requested });

      let outcome: UpdateJobStatusOutcome;
      try {
        outcome = await updateJobStatus(deps.store, { ...command, requestId, now: at.toISOString() });
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        log.cause = error.causeName;
        return fail(storeError(error.failure));
      }
      log.writes = outcome.writes;
      switch (outcome.kind) {
        case 'changed':
          Object.assign(log, { from: outcome.from, to: outcome.job.status });
          return successResponse(requestId, {
            jobId: command.jobId,
            status: outcome.job.status,
            statusUpdateReason: outcome.job.statusUpdateReason ?? '',
          });
        case 'refused':
          log.current = outcome.current;
          return fail(
            new CosError(
              'InvalidRequest',
              outcome.reason === 'job-already-finished' ? MESSAGES.jobAlreadyFinished : MESSAGES.statusChangeNotAllowed,
            ),
          );
        case 'not-found':
          return fail(new CosError('NoSuchJob'));
        case 'corrupt':
          log.cause = `invalid job item: ${outcome.detail}`;
          return fail(new CosError('InternalError'));
        case 'contended':
          return fail(new CosError('ServiceUnavailable', MESSAGES.contended));
      }
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

function clip(value: string): string {
  return value.length > MAX_LOGGED_INPUT ? `${value.slice(0, MAX_LOGGED_INPUT)}…` : value;
}
