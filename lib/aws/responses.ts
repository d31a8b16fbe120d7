import { randomBytes } from 'node:crypto';
import type { Success, WireResponse } from '../http/dialect';
import type { AwsError } from './errors';
import { renderAwsErrorXml, renderAwsXml } from './xml';

const XML = 'application/xml';

/**
 * The headers of every answer: the request id where the SDKs read it (`x-amz-request-id`), a host id as S3 sends
 * (`x-amz-id-2`), and `Date`, from which the SDKs correct a skewed clock after RequestTimeTooSkewed.
 */
function headersOf(requestId: string, now: Date): Record<string, string> {
  return { 'Content-Type': XML, 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(), Date: now.toUTCString() };
}

const hostId = () => randomBytes(24).toString('base64');

export function successResponse(requestId: string, result: Success, now: Date): WireResponse {
  const headers = headersOf(requestId, now);
  if (result.status === 204 || !result.body) return { status: result.status, headers, body: '' };
  return { status: 200, headers, body: renderAwsXml(result.body) };
}

/** `<ErrorResponse><Error><Code/><Message/>…</Error><RequestId/><HostId/></ErrorResponse>`. */
export function errorResponse(requestId: string, error: AwsError, now: Date): WireResponse {
  const headers = { ...error.headers, ...headersOf(requestId, now) };
  return {
    status: error.status,
    headers,
    body: renderAwsErrorXml([
      'ErrorResponse',
      [
        ['Error', [['Code', error.code], ['Message', error.message], ...Object.entries(error.details)]],
        ['RequestId', requestId],
        ['HostId', headers['x-amz-id-2']!],
      ],
    ]),
  };
}
