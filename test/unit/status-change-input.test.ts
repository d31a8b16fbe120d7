import { buildCredentialGetInput } from '../../lib/store/dynamodb/dynamodb-credential-store';
import { buildStatusChangeInput, readSnapshot } from '../../lib/store/dynamodb/status-change-input';

describe('buildStatusChangeInput', () => {
  const change = {
    key: { appId: '1250000000', jobId: 'job-00001' },
    to: 'Cancelled' as const,
    reason: 'no longer needed',
    requestId: 'req-1',
    changedAt: '2026-11-28T12:00:00.000Z',
  };

  const RETENTION = 90 * 86_400;

  it('builds one conditional UpdateItem naming every source status, returning UPDATED_NEW and ALL_OLD on failure', () => {
    expect(buildStatusChangeInput('jobs', { ...change, to: 'Cancelling', from: ['Active', 'Pausing', 'Paused'] }, RETENTION)).toEqual({
      TableName: 'jobs',
      Key: { AppId: { S: '1250000000' }, JobId: { S: 'job-00001' } },
      UpdateExpression:
        'SET #previousStatus = #status, #status = :to, #statusJobId = :statusJobId, #reason = :reason, ' +
        '#changedAt = :changedAt, #requestId = :requestId, #version = if_not_exists(#version, :zero) + :one',
      ConditionExpression: 'attribute_exists(#jobId) AND #status IN (:from0, :from1, :from2)',
      ExpressionAttributeNames: {
        '#jobId': 'JobId',
        '#status': 'Status',
        '#statusJobId': 'StatusJobId',
        '#previousStatus': 'PreviousStatus',
        '#reason': 'StatusUpdateReason',
        '#changedAt': 'StatusUpdateTime',
        '#requestId': 'StatusUpdateRequestId',
        '#version': 'Version',
      },
      ExpressionAttributeValues: {
        ':from0': { S: 'Active' },
        ':from1': { S: 'Pausing' },
        ':from2': { S: 'Paused' },
        ':to': { S: 'Cancelling' },
        ':statusJobId': { S: 'Cancelling#job-00001' },
        ':reason': { S: 'no longer needed' },
        ':changedAt': { S: '2026-11-28T12:00:00.000Z' },
        ':requestId': { S: 'req-1' },
        ':zero': { N: '0' },
        ':one': { N: '1' },
      },
      ReturnValues: 'UPDATED_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('dates a move to a final status and sets its expiry JOB_RETENTION_DAYS later (DynamoDB TTL)', () => {
    const input = buildStatusChangeInput('jobs', { ...change, from: ['New', 'Preparing', 'Suspended', 'Ready'] }, RETENTION);
    expect(input.UpdateExpression).toBe(
      'SET #previousStatus = #status, #status = :to, #statusJobId = :statusJobId, #reason = :reason, ' +
        '#changedAt = :changedAt, #requestId = :requestId, #version = if_not_exists(#version, :zero) + :one, ' +
        '#terminationDate = :terminationDate, #expiresAt = :expiresAt',
    );
    expect(input.ExpressionAttributeNames).toMatchObject({ '#terminationDate': 'TerminationDate', '#expiresAt': 'ExpiresAt' });
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':statusJobId': { S: 'Cancelled#job-00001' },
      ':terminationDate': { S: '2026-11-28T12:00:00Z' },
      ':expiresAt': { N: String(Date.parse('2026-11-28T12:00:00Z') / 1000 + RETENTION) },
    });
  });

  it('conditions on a single status the same way', () => {
    const input = buildStatusChangeInput('jobs', { ...change, to: 'Ready', from: ['Suspended'] }, RETENTION);
    expect(input.ConditionExpression).toBe('attribute_exists(#jobId) AND #status IN (:from0)');
    expect(input.ExpressionAttributeValues?.[':from0']).toEqual({ S: 'Suspended' });
  });

  it('refuses an unconditional change', () => {
    expect(() => buildStatusChangeInput('jobs', { ...change, from: [] }, RETENTION)).toThrow(/at least one source status/);
  });
});

describe('readSnapshot', () => {
  it('reads the answered attributes and trusts no type', () => {
    expect(
      readSnapshot({
        Status: { S: 'Ready' },
        StatusUpdateReason: { S: 'r' },
        PreviousStatus: { S: 'Suspended' },
        StatusUpdateRequestId: { S: 'q' },
        Version: { N: '3' },
      }),
    ).toEqual({ status: 'Ready', statusUpdateReason: 'r', previousStatus: 'Suspended', statusUpdateRequestId: 'q', version: 3 });
    expect(readSnapshot({ Status: { N: '1' }, Version: { S: 'x' } })).toEqual({
      status: undefined,
      statusUpdateReason: undefined,
      previousStatus: undefined,
      statusUpdateRequestId: undefined,
      version: undefined,
    });
  });
});

describe('buildCredentialGetInput', () => {
  it('reads one key by SecretId, only the three attributes the check needs', () => {
    expect(buildCredentialGetInput('creds', 'AKIDexample')).toEqual({
      TableName: 'creds',
      Key: { SecretId: { S: 'AKIDexample' } },
      ProjectionExpression: 'SecretKey, AppId, #status',
      ExpressionAttributeNames: { '#status': 'Status' },
    });
  });
});
