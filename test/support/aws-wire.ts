/**
 * Requests signed by the real S3ControlClient, captured by a request handler that never sends them: what the SDK
 * puts on the wire (method, path, raw query, headers, body), for tests of the SigV4 check.
 */
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { HttpResponse, buildQueryString } from '@smithy/core/protocols';
import { Readable } from 'node:stream';
import { DEMO_AWS_KEY } from '../../scripts/local-stack';

/** A request as it left the client. */
export interface Wire {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface CaptureOptions {
  /** Default `http://127.0.0.1:8080`; a path in it is a base path (a gateway stage). */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Milliseconds the client's clock is off. */
  clockOffset?: number;
}

/** Sends a command through a real S3ControlClient whose handler keeps the signed request and answers `<X/>`. */
export async function capture(command: object, options: CaptureOptions = {}): Promise<Wire> {
  let wire: Wire | undefined;
  const client = new S3ControlClient({
    region: 'us-east-1',
    credentials: {
      accessKeyId: options.accessKeyId ?? DEMO_AWS_KEY.secretId,
      secretAccessKey: options.secretAccessKey ?? DEMO_AWS_KEY.secretKey,
      sessionToken: options.sessionToken,
    },
    endpoint: options.endpoint ?? 'http://127.0.0.1:8080',
    endpointProvider: (p) => ({ url: new URL(p.Endpoint!) }),
    systemClockOffset: options.clockOffset ?? 0,
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }) {
        wire = {
          method: request.method,
          path: request.path,
          rawQuery: buildQueryString(request.query ?? {}),
          headers: { ...request.headers },
          body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : Buffer.from(request.body as Uint8Array).toString('utf8'),
        };
        return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Readable.from(['<X/>']) }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    } as never,
  });
  await client.send(command as never);
  return wire!;
}
