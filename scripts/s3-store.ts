/** Starts the local S3-compatible store (scripts/s3-store-server.cjs) as its own process, and makes clients for it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ROOT, stopperOf, waitUntil, type Started } from './local-stack';

/** A client for the store: path style (no `<bucket>.localhost` names), and bodies sent as they are (runner-parts §1.3). */
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

export interface S3StoreOptions {
  readonly port: number;
  /** The data folder; it may exist already, with the buckets of an earlier run. */
  readonly directory: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Created at start when missing. */
  readonly buckets?: readonly string[];
  readonly log?: (line: string) => void;
}

/**
 * Starts the store in its own process group (stop() ends the group: SIGTERM, then SIGKILL after 5 s) and resolves
 * once it answers ListBuckets with the given key.
 */
export async function startS3Store(options: S3StoreOptions): Promise<Started & { endpoint: string }> {
  const accessKeyId = options.accessKeyId ?? 'S3RVER';
  const secretAccessKey = options.secretAccessKey ?? 'S3RVER';
  const child = spawn(process.execPath, ['--openssl-legacy-provider', path.join(ROOT, 'scripts/s3-store-server.cjs')], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      S3_PORT: String(options.port),
      S3_DIRECTORY: options.directory,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_BUCKETS: (options.buckets ?? []).join(','),
    },
  });
  const log = options.log ?? (() => {});
  let errors = '';
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    errors = `${errors}${d}`.slice(-2_000);
    log(d.toString());
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const started = { process: child, endpoint, stop: stopperOf(child) };
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`the S3 store exited (${signal ?? `code ${code}`}) before it answered on port ${options.port}: ${errors.trim()}`))),
  );
  exited.catch(() => {}); // only raced below
  const client = s3ClientFor(endpoint, accessKeyId, secretAccessKey);
  try {
    await Promise.race([
      waitUntil(`the S3 store on port ${options.port}`, async () => (await client.send(new ListBucketsCommand({})), true), 30_000),
      exited,
    ]);
  } catch (error) {
    await started.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return started;
}
