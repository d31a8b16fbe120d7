/**
 * The real parts the integration and end-to-end tests run against, started once per `jest` run and shared
 * between projects: one DynamoDB Local (free port), and for e2e one serverless-offline (free port).
 */
import { DEMO_AWS_KEY, DEMO_KEY, ensureCredentialsTable, ensureJobsTable, freePort, javaProblem, localClient, putKey, startDynamoDbLocal, startOffline, type Started } from '../../scripts/local-stack';

interface TestStack {
  dynamodb?: Promise<string>;
  offline?: Promise<string>;
  started: Started[];
}

const holder = globalThis as unknown as { __cosTestStack?: TestStack };
const stack = (holder.__cosTestStack ??= { started: [] });

export const E2E_TABLE = 'e2e-jobs';
export const E2E_CREDENTIALS_TABLE = 'e2e-credentials';
/** Short, so the e2e test can see a disabled key stop working (the deployed default is 60). */
export const E2E_KEY_CACHE_SECONDS = 2;

export function ensureDynamoDb(): Promise<string> {
  stack.dynamodb ??= (async () => {
    const problem = javaProblem();
    if (problem) throw new Error(problem);
    const db = await startDynamoDbLocal(await freePort());
    stack.started.push(db);
    process.env.TEST_DYNAMODB_ENDPOINT = db.endpoint;
    return db.endpoint;
  })();
  return stack.dynamodb;
}

export function ensureOffline(): Promise<string> {
  stack.offline ??= (async () => {
    const endpoint = await ensureDynamoDb();
    const client = localClient(endpoint);
    await ensureJobsTable(client, E2E_TABLE);
    await ensureCredentialsTable(client, E2E_CREDENTIALS_TABLE);
    await putKey(client, E2E_CREDENTIALS_TABLE, DEMO_KEY);
    await putKey(client, E2E_CREDENTIALS_TABLE, DEMO_AWS_KEY);
    client.destroy();
    const offline = await startOffline({
      port: await freePort(),
      dynamodbEndpoint: endpoint,
      jobsTable: E2E_TABLE,
      credentialsTable: E2E_CREDENTIALS_TABLE,
      keyCacheSeconds: E2E_KEY_CACHE_SECONDS,
      log: process.env.VERBOSE === '1' ? (line) => process.stderr.write(line) : undefined,
    });
    stack.started.push(offline);
    process.env.TEST_API_URL = offline.url;
    process.env.TEST_E2E_TABLE = E2E_TABLE;
    process.env.TEST_E2E_CREDENTIALS_TABLE = E2E_CREDENTIALS_TABLE;
    return offline.url;
  })();
  return stack.offline;
}

/** Something a project's set-up started, to be stopped with the rest at the end of the run. */
export function registerStarted(started: Started): void {
  stack.started.push(started);
}

export async function stopAll(): Promise<void> {
  const started = stack.started.splice(0).reverse();
  stack.dynamodb = undefined;
  stack.offline = undefined;
  for (const s of started) await s.stop();
}
