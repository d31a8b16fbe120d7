/**
 * The cold-start and memory measures' processes: a DynamoDB stand-in on loopback, and child processes that load a
 * handler build and answer a signed event.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_KEY } from '../scripts/local-stack';

const APPID = DEMO_KEY.appId;

/** A DynamoDB stand-in on loopback that accepts every UpdateItem, so start-up is measured without a database. */
export async function fakeDynamoDb(): Promise<Server & { endpoint: string }> {
  const body = JSON.stringify({
    Attributes: {
      AppId: { S: APPID },
      JobId: { S: 'demo-suspended-0001' },
      Status: { S: 'Ready' },
      StatusUpdateReason: { S: 'confirmed by me' },
      PreviousStatus: { S: 'Suspended' },
      Version: { N: '1' },
    },
  });
  const key = JSON.stringify({
    Item: { SecretKey: { S: DEMO_KEY.secretKey }, AppId: { S: DEMO_KEY.appId }, Status: { S: 'Active' } },
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(String(req.headers['x-amz-target']).endsWith('.GetItem') ? key : body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(server, { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

function childScript(modulePath: string, event: string, requests: number): string {
  return `(async () => {
    const { handler } = await import(${JSON.stringify(modulePath)});
    const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(event)}, 'utf8'));
    let result = await handler(event, {});
    const firstAnswerMs = performance.now();
    for (let i = 1; i < ${requests}; i++) result = await handler(event, {});
    if (result.statusCode !== 200) throw new Error('unexpected answer ' + result.statusCode + ' ' + result.body);
    process.stdout.write(JSON.stringify({ firstAnswerMs, maxRssKb: process.resourceUsage().maxRSS }));
  })().catch((e) => { console.error(e); process.exit(1); });`;
}

/** A process that does nothing: Node's own start-up, the floor under both cold starts. */
export async function bareNodeStart(): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=commonjs', '-e', 'process.stdout.write(String(performance.now()))']);
  return Number(stdout);
}

/** Runs asynchronously: the fake DynamoDB answering the child lives in this process. */
export async function runChild(modulePath: string, endpoint: string, event: string, requests: number): Promise<{ firstAnswerMs: number; maxRssKb: number }> {
  const { stdout: out } = await promisify(execFile)(process.execPath, ['--input-type=commonjs', '-e', childScript(modulePath, event, requests)], {
    cwd: path.dirname(modulePath),
    env: {
      PATH: process.env.PATH,
      JOBS_TABLE: 'bench',
      CREDENTIALS_TABLE: 'bench-credentials',
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: 'us-east-1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

