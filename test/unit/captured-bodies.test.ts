/**
 * The three real COS responses published with their Content-Length (shared/reference/cos-batch-jobs-api.md §1.10,
 * §2.2, §3.2), reproduced byte for byte by the real code path from the same job data: the job record(s) the store
 * reads, the operation's run(), then the response writer. The expected bodies are copied from the reference
 * (TAB indentation, LF line ends, no newline at the end) and must equal the fixtures other tests send.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CosError } from '../../lib/cos/errors';
import type { CosOperation, OperationResult } from '../../lib/cos/operation';
import { CreateJob } from '../../lib/cos/operations/create-job';
import { DescribeJob } from '../../lib/cos/operations/describe-job';
import { ListJobs } from '../../lib/cos/operations/list-jobs';
import { successResponse } from '../../lib/cos/responses';
import { parseGatewayEvent } from '../../lib/http/event';
import { fingerprintOf } from '../../lib/jobs/create-job';
import type { JobDefinition, JobRecord } from '../../lib/jobs/job';
import { newJobItem, readJobRecord } from '../../lib/store/dynamodb/job-item';
import { LISTED_ATTRIBUTES } from '../../lib/store/dynamodb/list-jobs-input';
import type { CreateResult, JobStore, NewJob } from '../../lib/store/job-store';
import { APPID, createRequest, httpApiEvent, jobRequest, type RequestSpec } from '../support/events';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', name), 'utf8');
const lines = (...all: string[]) => all.join('\n');

/** §1.10, 89 bytes. */
const CREATE_JOB_RESULT = lines('<CreateJobResult>', '\t<JobId>53dc6228-c50b-46f7-8ad7-65e7159f1aae</JobId>', '</CreateJobResult>');

/** §2.2, 1,555 bytes. */
const DESCRIBE_JOB_RESULT = lines(
  '<DescribeJobResult>',
  '\t<Job>',
  '\t\t<ConfirmationRequired>false</ConfirmationRequired>',
  '\t\t<CreationTime>2019-12-19T18:00:30Z</CreationTime>',
  '\t\t<Description>example-job</Description>',
  '\t\t<FailureReasons>',
  '\t\t\t<JobFailure>',
  '\t\t\t\t<FailureCode/>',
  '\t\t\t\t<FailureReason/>',
  '\t\t\t</JobFailure>',
  '\t\t</FailureReasons>',
  '\t\t<JobId>53dc6228-c50b-46f7-8ad7-65e7159f1aae</JobId>',
  '\t\t<Manifest>',
  '\t\t\t<Location>',
  '\t\t\t\t<ETag>&quot;15150651828fa9cdcb8356b6d1c7638b&quot;</ETag>',
  '\t\t\t\t<ObjectArn>qcs::cos:ap-chengdu::sourcebucket-1250000000/manifests/batch-copy-manifest.csv</ObjectArn>',
  '\t\t\t</Location>',
  '\t\t\t<Spec>',
  '\t\t\t\t<Fields>',
  '\t\t\t\t\t<member>Bucket</member>',
  '\t\t\t\t\t<member>Key</member>',
  '\t\t\t\t</Fields>',
  '\t\t\t\t<Format>COSBatchOperations_CSV_V1</Format>',
  '\t\t\t</Spec>',
  '\t\t</Manifest>',
  '\t\t<Operation>',
  '\t\t\t<COSPutObjectCopy>',
  '\t\t\t\t<TargetResource>qcs::cos:ap-chengdu::destinationbucket-1250000000</TargetResource>',
  '\t\t\t</COSPutObjectCopy>',
  '\t\t</Operation>',
  '\t\t<Priority>10</Priority>',
  '\t\t<ProgressSummary>',
  '\t\t\t<NumberOfTasksFailed>0</NumberOfTasksFailed>',
  '\t\t\t<NumberOfTasksSucceeded>10</NumberOfTasksSucceeded>',
  '\t\t\t<TotalNumberOfTasks>10</TotalNumberOfTasks>',
  '\t\t</ProgressSummary>',
  '\t\t<Report>',
  '\t\t\t<Bucket>qcs::cos:ap-chengdu::sourcebucket-1250000000</Bucket>',
  '\t\t\t<Enabled>true</Enabled>',
  '\t\t\t<Format>Report_CSV_V1</Format>',
  '\t\t\t<Prefix>job-result</Prefix>',
  '\t\t\t<ReportScope>AllTasks</ReportScope>',
  '\t\t</Report>',
  '\t\t<RoleArn>qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole</RoleArn>',
  '\t\t<Status>Complete</Status>',
  '\t\t<StatusUpdateReason>Job complete</StatusUpdateReason>',
  '\t\t<TerminationDate>2019-12-19T18:00:42Z</TerminationDate>',
  '\t</Job>',
  '</DescribeJobResult>',
);

/** §3.2, 1,166 bytes. */
const LIST_JOBS_RESULT = lines(
  '<ListJobsResult>',
  '\t<Jobs>',
  '\t\t<member>',
  '\t\t\t<CreationTime>2019-12-19T11:05:40Z</CreationTime>',
  '\t\t\t<Description>example-job</Description>',
  '\t\t\t<JobId>021140d8-67ca-4e89-8089-0de9a1e40943</JobId>',
  '\t\t\t<Operation>COSPutObjectCopy</Operation>',
  '\t\t\t<Priority>10</Priority>',
  '\t\t\t<ProgressSummary>',
  '\t\t\t\t<NumberOfTasksFailed>0</NumberOfTasksFailed>',
  '\t\t\t\t<NumberOfTasksSucceeded>10</NumberOfTasksSucceeded>',
  '\t\t\t\t<TotalNumberOfTasks>10</TotalNumberOfTasks>',
  '\t\t\t</ProgressSummary>',
  '\t\t\t<Status>Complete</Status>',
  '\t\t\t<TerminationDate>2019-12-19T11:05:56Z</TerminationDate>',
  '\t\t</member>',
  '\t\t<member>',
  '\t\t\t<CreationTime>2019-12-19T11:07:05Z</CreationTime>',
  '\t\t\t<Description>example-job</Description>',
  '\t\t\t<JobId>066d919e-49b9-429e-b844-e17ea7b16421</JobId>',
  '\t\t\t<Operation>COSPutObjectCopy</Operation>',
  '\t\t\t<Priority>10</Priority>',
  '\t\t\t<ProgressSummary>',
  '\t\t\t\t<NumberOfTasksFailed>0</NumberOfTasksFailed>',
  '\t\t\t\t<NumberOfTasksSucceeded>10</NumberOfTasksSucceeded>',
  '\t\t\t\t<TotalNumberOfTasks>10</TotalNumberOfTasks>',
  '\t\t\t</ProgressSummary>',
  '\t\t\t<Status>Complete</Status>',
  '\t\t\t<TerminationDate>2019-12-19T11:07:21Z</TerminationDate>',
  '\t\t</member>',
  '\t</Jobs>',
  '\t<NextToken>066d919e-49b9-429e-b844-e17ea7b16421</NextToken>',
  '</ListJobsResult>',
);

const PUBLISHED_JOB_ID = '53dc6228-c50b-46f7-8ad7-65e7159f1aae';

/**
 * The job the published request (§1.9) made, as the store reads it back for the published DescribeJob (§2.2): the
 * request's manifest, operation and report, except TargetResource, which the response shows in the `::` form while
 * the request sent the `uid/` form (§2.2's note: the published pair was edited).
 */
const PUBLISHED_DEFINITION: JobDefinition = {
  confirmationRequired: false,
  description: 'example-job',
  priority: 10,
  roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
  manifest: {
    Location: {
      ETag: '"15150651828fa9cdcb8356b6d1c7638b"',
      ObjectArn: 'qcs::cos:ap-chengdu::sourcebucket-1250000000/manifests/batch-copy-manifest.csv',
    },
    Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' },
  },
  operation: { COSPutObjectCopy: { TargetResource: 'qcs::cos:ap-chengdu::destinationbucket-1250000000' } },
  report: {
    Bucket: 'qcs::cos:ap-chengdu::sourcebucket-1250000000',
    Enabled: 'true',
    Format: 'Report_CSV_V1',
    Prefix: 'job-result',
    ReportScope: 'AllTasks',
  },
};

const PUBLISHED_JOB: JobRecord = {
  jobId: PUBLISHED_JOB_ID,
  status: 'Complete',
  statusUpdateReason: 'Job complete',
  confirmationRequired: false,
  description: 'example-job',
  priority: 10,
  roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
  creationTime: '2019-12-19T18:00:30Z',
  terminationDate: '2019-12-19T18:00:42Z',
  manifest: PUBLISHED_DEFINITION.manifest,
  operation: PUBLISHED_DEFINITION.operation,
  report: PUBLISHED_DEFINITION.report,
  progress: { total: 10, succeeded: 10, failed: 0 },
  failures: [],
  activeSeconds: 0,
};

/** The two members of the published page: the same request's jobs, made earlier that day. */
const listed = (jobId: string, creationTime: string, terminationDate: string): JobRecord => ({
  jobId,
  status: 'Complete',
  description: 'example-job',
  priority: 10,
  creationTime,
  terminationDate,
  operation: PUBLISHED_DEFINITION.operation,
  progress: { total: 10, succeeded: 10, failed: 0 },
  failures: [],
  activeSeconds: 0,
});
const PUBLISHED_PAGE = [
  listed('021140d8-67ca-4e89-8089-0de9a1e40943', '2019-12-19T11:05:40Z', '2019-12-19T11:05:56Z'),
  listed('066d919e-49b9-429e-b844-e17ea7b16421', '2019-12-19T11:07:05Z', '2019-12-19T11:07:21Z'),
];

/** A store that answers reads with the given jobs (one page, `more` as given) and refuses everything else. */
function stubStore(jobs: readonly JobRecord[], options: { more?: boolean; create?: (job: NewJob) => CreateResult } = {}) {
  const calls: string[] = [];
  const unused = (name: string) => () => Promise.reject(new Error(`${name} is not used here`));
  const store: JobStore = {
    getJob: async ({ jobId }) => (calls.push('getJob'), jobs.find((j) => j.jobId === jobId)),
    listJobs: async () => (calls.push('listJobs'), { jobs, more: options.more ?? false }),
    createJob: options.create ? async (job) => (calls.push('createJob'), options.create!(job)) : unused('createJob'),
    changeStatus: unused('changeStatus'),
    changePriority: unused('changePriority'),
    deleteJob: unused('deleteJob'),
    getJobTags: unused('getJobTags'),
    putJobTags: unused('putJobTags'),
  };
  return { store, calls };
}

/** The request parsed by the operation, run against the store, written by the response writer: the body. */
async function answer(operation: CosOperation<unknown>, spec: RequestSpec, store: JobStore, pathJobId = '') {
  const command = operation.parse(parseGatewayEvent(httpApiEvent(spec)), pathJobId);
  if (command instanceof CosError) throw command;
  const result: OperationResult = await operation.run(command, { store, requestId: 'r', now: new Date('2019-12-19T18:00:30Z'), region: 'ap-guangzhou', log: {} });
  if (result instanceof CosError) throw result;
  const response = successResponse('NWRmYmJhYmRfMjViMjU4NjRfNmIzYV8xMDE2****', result);
  expect(response.status).toBe(200);
  expect(response.headers).toEqual({ 'Content-Type': 'application/xml', 'x-cos-request-id': 'NWRmYmJhYmRfMjViMjU4NjRfNmIzYV8xMDE2****' });
  return response.body;
}

describe('the expected bodies', () => {
  it.each([
    ['CreateJobResult', CREATE_JOB_RESULT, 89, 'create-job-result.xml'],
    ['DescribeJobResult', DESCRIBE_JOB_RESULT, 1555, 'describe-job-result.xml'],
    ['ListJobsResult', LIST_JOBS_RESULT, 1166, 'list-jobs-result.xml'],
  ])('%s has the published Content-Length and equals its fixture', (_name, body, bytes, file) => {
    expect(Buffer.byteLength(body, 'utf8')).toBe(bytes);
    expect(body).toBe(fixture(file));
    expect(body.endsWith('\n')).toBe(false);
    expect(body).not.toMatch(/^ |\n /m); // TABs only
  });
});

describe('CreateJob: the 89-byte CreateJobResult', () => {
  it('for the published request, whose job the store already holds under its token (a retry): byte for byte', async () => {
    const body = fixture('real-request.xml');
    // The published JobId is a version-4 UUID, which this service never makes (its ids are version 7), so the only
    // path that answers it is a repeat: the token's reservation holds that JobId and this request's fingerprint.
    const parsed = CreateJob.parse(parseGatewayEvent(httpApiEvent(createRequest(body))), '');
    if (parsed instanceof CosError) throw parsed;
    const { definition } = parsed as { definition: JobDefinition };
    const { store, calls } = stubStore([], {
      create: () => ({ outcome: 'token-taken', jobId: PUBLISHED_JOB_ID, fingerprint: fingerprintOf(definition) }),
    });
    const answered = await answer(CreateJob, createRequest(body), store);
    expect(answered).toBe(CREATE_JOB_RESULT);
    expect(Buffer.byteLength(answered)).toBe(89);
    expect(calls).toEqual(['createJob']);
  });

  it('for a new job: the same 89 bytes around the JobId the service made', async () => {
    let made = '';
    const { store } = stubStore([], {
      create: (job) => {
        made = job.key.jobId;
        return { outcome: 'created' };
      },
    });
    const answered = await answer(CreateJob, createRequest(fixture('real-request.xml')), store);
    expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answered).toBe(CREATE_JOB_RESULT.replace(PUBLISHED_JOB_ID, made));
    expect(Buffer.byteLength(answered)).toBe(89);
  });
});

describe('DescribeJob: the 1,555-byte DescribeJobResult', () => {
  it('from the job record the store reads: byte for byte', async () => {
    const { store, calls } = stubStore([PUBLISHED_JOB]);
    const answered = await answer(DescribeJob, jobRequest('GET', `/jobs/${PUBLISHED_JOB_ID}`), store, PUBLISHED_JOB_ID);
    expect(answered).toBe(DESCRIBE_JOB_RESULT);
    expect(Buffer.byteLength(answered)).toBe(1555);
    expect(calls).toEqual(['getJob']);
  });

  it('the record is what the service stores for the published request (TargetResource aside)', () => {
    const parsed = CreateJob.parse(parseGatewayEvent(httpApiEvent(createRequest(fixture('real-request.xml')))), '');
    if (parsed instanceof CosError) throw parsed;
    const { definition } = parsed as { definition: JobDefinition };
    expect(definition).toEqual({
      ...PUBLISHED_DEFINITION,
      operation: { COSPutObjectCopy: { TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000' } },
    });
  });

  it('through the DynamoDB item: written by newJobItem, finished by the runner, read by readJobRecord', async () => {
    const item = {
      ...newJobItem({
        key: { appId: APPID, jobId: PUBLISHED_JOB_ID },
        definition: PUBLISHED_DEFINITION,
        clientRequestToken: '184ce261-18af-5e3d-3e30-253723cfd937',
        fingerprint: fingerprintOf(PUBLISHED_DEFINITION),
        status: 'New',
        creationTime: '2019-12-19T18:00:30Z',
        requestId: 'NWRmYmJhYmRfMjViMjU4NjRfNmIzYV8xMDE2****',
      }),
      Status: { S: 'Complete' },
      StatusJobId: { S: `Complete#${PUBLISHED_JOB_ID}` },
      StatusUpdateReason: { S: 'Job complete' },
      TerminationDate: { S: '2019-12-19T18:00:42Z' },
      TotalNumberOfTasks: { N: '10' },
      NumberOfTasksSucceeded: { N: '10' },
      NumberOfTasksFailed: { N: '0' },
    };
    const record = readJobRecord(item);
    expect(record).toEqual(PUBLISHED_JOB);
    const { store } = stubStore([record]);
    expect(await answer(DescribeJob, jobRequest('GET', `/jobs/${PUBLISHED_JOB_ID}`), store, PUBLISHED_JOB_ID)).toBe(DESCRIBE_JOB_RESULT);
  });
});

describe('ListJobs: the 1,166-byte ListJobsResult (maxResults=2, more jobs follow)', () => {
  it('from the job records the store reads: byte for byte, NextToken the last JobId', async () => {
    const { store, calls } = stubStore(PUBLISHED_PAGE, { more: true });
    const answered = await answer(ListJobs, jobRequest('GET', '/jobs', 'maxResults=2'), store);
    expect(answered).toBe(LIST_JOBS_RESULT);
    expect(Buffer.byteLength(answered)).toBe(1166);
    expect(calls).toEqual(['listJobs']);
  });

  it('through the DynamoDB items as the Query projects them (LISTED_ATTRIBUTES only)', async () => {
    const projected = PUBLISHED_PAGE.map((job) => {
      const item = {
        ...newJobItem({
          key: { appId: APPID, jobId: job.jobId },
          definition: PUBLISHED_DEFINITION,
          clientRequestToken: `token-${job.jobId}`,
          fingerprint: 'fp',
          status: 'New',
          creationTime: job.creationTime!,
          requestId: 'r',
        }),
        Status: { S: 'Complete' },
        StatusUpdateReason: { S: 'Job complete' },
        TerminationDate: { S: job.terminationDate! },
        TotalNumberOfTasks: { N: '10' },
        NumberOfTasksSucceeded: { N: '10' },
        NumberOfTasksFailed: { N: '0' },
      };
      return readJobRecord(Object.fromEntries(Object.entries(item).filter(([name]) => (LISTED_ATTRIBUTES as readonly string[]).includes(name))));
    });
    const { store } = stubStore(projected, { more: true });
    expect(await answer(ListJobs, jobRequest('GET', '/jobs', 'maxResults=2'), store)).toBe(LIST_JOBS_RESULT);
  });
});
