/**
 * CreateJob's use case and the adapter's reading of a cancelled transaction, with scripted answers: the paths
 * DynamoDB Local never takes (it reports no TransactionConflict), a second attempt under contention above all.
 */
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createJob, fingerprintOf } from '../../lib/jobs/create-job';
import type { JobDefinition } from '../../lib/jobs/job';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { StoreError, type CreateResult, type JobStore, type NewJob } from '../../lib/store/job-store';

const definition: JobDefinition = {
  confirmationRequired: false,
  description: 'd',
  priority: 1,
  roleArn: 'qcs::cam::uin/1:roleName/r',
  manifest: { Location: { ETag: 'e', ObjectArn: 'qcs::cos:ap-chengdu::b-1/m' }, Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' } },
  operation: { COSInitiateRestoreObject: { ExpirationInDays: '1', JobTier: 'Bulk' } },
  report: { Bucket: 'qcs::cos:ap-chengdu::b-1', Enabled: 'false', Format: 'Report_CSV_V1', ReportScope: 'AllTasks' },
};
const input = { appId: 'a', clientRequestToken: 't', definition, requestId: 'r', now: new Date('2026-11-28T12:00:00.123Z') };

/** A store that answers CreateJob from a script and records what it was asked. */
function scripted(...answers: CreateResult[]) {
  const asked: NewJob[] = [];
  const store = {
    createJob: async (job: NewJob) => {
      asked.push(job);
      return answers.shift()!;
    },
  } as unknown as JobStore;
  return { store, asked };
}

describe('createJob', () => {
  it('makes a New job with the time in whole seconds and the request’s fingerprint, in one write', async () => {
    const { store, asked } = scripted({ outcome: 'created' });
    const outcome = await createJob(store, input);
    expect(outcome).toEqual({ kind: 'created', jobId: asked[0]!.key.jobId, writes: 1 });
    expect(asked[0]).toMatchObject({ status: 'New', creationTime: '2026-11-28T12:00:00Z', fingerprint: fingerprintOf(definition), clientRequestToken: 't' });
  });

  it('answers a taken token with its job for the same request, and refuses another request', async () => {
    expect(await createJob(scripted({ outcome: 'token-taken', jobId: 'j', fingerprint: fingerprintOf(definition) }).store, input)).toEqual({ kind: 'repeated', jobId: 'j', writes: 1 });
    expect(await createJob(scripted({ outcome: 'token-taken', jobId: 'j', fingerprint: 'other' }).store, input)).toEqual({ kind: 'token-reused', jobId: 'j', writes: 1 });
  });

  it('tries once more, with the same JobId, when another create of the token was in flight; then gives up', async () => {
    const twice = scripted({ outcome: 'contended' }, { outcome: 'token-taken', jobId: 'winner', fingerprint: fingerprintOf(definition) });
    expect(await createJob(twice.store, input)).toEqual({ kind: 'repeated', jobId: 'winner', writes: 2 });
    expect(twice.asked[1]!.key).toEqual(twice.asked[0]!.key);
    expect(await createJob(scripted({ outcome: 'contended' }, { outcome: 'contended' }).store, input)).toEqual({ kind: 'contended', writes: 2 });
  });

  it('makes the same fingerprint for equal definitions only', () => {
    expect(fingerprintOf({ ...definition })).toBe(fingerprintOf(definition));
    expect(fingerprintOf({ ...definition, priority: 2 })).not.toBe(fingerprintOf(definition));
  });
});

describe('the adapter reads a cancelled transaction', () => {
  const cancelled = (...codes: Array<string | { Code: string; Item: Record<string, unknown> }>) =>
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: codes.map((c) => (typeof c === 'string' ? { Code: c } : c)) as never,
    });
  const storeThrowing = (error: unknown) => new DynamoDbJobStore({ send: () => Promise.reject(error) } as unknown as DynamoDBClient, 'jobs');
  const job = { key: { appId: 'a', jobId: '019abcde-f012-7345-8678-9abcdef01234' }, definition, clientRequestToken: 't', fingerprint: 'f', status: 'New', creationTime: 'c', requestId: 'r' } as const;

  it('CreateJob: a held reservation is "token-taken"; a conflict is "contended"; anything else a failure', async () => {
    const held = { Code: 'ConditionalCheckFailed', Item: { JobRef: { S: 'j' }, Fingerprint: { S: 'f' } } };
    expect(await storeThrowing(cancelled('None', held)).createJob(job)).toEqual({ outcome: 'token-taken', jobId: 'j', fingerprint: 'f' });
    expect(await storeThrowing(cancelled('TransactionConflict', 'None')).createJob(job)).toEqual({ outcome: 'contended' });
    await expect(storeThrowing(cancelled('ValidationError', 'None')).createJob(job)).rejects.toMatchObject({ failure: 'failed' });
  });

  it('DeleteJob: a job not final, a missing job, and a conflict worth a retry', async () => {
    const key = job.key;
    expect(await storeThrowing(cancelled({ Code: 'ConditionalCheckFailed', Item: { Status: { S: 'Active' } } }, 'None')).deleteJob(key)).toEqual({ outcome: 'not-final', status: 'Active' });
    expect(await storeThrowing(cancelled('ConditionalCheckFailed', 'None')).deleteJob(key)).toEqual({ outcome: 'missing' });
    const conflict = storeThrowing(cancelled('TransactionConflict', 'None')).deleteJob(key);
    await expect(conflict).rejects.toBeInstanceOf(StoreError);
    await expect(conflict).rejects.toMatchObject({ failure: 'unavailable' });
  });
});
