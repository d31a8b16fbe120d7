/**
 * Every database request the store sends is a pure function of the operation's input: each is checked here
 * exactly, with no network. (UpdateJobStatus's UpdateItem: status-change-input.test.ts.)
 */
import type { JobDefinition } from '../../lib/jobs/job';
import { newJobId, tokenTail } from '../../lib/jobs/job-id';
import { buildCreateJobInput } from '../../lib/store/dynamodb/create-job-input';
import { buildDeleteJobInput } from '../../lib/store/dynamodb/delete-job-input';
import { buildGetJobInput } from '../../lib/store/dynamodb/get-job-input';
import { fromAttribute, newJobItem, readJobRecord, toAttribute } from '../../lib/store/dynamodb/job-item';
import { buildListJobsInput } from '../../lib/store/dynamodb/list-jobs-input';
import { buildPriorityChangeInput } from '../../lib/store/dynamodb/priority-input';
import type { NewJob } from '../../lib/store/job-store';

const KEY = { appId: '1250000000', jobId: '019abcde-f012-7345-8678-9abcdef01234' };
const RESERVATION_KEY = { AppId: { S: '1250000000' }, JobId: { S: '~token~7345-8678-9abcdef01234' } };

const definition: JobDefinition = {
  confirmationRequired: true,
  description: 'copy',
  priority: 10,
  roleArn: 'qcs::cam::uin/1:roleName/r',
  manifest: { Location: { ETag: '"e"', ObjectArn: 'qcs::cos:ap-chengdu::b-1250000000/m.csv' }, Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' } },
  operation: { COSPutObjectCopy: { NewObjectTagging: [], TargetResource: 'qcs::cos:ap-chengdu::d-1250000000' } },
  report: { Bucket: 'qcs::cos:ap-chengdu::b-1250000000', Enabled: 'true', Format: 'Report_CSV_V1', ReportScope: 'AllTasks' },
};
const job: NewJob = {
  key: KEY,
  definition,
  clientRequestToken: 'token-1',
  fingerprint: 'fp',
  status: 'New',
  creationTime: '2026-11-28T12:00:00Z',
  requestId: 'req-1',
};

const JOB_ITEM = {
  AppId: { S: '1250000000' },
  JobId: { S: KEY.jobId },
  Status: { S: 'New' },
  StatusJobId: { S: `New#${KEY.jobId}` },
  Version: { N: '0' },
  ClientRequestToken: { S: 'token-1' },
  ConfirmationRequired: { BOOL: true },
  Description: { S: 'copy' },
  Priority: { N: '10' },
  RoleArn: { S: 'qcs::cam::uin/1:roleName/r' },
  CreationTime: { S: '2026-11-28T12:00:00Z' },
  Manifest: {
    M: {
      Location: { M: { ETag: { S: '"e"' }, ObjectArn: { S: 'qcs::cos:ap-chengdu::b-1250000000/m.csv' } } },
      Spec: { M: { Fields: { L: [{ S: 'Bucket' }, { S: 'Key' }] }, Format: { S: 'COSBatchOperations_CSV_V1' } } },
    },
  },
  Operation: { M: { COSPutObjectCopy: { M: { NewObjectTagging: { L: [] }, TargetResource: { S: 'qcs::cos:ap-chengdu::d-1250000000' } } } } },
  Report: {
    M: {
      Bucket: { S: 'qcs::cos:ap-chengdu::b-1250000000' },
      Enabled: { S: 'true' },
      Format: { S: 'Report_CSV_V1' },
      ReportScope: { S: 'AllTasks' },
    },
  },
  TotalNumberOfTasks: { N: '0' },
  NumberOfTasksSucceeded: { N: '0' },
  NumberOfTasksFailed: { N: '0' },
  StatusUpdateRequestId: { S: 'req-1' },
};

it('CreateJob: one transaction of two conditional puts, the job and its token’s reservation (ALL_OLD on a taken token)', () => {
  expect(buildCreateJobInput('jobs', job)).toEqual({
    TransactItems: [
      { Put: { TableName: 'jobs', Item: JOB_ITEM, ConditionExpression: 'attribute_not_exists(#jobId)', ExpressionAttributeNames: { '#jobId': 'JobId' } } },
      {
        Put: {
          TableName: 'jobs',
          Item: { ...RESERVATION_KEY, JobRef: { S: KEY.jobId }, ClientRequestToken: { S: 'token-1' }, Fingerprint: { S: 'fp' } },
          ConditionExpression: 'attribute_not_exists(#jobId)',
          ExpressionAttributeNames: { '#jobId': 'JobId' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
  });
});

it('DescribeJob: one strongly consistent GetItem', () => {
  expect(buildGetJobInput('jobs', KEY)).toEqual({ TableName: 'jobs', Key: { AppId: { S: '1250000000' }, JobId: { S: KEY.jobId } }, ConsistentRead: true });
});

describe('ListJobs: one strongly consistent Query projecting what a member shows', () => {
  const projection = {
    ProjectionExpression: '#p0, #p1, #p2, #p3, #p4, #p5, #p6, #p7, #p8, #p9',
    names: {
      '#p0': 'JobId',
      '#p1': 'Status',
      '#p2': 'CreationTime',
      '#p3': 'Description',
      '#p4': 'Priority',
      '#p5': 'Operation',
      '#p6': 'TotalNumberOfTasks',
      '#p7': 'NumberOfTasksSucceeded',
      '#p8': 'NumberOfTasksFailed',
      '#p9': 'TerminationDate',
    },
  };
  it('all statuses: the table, below "~" so token reservations are never read, resuming after nextToken', () => {
    expect(buildListJobsInput('jobs', { appId: 'a', limit: 3, after: 'job-00001' })).toEqual({
      TableName: 'jobs',
      ConsistentRead: true,
      Limit: 3,
      ProjectionExpression: projection.ProjectionExpression,
      KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
      ExpressionAttributeNames: { ...projection.names, '#appId': 'AppId', '#jobId': 'JobId' },
      ExpressionAttributeValues: { ':appId': { S: 'a' }, ':upper': { S: '~' } },
      ExclusiveStartKey: { AppId: { S: 'a' }, JobId: { S: 'job-00001' } },
    });
    expect(buildListJobsInput('jobs', { appId: 'a', limit: 1000 })).not.toHaveProperty('ExclusiveStartKey');
  });
  it('one status: the status index from "<Status>#", resuming at the index key of nextToken', () => {
    expect(buildListJobsInput('jobs', { appId: 'a', status: 'Active', limit: 1000, after: 'job-00001' })).toEqual({
      TableName: 'jobs',
      IndexName: 'StatusIndex',
      ConsistentRead: true,
      Limit: 1000,
      ProjectionExpression: projection.ProjectionExpression,
      KeyConditionExpression: '#appId = :appId AND begins_with(#statusJobId, :status)',
      ExpressionAttributeNames: { ...projection.names, '#appId': 'AppId', '#statusJobId': 'StatusJobId' },
      ExpressionAttributeValues: { ':appId': { S: 'a' }, ':status': { S: 'Active#' } },
      ExclusiveStartKey: { AppId: { S: 'a' }, JobId: { S: 'job-00001' }, StatusJobId: { S: 'Active#job-00001' } },
    });
  });
});

it('UpdateJobPriority: one UpdateItem of Priority alone, only on a job that exists and is not final', () => {
  expect(buildPriorityChangeInput('jobs', KEY, 2147483647)).toEqual({
    TableName: 'jobs',
    Key: { AppId: { S: '1250000000' }, JobId: { S: KEY.jobId } },
    UpdateExpression: 'SET #priority = :priority',
    ConditionExpression: 'attribute_exists(#jobId) AND NOT #status IN (:final0, :final1, :final2)',
    ExpressionAttributeNames: { '#priority': 'Priority', '#jobId': 'JobId', '#status': 'Status' },
    ExpressionAttributeValues: { ':priority': { N: '2147483647' }, ':final0': { S: 'Complete' }, ':final1': { S: 'Failed' }, ':final2': { S: 'Cancelled' } },
  });
});

it('DeleteJob: one transaction, the job only if final (ALL_OLD tells why not) and its reservation only if it is this job’s', () => {
  expect(buildDeleteJobInput('jobs', KEY)).toEqual({
    TransactItems: [
      {
        Delete: {
          TableName: 'jobs',
          Key: { AppId: { S: '1250000000' }, JobId: { S: KEY.jobId } },
          ConditionExpression: '#status IN (:final0, :final1, :final2)',
          ExpressionAttributeNames: { '#status': 'Status' },
          ExpressionAttributeValues: { ':final0': { S: 'Complete' }, ':final1': { S: 'Failed' }, ':final2': { S: 'Cancelled' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Delete: {
          TableName: 'jobs',
          Key: RESERVATION_KEY,
          ConditionExpression: 'attribute_not_exists(#jobRef) OR #jobRef = :jobId',
          ExpressionAttributeNames: { '#jobRef': 'JobRef' },
          ExpressionAttributeValues: { ':jobId': { S: KEY.jobId } },
        },
      },
    ],
  });
});

describe('the job item', () => {
  it('is written as the schema says and read back into the same job', () => {
    expect(newJobItem(job)).toEqual(JOB_ITEM);
    expect(readJobRecord(JOB_ITEM)).toEqual({
      jobId: KEY.jobId,
      status: 'New',
      statusUpdateReason: undefined,
      confirmationRequired: true,
      description: 'copy',
      priority: 10,
      roleArn: 'qcs::cam::uin/1:roleName/r',
      creationTime: '2026-11-28T12:00:00Z',
      terminationDate: undefined,
      suspendedDate: undefined,
      suspendedCause: undefined,
      manifest: definition.manifest,
      operation: definition.operation,
      report: definition.report,
      progress: { total: 0, succeeded: 0, failed: 0 },
      failures: [],
    });
  });

  it('is read without trusting a type: a wrong type reads as missing, failures as given', () => {
    const record = readJobRecord({
      JobId: { S: 'job-00001' },
      Status: { N: '1' },
      Priority: { S: 'high' },
      TotalNumberOfTasks: { N: 'NaN' },
      Manifest: { N: '3' },
      FailureReasons: { L: [{ M: { FailureCode: { S: 'ManifestNotFound' }, FailureReason: { S: 'no manifest' } } }, { S: 'x' }] },
    });
    expect(record).toMatchObject({ jobId: 'job-00001', status: undefined, priority: undefined, manifest: undefined, progress: { total: 0, succeeded: 0, failed: 0 } });
    expect(record.failures).toEqual([
      { code: 'ManifestNotFound', reason: 'no manifest' },
      { code: '', reason: '' },
    ]);
  });

  it('stores a definition’s strings, lists and maps as S, L and M, and nothing else', () => {
    const value = { a: 'x', b: ['y', { c: '' }], d: {} };
    expect(toAttribute(value)).toEqual({ M: { a: { S: 'x' }, b: { L: [{ S: 'y' }, { M: { c: { S: '' } } }] }, d: { M: {} } } });
    expect(fromAttribute(toAttribute(value))).toEqual(value);
    expect(() => toAttribute(3)).toThrow(/strings, lists and maps only/);
    expect(fromAttribute({ N: '3' })).toBeUndefined();
  });
});

describe('job ids', () => {
  const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  it('are lowercase UUIDs of version 7 that sort in the order they were made', () => {
    const ids = [0, 1, 2, 1000, 86_400_000].map((ms) => newJobId(1_795_867_200_000 + ms, 'a', `token-${ms}`));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    const time = (1_795_867_200_000).toString(16).padStart(12, '0'); // 48 bits of milliseconds
    expect(ids[0]!.slice(0, 13)).toBe(`${time.slice(0, 8)}-${time.slice(8)}`);
  });
  it('carry a tail that is the same for one tenant and token, whenever made, and differs otherwise', () => {
    const tail = (ms: number, appId: string, token: string) => tokenTail(newJobId(ms, appId, token));
    expect(tail(1, 'a', 't')).toBe(tail(99_999, 'a', 't'));
    expect(tail(1, 'a', 't')).toHaveLength(22);
    expect(tail(1, 'a', 't')).not.toBe(tail(1, 'a', 'u'));
    expect(tail(1, 'a', 't')).not.toBe(tail(1, 'b', 't'));
    expect(tail(1, 'a\u0000', 't')).not.toBe(tail(1, 'a', '\u0000t'));
  });
});
