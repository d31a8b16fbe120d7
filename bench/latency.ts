/**
 * Handler latency against the bare DynamoDB call it makes: the same client, the same table, pairs interleaved
 * (which goes first alternates), sequentially and with 16 pairs in flight.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Scenario } from './scenarios';
import { median, quantile, signedEvent } from './support';

export interface LatencyRow {
  readonly label: string;
  readonly pairs: number;
  readonly handlerMedianMs: number;
  readonly handlerP99Ms: number;
  readonly bareMedianMs: number;
  readonly bareP99Ms: number;
  readonly medianRatio: number;
  /** Sequential runs only: this process's CPU (user + system) while one call was in flight, median µs. */
  readonly handlerCpuMedianUs?: number;
  readonly bareCpuMedianUs?: number;
}

type Handle = (event: unknown) => Promise<{ statusCode: number; body: string }>;

export interface Samples {
  readonly handler: number[];
  readonly bare: number[];
  /** With one worker only: the process's CPU during each call (µs). */
  readonly handlerCpu: number[];
  readonly bareCpu: number[];
}

export const noSamples = (): Samples => ({ handler: [], bare: [], handlerCpu: [], bareCpu: [] });

export function summarize(label: string, { handler, bare, handlerCpu, bareCpu }: Samples): LatencyRow {
  return {
    ...(handlerCpu.length > 0 ? { handlerCpuMedianUs: median(handlerCpu), bareCpuMedianUs: median(bareCpu) } : {}),
    label,
    pairs: handler.length,
    handlerMedianMs: median(handler),
    handlerP99Ms: quantile(handler, 0.99),
    bareMedianMs: median(bare),
    bareP99Ms: quantile(bare, 0.99),
    medianRatio: median(handler) / median(bare),
  };
}

/** Runs pairs from … from+count-1 with `workers` in flight. Requests are built and signed outside the timing. */
export async function runPairs(scenario: Scenario, handle: Handle, client: DynamoDBClient, from: number, count: number, workers: number): Promise<Samples> {
  const { handler, bare, handlerCpu, bareCpu } = noSamples();
  // One call in flight: the process's CPU meanwhile is that call's (and the event loop's).
  const cpu = workers === 1 ? () => process.cpuUsage() : undefined;
  const cpuSince = (start: NodeJS.CpuUsage | undefined) => {
    if (!start) return undefined;
    const { user, system } = process.cpuUsage(start);
    return user + system;
  };
  let next = from;
  const timeHandler = async (i: number) => {
    const event = signedEvent(scenario.request(i), scenario.key);
    const c = cpu?.();
    const t = performance.now();
    const result = await handle(event);
    const elapsed = performance.now() - t;
    const used = cpuSince(c);
    if (result.statusCode !== scenario.expectStatus) {
      throw new Error(`${scenario.operation} pair ${i}: handler answered ${result.statusCode} ${result.body.slice(0, 300)}`);
    }
    handler.push(elapsed);
    if (used !== undefined) handlerCpu.push(used);
  };
  const timeBare = async (i: number) => {
    const command = scenario.bare(i);
    const c = cpu?.();
    const t = performance.now();
    const output = await client.send(command as never);
    const elapsed = performance.now() - t;
    const used = cpuSince(c);
    if (!scenario.bareOk(output)) throw new Error(`${scenario.operation} pair ${i}: bare call answered ${JSON.stringify(output).slice(0, 300)}`);
    bare.push(elapsed);
    if (used !== undefined) bareCpu.push(used);
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < from + count) {
        const i = next++;
        // Alternate which goes first, so neither always meets a warmer connection pool or a warmer cache.
        if (i % 2 === 0) {
          await timeHandler(i);
          await timeBare(i);
        } else {
          await timeBare(i);
          await timeHandler(i);
        }
      }
    }),
  );
  return { handler, bare, handlerCpu, bareCpu };
}
