/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the jobs table and demo jobs, the API on
 * serverless-offline, and (unless RUNNER=off) the runner with its parts: the S3-compatible store with a demo bucket
 * (unless S3_ENDPOINT is set), the SQS emulator and the runner process. Once the port answers, prints the URL, the
 * demo key, a signed curl line, one `npm run cos` command per operation and a job to run; Ctrl-C stops everything.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signRequest } from './cos-client';
import {
  DEFAULT_CREDENTIALS_TABLE,
  DEFAULT_JOBS_TABLE,
  DEMO_APPID,
  DEMO_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_AWS_KEY,
  ensureCredentialsTable,
  ensureJobsTable,
  freePort,
  putKey,
  javaProblem,
  localClient,
  putJob,
  startDynamoDbLocal,
  startOffline,
  type Started,
} from './local-stack';
import { DEMO_JOBS } from './demo-jobs';
import { DEMO_BUCKETS, DEMO_SOURCE_BUCKET, DEMO_TARGET_BUCKET, seedDemoStorage } from './demo-storage';
import { DEFAULT_S3_PORT, LOCAL_S3_KEY, startRunnerProcess } from './runner-stack';
import { startQueue } from './local-queue';
import { s3ClientFor, startS3Store } from './s3-store';

const port = Number(process.env.PORT ?? 3000);
const dynamodbPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const jobsTable = process.env.JOBS_TABLE?.trim() || DEFAULT_JOBS_TABLE;
const credentialsTable = process.env.CREDENTIALS_TABLE?.trim() || DEFAULT_CREDENTIALS_TABLE;
const authOff = process.env.AUTH_MODE?.trim() === 'none';
const verbose = process.env.VERBOSE === '1';
const runnerOn = process.env.RUNNER?.trim() !== 'off';
const s3Port = Number(process.env.S3_PORT ?? DEFAULT_S3_PORT);
/** The queue's port: SQS_PORT, or a free one (nothing outside the stack talks to it). */
const sqsPort = process.env.SQS_PORT?.trim() ? Number(process.env.SQS_PORT) : 0;
const s3Key = {
  accessKeyId: process.env.S3_ACCESS_KEY_ID?.trim() || LOCAL_S3_KEY.accessKeyId,
  secretAccessKey: process.env.S3_SECRET_ACCESS_KEY?.trim() || LOCAL_S3_KEY.secretAccessKey,
};
const started: Started[] = [];

async function main(): Promise<void> {
  for (const [name, value] of [['PORT', port], ['DYNAMODB_PORT', dynamodbPort], ['S3_PORT', s3Port], ['SQS_PORT', sqsPort || 1]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 65535) fail(`${name} must be a port number (1-65535)`);
  }

  let endpoint = process.env.DYNAMODB_ENDPOINT?.trim();
  if (!endpoint) {
    const problem = javaProblem();
    if (problem) fail(problem);
    say(`Starting DynamoDB Local on port ${dynamodbPort} (in memory)...`);
    const db = await startDynamoDbLocal(dynamodbPort, verbose ? (l) => process.stderr.write(l) : undefined);
    started.push(db);
    endpoint = db.endpoint;
  } else {
    say(`Using DynamoDB at ${endpoint}`);
  }

  const client = localClient(endpoint);
  const table = await ensureJobsTable(client, jobsTable);
  if (table === 'created') {
    for (const job of DEMO_JOBS) await putJob(client, jobsTable, job);
    say(`Created table ${jobsTable} with ${DEMO_JOBS.length} demo jobs for appid ${DEMO_APPID}.`);
  } else {
    say(`Table ${jobsTable} already exists; left as it is.`);
  }
  await ensureCredentialsTable(client, credentialsTable);
  await putKey(client, credentialsTable, DEMO_KEY);
  await putKey(client, credentialsTable, DEMO_AWS_KEY);
  client.destroy();

  let s3Endpoint = process.env.S3_ENDPOINT?.trim();
  if (runnerOn) {
    if (!s3Endpoint) {
      say(`Starting the S3-compatible store on port ${s3Port} (s3rver; key ${s3Key.accessKeyId})...`);
      const store = await startS3Store({ port: s3Port, directory: mkdtempSync(path.join(tmpdir(), 'cos-batch-s3-')), ...s3Key, buckets: [...DEMO_BUCKETS] });
      started.push(store);
      s3Endpoint = store.endpoint;
    } else {
      say(`Using the S3-compatible storage at ${s3Endpoint}`);
    }
    const s3 = s3ClientFor(s3Endpoint, s3Key.accessKeyId, s3Key.secretAccessKey);
    await seedDemoStorage(s3);
    s3.destroy();
    say(`Seeded ${DEMO_SOURCE_BUCKET} (objects and manifests/*.csv) and ${DEMO_TARGET_BUCKET}.`);
    const queuePort = sqsPort || (await freePort());
    say(`Starting the SQS emulator on port ${queuePort} and the runner...`);
    const queue = await startQueue(queuePort, Number(process.env.RUNNER_LEASE_SECONDS ?? 120), verbose ? (l) => process.stderr.write(l) : undefined);
    started.push(queue);
    const runner = startRunnerProcess({
      dynamodbEndpoint: endpoint,
      jobsTable,
      s3Endpoint,
      s3Key,
      sqsEndpoint: queue.endpoint,
      queueUrl: queue.queueUrl,
      stateFile: path.join(mkdtempSync(path.join(tmpdir(), 'cos-batch-runner-')), 'stream.json'),
      log: (line) => process.stdout.write(line),
    });
    started.push(runner);
    runner.process.once('exit', (code) => {
      if (!stopping) say(`the runner exited (code ${code}); jobs no longer run. Stopping.`);
      void shutdown(1);
    });
  } else {
    say('RUNNER=off: jobs are stored but not run (they stay New).');
  }

  say(`Starting the API on port ${port} (serverless-offline builds the handler first)...`);
  const offline = await startOffline({
    port,
    dynamodbEndpoint: endpoint,
    jobsTable,
    credentialsTable,
    log: (line) => process.stdout.write(line),
  });
  started.push(offline);

  const url = `http://localhost:${port}`;
  say('');
  say(`The COS batch job API is serving at ${url}:`);
  for (const [route, name] of ROUTES) say(`  ${route.padEnd(32)} ${name}`);
  if (authOff) {
    say('AUTH_MODE=none: request signatures are NOT checked. Try it:');
    say(`  curl -i '${url}/jobs' -H 'x-cos-appid: ${DEMO_APPID}'`);
    say(`  curl -i -X POST '${url}/jobs' -H 'x-cos-appid: ${DEMO_APPID}' -H 'Content-Type: application/xml' --data-binary @examples/copy.xml`);
  } else {
    say(`Requests must be signed (COS v5). Demo key for appid ${DEMO_APPID} (table ${credentialsTable}):`);
    say(`  SecretId  ${DEMO_KEY.secretId}`);
    say(`  SecretKey ${DEMO_KEY.secretKey}`);
    const signed = signRequest({
      method: 'GET',
      baseUrl: url,
      path: '/jobs',
      appId: DEMO_APPID,
      secretId: DEMO_KEY.secretId,
      secretKey: DEMO_KEY.secretKey,
      expires: 3600,
    });
    say('Try it: ListJobs with curl (this signature is valid for one hour):');
    say(`  curl -i '${signed.url}' -H 'x-cos-appid: ${DEMO_APPID}' -H 'Authorization: ${signed.headers.authorization}'`);
  }
  say('');
  say(`The AWS dialect (S3 Control jobs, for the AWS SDKs and CLI) is at ${url}/v20180820/jobs${authOff ? '' : ', SigV4-signed'}.`);
  say(`Demo AWS key for account ${DEMO_ACCOUNT_ID}: ${DEMO_AWS_KEY.secretId} / ${DEMO_AWS_KEY.secretKey}`);
  say(`  JS SDK: new S3ControlClient({ region: 'us-east-1', endpoint: '${url}', endpointProvider: (p) => ({ url: new URL(p.Endpoint!) }), credentials })`);
  say(`  AWS CLI: HTTP_PROXY=${url} aws s3control list-jobs --account-id ${DEMO_ACCOUNT_ID} --endpoint-url http://s3control.test`);
  say(`           (with the demo key in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; docs/aws-clients.md says why and more)`);
  say('');
  say('Or let npm run cos sign and send each request (with the demo key), from another terminal:');
  // npm run cos sends to port 3000 unless PORT says otherwise.
  const cos = port === 3000 ? 'npm run cos --' : `PORT=${port} npm run cos --`;
  for (const [args, what] of TOUR) say(`  ${`${cos} ${args}`.padEnd(64)} # ${what}`);
  say(`Demo jobs (appid ${DEMO_APPID}; ${cos} GET /jobs/<JobId> shows one):`);
  for (const job of DEMO_JOBS) say(`  ${job.jobId.padEnd(22)} ${job.status.padEnd(10)} ${job.extra?.Description?.S ?? ''}`);
  say('CreateJob bodies: examples/ (copy.xml, restore.xml, tagging.xml; examples/README.md).');
  if (runnerOn) {
    say(`Run a job: create it, then watch it to its end (${s3Endpoint} holds the buckets; key ${s3Key.accessKeyId}/${s3Key.secretAccessKey}):`);
    say(`  ${cos} POST /jobs --body examples/copy.xml --new-token        # <JobId>`);
    say(`  npm run jobs -- watch ${DEMO_APPID} <JobId>                    # progress bar, then where the report is`);
  }
  say('Put or show jobs: npm run jobs -- --help   Keys: npm run keys -- --help   Requests: npm run cos -- --help   Stop: Ctrl-C');

  offline.process.once('exit', (code) => {
    say(`serverless offline exited (code ${code}); stopping.`);
    void shutdown(1);
  });
}

/** The six routes, as the route table serves them. */
const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST   /jobs', 'CreateJob'],
  ['GET    /jobs', 'ListJobs'],
  ['GET    /jobs/<JobId>', 'DescribeJob'],
  ['DELETE /jobs/<JobId>', 'DeleteJob'],
  ['POST   /jobs/<JobId>/priority', 'UpdateJobPriority'],
  ['POST   /jobs/<JobId>/status', 'UpdateJobStatus'],
];

/** One command per operation, on the demo jobs, in the order a first look takes. */
const TOUR: ReadonlyArray<readonly [string, string]> = [
  ['GET /jobs', 'ListJobs: every demo job'],
  ["GET '/jobs?jobStatuses=Active&maxResults=2'", 'ListJobs: one status, a page of at most 2'],
  ['GET /jobs/demo-failed-00000001', 'DescribeJob: the whole job, FailureReasons too'],
  ['POST /jobs --body examples/copy.xml', 'CreateJob (again: the same JobId; add --new-token for another job)'],
  ["POST '/jobs/demo-suspended-0001/status?requestedJobStatus=Ready&statusUpdateReason=confirmed+by+me'", 'UpdateJobStatus: confirm'],
  ["POST '/jobs/demo-ready-000000001/priority?priority=50'", 'UpdateJobPriority'],
  ['DELETE /jobs/demo-complete-000001', 'DeleteJob: 204, no body'],
];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(started.reverse().map((s) => s.stop()));
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
