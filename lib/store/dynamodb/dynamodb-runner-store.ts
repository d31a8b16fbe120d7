import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { isFinal } from '../../jobs/job';
import type { JobStatus } from '../../jobs/status';
import { ChunkNotDispatchedError, CommitContendedError, type ChunkOutcome, type ManifestCursor, type RunnerJob, type RunnerStore, type RunnerTransition } from '../../runner/ports';
import { buildGetJobInput } from './get-job-input';
import { ATTR } from './job-item';
import {
  buildAdvanceCursorInput,
  buildCommitChunkInput,
  buildLeaseChunkInput,
  buildListByStatusInput,
  buildListResultsInput,
  buildReleaseTokenInput,
  buildRunnerTransitionInput,
  readRunnerJob,
} from './runner-inputs';

const DAY_SECONDS = 86_400;

/** The RunnerStore adapter: each call sends the request its pure input builder makes (runner-inputs.ts). */
export class DynamoDbRunnerStore implements RunnerStore {
  private readonly retentionSeconds: number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    retentionDays = 90,
  ) {
    this.retentionSeconds = retentionDays * DAY_SECONDS;
  }

  async getJob(appId: string, jobId: string): Promise<RunnerJob | undefined> {
    const { Item } = await this.client.send(new GetItemCommand(buildGetJobInput(this.tableName, { appId, jobId })));
    return Item ? readRunnerJob(appId, Item) : undefined;
  }

  async listByStatus(appId: string, statuses: readonly JobStatus[]): Promise<readonly RunnerJob[]> {
    const jobs: RunnerJob[] = [];
    for (const status of statuses) {
      let after: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.client.send(new QueryCommand(buildListByStatusInput(this.tableName, appId, status, after)));
        for (const item of page.Items ?? []) jobs.push(readRunnerJob(appId, item));
        after = page.LastEvaluatedKey;
      } while (after);
    }
    return jobs;
  }

  async transition(change: RunnerTransition): Promise<boolean> {
    return this.conditional(
      this.client.send(new UpdateItemCommand(buildRunnerTransitionInput(this.tableName, change, `runner-${randomUUID()}`, this.retentionSeconds))),
    );
  }

  async advanceCursor(appId: string, jobId: string, chunk: number, next: ManifestCursor): Promise<boolean> {
    return this.conditional(this.client.send(new UpdateItemCommand(buildAdvanceCursorInput(this.tableName, appId, jobId, chunk, next))));
  }

  async leaseChunk(appId: string, jobId: string, chunk: number, owner: string, until: number, now: number): Promise<'leased' | 'committed' | 'busy'> {
    try {
      await this.client.send(new UpdateItemCommand(buildLeaseChunkInput(this.tableName, appId, jobId, chunk, owner, until, now)));
      return 'leased';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item?.[ATTR.committed] ? 'committed' : 'busy';
    }
  }

  async commitChunk(appId: string, jobId: string, chunk: number, owner: string, outcome: ChunkOutcome): Promise<boolean> {
    const expiresAt = Math.floor(Date.now() / 1000) + this.retentionSeconds;
    try {
      await this.client.send(new TransactWriteItemsCommand(buildCommitChunkInput(this.tableName, appId, jobId, chunk, owner, outcome, expiresAt)));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [chunkReason, jobReason] = error.CancellationReasons ?? [];
      if (chunkReason?.Code === 'ConditionalCheckFailed') return false; // committed already, or the lease was taken over
      // A cancel or priority change written at the same moment: nothing was written, and a moment later it goes through.
      if ((error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')) throw new CommitContendedError(jobId, chunk);
      if (jobReason?.Code === 'ConditionalCheckFailed') {
        const status = jobReason.Item?.[ATTR.status]?.S;
        // The job is gone or over: nothing will ever count this chunk. Otherwise the cursor has not passed it yet.
        if (!jobReason.Item || isFinal(status)) return false;
        throw new ChunkNotDispatchedError(jobId, chunk);
      }
      throw error;
    }
  }

  async listResults(appId: string, jobId: string): Promise<readonly ChunkOutcome['results'][number][]> {
    const results: ChunkOutcome['results'][number][] = [];
    let after: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand(buildListResultsInput(this.tableName, appId, jobId, after)));
      for (const item of page.Items ?? []) {
        for (const entry of item[ATTR.results]?.L ?? []) {
          const status = entry.M?.Status?.S;
          results.push({ key: entry.M?.Key?.S ?? '', status: status === 'failed' ? 'failed' : 'succeeded', md5: entry.M?.MD5?.S ?? '' });
        }
      }
      after = page.LastEvaluatedKey;
    } while (after);
    return results;
  }

  async releaseToken(appId: string, jobId: string): Promise<void> {
    await this.conditional(this.client.send(new DeleteItemCommand(buildReleaseTokenInput(this.tableName, appId, jobId))));
  }

  private async conditional(request: Promise<unknown>): Promise<boolean> {
    try {
      await request;
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
