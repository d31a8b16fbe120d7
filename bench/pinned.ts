/**
 * `npm run bench -- --pinned`: does sharing the cores with the database explain the sequential latency ratio?
 * Runs the sequential UpdateJobStatus measure (handler against the bare UpdateItem, interleaved pairs) in rounds,
 * alternately unpinned (both processes free to use every core) and pinned (`taskset -a -p`: every thread of
 * DynamoDB Local's JVM on core 0, every thread of this process on core 1), and reports both.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { noSamples, runPairs, summarize, type LatencyRow, type Samples } from './latency';
import { statusScenario } from './scenarios';
import { countingClient, handlerOver, jobStoreAt, keysAt, ms, ratio, say, SIZE, table, us } from './support';

const ALL = `0-${cpus().length - 1}`;
const affinity = (pid: number, list: string) => execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'pipe' });
const current = (pid: number) => execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' }).trim().split(': ')[1];

export async function pinnedExperiment(endpoint: string, db: DynamoDBClient, databasePid: number): Promise<{ unpinned: LatencyRow; pinned: LatencyRow }> {
  if (cpus().length < 2) throw new Error('the pinned experiment needs two cores');
  const scenario = statusScenario('bench-pin');
  const warm = 50;
  const rounds = SIZE.pinnedRounds;
  const pairs = SIZE.pinnedPairs;
  await scenario.prepare(db, warm + 2 * rounds * pairs);
  const { client } = countingClient(endpoint);
  const handle = handlerOver(jobStoreAt(client), keysAt(client));
  await runPairs(scenario, handle, client, 0, warm, 1);
  const samples: Record<'unpinned' | 'pinned', Samples> = { unpinned: noSamples(), pinned: noSamples() };
  const perRound: string[][] = [];
  let next = warm;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 === 0 ? (['unpinned', 'pinned'] as const) : (['pinned', 'unpinned'] as const)) {
        if (mode === 'pinned') {
          affinity(databasePid, '0');
          affinity(process.pid, '1');
        } else {
          affinity(databasePid, ALL);
          affinity(process.pid, ALL);
        }
        const where = `DynamoDB Local on ${current(databasePid)}, bench on ${current(process.pid)}`;
        const s = await runPairs(scenario, handle, client, next, pairs, 1);
        next += pairs;
        for (const k of ['handler', 'bare', 'handlerCpu', 'bareCpu'] as const) samples[mode][k].push(...s[k]);
        const row = summarize(mode, s);
        perRound.push([String(r + 1), mode, where, ms(row.handlerMedianMs), ms(row.bareMedianMs), ratio(row.medianRatio)]);
      }
    }
  } finally {
    affinity(databasePid, ALL);
    affinity(process.pid, ALL);
    client.destroy();
  }
  table(['round', 'mode', 'cores', 'handler ms', 'bare ms', 'ratio'], perRound);
  const unpinned = summarize('unpinned', samples.unpinned);
  const pinned = summarize('pinned (DynamoDB Local on core 0, bench on core 1)', samples.pinned);
  say();
  table(
    ['sequential UpdateJobStatus', 'pairs', 'handler median (p99) ms', 'bare UpdateItem median (p99) ms', 'median ratio', 'process CPU µs handler / bare'],
    [unpinned, pinned].map((row) => [
      row.label,
      String(row.pairs),
      `${ms(row.handlerMedianMs)} (${ms(row.handlerP99Ms)})`,
      `${ms(row.bareMedianMs)} (${ms(row.bareP99Ms)})`,
      ratio(row.medianRatio),
      `${us(row.handlerCpuMedianUs!)} / ${us(row.bareCpuMedianUs!)}`,
    ]),
  );
  return { unpinned, pinned };
}
