import type { CosError } from './errors';
import { newTraceId } from './request-id';
import { renderXml } from './xml';

/** What the service answers, before the gateway shape: every answer is COS XML. */
export interface CosResponse {
  readonly status: number;
  /** Made fresh for each response: the gateway result takes it as it is. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

const XML = 'application/xml';

export function successResponse(
  requestId: string,
  result: { jobId: string; status: string; statusUpdateReason: string },
): CosResponse {
  return {
    status: 200,
    headers: { 'Content-Type': XML, 'x-cos-request-id': requestId },
    body: renderXml('UpdateJobStatusResult', {
      JobId: result.jobId,
      Status: result.status,
      StatusUpdateReason: result.statusUpdateReason,
    }),
  };
}

/** `resource` is the request path as received. */
export function errorResponse(requestId: string, resource: string, error: CosError): CosResponse {
  const traceId = newTraceId();
  return {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': XML, 'x-cos-request-id': requestId, 'x-cos-trace-id': traceId },
    body: renderXml('Error', {
      Code: error.code,
      Message: error.message,
      Resource: resource,
      RequestId: requestId,
      TraceId: traceId,
      ...error.details,
    }),
  };
}
