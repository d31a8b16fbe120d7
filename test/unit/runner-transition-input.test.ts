/**
 * The runner's status writes (buildRunnerTransitionInput), checked exactly: the whole UpdateItem, as in
 * dynamodb-inputs.test.ts. Its status part is the API's own status write (status-change-input.test.ts), written out
 * again in full here so that any drift between the two shows.
 */
import { buildRunnerTransitionInput } from '../../lib/store/dynamodb/runner-inputs';

const APP = '1250000000';
const JOB = '019abcde-f012-7345-8678-9abcdef01234';
const KEY = { AppId: { S: APP }, JobId: { S: JOB } };
const AT = '2026-11-28T12:00:00.000Z';
const RETENTION = 90 * 86_400;

const STATUS_SET =
  'SET #previousStatus = #status, #status = :to, #statusJobId = :statusJobId, #reason = :reason, ' +
  '#changedAt = :changedAt, #requestId = :requestId, #version = if_not_exists(#version, :zero) + :one';
const STATUS_NAMES = {
  '#jobId': 'JobId',
  '#status': 'Status',
  '#statusJobId': 'StatusJobId',
  '#previousStatus': 'PreviousStatus',
  '#reason': 'StatusUpdateReason',
  '#changedAt': 'StatusUpdateTime',
  '#requestId': 'StatusUpdateRequestId',
  '#version': 'Version',
};
const statusValues = (from: string[], to: string, reason: string) => ({
  ...Object.fromEntries(from.map((s, i) => [`:from${i}`, { S: s }])),
  ':to': { S: to },
  ':statusJobId': { S: `${to}#${JOB}` },
  ':reason': { S: reason },
  ':changedAt': { S: AT },
  ':requestId': { S: 'req-1' },
  ':zero': { N: '0' },
  ':one': { N: '1' },
});
const transition = { appId: APP, jobId: JOB, at: AT };

describe('buildRunnerTransitionInput', () => {
  it('New → Preparing: the status write alone, answering nothing', () => {
    expect(buildRunnerTransitionInput('jobs', { ...transition, from: ['New'], to: 'Preparing', reason: 'Preparing' }, 'req-1', RETENTION)).toEqual({
      TableName: 'jobs',
      Key: KEY,
      UpdateExpression: STATUS_SET,
      ConditionExpression: 'attribute_exists(#jobId) AND #status IN (:from0)',
      ExpressionAttributeNames: STATUS_NAMES,
      ExpressionAttributeValues: statusValues(['New'], 'Preparing', 'Preparing'),
      ReturnValues: 'NONE',
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  });

  it('Preparing → Suspended: the count, the chunk plan from the start of the manifest, and the suspension', () => {
    const change = { ...transition, from: ['Preparing' as const], to: 'Suspended' as const, reason: 'r', set: { total: 250, chunks: { size: 100, total: 3 }, suspendedCause: 'ConfirmationRequired' } };
    expect(buildRunnerTransitionInput('jobs', change, 'req-1', RETENTION)).toEqual({
      TableName: 'jobs',
      Key: KEY,
      UpdateExpression:
        `${STATUS_SET}, #tasksTotal = :tasksTotal, #chunkSize = :chunkSize, #chunksTotal = :chunksTotal, #chunksDispatched = :chunksDispatched, ` +
        '#chunksSettled = :chunksSettled, #cursor = :cursor, #suspendedCause = :suspendedCause, #suspendedDate = :suspendedDate',
      ConditionExpression: 'attribute_exists(#jobId) AND #status IN (:from0)',
      ExpressionAttributeNames: {
        ...STATUS_NAMES,
        '#tasksTotal': 'TotalNumberOfTasks',
        '#chunkSize': 'ChunkSize',
        '#chunksTotal': 'ChunksTotal',
        '#chunksDispatched': 'ChunksDispatched',
        '#chunksSettled': 'ChunksSettled',
        '#cursor': 'ManifestCursor',
        '#suspendedCause': 'SuspendedCause',
        '#suspendedDate': 'SuspendedDate',
      },
      ExpressionAttributeValues: {
        ...statusValues(['Preparing'], 'Suspended', 'r'),
        ':tasksTotal': { N: '250' },
        ':chunkSize': { N: '100' },
        ':chunksTotal': { N: '3' },
        ':chunksDispatched': { N: '0' },
        ':chunksSettled': { N: '0' },
        ':cursor': { S: '0:0:1' },
        ':suspendedCause': { S: 'ConfirmationRequired' },
        ':suspendedDate': { S: '2026-11-28T12:00:00Z' },
      },
      ReturnValues: 'NONE',
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  });

  it('Preparing → Failed: dated, expiring, with its FailureReasons', () => {
    const failures = [{ code: 'ManifestETagMismatch', reason: 'the manifest changed' }];
    const input = buildRunnerTransitionInput('jobs', { ...transition, from: ['Preparing'], to: 'Failed', reason: 'r', set: { failures } }, 'req-1', RETENTION);
    expect(input).toEqual({
      TableName: 'jobs',
      Key: KEY,
      UpdateExpression: `${STATUS_SET}, #terminationDate = :terminationDate, #expiresAt = :expiresAt, #failureReasons = :failureReasons`,
      ConditionExpression: 'attribute_exists(#jobId) AND #status IN (:from0)',
      ExpressionAttributeNames: { ...STATUS_NAMES, '#terminationDate': 'TerminationDate', '#expiresAt': 'ExpiresAt', '#failureReasons': 'FailureReasons' },
      ExpressionAttributeValues: {
        ...statusValues(['Preparing'], 'Failed', 'r'),
        ':terminationDate': { S: '2026-11-28T12:00:00Z' },
        ':expiresAt': { N: String(1_795_867_200 + RETENTION) }, // 2026-11-28T12:00:00Z is 1,795,867,200
        ':failureReasons': { L: [{ M: { FailureCode: { S: 'ManifestETagMismatch' }, FailureReason: { S: 'the manifest changed' } } }] },
      },
      ReturnValues: 'NONE',
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  });

  it('Ready, Paused → Active: starts the Active timer', () => {
    const input = buildRunnerTransitionInput('jobs', { ...transition, from: ['Ready', 'Paused'], to: 'Active', reason: 'r', set: { activeSince: AT } }, 'req-1', RETENTION);
    expect(input).toEqual({
      TableName: 'jobs',
      Key: KEY,
      UpdateExpression: `${STATUS_SET}, #activeSince = :activeSince`,
      ConditionExpression: 'attribute_exists(#jobId) AND #status IN (:from0, :from1)',
      ExpressionAttributeNames: { ...STATUS_NAMES, '#activeSince': 'ActiveSince' },
      ExpressionAttributeValues: { ...statusValues(['Ready', 'Paused'], 'Active', 'r'), ':activeSince': { S: AT } },
      ReturnValues: 'NONE',
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  });

  it('Pausing → Paused: adds up the Active seconds and removes the timer', () => {
    const input = buildRunnerTransitionInput('jobs', { ...transition, from: ['Pausing'], to: 'Paused', reason: 'r', set: { activeSince: null, activeSeconds: 42 } }, 'req-1', RETENTION);
    expect(input).toEqual({
      TableName: 'jobs',
      Key: KEY,
      UpdateExpression: `${STATUS_SET}, #activeSeconds = :activeSeconds REMOVE #activeSince`,
      ConditionExpression: 'attribute_exists(#jobId) AND #status IN (:from0)',
      ExpressionAttributeNames: { ...STATUS_NAMES, '#activeSeconds': 'ActiveSeconds', '#activeSince': 'ActiveSince' },
      ExpressionAttributeValues: { ...statusValues(['Pausing'], 'Paused', 'r'), ':activeSeconds': { N: '42' } },
      ReturnValues: 'NONE',
      ReturnValuesOnConditionCheckFailure: 'NONE',
    });
  });

  it('Completing → Complete removing the timer alone: SET …, then REMOVE', () => {
    const input = buildRunnerTransitionInput('jobs', { ...transition, from: ['Completing'], to: 'Complete', reason: 'Job complete', set: { activeSince: null } }, 'req-1', RETENTION);
    expect(input.UpdateExpression).toBe(`${STATUS_SET}, #terminationDate = :terminationDate, #expiresAt = :expiresAt REMOVE #activeSince`);
    expect(input.ExpressionAttributeNames).toEqual({ ...STATUS_NAMES, '#terminationDate': 'TerminationDate', '#expiresAt': 'ExpiresAt', '#activeSince': 'ActiveSince' });
    expect(input.ExpressionAttributeValues).toEqual({
      ...statusValues(['Completing'], 'Complete', 'Job complete'),
      ':terminationDate': { S: '2026-11-28T12:00:00Z' },
      ':expiresAt': { N: String(1_795_867_200 + RETENTION) },
    });
  });
});
