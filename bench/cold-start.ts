/**
 * The deployed artifact's size, cold start against the unbundled build, and memory: `serverless package` (the
 * same as `npm run package`) and `tsc`, then child processes that load each build and answer a signed event.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/local-stack';
import { zipEntries } from '../scripts/zip-entries';
import { updateRequest } from '../test/support/events';
import { bareNodeStart, fakeDynamoDb, runChild } from './processes';
import { GOALS, median, ms, say, signedEvent, SIZE, verdict } from './support';

export async function coldStartAndMemory(): Promise<Record<string, unknown>> {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-'));
  try {
    execFileSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', 'bench', '--package', work], {
      cwd: ROOT,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: 'pipe',
    });
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    // One artifact per function (serverless.yml: package.individually): the API's is api.zip.
    const zipPath = path.join(work, 'api.zip');
    const [runnerEntry] = zipEntries(readFileSync(path.join(work, 'runnerWorker.zip')));
    const [entry] = zipEntries(readFileSync(zipPath));
    const bundled = path.join(work, 'http.mjs');
    writeFileSync(bundled, entry!.content);
    const unbundled = path.join(ROOT, 'dist', 'handlers', 'http.js');
    const fake = await fakeDynamoDb();
    const event = path.join(work, 'signed-event.json');
    writeFileSync(event, JSON.stringify(signedEvent(updateRequest('demo-suspended-0001', 'Ready', { reason: 'confirmed by me' }))));
    const bundledMs: number[] = [];
    const unbundledMs: number[] = [];
    const bareNodeMs: number[] = [];
    for (let i = 0; i < SIZE.coldRuns; i++) {
      // Interleaved, so machine noise falls on all alike.
      bundledMs.push((await runChild(bundled, fake.endpoint, event, 1)).firstAnswerMs);
      unbundledMs.push((await runChild(unbundled, fake.endpoint, event, 1)).firstAnswerMs);
      bareNodeMs.push(await bareNodeStart());
    }
    const cold = {
      artifactBytes: entry!.content.length,
      runnerArtifactBytes: runnerEntry!.content.length,
      zipBytes: statSync(zipPath).size,
      bundledMedianMs: median(bundledMs),
      unbundledMedianMs: median(unbundledMs),
      ratio: median(bundledMs) / median(unbundledMs),
      bareNodeMedianMs: median(bareNodeMs),
      ratioAboveBareNode: (median(bundledMs) - median(bareNodeMs)) / (median(unbundledMs) - median(bareNodeMs)),
      runs: SIZE.coldRuns,
    };
    const sizeOk = cold.artifactBytes <= GOALS.artifactBytes;
    const ratioOk = cold.ratio <= GOALS.coldStartRatio;
    say(
      `   artifact ${(cold.artifactBytes / 1024).toFixed(0)} KB (${cold.artifactBytes} bytes; zip ${(cold.zipBytes / 1024).toFixed(0)} KB), AWS SDK included — goal at most ${GOALS.artifactBytes / 1024} KB: ${verdict(sizeOk)}`,
    );
    say(`   the runner's artifact (both runner functions), apart: ${(cold.runnerArtifactBytes / 1024).toFixed(0)} KB`);
    say(
      `   process start → first answer, median of ${cold.runs}: bundled ${ms(cold.bundledMedianMs)} ms, unbundled (tsc + node_modules) ${ms(cold.unbundledMedianMs)} ms, ratio ${cold.ratio.toFixed(2)} — goal at most ${GOALS.coldStartRatio}: ${verdict(ratioOk)}`,
    );
    say(
      `   Node's own start (a bare \`node -e\` to its first line) ${ms(cold.bareNodeMedianMs)} ms: the part above it is bundled ${ms(cold.bundledMedianMs - cold.bareNodeMedianMs)} ms vs unbundled ${ms(cold.unbundledMedianMs - cold.bareNodeMedianMs)} ms, ratio ${cold.ratioAboveBareNode.toFixed(2)}`,
    );
    const memory = await runChild(bundled, fake.endpoint, event, SIZE.memoryRequests);
    say(`   memory: peak RSS of a process that loaded the artifact and served ${SIZE.memoryRequests} requests: ${(memory.maxRssKb / 1024).toFixed(1)} MB`);
    fake.close();
    return { coldStart: { ...cold, sizeOk, ratioOk }, memory: { requests: SIZE.memoryRequests, maxRssMb: memory.maxRssKb / 1024 } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
