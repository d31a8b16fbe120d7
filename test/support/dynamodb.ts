import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, GetItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ensureJobsTable, putJob, type JobItemInput } from '../../scripts/local-stack';

/** The DynamoDB Local that the project's global set-up started. */
export function testEndpoint(): string {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run these tests through jest (global set-up)');
  return endpoint;
}

/** A client that counts the requests it sends, by operation. */
export function countingClient(endpoint = testEndpoint()): { client: DynamoDBClient; sent: string[] } {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { client, sent };
}

/** The table of one test file and a counting client for it, ready from `beforeAll` on. */
export interface TestTable {
  client: DynamoDBClient;
  /** The operations `client` sent, in order (clear it to count from a point). */
  sent: string[];
  name: string;
}

/** Registers a fresh table (and its client) for the calling test file, dropped after its tests. */
export function useTestTable(): TestTable {
  const ctx = {} as TestTable;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const { client, sent } = countingClient();
    const table = await createTestTable(client);
    Object.assign(ctx, { client, sent, name: table.name });
    drop = table.drop;
  });
  afterAll(async () => {
    await drop?.();
    ctx.client?.destroy();
  });
  return ctx;
}

/** A fresh, empty jobs table. */
export async function createTestTable(client: DynamoDBClient): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `it-${randomUUID()}`;
  await ensureJobsTable(client, name);
  return { name, drop: async () => void (await client.send(new DeleteTableCommand({ TableName: name }))) };
}

export async function getJob(client: DynamoDBClient, table: string, appId: string, jobId: string) {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: { AppId: { S: appId }, JobId: { S: jobId } }, ConsistentRead: true }),
  );
  return Item;
}

/** Every item of the table, sorted by key, for before/after comparisons. */
export async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (i: Record<string, AttributeValue>) => `${i.AppId?.S}\u0000${i.JobId?.S}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

export { putJob, type JobItemInput };
