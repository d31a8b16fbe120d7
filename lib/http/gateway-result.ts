import type { CosResponse } from '../cos/responses';

/** The result shape both gateway payload formats (REST API 1.0, HTTP API 2.0) accept. */
export interface GatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export function toGatewayResult(response: CosResponse): GatewayResult {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}
