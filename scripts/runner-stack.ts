/**
 * The runner's half of the local stack, shared by `npm start` and the test stacks: the S3-compatible store, the
 * SQS emulator with the runner's queue, and the runner process (scripts/local-runner.ts), each its own process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, stopperOf, type Started } from './local-stack';
import { startQueue } from './local-queue';
import { startS3Store } from './s3-store';

export const DEFAULT_S3_PORT = 4569;
export const LOCAL_S3_KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface RunnerProcessOptions {
  readonly dynamodbEndpoint: string;
  readonly jobsTable: string;
  readonly s3Endpoint: string;
  readonly s3Key?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly sqsEndpoint: string;
  readonly queueUrl: string;
  /** Where the runner keeps its stream position between runs. */
  readonly stateFile: string;
  /** RUNNER_* settings (lib/runner/config.ts), passed as they are. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

/** Starts the runner process; `kill()` ends it at once (SIGKILL), as a crash would. */
export function startRunnerProcess(options: RunnerProcessOptions): Started & { kill(): void } {
  const key = options.s3Key ?? LOCAL_S3_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/local-runner.ts')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
      JOBS_TABLE: options.jobsTable,
      S3_ENDPOINT: options.s3Endpoint,
      S3_ACCESS_KEY_ID: key.accessKeyId,
      S3_SECRET_ACCESS_KEY: key.secretAccessKey,
      SQS_ENDPOINT: options.sqsEndpoint,
      RUNNER_QUEUE_URL: options.queueUrl,
      RUNNER_STATE_FILE: options.stateFile,
      // The emulators take any key; no AWS account is involved.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...options.settings,
    },
  });
  const log = options.log ?? (() => {});
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  return {
    process: child,
    stop: stopperOf(child),
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
  };
}

export interface RunnerStackOptions {
  readonly s3Port: number;
  readonly sqsPort: number;
  readonly s3Directory: string;
  readonly buckets: readonly string[];
  readonly leaseSeconds: number;
  readonly log?: (line: string) => void;
}

/** The store and the queue (the runner process is started apart, so that tests can kill and restart it). */
export async function startRunnerServices(options: RunnerStackOptions) {
  const s3 = await startS3Store({ port: options.s3Port, directory: options.s3Directory, buckets: options.buckets, ...(options.log && { log: options.log }) });
  try {
    const queue = await startQueue(options.sqsPort, options.leaseSeconds, options.log);
    return { s3, queue, stop: async () => void (await Promise.all([s3.stop(), queue.stop()])) };
  } catch (error) {
    await s3.stop();
    throw error;
  }
}
