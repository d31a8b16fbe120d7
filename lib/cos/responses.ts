import type { CosError } from './errors';
import type { OperationResult } from './operation';
import { newTraceId } from './request-id';
import { renderCosErrorXml, renderCosXml } from './xml';

/** What the service answers, before the gateway shape: every answer is COS XML (or, for 204, nothing). */
export interface CosResponse {
  readonly status: number;
  /** Made fresh for each response: the gateway result takes it as it is. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

const XML = 'application/xml';

/** Every answer carries the same two headers, a 204 without a body (DeleteJob) too. */
export function successResponse(requestId: string, result: Exclude<OperationResult, CosError>): CosResponse {
  const headers = { 'Content-Type': XML, 'x-cos-request-id': requestId };
  return result.status === 204 ? { status: 204, headers, body: '' } : { status: 200, headers, body: renderCosXml(result.body) };
}

/** `resource` is the request path as received. */
export function errorResponse(requestId: string, resource: string, error: CosError): CosResponse {
  const traceId = newTraceId();
  return {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': XML, 'x-cos-request-id': requestId, 'x-cos-trace-id': traceId },
    body: renderCosErrorXml([
      'Error',
      [
        ['Code', error.code],
        ['Message', error.message],
        ['Resource', resource],
        ['RequestId', requestId],
        ['TraceId', traceId],
        ...Object.entries(error.details),
      ],
    ]),
  };
}
