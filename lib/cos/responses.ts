import type { Success, WireResponse } from '../http/dialect';
import type { CosError } from './errors';
import { newTraceId } from './request-id';
import { renderCosErrorXml, renderCosXml } from './xml';

/** Every COS answer is COS XML (or, for 204, nothing). */
export type CosResponse = WireResponse;

const XML = 'application/xml';

/** Every answer carries the same two headers, a 204 without a body (DeleteJob) too. */
export function successResponse(requestId: string, result: Success): CosResponse {
  const headers = { 'Content-Type': XML, 'x-cos-request-id': requestId };
  if (result.status === 204) return { status: 204, headers, body: '' };
  return { status: 200, headers, body: result.body ? renderCosXml(result.body) : '' };
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
