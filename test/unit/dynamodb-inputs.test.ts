/**
 * Every database request the store sends is a pure function of the operation's input: each is checked here
 * exactly, with no network. (UpdateJobStatus's UpdateItem: status-change-input.test.ts.)
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { JobDefinition } from '../../lib/jobs/job';
import { buildCreateJobInput } from '../../lib/store/dynamodb/create-job-input';
import { buildDeleteJobInput } from '../../lib/store/dynamodb/delete-job-input';
import { buildGetJobInput } from '../../lib/store/dynamodb/get-job-input';
import { fromAttribute, newJobItem, readJobRecord, reservationItem, reservationKeyOf, toAttribute } from '../../lib/store/dynamodb/job-item';
import { buildListJobsInput, LISTED_ATTRIBUTES } from '../../lib/store/dynamodb/list-jobs-input';
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
  const table = (appId: string) => ({
    TableName: 'jobs',
    ConsistentRead: true,
    ProjectionExpression: projection.ProjectionExpression,
    KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
    ExpressionAttributeNames: { ...projection.names, '#appId': 'AppId', '#jobId': 'JobId' },
    ExpressionAttributeValues: { ':appId': { S: appId }, ':upper': { S: '~' } },
  });
  const index = (appId: string, status: string) => ({
    TableName: 'jobs',
    IndexName: 'StatusIndex',
    ConsistentRead: true,
    ProjectionExpression: projection.ProjectionExpression,
    KeyConditionExpression: '#appId = :appId AND begins_with(#statusJobId, :status)',
    ExpressionAttributeNames: { ...projection.names, '#appId': 'AppId', '#statusJobId': 'StatusJobId' },
    ExpressionAttributeValues: { ':appId': { S: appId }, ':status': { S: `${status}#` } },
  });

  it('all statuses, first page: the table, below "~" so token reservations are never read', () => {
    expect(buildListJobsInput('jobs', { appId: 'a', limit: 1000 })).toEqual({ ...table('a'), Limit: 1000 });
  });
  it('all statuses, next page: resumes after nextToken', () => {
    expect(buildListJobsInput('jobs', { appId: 'a', limit: 3, after: 'job-00001' })).toEqual({
      ...table('a'),
      Limit: 3,
      ExclusiveStartKey: { AppId: { S: 'a' }, JobId: { S: 'job-00001' } },
    });
  });
  it('one status, first page: the status index from "<Status>#"', () => {
    expect(buildListJobsInput('jobs', { appId: 'a', status: 'Suspended', limit: 1 })).toEqual({ ...index('a', 'Suspended'), Limit: 1 });
  });
  it('one status, next page: resumes at the index key of nextToken', () => {
    expect(buildListJobsInput('jobs', { appId: 'a', status: 'Active', limit: 1000, after: 'job-00001' })).toEqual({
      ...index('a', 'Active'),
      Limit: 1000,
      ExclusiveStartKey: { AppId: { S: 'a' }, JobId: { S: 'job-00001' }, StatusJobId: { S: 'Active#job-00001' } },
    });
  });
  it('projects exactly the attributes a ListJobs member shows', () => {
    expect(LISTED_ATTRIBUTES).toEqual(Object.values(projection.names));
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
      activeSeconds: 0,
      activeSince: undefined,
      tags: undefined,
    });
  });

  it('reads every attribute a runner may have set: reason, dates, counts and failures', () => {
    const item = {
      ...JOB_ITEM,
      Status: { S: 'Failed' },
      StatusUpdateReason: { S: 'Job failed' },
      TerminationDate: { S: '2026-11-28T12:00:42Z' },
      SuspendedDate: { S: '2026-11-28T12:00:01Z' },
      SuspendedCause: { S: 'confirmation required' },
      TotalNumberOfTasks: { N: '10' },
      NumberOfTasksSucceeded: { N: '4' },
      NumberOfTasksFailed: { N: '6' },
      FailureReasons: { L: [{ M: { FailureCode: { S: 'TaskFailureRateExceeded' }, FailureReason: { S: 'too many tasks failed' } } }] },
      ExpiresAt: { N: '1803643242' },
      ActiveSeconds: { N: '12' },
      ActiveSince: { S: '2026-11-28T12:00:30.000Z' },
      Tags: { L: [{ M: { Key: { S: 'team' }, Value: { S: 'data' } } }] },
    };
    expect(readJobRecord(item)).toEqual({
      jobId: KEY.jobId,
      status: 'Failed',
      statusUpdateReason: 'Job failed',
      confirmationRequired: true,
      description: 'copy',
      priority: 10,
      roleArn: 'qcs::cam::uin/1:roleName/r',
      creationTime: '2026-11-28T12:00:00Z',
      terminationDate: '2026-11-28T12:00:42Z',
      suspendedDate: '2026-11-28T12:00:01Z',
      suspendedCause: 'confirmation required',
      manifest: definition.manifest,
      operation: definition.operation,
      report: definition.report,
      progress: { total: 10, succeeded: 4, failed: 6 },
      failures: [{ code: 'TaskFailureRateExceeded', reason: 'too many tasks failed' }],
      activeSeconds: 12,
      activeSince: '2026-11-28T12:00:30.000Z',
      tags: [{ Key: 'team', Value: 'data' }],
    });
  });

  it('trusts no type: every attribute of the wrong type reads as missing (or zero, or no failure)', () => {
    const record = readJobRecord({
      AppId: { S: '1250000000' },
      JobId: { N: '1' },
      Status: { N: '1' },
      StatusUpdateReason: { BOOL: true },
      ConfirmationRequired: { S: 'true' },
      Description: { L: [{ S: 'x' }] },
      Priority: { S: 'high' },
      RoleArn: { M: {} },
      CreationTime: { N: '1795867200' },
      TerminationDate: { NULL: true },
      SuspendedDate: { SS: ['a'] },
      SuspendedCause: { N: '3' },
      Manifest: { N: '3' },
      Operation: { BOOL: false },
      Report: { NULL: true },
      TotalNumberOfTasks: { N: 'NaN' },
      NumberOfTasksSucceeded: { S: '4' },
      NumberOfTasksFailed: { N: 'Infinity' },
      FailureReasons: { S: 'none' },
      ActiveSeconds: { S: '3' },
      ActiveSince: { N: '3' },
      Tags: { BOOL: true },
    });
    expect(record).toStrictEqual({
      jobId: '',
      status: undefined,
      statusUpdateReason: undefined,
      confirmationRequired: undefined,
      description: undefined,
      priority: undefined,
      roleArn: undefined,
      creationTime: undefined,
      terminationDate: undefined,
      suspendedDate: undefined,
      suspendedCause: undefined,
      manifest: undefined,
      operation: undefined,
      report: undefined,
      progress: { total: 0, succeeded: 0, failed: 0 },
      failures: [],
      activeSeconds: 0,
      activeSince: undefined,
      tags: undefined,
    });
  });

  it('reads failures entry by entry: a broken entry is an empty failure, not a crash', () => {
    const record = readJobRecord({
      JobId: { S: 'job-00001' },
      FailureReasons: {
        L: [
          { M: { FailureCode: { S: 'ManifestNotFound' }, FailureReason: { S: 'no manifest' } } },
          { S: 'x' },
          { M: { FailureCode: { N: '1' } } },
          { M: { FailureReason: { S: 'only a reason' } } },
        ],
      },
    });
    expect(record.failures).toEqual([
      { code: 'ManifestNotFound', reason: 'no manifest' },
      { code: '', reason: '' },
      { code: '', reason: '' },
      { code: '', reason: 'only a reason' },
    ]);
  });

  it('reads an item another tool wrote with only its key and Status', () => {
    expect(readJobRecord({ AppId: { S: 'a' }, JobId: { S: 'job-00001' }, Status: { S: 'Active' } })).toStrictEqual({
      jobId: 'job-00001',
      status: 'Active',
      statusUpdateReason: undefined,
      confirmationRequired: undefined,
      description: undefined,
      priority: undefined,
      roleArn: undefined,
      creationTime: undefined,
      terminationDate: undefined,
      suspendedDate: undefined,
      suspendedCause: undefined,
      manifest: undefined,
      operation: undefined,
      report: undefined,
      progress: { total: 0, succeeded: 0, failed: 0 },
      failures: [],
      activeSeconds: 0,
      activeSince: undefined,
      tags: undefined,
    });
  });

  it('the reservation of the job’s token: in the job’s partition, under "~token~<tail of the JobId>"', () => {
    expect(reservationItem(job)).toEqual({
      AppId: { S: '1250000000' },
      JobId: { S: '~token~7345-8678-9abcdef01234' },
      JobRef: { S: KEY.jobId },
      ClientRequestToken: { S: 'token-1' },
      Fingerprint: { S: 'fp' },
    });
    expect(reservationKeyOf(KEY)).toEqual(RESERVATION_KEY);
    expect('~token~' > 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz').toBe(true); // after every JobId, so below "~" is jobs only
  });

  it('writes a restore job without ConfirmationRequired or Description as false and empty', () => {
    const restore: NewJob = {
      ...job,
      definition: {
        ...definition,
        confirmationRequired: false,
        description: '',
        priority: 0,
        operation: { COSInitiateRestoreObject: { ExpirationInDays: '3', JobTier: 'Standard' } },
      },
    };
    expect(newJobItem(restore)).toEqual({
      ...JOB_ITEM,
      ConfirmationRequired: { BOOL: false },
      Description: { S: '' },
      Priority: { N: '0' },
      Operation: { M: { COSInitiateRestoreObject: { M: { ExpirationInDays: { S: '3' }, JobTier: { S: 'Standard' } } } } },
    });
  });

  it('stores a definition’s strings, lists and maps as S, L and M, and nothing else', () => {
    const value = { a: 'x', b: ['y', { c: '' }], d: {}, e: [] };
    expect(toAttribute(value)).toEqual({ M: { a: { S: 'x' }, b: { L: [{ S: 'y' }, { M: { c: { S: '' } } }] }, d: { M: {} }, e: { L: [] } } });
    expect(fromAttribute(toAttribute(value))).toEqual(value);
    expect(toAttribute({ kept: 'x', dropped: undefined })).toStrictEqual({ M: { kept: { S: 'x' } } });
    for (const other of [3, true, null, undefined, 10n]) expect(() => toAttribute(other)).toThrow(/strings, lists and maps only/);
    expect(() => toAttribute({ nested: [1] })).toThrow(/strings, lists and maps only, not number/);
  });

  it('reads any other attribute type as undefined, at any depth', () => {
    const others: AttributeValue[] = [{ N: '3' }, { BOOL: true }, { NULL: true }, { SS: ['a'] }, { NS: ['1'] }, { B: new Uint8Array([1]) }, {} as AttributeValue];
    for (const other of others) {
      expect(fromAttribute(other)).toBeUndefined();
    }
    expect(fromAttribute(undefined)).toBeUndefined();
    expect(fromAttribute({ M: { a: { N: '1' }, b: { S: 'x' } } })).toStrictEqual({ a: undefined, b: 'x' });
    expect(fromAttribute({ L: [{ BOOL: false }, { S: '' }] })).toStrictEqual([undefined, '']);
  });

  it('round-trips every part of the fullest job definition exactly', () => {
    const full: JobDefinition = {
      ...definition,
      manifest: { Location: { ETag: '"e"', ObjectArn: 'qcs::cos:ap-chengdu:uid/1250000000:b-1250000000/m.csv', ObjectVersionId: 'v1' }, Spec: { Fields: ['Ignore', 'Bucket', 'Key', 'VersionId'], Format: 'COSBatchOperations_CSV_V1' } },
      operation: {
        COSPutObjectCopy: {
          AccessControlDirective: 'Replaced',
          AccessControlGrants: [
            { Grantee: { DisplayName: 'me', Identifier: 'qcs::cam::uin/1:uin/1', TypeIdentifier: 'ID' }, Permission: 'READ' },
            { Grantee: { Identifier: 'qcs::cam::uin/2:uin/2', TypeIdentifier: 'ID' }, Permission: 'FULL_CONTROL' },
          ],
          CannedAccessControlList: 'private',
          PrefixReplace: 'true',
          ResourcesPrefix: 'pic',
          TargetKeyPrefix: '',
          MetadataDirective: 'Replaced',
          ModifiedSinceConstraint: '1576778429',
          UnModifiedSinceConstraint: '9223372036854775807',
          NewObjectMetadata: { CacheControl: 'no-cache', ContentType: 'text/plain', SSEAlgorithm: 'AES256', UserMetadata: [{ Key: 'x-team', Value: 'a b' }] },
          TaggingDirective: 'Replaced',
          NewObjectTagging: [{ Key: 'a', Value: '' }],
          StorageClass: 'STANDARD_IA',
          TargetResource: 'qcs::cos:ap-chengdu::d-1250000000',
        },
      },
      report: { Bucket: 'qcs::cos:ap-chengdu::b-1250000000', Enabled: 'false', Format: 'Report_CSV_V1', Prefix: '', ReportScope: 'FailedTasksOnly' },
    };
    const item = newJobItem({ ...job, definition: full });
    const record = readJobRecord(item);
    expect(record.manifest).toStrictEqual(full.manifest);
    expect(record.operation).toStrictEqual(full.operation);
    expect(record.report).toStrictEqual(full.report);
    expect(item.Operation!.M!.COSPutObjectCopy!.M!.NewObjectMetadata).toEqual({
      M: { CacheControl: { S: 'no-cache' }, ContentType: { S: 'text/plain' }, SSEAlgorithm: { S: 'AES256' }, UserMetadata: { L: [{ M: { Key: { S: 'x-team' }, Value: { S: 'a b' } } }] } },
    });
  });
});
