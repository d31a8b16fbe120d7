import type { AttributeValue, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { isFinal } from '../../jobs/job';
import type { JobSnapshot, StatusChange } from '../job-store';
import { ATTR, keyOf, statusJobId } from './job-item';

const UPDATE_EXPRESSION =
  'SET #previousStatus = #status, #status = :to, #statusJobId = :statusJobId, #reason = :reason, ' +
  '#changedAt = :changedAt, #requestId = :requestId, #version = if_not_exists(#version, :zero) + :one';
/** Reaching a final status also dates the end and sets the item's expiry (DynamoDB TTL: JOB_RETENTION_DAYS). */
const FINAL_UPDATE_EXPRESSION = `${UPDATE_EXPRESSION}, #terminationDate = :terminationDate, #expiresAt = :expiresAt`;

const NAMES = {
  '#jobId': ATTR.jobId,
  '#status': ATTR.status,
  '#statusJobId': ATTR.statusJobId,
  '#previousStatus': ATTR.previousStatus,
  '#reason': ATTR.reason,
  '#changedAt': ATTR.changedAt,
  '#requestId': ATTR.requestId,
  '#version': ATTR.version,
} as const;

/**
 * The one UpdateItem of a status change, as a pure function of the change: conditioned on the item existing and
 * its Status being one of `from`; `PreviousStatus = #status` reads the value before the write, atomically.
 * UPDATED_NEW answers a success with what the write set (all the snapshot needs, without the job's definition);
 * ALL_OLD answers a failed condition with the item as it is.
 */
export function buildStatusChangeInput(tableName: string, change: StatusChange, retentionSeconds: number): UpdateItemCommandInput {
  if (change.from.length === 0) throw new Error('a status change needs at least one source status');
  const fromValues: Record<string, AttributeValue> = {};
  change.from.forEach((status, i) => (fromValues[`:from${i}`] = { S: status }));
  const final = isFinal(change.to);
  return {
    TableName: tableName,
    Key: keyOf(change.key),
    UpdateExpression: final ? FINAL_UPDATE_EXPRESSION : UPDATE_EXPRESSION,
    ConditionExpression: `attribute_exists(#jobId) AND #status IN (${Object.keys(fromValues).join(', ')})`,
    ExpressionAttributeNames: final ? { ...NAMES, ...FINAL_NAMES } : { ...NAMES },
    ExpressionAttributeValues: {
      ...fromValues,
      ':to': { S: change.to },
      ':statusJobId': { S: statusJobId(change.to, change.key.jobId) },
      ':reason': { S: change.reason },
      ':changedAt': { S: change.changedAt },
      ':requestId': { S: change.requestId },
      ':zero': { N: '0' },
      ':one': { N: '1' },
      ...(final ? finalValues(change.changedAt, retentionSeconds) : {}),
    },
    ReturnValues: 'UPDATED_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

const FINAL_NAMES = { '#terminationDate': ATTR.terminationDate, '#expiresAt': ATTR.expiresAt } as const;

function finalValues(changedAt: string, retentionSeconds: number): Record<string, AttributeValue> {
  const at = Date.parse(changedAt);
  return {
    ':terminationDate': { S: `${changedAt.slice(0, 19)}Z` },
    ':expiresAt': { N: String(Math.floor(at / 1000) + retentionSeconds) },
  };
}

/** Reads the attributes the service answers from, trusting none of their types. */
export function readSnapshot(item: Record<string, AttributeValue>): JobSnapshot {
  const version = item[ATTR.version]?.N;
  return {
    status: item[ATTR.status]?.S,
    statusUpdateReason: item[ATTR.reason]?.S,
    previousStatus: item[ATTR.previousStatus]?.S,
    statusUpdateRequestId: item[ATTR.requestId]?.S,
    version: version === undefined ? undefined : Number(version),
  };
}
