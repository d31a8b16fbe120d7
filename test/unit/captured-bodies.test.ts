/**
 * The three real COS responses published with their Content-Length (shared/reference/cos-batch-jobs-api.md §1.10,
 * §2.2, §3.2), reproduced byte for byte by the real code path from the same job data: the operation's run(),
 * then the response writer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CosError } from '../../lib/cos/errors';
import type { CosOperation, OperationResult } from '../../lib/cos/operation';
import { CreateJob } from '../../lib/cos/operations/create-job';
import { DescribeJob } from '../../lib/cos/operations/describe-job';
import { ListJobs } from '../../lib/cos/operations/list-jobs';
import { successResponse } from '../../lib/cos/responses';
import { fingerprintOf } from '../../lib/jobs/create-job';
import type { JobDefinition, JobRecord } from '../../lib/jobs/job';
import type { JobStore } from '../../lib/store/job-store';
import { parseGatewayEvent } from '../../lib/http/event';
import { createRequest, httpApiEvent, jobRequest } from '../support/events';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', name), 'utf8');
const APPID = '1250000000';

/** A store that answers every read with the given jobs and refuses to be written. */
function readOnlyStore(jobs: JobRecord[], more = false): JobStore {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    getJob: async ({ jobId }) => jobs.find((j) => j.jobId === jobId),
    listJobs: async () => ({ jobs, more }),
    createJob: unused,
    changeStatus: unused,
    changePriority: unused,
    deleteJob: unused,
  };
}

async function answer<C>(operation: CosOperation<C>, spec: Parameters<typeof httpApiEvent>[0], store: JobStore, jobId = '') {
  const command = operation.parse(parseGatewayEvent(httpApiEvent(spec)), jobId);
  if (command instanceof Error) throw command;
  const result: OperationResult = await operation.run(command as C, { store, requestId: 'r', now: new Date('2019-12-19T18:00:30Z'), log: {} });
  if ((result as CosError).code) throw result;
  return successResponse('r', result as Exclude<OperationResult, CosError>).body;
}

/** The definition the published CreateJob request describes, parsed by the service's own parser. */
function realDefinition(): JobDefinition {
  // DescribeJob shows the TargetResource in the `::` form (the published request sent the uid/ form: §2.2's note).
  const body = fixture('real-request.xml').replace(
    'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000',
    'qcs::cos:ap-chengdu::destinationbucket-1250000000',
  );
  const command = CreateJob.parse(parseGatewayEvent(httpApiEvent(createRequest(body))), '');
  if (command instanceof Error) throw command;
  return (command as { definition: JobDefinition }).definition;
}

function record(jobId: string, definition: JobDefinition, fields: Partial<JobRecord>): JobRecord {
  return {
    jobId,
    confirmationRequired: definition.confirmationRequired,
    description: definition.description,
    priority: definition.priority,
    roleArn: definition.roleArn,
    manifest: definition.manifest,
    operation: definition.operation,
    report: definition.report,
    progress: { total: 10, succeeded: 10, failed: 0 },
    failures: [],
    ...fields,
  };
}

it('CreateJob: the 89-byte CreateJobResult', async () => {
  const expected = fixture('create-job-result.xml');
  expect(Buffer.byteLength(expected)).toBe(89);
  // The published job id is not one this service would make, so the store answers as for a repeat of the request
  // that made it: a token reservation holding that JobId and this request's fingerprint.
  const body = fixture('real-request.xml');
  const definition = (CreateJob.parse(parseGatewayEvent(httpApiEvent(createRequest(body))), '') as { definition: JobDefinition }).definition;
  const store = readOnlyStore([]);
  store.createJob = async () => ({ outcome: 'token-taken', jobId: '53dc6228-c50b-46f7-8ad7-65e7159f1aae', fingerprint: fingerprintOf(definition) });
  expect(await answer(CreateJob, createRequest(body), store)).toBe(expected);
});

it('DescribeJob: the 1,555-byte DescribeJobResult of the job the published request made', async () => {
  const expected = fixture('describe-job-result.xml');
  expect(Buffer.byteLength(expected)).toBe(1555);
  const jobId = '53dc6228-c50b-46f7-8ad7-65e7159f1aae';
  const job = record(jobId, realDefinition(), {
    status: 'Complete',
    statusUpdateReason: 'Job complete',
    creationTime: '2019-12-19T18:00:30Z',
    terminationDate: '2019-12-19T18:00:42Z',
  });
  expect(await answer(DescribeJob, jobRequest('GET', `/jobs/${jobId}`), readOnlyStore([job]), jobId)).toBe(expected);
});

it('ListJobs: the 1,166-byte ListJobsResult page of two jobs, with its NextToken', async () => {
  const expected = fixture('list-jobs-result.xml');
  expect(Buffer.byteLength(expected)).toBe(1166);
  const definition = realDefinition();
  const jobs = [
    record('021140d8-67ca-4e89-8089-0de9a1e40943', definition, {
      status: 'Complete',
      creationTime: '2019-12-19T11:05:40Z',
      terminationDate: '2019-12-19T11:05:56Z',
    }),
    record('066d919e-49b9-429e-b844-e17ea7b16421', definition, {
      status: 'Complete',
      creationTime: '2019-12-19T11:07:05Z',
      terminationDate: '2019-12-19T11:07:21Z',
    }),
  ];
  expect(await answer(ListJobs, jobRequest('GET', '/jobs', 'maxResults=2', APPID), readOnlyStore(jobs, true))).toBe(expected);
});
