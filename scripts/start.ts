/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the jobs table and demo jobs, then the API on
 * serverless-offline. Once the port answers, prints the URL, the demo key, a signed curl line and one `npm run cos`
 * command per operation; Ctrl-C stops everything it started.
 */
import { signRequest } from './cos-client';
import {
  DEFAULT_CREDENTIALS_TABLE,
  DEFAULT_JOBS_TABLE,
  DEMO_APPID,
  DEMO_KEY,
  ensureCredentialsTable,
  ensureJobsTable,
  putKey,
  javaProblem,
  localClient,
  putJob,
  startDynamoDbLocal,
  startOffline,
  type Started,
} from './local-stack';
import { DEMO_JOBS } from './demo-jobs';

const port = Number(process.env.PORT ?? 3000);
const dynamodbPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const jobsTable = process.env.JOBS_TABLE?.trim() || DEFAULT_JOBS_TABLE;
const credentialsTable = process.env.CREDENTIALS_TABLE?.trim() || DEFAULT_CREDENTIALS_TABLE;
const authOff = process.env.AUTH_MODE?.trim() === 'none';
const verbose = process.env.VERBOSE === '1';
const started: Started[] = [];

async function main(): Promise<void> {
  for (const [name, value] of [['PORT', port], ['DYNAMODB_PORT', dynamodbPort]] as const) {
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
  client.destroy();

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
  say('Or let npm run cos sign and send each request (with the demo key), from another terminal:');
  // npm run cos sends to port 3000 unless PORT says otherwise.
  const cos = port === 3000 ? 'npm run cos --' : `PORT=${port} npm run cos --`;
  for (const [args, what] of TOUR) say(`  ${`${cos} ${args}`.padEnd(64)} # ${what}`);
  say(`Demo jobs (appid ${DEMO_APPID}; ${cos} GET /jobs/<JobId> shows one):`);
  for (const job of DEMO_JOBS) say(`  ${job.jobId.padEnd(22)} ${job.status.padEnd(10)} ${job.extra?.Description?.S ?? ''}`);
  say('CreateJob bodies: examples/ (copy.xml, restore.xml, tagging.xml; examples/README.md).');
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
