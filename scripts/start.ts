/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the jobs table and demo jobs, then the API on
 * serverless-offline. Prints the URL and a curl example once the port answers; Ctrl-C stops everything it started.
 */
import { signRequest } from './cos-client';
import {
  DEFAULT_CREDENTIALS_TABLE,
  DEFAULT_JOBS_TABLE,
  DEMO_APPID,
  DEMO_JOBS,
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
  const demo = DEMO_JOBS[0]!;
  const query: Array<[string, string]> = [['requestedJobStatus', 'Ready'], ['statusUpdateReason', 'confirmed by me']];
  say('');
  say(`UpdateJobStatus is serving at ${url}/jobs/<JobId>/status`);
  if (authOff) {
    say('AUTH_MODE=none: request signatures are NOT checked. Try it:');
    say(`  curl -i -X POST '${url}/jobs/${demo.jobId}/status?requestedJobStatus=Ready&statusUpdateReason=confirmed+by+me' -H 'x-cos-appid: ${DEMO_APPID}'`);
  } else {
    say(`Requests must be signed (COS v5). Demo key for appid ${DEMO_APPID} (table ${credentialsTable}):`);
    say(`  SecretId  ${DEMO_KEY.secretId}`);
    say(`  SecretKey ${DEMO_KEY.secretKey}`);
    const signed = signRequest({
      method: 'POST',
      baseUrl: url,
      path: `/jobs/${demo.jobId}/status`,
      query,
      appId: DEMO_APPID,
      secretId: DEMO_KEY.secretId,
      secretKey: DEMO_KEY.secretKey,
      expires: 3600,
    });
    say('Try it (this signature is valid for one hour):');
    say(`  curl -i -X POST '${signed.url}' -H 'x-cos-appid: ${DEMO_APPID}' -H 'Authorization: ${signed.headers.authorization}'`);
    say('or sign as you go:');
    say(`  npm run cos -- POST '/jobs/${demo.jobId}/status?requestedJobStatus=Cancelled&statusUpdateReason=no+longer+needed'`);
  }
  say(`Demo jobs (appid ${DEMO_APPID}): ${DEMO_JOBS.map((j) => `${j.jobId} (${j.status})`).join(', ')}`);
  say('Put or show jobs: npm run jobs -- --help   Keys: npm run keys -- --help   Stop: Ctrl-C');

  offline.process.once('exit', (code) => {
    say(`serverless offline exited (code ${code}); stopping.`);
    void shutdown(1);
  });
}

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
