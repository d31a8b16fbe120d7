/**
 * The database requests the AWS dialect added, as pure functions of their input, checked exactly with no network:
 * the job tags' read and write (GetJobTagging, PutJobTagging, DeleteJobTagging), ListJobs of several statuses (the
 * table, filtered), and the job item with CreateJob's Tags.
 */
import type { JobDefinition } from '../../lib/jobs/job';
import { newJobItem, readJobRecord } from '../../lib/store/dynamodb/job-item';
import { buildGetJobTagsInput, buildPutJobTagsInput } from '../../lib/store/dynamodb/job-tags-input';
import { buildListJobsInput } from '../../lib/store/dynamodb/list-jobs-input';
import type { NewJob } from '../../lib/store/job-store';

const TENANT = 'aws:123456789012';
const KEY = { appId: TENANT, jobId: '019abcde-f012-7345-8678-9abcdef01234' };
const ITEM_KEY = { AppId: { S: TENANT }, JobId: { S: KEY.jobId } };

describe('the job tags: one request each, keyed by the job, touching Tags alone', () => {
  it('GetJobTagging: a strongly consistent GetItem of the JobId (to tell "no job") and Tags only', () => {
    expect(buildGetJobTagsInput('jobs', KEY)).toEqual({
      TableName: 'jobs',
      Key: ITEM_KEY,
      ConsistentRead: true,
      ProjectionExpression: '#jobId, #tags',
      ExpressionAttributeNames: { '#jobId': 'JobId', '#tags': 'Tags' },
    });
  });

  it('PutJobTagging: SET Tags to a list of {Key, Value} maps, in the order given, on a job that exists (any status)', () => {
    expect(
      buildPutJobTagsInput('jobs', KEY, [
        { Key: 'team', Value: 'data' },
        { Key: 'empty', Value: '' },
        { Key: 'ünï', Value: 'a b:c/d=e+f-g@h' },
      ]),
    ).toEqual({
      TableName: 'jobs',
      Key: ITEM_KEY,
      ConditionExpression: 'attribute_exists(#jobId)',
      UpdateExpression: 'SET #tags = :tags',
      ExpressionAttributeNames: { '#jobId': 'JobId', '#tags': 'Tags' },
      ExpressionAttributeValues: {
        ':tags': {
          L: [
            { M: { Key: { S: 'team' }, Value: { S: 'data' } } },
            { M: { Key: { S: 'empty' }, Value: { S: '' } } },
            { M: { Key: { S: 'ünï' }, Value: { S: 'a b:c/d=e+f-g@h' } } },
          ],
        },
      },
    });
  });

  it('PutJobTagging stores Key and Value only, whatever else a tag object carries', () => {
    const tags = [{ Key: 'k', Value: 'v', extra: 'x' }] as unknown as { Key: string; Value: string }[];
    expect(buildPutJobTagsInput('jobs', KEY, tags).ExpressionAttributeValues).toEqual({ ':tags': { L: [{ M: { Key: { S: 'k' }, Value: { S: 'v' } } }] } });
  });

  it('DeleteJobTagging, and PutJobTagging of no tags: REMOVE Tags, no values, on a job that exists', () => {
    expect(buildPutJobTagsInput('jobs', KEY, [])).toEqual({
      TableName: 'jobs',
      Key: ITEM_KEY,
      ConditionExpression: 'attribute_exists(#jobId)',
      UpdateExpression: 'REMOVE #tags',
      ExpressionAttributeNames: { '#jobId': 'JobId', '#tags': 'Tags' },
    });
  });
});

describe('ListJobs of several statuses: the table below "~", filtered on Status', () => {
  const PROJECTION = '#p0, #p1, #p2, #p3, #p4, #p5, #p6, #p7, #p8, #p9';
  const NAMES = {
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
    '#appId': 'AppId',
    '#jobId': 'JobId',
    '#status': 'Status',
  };

  it('two statuses, first page', () => {
    expect(buildListJobsInput('jobs', { appId: TENANT, statuses: ['Active', 'Complete'], limit: 2 })).toEqual({
      TableName: 'jobs',
      ConsistentRead: true,
      Limit: 2,
      ProjectionExpression: PROJECTION,
      FilterExpression: '#status IN (:s0, :s1)',
      KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':appId': { S: TENANT }, ':upper': { S: '~' }, ':s0': { S: 'Active' }, ':s1': { S: 'Complete' } },
    });
  });

  it('two statuses, next page: resumes after the JobId the previous page read last (the table’s key, not the index’s)', () => {
    expect(buildListJobsInput('jobs', { appId: TENANT, statuses: ['Active', 'Complete'], limit: 1000, after: 'job-00042' })).toEqual({
      TableName: 'jobs',
      ConsistentRead: true,
      Limit: 1000,
      ProjectionExpression: PROJECTION,
      FilterExpression: '#status IN (:s0, :s1)',
      KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':appId': { S: TENANT }, ':upper': { S: '~' }, ':s0': { S: 'Active' }, ':s1': { S: 'Complete' } },
      ExclusiveStartKey: { AppId: { S: TENANT }, JobId: { S: 'job-00042' } },
    });
  });

  it('three statuses, first page, in the order given', () => {
    expect(buildListJobsInput('jobs', { appId: TENANT, statuses: ['Suspended', 'New', 'Failed'], limit: 7 })).toEqual({
      TableName: 'jobs',
      ConsistentRead: true,
      Limit: 7,
      ProjectionExpression: PROJECTION,
      FilterExpression: '#status IN (:s0, :s1, :s2)',
      KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':appId': { S: TENANT }, ':upper': { S: '~' }, ':s0': { S: 'Suspended' }, ':s1': { S: 'New' }, ':s2': { S: 'Failed' } },
    });
  });

  it('three statuses, next page', () => {
    expect(buildListJobsInput('jobs', { appId: TENANT, statuses: ['Suspended', 'New', 'Failed'], limit: 7, after: '019abcde-f012-7345-8678-9abcdef01234' })).toEqual({
      TableName: 'jobs',
      ConsistentRead: true,
      Limit: 7,
      ProjectionExpression: PROJECTION,
      FilterExpression: '#status IN (:s0, :s1, :s2)',
      KeyConditionExpression: '#appId = :appId AND #jobId < :upper',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':appId': { S: TENANT }, ':upper': { S: '~' }, ':s0': { S: 'Suspended' }, ':s1': { S: 'New' }, ':s2': { S: 'Failed' } },
      ExclusiveStartKey: ITEM_KEY,
    });
  });

  it('an empty statuses list is no filter: the same request as none', () => {
    expect(buildListJobsInput('jobs', { appId: TENANT, statuses: [], limit: 5 })).toEqual(buildListJobsInput('jobs', { appId: TENANT, limit: 5 }));
    expect(buildListJobsInput('jobs', { appId: TENANT, statuses: [], limit: 5 })).not.toHaveProperty('FilterExpression');
  });

  it('`status` (one, the status index) wins over `statuses`', () => {
    const input = buildListJobsInput('jobs', { appId: TENANT, status: 'Active', statuses: ['Active', 'Complete'], limit: 5 });
    expect([input.IndexName, input.FilterExpression, input.ExpressionAttributeValues![':status']]).toEqual(['StatusIndex', undefined, { S: 'Active#' }]);
  });
});

describe('the job item with CreateJob’s Tags', () => {
  const definition: JobDefinition = {
    confirmationRequired: true,
    description: 'tag <all> & more',
    priority: 10,
    roleArn: 'arn:aws:iam::123456789012:role/batch',
    manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: 'arn:aws:s3:::manifest-bucket/manifest.csv', ETag: '60e460c9d1046e73f7dde5043ac3ae85' },
    },
    operation: { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } } as never,
    report: { Bucket: 'arn:aws:s3:::report-bucket', Format: 'Report_CSV_20180820', Enabled: 'true', Prefix: 'reports', ReportScope: 'AllTasks' },
    tags: [
      { Key: 'team', Value: 'data' },
      { Key: 'cost', Value: '' },
    ],
  };
  const job: NewJob = {
    key: KEY,
    definition,
    clientRequestToken: 'tok-1',
    fingerprint: 'fp',
    status: 'New',
    creationTime: '2026-11-28T12:00:00Z',
    requestId: 'req-1',
  };
  const ITEM = {
    ...ITEM_KEY,
    Status: { S: 'New' },
    StatusJobId: { S: `New#${KEY.jobId}` },
    Version: { N: '0' },
    ClientRequestToken: { S: 'tok-1' },
    ConfirmationRequired: { BOOL: true },
    Description: { S: 'tag <all> & more' },
    Priority: { N: '10' },
    RoleArn: { S: 'arn:aws:iam::123456789012:role/batch' },
    CreationTime: { S: '2026-11-28T12:00:00Z' },
    Manifest: {
      M: {
        Spec: { M: { Format: { S: 'S3BatchOperations_CSV_20180820' }, Fields: { L: [{ S: 'Bucket' }, { S: 'Key' }] } } },
        Location: { M: { ObjectArn: { S: 'arn:aws:s3:::manifest-bucket/manifest.csv' }, ETag: { S: '60e460c9d1046e73f7dde5043ac3ae85' } } },
      },
    },
    Operation: { M: { S3PutObjectTagging: { M: { TagSet: { L: [{ M: { Key: { S: 'k' }, Value: { S: 'v' } } }] } } } } },
    Report: {
      M: {
        Bucket: { S: 'arn:aws:s3:::report-bucket' },
        Format: { S: 'Report_CSV_20180820' },
        Enabled: { S: 'true' },
        Prefix: { S: 'reports' },
        ReportScope: { S: 'AllTasks' },
      },
    },
    TotalNumberOfTasks: { N: '0' },
    NumberOfTasksSucceeded: { N: '0' },
    NumberOfTasksFailed: { N: '0' },
    StatusUpdateRequestId: { S: 'req-1' },
  };

  it('writes the tags as a Tags list of {Key, Value} maps, in the order given', () => {
    expect(newJobItem(job)).toEqual({
      ...ITEM,
      Tags: { L: [{ M: { Key: { S: 'team' }, Value: { S: 'data' } } }, { M: { Key: { S: 'cost' }, Value: { S: '' } } }] },
    });
  });

  it('an empty tag list is written as an empty Tags list; no tags (a COS job) writes no Tags at all', () => {
    expect(newJobItem({ ...job, definition: { ...definition, tags: [] } })).toEqual({ ...ITEM, Tags: { L: [] } });
    const { tags: _none, ...untagged } = definition;
    expect(newJobItem({ ...job, definition: untagged })).toEqual(ITEM);
  });

  it('reads the tags back as written', () => {
    expect(readJobRecord(newJobItem(job)).tags).toEqual(definition.tags);
  });
});
