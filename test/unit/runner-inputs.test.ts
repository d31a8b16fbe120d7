/**
 * The runner's DynamoDB requests are pure functions of what it asks: each is checked here exactly (the whole object,
 * as in dynamodb-inputs.test.ts), with no network. Status writes: runner-transition-input.test.ts.
 */
import fc from 'fast-check';
import {
  buildAdvanceCursorInput,
  buildCommitChunkInput,
  buildLeaseChunkInput,
  buildListByStatusInput,
  buildListResultsInput,
  buildReleaseTokenInput,
  chunkId,
  decodeCursor,
  encodeCursor,
  readRunnerJob,
} from '../../lib/store/dynamodb/runner-inputs';

const APP = '1250000000';
const JOB = '019abcde-f012-7345-8678-9abcdef01234';
const KEY = { AppId: { S: APP }, JobId: { S: JOB } };
const CHUNK_4 = { AppId: { S: APP }, JobId: { S: `~chunk~${JOB}~00000004` } };
const AT = '2026-11-28T12:00:00.000Z';

describe('chunk and cursor writes', () => {
  it('chunkId pads the chunk number to 8 digits under ~chunk~<JobId>~', () => {
    expect(chunkId(JOB, 0)).toBe(`~chunk~${JOB}~00000000`);
    expect(chunkId(JOB, 42)).toBe(`~chunk~${JOB}~00000042`);
  });

  it('buildAdvanceCursorInput moves the cursor past chunk n only from n', () => {
    expect(buildAdvanceCursorInput('jobs', APP, JOB, 4, { file: 0, offset: 4096, line: 401 })).toEqual({
      TableName: 'jobs',
      Key: KEY,
      UpdateExpression: 'SET #dispatched = :next, #cursor = :cursor',
      ConditionExpression: '#dispatched = :chunk',
      ExpressionAttributeNames: { '#dispatched': 'ChunksDispatched', '#cursor': 'ManifestCursor' },
      ExpressionAttributeValues: { ':chunk': { N: '4' }, ':next': { N: '5' }, ':cursor': { S: '0:4096:401' } },
    });
  });

  it('buildLeaseChunkInput leases an uncommitted chunk that is free, expired or already ours', () => {
    expect(buildLeaseChunkInput('jobs', APP, JOB, 4, 'msg-1', 1_700_000_120_000, 1_700_000_000_000)).toEqual({
      TableName: 'jobs',
      Key: CHUNK_4,
      UpdateExpression: 'SET #lease = :owner, #leaseUntil = :until',
      ConditionExpression: 'attribute_not_exists(#committed) AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < :now OR #lease = :owner)',
      ExpressionAttributeNames: { '#lease': 'Lease', '#leaseUntil': 'LeaseUntil', '#committed': 'Committed' },
      ExpressionAttributeValues: { ':owner': { S: 'msg-1' }, ':until': { N: '1700000120000' }, ':now': { N: '1700000000000' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('buildCommitChunkInput marks the chunk committed and adds its counters to the job, in one transaction', () => {
    const outcome = {
      succeeded: 98,
      failed: 2,
      results: [
        { key: 'reports/job-J/results/a.csv', status: 'succeeded' as const, md5: 'm1' },
        { key: 'reports/job-J/results/b.csv', status: 'failed' as const, md5: 'm2' },
      ],
      skipped: false,
    };
    expect(buildCommitChunkInput('jobs', APP, JOB, 4, 'msg-1', outcome, 1_803_643_200)).toEqual({
      TransactItems: [
        {
          Update: {
            TableName: 'jobs',
            Key: CHUNK_4,
            UpdateExpression: 'SET #committed = :owner, #succeeded = :succeeded, #failed = :failed, #results = :results, #skipped = :skipped, #expiresAt = :expiresAt',
            ConditionExpression: '#lease = :owner AND attribute_not_exists(#committed)',
            ExpressionAttributeNames: {
              '#committed': 'Committed',
              '#succeeded': 'NumberOfTasksSucceeded',
              '#failed': 'NumberOfTasksFailed',
              '#results': 'Results',
              '#skipped': 'Skipped',
              '#expiresAt': 'ExpiresAt',
              '#lease': 'Lease',
            },
            ExpressionAttributeValues: {
              ':owner': { S: 'msg-1' },
              ':succeeded': { N: '98' },
              ':failed': { N: '2' },
              ':results': {
                L: [
                  { M: { Key: { S: 'reports/job-J/results/a.csv' }, Status: { S: 'succeeded' }, MD5: { S: 'm1' } } },
                  { M: { Key: { S: 'reports/job-J/results/b.csv' }, Status: { S: 'failed' }, MD5: { S: 'm2' } } },
                ],
              },
              ':skipped': { BOOL: false },
              ':expiresAt': { N: '1803643200' },
            },
          },
        },
        {
          Update: {
            TableName: 'jobs',
            Key: KEY,
            UpdateExpression: 'ADD #succeeded :succeeded, #failed :failed, #settled :one',
            ConditionExpression: 'attribute_exists(#jobId) AND #dispatched > :chunk',
            ExpressionAttributeNames: {
              '#jobId': 'JobId',
              '#succeeded': 'NumberOfTasksSucceeded',
              '#failed': 'NumberOfTasksFailed',
              '#settled': 'ChunksSettled',
              '#dispatched': 'ChunksDispatched',
            },
            ExpressionAttributeValues: { ':succeeded': { N: '98' }, ':failed': { N: '2' }, ':one': { N: '1' }, ':chunk': { N: '4' } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    });
  });
});

describe('queries and the token release', () => {
  it('buildListResultsInput reads the committed chunks’ result files, consistently, page after page', () => {
    const first = {
      TableName: 'jobs',
      ConsistentRead: true,
      KeyConditionExpression: '#appId = :appId AND begins_with(#jobId, :prefix)',
      FilterExpression: 'attribute_exists(#committed)',
      ProjectionExpression: '#results',
      ExpressionAttributeNames: { '#appId': 'AppId', '#jobId': 'JobId', '#committed': 'Committed', '#results': 'Results' },
      ExpressionAttributeValues: { ':appId': { S: APP }, ':prefix': { S: `~chunk~${JOB}~` } },
    };
    expect(buildListResultsInput('jobs', APP, JOB)).toStrictEqual(first);
    expect(buildListResultsInput('jobs', APP, JOB, CHUNK_4)).toStrictEqual({ ...first, ExclusiveStartKey: CHUNK_4 });
  });

  it('buildListByStatusInput reads one status of a tenant through the status index', () => {
    const first = {
      TableName: 'jobs',
      IndexName: 'StatusIndex',
      ConsistentRead: true,
      KeyConditionExpression: '#appId = :appId AND begins_with(#statusJobId, :status)',
      ProjectionExpression: '#jobId, #status, #priority',
      ExpressionAttributeNames: { '#appId': 'AppId', '#statusJobId': 'StatusJobId', '#jobId': 'JobId', '#status': 'Status', '#priority': 'Priority' },
      ExpressionAttributeValues: { ':appId': { S: APP }, ':status': { S: 'Ready#' } },
    };
    expect(buildListByStatusInput('jobs', APP, 'Ready')).toStrictEqual(first);
    const after = { AppId: { S: APP }, JobId: { S: JOB }, StatusJobId: { S: `Ready#${JOB}` } };
    expect(buildListByStatusInput('jobs', APP, 'Ready', after)).toStrictEqual({ ...first, ExclusiveStartKey: after });
  });

  it('buildReleaseTokenInput deletes the reservation only while it still names the job', () => {
    expect(buildReleaseTokenInput('jobs', APP, JOB)).toEqual({
      TableName: 'jobs',
      Key: { AppId: { S: APP }, JobId: { S: '~token~7345-8678-9abcdef01234' } },
      ConditionExpression: '#jobRef = :jobId',
      ExpressionAttributeNames: { '#jobRef': 'JobRef' },
      ExpressionAttributeValues: { ':jobId': { S: JOB } },
    });
  });
});

describe('cursor', () => {
  it('encodes file:offset:line and decodes it back', () => {
    expect(encodeCursor({ file: 2, offset: 1_048_576, line: 10_001 })).toBe('2:1048576:10001');
    expect(decodeCursor('2:1048576:10001')).toEqual({ file: 2, offset: 1_048_576, line: 10_001 });
  });

  it.each([undefined, '', 'garbage', '::', 'a:b:c', '0:0:0'])('decodes %j as the manifest’s start', (text) => {
    expect(decodeCursor(text)).toEqual({ file: 0, offset: 0, line: 1 });
  });

  it('keeps the readable parts of a partial cursor', () => {
    expect(decodeCursor('3')).toEqual({ file: 3, offset: 0, line: 1 });
    expect(decodeCursor('1:x:5')).toEqual({ file: 1, offset: 0, line: 5 });
  });

  it('property: any cursor survives a round trip', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 2 ** 40 }), (file, offset, line) => {
        expect(decodeCursor(encodeCursor({ file, offset, line }))).toEqual({ file, offset, line });
      }),
    );
  });
});

describe('readRunnerJob', () => {
  it('reads every attribute the runner uses from a full item', () => {
    const item = {
      ...KEY,
      Status: { S: 'Active' },
      Priority: { N: '7' },
      ConfirmationRequired: { BOOL: true },
      TotalNumberOfTasks: { N: '250' },
      NumberOfTasksSucceeded: { N: '190' },
      NumberOfTasksFailed: { N: '10' },
      ChunkSize: { N: '100' },
      ChunksTotal: { N: '3' },
      ChunksDispatched: { N: '3' },
      ChunksSettled: { N: '2' },
      ManifestCursor: { S: '0:20480:201' },
      Manifest: { M: { Spec: { M: { Format: { S: 'COSBatchOperations_CSV_V1' } } } } },
      Operation: { M: { COSInitiateRestoreObject: { M: { ExpirationInDays: { S: '7' }, JobTier: { S: 'Bulk' } } } } },
      Report: { M: { Enabled: { S: 'false' } } },
      ActiveSince: { S: AT },
      ActiveSeconds: { N: '42' },
    };
    expect(readRunnerJob(APP, item)).toStrictEqual({
      appId: APP,
      jobId: JOB,
      status: 'Active',
      priority: 7,
      confirmationRequired: true,
      total: 250,
      succeeded: 190,
      failed: 10,
      chunkSize: 100,
      chunksTotal: 3,
      chunksDispatched: 3,
      chunksSettled: 2,
      cursor: { file: 0, offset: 20480, line: 201 },
      manifest: { Spec: { Format: 'COSBatchOperations_CSV_V1' } },
      operation: { COSInitiateRestoreObject: { ExpirationInDays: '7', JobTier: 'Bulk' } },
      report: { Enabled: 'false' },
      activeSince: AT,
      activeSeconds: 42,
    });
  });

  it('reads a bare item (keys and Status only, or wrong types) with zero counters and the cursor at the start', () => {
    const bare = {
      appId: APP,
      jobId: JOB,
      status: 'New',
      priority: 0,
      confirmationRequired: false,
      total: 0,
      succeeded: 0,
      failed: 0,
      chunkSize: 0,
      chunksTotal: 0,
      chunksDispatched: 0,
      chunksSettled: 0,
      cursor: { file: 0, offset: 0, line: 1 },
      manifest: undefined,
      operation: undefined,
      report: undefined,
      activeSince: undefined,
      activeSeconds: 0,
    };
    expect(readRunnerJob(APP, { ...KEY, Status: { S: 'New' } })).toStrictEqual(bare);
    expect(
      readRunnerJob(APP, { ...KEY, Status: { S: 'New' }, Priority: { S: '7' }, ChunksTotal: { S: '3' }, ConfirmationRequired: { S: 'true' }, ManifestCursor: { N: '5' } }),
    ).toStrictEqual(bare);
  });
});
