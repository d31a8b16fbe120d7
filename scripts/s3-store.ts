/** Starts the local S3-compatible store (scripts/s3-store-server.cjs) as its own process, and makes clients for it. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ROOT, stopperOf, waitUntil } from './local-stack';

export function s3ClientFor(endpoint: string, accessKeyId = 'S3RVER', secretAccessKey = 'S3RVER'): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function startS3Store(options: {
  port: number;
  directory: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  buckets?: readonly string[];
  log?: (line: string) => void;
}): Promise<{ process: ChildProcess; endpoint: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', path.join(ROOT, 'scripts/s3-store-server.cjs')], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      S3_PORT: String(options.port),
      S3_DIRECTORY: options.directory,
      S3_ACCESS_KEY_ID: options.accessKeyId ?? 'S3RVER',
      S3_SECRET_ACCESS_KEY: options.secretAccessKey ?? 'S3RVER',
      S3_BUCKETS: (options.buckets ?? []).join(','),
    },
  });
  const log = options.log ?? (() => {});
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = stopperOf(child);
  const client = s3ClientFor(endpoint, options.accessKeyId, options.secretAccessKey);
  try {
    await waitUntil(`the S3 store on port ${options.port}`, async () => (await client.send(new ListBucketsCommand({})), true), 30_000);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { process: child, endpoint, stop };
}
