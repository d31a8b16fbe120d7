/**
 * CPU without I/O: our code against the AWS SDK's own work for the one DynamoDB call the operation makes.
 *
 * 1. Capture: the handler answers the scenario's request once against DynamoDB Local, through a client that records
 *    the command it sent (its input), the HTTP request body, the HTTP response (status, headers, body bytes) and the
 *    parsed output.
 * 2. Ours: the same signed event, again and again, through the real handler and the real DynamoDbJobStore over a
 *    client whose `send` answers the captured parsed output at once: gateway event, signature, route, parse,
 *    validate, use case, input builder, output reader, XML, log line. Nothing of the SDK but `new XCommand(input)`.
 * 3. SDK: `client.send(new XCommand(<the captured input>))` on a client configured as deployed (region, retries,
 *    credentials in hand, no endpoint override) whose requestHandler answers the captured HTTP response: command,
 *    middleware stack, endpoint, serialise, SigV4 sign, collect the body stream, parse the JSON, build the output.
 *    The first call checks that the request it serialised is byte for byte the captured one.
 * Both are timed as process CPU (user + system, process.cpuUsage) over batches in tight loops, batches of the two
 * interleaved; per call medians over batches. Nothing is subtracted from either.
 */
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_LIMITS } from '../lib/store/dynamodb/client';
import { DynamoDbJobStore } from '../lib/store/dynamodb/dynamodb-job-store';
import { restEvent } from '../test/support/events';
import type { BareCommand, Scenario } from './scenarios';
import { handlerOver, JOBS_TABLE, keysInMemory, median, signedEvent } from './support';

interface HttpResponseLike {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Captured {
  readonly handlerStatus: number;
  readonly Command: new (input: any) => BareCommand;
  readonly input: unknown;
  readonly requestBody: string;
  readonly response: { statusCode: number; reason?: string; headers: Record<string, string>; body: Buffer };
  readonly Response: new (options: HttpResponseLike) => unknown;
  readonly output: unknown;
}

/** Sends the scenario's request i through the handler to DynamoDB Local once, and keeps what went over the wire. */
export async function capture(endpoint: string, scenario: Scenario, i: number): Promise<Captured> {
  const plain = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const inner = plain.config.requestHandler as unknown as {
    handle(request: { body?: unknown }, options?: unknown): Promise<{ response: HttpResponseLike & { body: AsyncIterable<Buffer> } }>;
  };
  let wire: Pick<Captured, 'requestBody' | 'response' | 'Response'> | undefined;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { body?: unknown }, options?: unknown) {
        const { response } = await inner.handle(request, options);
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(chunk);
        const body = Buffer.concat(chunks);
        if (wire) throw new Error(`${scenario.operation}: more than one HTTP request`);
        wire = {
          requestBody: bodyText(request.body),
          response: { statusCode: response.statusCode, reason: response.reason, headers: { ...response.headers }, body },
          Response: response.constructor as Captured['Response'],
        };
        const Response = wire.Response;
        return { response: new Response({ ...wire.response, headers: { ...wire.response.headers }, body: Readable.from([body], { objectMode: false }) }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
      destroy() {},
    } as never,
  });
  let sent: Pick<Captured, 'Command' | 'input' | 'output'> | undefined;
  const send = client.send.bind(client) as (command: BareCommand) => Promise<unknown>;
  (client as unknown as { send: typeof send }).send = async (command) => {
    if (sent) throw new Error(`${scenario.operation}: more than one database call`);
    const input = structuredClone(command.input);
    const output = await send(command);
    sent = { Command: command.constructor as Captured['Command'], input, output };
    return output;
  };
  const handle = handlerOver(new DynamoDbJobStore(client, JOBS_TABLE), keysInMemory());
  const result = await handle(signedEvent(scenario.request(i), scenario.key));
  client.destroy();
  plain.destroy();
  if (result.statusCode !== scenario.expectStatus || !sent || !wire) {
    throw new Error(`${scenario.operation}: capture answered ${result.statusCode} ${result.body.slice(0, 300)}`);
  }
  return { handlerStatus: result.statusCode, ...sent, ...wire };
}

/** The request body as text; the SDK hands over bytes (a Uint8Array that warns when used as a string). */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  const bytes = body as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** TransactWriteItems without a ClientRequestToken gets a fresh one from the SDK on every call (its own work). */
function withoutIdempotencyToken(body: string, input: unknown): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if ((input as { ClientRequestToken?: unknown }).ClientRequestToken === undefined) delete parsed.ClientRequestToken;
  return JSON.stringify(parsed);
}

/** The deployed client's configuration, with the network replaced by the captured answer. */
function cannedSdkClient(captured: Captured): DynamoDBClient {
  let checked = false;
  return new DynamoDBClient({
    region: 'us-east-1',
    maxAttempts: DYNAMODB_LIMITS.maxAttempts,
    // As Lambda hands them over: a session's key, secret and token.
    credentials: {
      accessKeyId: 'ASIABENCHBENCHBENCH0',
      secretAccessKey: 'benchBenchBenchBenchBenchBenchBenchBench',
      sessionToken: 'IQoJb3JpZ2luX2VjEBench'.padEnd(600, 'x'),
    },
    requestHandler: {
      async handle(request: { body?: unknown }) {
        if (!checked) {
          const sent = withoutIdempotencyToken(bodyText(request.body), captured.input);
          if (sent !== withoutIdempotencyToken(captured.requestBody, captured.input)) {
            throw new Error(`the SDK serialised another request than the captured one:\n${sent}\n${captured.requestBody}`);
          }
          checked = true;
        }
        const { statusCode, reason, headers, body } = captured.response;
        return { response: new captured.Response({ statusCode, reason, headers: { ...headers }, body: Readable.from([body], { objectMode: false }) }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
      destroy() {},
    } as never,
  });
}

/** A client whose `send` answers the captured output at once, for the command the operation makes and no other. */
function answeringClient(captured: Captured): DynamoDBClient {
  return {
    send: async (command: unknown) => {
      if (!(command instanceof captured.Command)) throw new Error(`unexpected command ${String(command)}`);
      return captured.output;
    },
  } as unknown as DynamoDBClient;
}

export interface CpuRow {
  readonly operation: string;
  readonly sdkMicros: number;
  readonly handlerMicros: number;
  readonly ratio: number;
  readonly unsignedMicros: number;
  readonly unsignedRatio: number;
  readonly batches: number;
  readonly batchSize: number;
}

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

export async function measureCpu(scenario: Scenario, captured: Captured, i: number, batches: number, batchSize: number): Promise<CpuRow> {
  const signed = signedEvent(scenario.request(i), scenario.key);
  const unsigned = restEvent(scenario.request(i));
  const ours = handlerOver(new DynamoDbJobStore(answeringClient(captured), JOBS_TABLE), keysInMemory());
  const oursUnsigned = handlerOver(new DynamoDbJobStore(answeringClient(captured), JOBS_TABLE), 'none');
  const sdk = cannedSdkClient(captured);
  const inputJson = JSON.stringify(captured.input);
  const runs: Array<[string, () => Promise<unknown>]> = [
    [
      'handler',
      async () => {
        const r = await ours(signed);
        if (r.statusCode !== captured.handlerStatus) throw new Error(`${scenario.operation}: handler answered ${r.statusCode} ${r.body}`);
      },
    ],
    [
      'unsigned',
      async () => {
        const r = await oursUnsigned(unsigned);
        if (r.statusCode !== captured.handlerStatus) throw new Error(`${scenario.operation} unsigned: handler answered ${r.statusCode} ${r.body}`);
      },
    ],
    ['sdk', () => sdk.send(new captured.Command(captured.input) as never)],
  ];
  const perCall: Record<string, number[]> = { handler: [], unsigned: [], sdk: [] };
  const warm = 3;
  for (let b = 0; b < warm + batches; b++) {
    // Rotate the order, so that none always runs right after the same one.
    for (let k = 0; k < runs.length; k++) {
      const [name, run] = runs[(b + k) % runs.length]!;
      const t = cpuMicros();
      for (let n = 0; n < batchSize; n++) await run();
      if (b >= warm) perCall[name]!.push((cpuMicros() - t) / batchSize);
    }
  }
  sdk.destroy();
  if (JSON.stringify(captured.input) !== inputJson) throw new Error(`${scenario.operation}: the SDK changed the command input`);
  const handlerMicros = median(perCall.handler!);
  const unsignedMicros = median(perCall.unsigned!);
  const sdkMicros = median(perCall.sdk!);
  return {
    operation: scenario.operation,
    sdkMicros,
    handlerMicros,
    ratio: handlerMicros / sdkMicros,
    unsignedMicros,
    unsignedRatio: unsignedMicros / sdkMicros,
    batches,
    batchSize,
  };
}
