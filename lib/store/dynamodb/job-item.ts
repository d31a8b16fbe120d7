import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { JobFailure, JobRecord, Tag } from '../../jobs/job';
import { tokenTail } from '../../jobs/job-id';
import type { JobKey, NewJob } from '../job-store';

/** The job item's attribute names: the item schema of docs/reliability.md (spec section 6 and job-api.md). */
export const ATTR = {
  appId: 'AppId',
  jobId: 'JobId',
  status: 'Status',
  /** `<Status>#<JobId>`: the sort key of the status index, so ListJobs with jobStatuses reads only what it returns. */
  statusJobId: 'StatusJobId',
  reason: 'StatusUpdateReason',
  changedAt: 'StatusUpdateTime',
  previousStatus: 'PreviousStatus',
  requestId: 'StatusUpdateRequestId',
  version: 'Version',
  clientRequestToken: 'ClientRequestToken',
  confirmationRequired: 'ConfirmationRequired',
  description: 'Description',
  priority: 'Priority',
  roleArn: 'RoleArn',
  creationTime: 'CreationTime',
  manifest: 'Manifest',
  operation: 'Operation',
  report: 'Report',
  tasksTotal: 'TotalNumberOfTasks',
  tasksSucceeded: 'NumberOfTasksSucceeded',
  tasksFailed: 'NumberOfTasksFailed',
  failureReasons: 'FailureReasons',
  terminationDate: 'TerminationDate',
  /** The job's own tags (AWS dialect): a list of {Key, Value} maps. */
  tags: 'Tags',
  suspendedDate: 'SuspendedDate',
  suspendedCause: 'SuspendedCause',
  /** DynamoDB TTL (Unix seconds): set when a job reaches a final status. */
  expiresAt: 'ExpiresAt',
  /** On a token reservation: the job that holds it, and the fingerprint of the request that made it. */
  jobRef: 'JobRef',
  fingerprint: 'Fingerprint',
  // The runner's progress on a job item (lib/runner): chunks cut, handed out and settled, where the next one starts.
  /** The chunk size Preparing counted with: every dispatch of the job cuts its chunks the same way. */
  chunkSize: 'ChunkSize',
  chunksTotal: 'ChunksTotal',
  chunksDispatched: 'ChunksDispatched',
  chunksSettled: 'ChunksSettled',
  cursor: 'ManifestCursor',
  activeSince: 'ActiveSince',
  activeSeconds: 'ActiveSeconds',
  // On a chunk item: who runs it until when, and its committed outcome.
  lease: 'Lease',
  leaseUntil: 'LeaseUntil',
  committed: 'Committed',
  results: 'Results',
  skipped: 'Skipped',
} as const;

/** The local secondary index on (AppId, StatusJobId). */
export const STATUS_INDEX = 'StatusIndex';

/**
 * Token reservations live in the tenant's partition under sort keys that start with `~`, which sorts after every
 * character a JobId may hold (A-Z a-z 0-9 - _): a ListJobs query bounded by `JobId < "~"` never reads them.
 */
export const RESERVATION_PREFIX = '~token~';
/** The runner's chunk items, in the job's tenant partition, out of ListJobs' reach for the same reason. */
export const CHUNK_PREFIX = '~chunk~';
export const JOB_ID_UPPER_BOUND = '~';

export const statusJobId = (status: string, jobId: string): string => `${status}#${jobId}`;

export function keyOf(key: JobKey): Record<string, AttributeValue> {
  return { [ATTR.appId]: { S: key.appId }, [ATTR.jobId]: { S: key.jobId } };
}

/** The key of the reservation of the token that made `jobId`. */
export function reservationKeyOf(key: JobKey): Record<string, AttributeValue> {
  return { [ATTR.appId]: { S: key.appId }, [ATTR.jobId]: { S: RESERVATION_PREFIX + tokenTail(key.jobId) } };
}

/** The new job's item. */
export function newJobItem(job: NewJob): Record<string, AttributeValue> {
  const { definition: d } = job;
  const status = job.status;
  return {
    ...keyOf(job.key),
    [ATTR.status]: { S: status },
    [ATTR.statusJobId]: { S: statusJobId(status, job.key.jobId) },
    [ATTR.version]: { N: '0' },
    [ATTR.clientRequestToken]: { S: job.clientRequestToken },
    [ATTR.confirmationRequired]: { BOOL: d.confirmationRequired },
    [ATTR.description]: { S: d.description },
    [ATTR.priority]: { N: String(d.priority) },
    [ATTR.roleArn]: { S: d.roleArn },
    [ATTR.creationTime]: { S: job.creationTime },
    [ATTR.manifest]: toAttribute(d.manifest),
    [ATTR.operation]: toAttribute(d.operation),
    [ATTR.report]: toAttribute(d.report),
    [ATTR.tasksTotal]: { N: '0' },
    [ATTR.tasksSucceeded]: { N: '0' },
    [ATTR.tasksFailed]: { N: '0' },
    [ATTR.requestId]: { S: job.requestId },
    ...(d.tags && { [ATTR.tags]: toAttribute(d.tags) }),
  };
}

/** The reservation of the new job's token. */
export function reservationItem(job: NewJob): Record<string, AttributeValue> {
  return {
    ...reservationKeyOf(job.key),
    [ATTR.jobRef]: { S: job.key.jobId },
    [ATTR.clientRequestToken]: { S: job.clientRequestToken },
    [ATTR.fingerprint]: { S: job.fingerprint },
  };
}

/** Reads a job item, trusting none of its types: a value of the wrong type reads as missing. */
export function readJobRecord(item: Record<string, AttributeValue>): JobRecord {
  const s = (name: string) => item[name]?.S;
  const n = (name: string) => {
    const text = item[name]?.N;
    const value = text === undefined ? NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  return {
    jobId: s(ATTR.jobId) ?? '',
    status: s(ATTR.status),
    statusUpdateReason: s(ATTR.reason),
    confirmationRequired: item[ATTR.confirmationRequired]?.BOOL,
    description: s(ATTR.description),
    priority: n(ATTR.priority),
    roleArn: s(ATTR.roleArn),
    creationTime: s(ATTR.creationTime),
    terminationDate: s(ATTR.terminationDate),
    suspendedDate: s(ATTR.suspendedDate),
    suspendedCause: s(ATTR.suspendedCause),
    manifest: fromAttribute(item[ATTR.manifest]),
    operation: fromAttribute(item[ATTR.operation]),
    report: fromAttribute(item[ATTR.report]),
    progress: { total: n(ATTR.tasksTotal) ?? 0, succeeded: n(ATTR.tasksSucceeded) ?? 0, failed: n(ATTR.tasksFailed) ?? 0 },
    failures: readFailures(item[ATTR.failureReasons]),
    activeSeconds: n(ATTR.activeSeconds) ?? 0,
    activeSince: s(ATTR.activeSince),
    tags: fromAttribute(item[ATTR.tags]),
  };
}

/** A job's tags; entries that are not {Key, Value} strings (an item another tool wrote) are left out. */
export function readTags(value: AttributeValue | undefined): Tag[] {
  const tags: Tag[] = [];
  for (const entry of value?.L ?? []) {
    const Key = entry.M?.Key?.S;
    const Value = entry.M?.Value?.S;
    if (Key !== undefined && Value !== undefined) tags.push({ Key, Value });
  }
  return tags;
}

function readFailures(value: AttributeValue | undefined): JobFailure[] {
  return (value?.L ?? []).map((entry) => ({ code: entry.M?.FailureCode?.S ?? '', reason: entry.M?.FailureReason?.S ?? '' }));
}

/** The job definition's parts are strings, lists and maps of them: stored as DynamoDB S, L and M. */
export function toAttribute(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  if (typeof value === 'object' && value !== null) {
    const map: Record<string, AttributeValue> = {};
    for (const [name, member] of Object.entries(value)) if (member !== undefined) map[name] = toAttribute(member);
    return { M: map };
  }
  throw new TypeError(`a job definition holds strings, lists and maps only, not ${typeof value}`);
}

/** The reverse of `toAttribute`; any other attribute type reads as undefined. */
export function fromAttribute(value: AttributeValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.S !== undefined) return value.S;
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.M !== undefined) {
    const map: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value.M)) map[name] = fromAttribute(member);
    return map;
  }
  return undefined;
}
