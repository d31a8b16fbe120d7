/** The worker's chunk rule and the copy plan's Add directive, against scripted ports (no I/O). */
import { readRunnerConfig } from '../../lib/runner/config';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ChunkNotDispatchedError, CommitContendedError, type ChunkOutcome, type RunnerJob, type RunnerStore, type Storage, type StorageCall } from '../../lib/runner/ports';
import { DynamoDbRunnerStore } from '../../lib/store/dynamodb/dynamodb-runner-store';
import { taskPlanFor } from '../../lib/runner/tasks';
import { runChunk, type WorkerDeps } from '../../lib/runner/worker';

const job = (status: RunnerJob['status']): RunnerJob => ({
  appId: 'a1',
  jobId: 'j1',
  status,
  priority: 1,
  confirmationRequired: false,
  total: 2,
  succeeded: 0,
  failed: 0,
  chunkSize: 2,
  chunksTotal: 1,
  chunksDispatched: 1,
  chunksSettled: 0,
  cursor: { file: 0, offset: 0, line: 1 },
  manifest: {},
  operation: { COSPutObjectTagging: { TaggingDirective: 'Replaced', TagSet: [{ Key: 'k', Value: 'v' }] } },
  report: { Enabled: 'false' },
  activeSeconds: 0,
});

function deps(status: RunnerJob['status']) {
  const sent: StorageCall[] = [];
  const commits: ChunkOutcome[] = [];
  const store: Partial<RunnerStore> = {
    leaseChunk: async () => 'leased',
    getJob: async () => job(status),
    commitChunk: async (_a, _j, _c, _o, outcome) => (commits.push(outcome), true),
  };
  const storage: Partial<Storage> = { send: async (call) => void sent.push(call) };
  const d: WorkerDeps = { store: store as RunnerStore, storage: storage as Storage, chunkSize: 2, taskConcurrency: 2, leaseMs: 1000 };
  return { d, sent, commits };
}

const message = { type: 'chunk' as const, appId: 'a1', jobId: 'j1', chunk: 0, rows: [{ line: 1, bucket: 'b-1250000000', key: 'x' }, { line: 2, bucket: 'b-1250000000', key: 'y' }] };

it.each(['Active', 'Pausing', 'Paused'] as const)('runs a chunk that arrives while the job is %s, and commits its counts', async (status) => {
  const { d, sent, commits } = deps(status);
  await runChunk(d, message, 'm-1');
  expect(sent.map((c) => (c.kind === 'put-tags' ? c.object.key : c.kind))).toEqual(['x', 'y']);
  expect(commits).toEqual([{ succeeded: 2, failed: 0, results: [], skipped: false }]);
});

it.each(['Cancelling', 'Failing', 'Cancelled'] as const)('settles a chunk unrun while the job is %s', async (status) => {
  const { d, sent, commits } = deps(status);
  await runChunk(d, message, 'm-1');
  expect(sent).toEqual([]);
  expect(commits).toEqual([{ succeeded: 0, failed: 0, results: [], skipped: true }]);
});

it('keeps the source’s system metadata on a MetadataDirective Add copy, unless new values are given', () => {
  const plan = taskPlanFor({
    COSPutObjectCopy: { MetadataDirective: 'Add', NewObjectMetadata: { CacheControl: 'no-cache', UserMetadata: [{ Key: 'n', Value: '1' }] }, TargetResource: 'qcs::cos:ap-guangzhou::t-1250000000' },
  });
  if ('problem' in plan) throw new Error(plan.problem);
  const expires = new Date('2027-01-01T00:00:00Z');
  const call = plan.call(
    { line: 1, bucket: 's-1250000000', key: 'a.gz' },
    { head: { etag: 'e', size: 1, metadata: { o: '2' }, contentType: 'application/gzip', contentEncoding: 'gzip', cacheControl: 'max-age=60', contentDisposition: 'inline', expires } },
  );
  expect(call).toMatchObject({
    metadataDirective: 'REPLACE',
    metadata: { o: '2', n: '1' },
    headers: { CacheControl: 'no-cache', ContentDisposition: 'inline', ContentEncoding: 'gzip', ContentType: 'application/gzip', Expires: expires },
  });
});

it('reads RUNNER_* numbers as plain decimal digits only', () => {
  const base = { JOBS_TABLE: 't', RUNNER_QUEUE_URL: 'q' };
  expect(readRunnerConfig({ ...base, RUNNER_CHUNK_SIZE: '0x10' })).toEqual({ ok: false, problem: 'RUNNER_CHUNK_SIZE must be a whole number from 1 to 1000' });
  expect(readRunnerConfig({ ...base, RUNNER_CHUNK_SIZE: '1e2' })).toEqual({ ok: false, problem: 'RUNNER_CHUNK_SIZE must be a whole number from 1 to 1000' });
  const blankEndpoint = readRunnerConfig({ ...base, S3_ENDPOINT: '  ' });
  expect(blankEndpoint.ok && blankEndpoint.config.storage).toEqual({ endpoint: undefined, forcePathStyle: false });
});

it.each([
  ['the cursor has not passed the chunk yet', () => new ChunkNotDispatchedError('j1', 0)],
  ['a concurrent write to the job cancelled the commit', () => new CommitContendedError('j1', 0)],
])('commits again, in the same delivery, when %s', async (_what, error) => {
  const { d, commits } = deps('Active');
  let calls = 0;
  d.store.commitChunk = async (_a, _j, _c, _o, outcome) => {
    if (++calls === 1) throw error();
    commits.push(outcome);
    return true;
  };
  await runChunk(d, message, 'm-1');
  expect([calls, commits.length]).toEqual([2, 1]);
});

it('tells a TransactionConflict on a chunk commit from a condition that failed', async () => {
  const conflict = (codes: string[]) =>
    new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
  const storeThrowing = (error: Error) => new DynamoDbRunnerStore({ send: async () => Promise.reject(error) } as unknown as DynamoDBClient, 'jobs');
  const outcome = { succeeded: 1, failed: 0, results: [], skipped: false };
  await expect(storeThrowing(conflict(['None', 'TransactionConflict'])).commitChunk('a1', 'j1', 0, 'm-1', outcome)).rejects.toBeInstanceOf(CommitContendedError);
  await expect(storeThrowing(conflict(['ConditionalCheckFailed', 'None'])).commitChunk('a1', 'j1', 0, 'm-1', outcome)).resolves.toBe(false);
});
