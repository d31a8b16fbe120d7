import { AWS } from './aws/dialect';
import { COS } from './cos/dialect';
import type { Dialect, OperationResult, WireError, WireResponse } from './http/dialect';
import { parseGatewayEvent, type HttpRequest } from './http/event';
import { toGatewayResult, type GatewayResult } from './http/gateway-result';
import { matchRoute } from './http/router';
import type { CredentialStore } from './store/credential-store';
import { StoreError, type JobStore } from './store/job-store';
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
  /** Request signatures (COS v5, AWS SigV4), verified against these keys; or 'none' (AUTH_MODE=none) to trust every caller. */
  readonly auth: { readonly keys: CredentialStore } | 'none';
  readonly logger: AppLogger;
  readonly newRequestId: () => string;
  readonly now?: () => Date;
  /** The region the service runs in (AWS job ARNs name it); us-east-1 when not given. */
  readonly region?: string;
}

/** The Lambda context fields the app reads. */
export interface InvocationContext {
  readonly awsRequestId?: string;
}

const LOG_MESSAGE = 'request';
const MAX_LOGGED_INPUT = 128;

/** The dialects, most specific first: a request is the first one's that owns its path (COS owns the rest). */
export const DIALECTS: readonly Dialect<WireError>[] = [AWS, COS];

/**
 * One request, one way, whatever its dialect: gateway event → the dialect that owns the path → signature → route →
 * the operation's checks → its use case and the store → the dialect's XML.
 * Never throws and never answers anything but the dialect's XML.
 */
export function createApp(deps: AppDeps): (event: unknown, context?: InvocationContext) => Promise<GatewayResult> {
  const now = deps.now ?? (() => new Date());

  return async function handle(event, context) {
    const started = performance.now();
    const requestId = deps.newRequestId();
    const log: Record<string, unknown> = { requestId, lambdaRequestId: context?.awsRequestId };
    let dialect: Dialect<WireError> = COS;
    let request: HttpRequest | undefined;
    let response: WireResponse;
    const at = now();
    try {
      request = parseGatewayEvent(event);
      dialect = DIALECTS.find((d) => d.owns(request!.path)) ?? COS;
      Object.assign(log, { dialect: dialect.name, gatewayRequestId: request.gatewayRequestId, payloadFormat: request.payloadFormat });
      response = await respond(dialect, request);
    } catch (error) {
      // Only a defect gets here: the use case and the store report every expected failure as a value or StoreError.
      log.cause = error instanceof Error ? error.name : typeof error;
      response = dialect.failure(requestId, request, dialect.errors.internal(), at);
    }
    log.status = response.status;
    log.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const level = response.status >= 500 ? 'error' : 'info';
    deps.logger[level](LOG_MESSAGE, log);
    return toGatewayResult(response);

    async function respond<E extends WireError>(dialect: Dialect<E>, request: HttpRequest): Promise<WireResponse> {
      const fail = (error: E): WireResponse => {
        log.errorCode = error.code;
        return dialect.failure(requestId, request, error, at);
      };
      if (!deps.store) return fail(dialect.errors.internal());

      if (deps.auth !== 'none') {
        let verdict;
        try {
          verdict = await dialect.authenticate(request, deps.auth.keys, at);
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          log.cause = `credentials: ${error.causeName}`;
          return fail(dialect.errors.store(error.failure));
        }
        log.keyId = verdict.keyId === undefined ? undefined : clip(verdict.keyId, MAX_LOGGED_INPUT);
        if (!verdict.ok) {
          log.authFailure = verdict.reason;
          return fail(verdict.error);
        }
      }

      const route = matchRoute(dialect.routes, request.method, request.path);
      if (route.kind !== 'found') {
        Object.assign(log, { method: clip(request.method, MAX_LOGGED_INPUT), path: clip(request.path, MAX_LOGGED_INPUT) });
        return fail(route.kind === 'no-such-path' ? dialect.errors.noSuchPath(request) : dialect.errors.methodNotAllowed(request, route.allow));
      }
      const { operation } = route;
      log.operation = operation.name;
      const command = operation.parse(request, route.jobId);
      if (dialect.isError(command)) {
        if (route.jobId) log.jobId = clip(route.jobId, MAX_LOGGED_INPUT);
        return fail(command);
      }

      let result: OperationResult<E>;
      try {
        result = await operation.run(command, { store: deps.store, requestId, now: at, region: deps.region ?? 'us-east-1', log });
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        log.cause = error.causeName;
        return fail(dialect.errors.store(error.failure));
      }
      return dialect.isError(result) ? fail(result) : dialect.success(requestId, result, at);
    }
  };
}
