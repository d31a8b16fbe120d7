import type { AttributeValue, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { JobSnapshot, StatusChange } from '../job-store';

/** The job item's attribute names (spec section 6, plus what this service records with every change). */
export const ATTR = {
  appId: 'AppId',
  jobId: 'JobId',
  status: 'Status',
  reason: 'StatusUpdateReason',
  changedAt: 'StatusUpdateTime',
  previousStatus: 'PreviousStatus',
  requestId: 'StatusUpdateRequestId',
  version: 'Version',
} as const;

const UPDATE_EXPRESSION =
  'SET #previousStatus = #status, #status = :to, #reason = :reason, #changedAt = :changedAt, ' +
  '#requestId = :requestId, #version = if_not_exists(#version, :zero) + :one';

const NAMES = {
  '#jobId': ATTR.jobId,
  '#status': ATTR.status,
  '#previousStatus': ATTR.previousStatus,
  '#reason': ATTR.reason,
  '#changedAt': ATTR.changedAt,
  '#requestId': ATTR.requestId,
  '#version': ATTR.version,
} as const;

/**
 * The one UpdateItem of a status change, as a pure function of the change: conditioned on the item existing and
 * its Status being one of `from`; `PreviousStatus = #status` reads the value before the write, atomically.
 * ALL_NEW answers a success with the item after it; ALL_OLD answers a failed condition with the item as it is.
 */
export function buildStatusChangeInput(tableName: string, change: StatusChange): UpdateItemCommandInput {
  if (change.from.length === 0) throw new Error('a status change needs at least one source status');
  const fromValues: Record<string, AttributeValue> = {};
  change.from.forEach((status, i) => (fromValues[`:from${i}`] = { S: status }));
  return {
    TableName: tableName,
    Key: { [ATTR.appId]: { S: change.key.appId }, [ATTR.jobId]: { S: change.key.jobId } },
    UpdateExpression: UPDATE_EXPRESSION,
    ConditionExpression: `attribute_exists(#jobId) AND #status IN (${Object.keys(fromValues).join(', ')})`,
    ExpressionAttributeNames: { ...NAMES },
    ExpressionAttributeValues: {
      ...fromValues,
      ':to': { S: change.to },
      ':reason': { S: change.reason },
      ':changedAt': { S: change.changedAt },
      ':requestId': { S: change.requestId },
      ':zero': { N: '0' },
      ':one': { N: '1' },
    },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
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
