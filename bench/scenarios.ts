/**
 * One scenario per operation, for the latency and CPU measures: the handler's request for pair i, and the bare
 * DynamoDB call it makes, built by the same input builder from lib/store/dynamodb/ for a twin target. Each pair has
 * its own fresh target where the call changes it (a Suspended job to make Ready, a Complete job to delete, a new
 * token), so the handler and the bare call do the same database work.
 */
import {
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { firstMove } from '../lib/jobs/transitions';
import { buildCreateJobInput } from '../lib/store/dynamodb/create-job-input';
import { buildDeleteJobInput } from '../lib/store/dynamodb/delete-job-input';
import { buildGetJobInput } from '../lib/store/dynamodb/get-job-input';
import { buildListJobsInput } from '../lib/store/dynamodb/list-jobs-input';
import { buildPriorityChangeInput } from '../lib/store/dynamodb/priority-input';
import { buildStatusChangeInput } from '../lib/store/dynamodb/status-change-input';
import type { NewJob } from '../lib/store/job-store';
import type { KeyItem } from '../scripts/local-stack';
import { createRequest, jobRequest, updateRequest, type RequestSpec } from '../test/support/events';
import { createJobBody, JOBS_TABLE, KEYS, LIST_JOBS, newJob, PAGE_JOBS, RETENTION_SECONDS, seedJobs } from './support';

export type BareCommand = GetItemCommand | QueryCommand | TransactWriteItemsCommand | UpdateItemCommand;

export interface Scenario {
  readonly operation: string;
  /** What the bare call is, for the table. */
  readonly bareCall: string;
  readonly key: KeyItem;
  /** Writes what pairs 0 … count-1 need (called once). */
  prepare(db: DynamoDBClient, count: number): Promise<void>;
  /** The handler's request for pair i. */
  request(i: number): RequestSpec;
  readonly expectStatus: number;
  /** The bare call for pair i: the builder's command for the twin target. */
  bare(i: number): BareCommand;
  /** Whether the bare call's answer is the one the handler's request gets. */
  bareOk(output: any): boolean;
}

const APPID = KEYS.main.appId;
const tokens = (side: 'h' | 'b', count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${side}-${i}`);
const jobsOf = (side: 'h' | 'b', count: number, prefix: string, status: NewJob['status'], appId = APPID) =>
  tokens(side, count, prefix).map((t) => newJob(appId, t, status));

function createJobScenario(): Scenario {
  return {
    operation: 'CreateJob',
    bareCall: 'TransactWriteItems (2 Puts)',
    key: KEYS.main,
    prepare: async () => {},
    request: (i) => createRequest(createJobBody(`bench-create-h-${i}`)),
    expectStatus: 200,
    bare: (i) => new TransactWriteItemsCommand(buildCreateJobInput(JOBS_TABLE, newJob(APPID, `bench-create-b-${i}`, 'New'))),
    bareOk: () => true,
  };
}

function describeJobScenario(): Scenario {
  // Both read the same job: a read changes nothing.
  const job = newJob(APPID, 'bench-describe', 'Active');
  return {
    operation: 'DescribeJob',
    bareCall: 'GetItem (consistent)',
    key: KEYS.main,
    prepare: (db) => seedJobs(db, JOBS_TABLE, [job]),
    request: () => jobRequest('GET', `/jobs/${job.key.jobId}`),
    expectStatus: 200,
    bare: () => new GetItemCommand(buildGetJobInput(JOBS_TABLE, job.key)),
    bareOk: (out) => out.Item?.JobId?.S === job.key.jobId,
  };
}

function listScenario(operation: string, key: KeyItem, jobs: number, rawQuery: string, limit: number): Scenario {
  return {
    operation,
    bareCall: `Query (${jobs} items)`,
    key,
    prepare: (db) => seedJobs(db, JOBS_TABLE, jobsOf('h', jobs, `bench-list-${key.appId}`, 'Active', key.appId)),
    request: () => jobRequest('GET', '/jobs', rawQuery, key.appId),
    expectStatus: 200,
    bare: () => new QueryCommand(buildListJobsInput(JOBS_TABLE, { appId: key.appId, limit })),
    bareOk: (out) => out.Items?.length === jobs,
  };
}

function priorityScenario(): Scenario {
  // A pool per side, wider than the concurrency, so no two requests in flight write one item.
  const pool = 64;
  const ours = jobsOf('h', pool, 'bench-priority', 'Active');
  const twins = jobsOf('b', pool, 'bench-priority', 'Active');
  return {
    operation: 'UpdateJobPriority',
    bareCall: 'UpdateItem',
    key: KEYS.main,
    prepare: (db) => seedJobs(db, JOBS_TABLE, [...ours, ...twins]),
    request: (i) => jobRequest('POST', `/jobs/${ours[i % pool]!.key.jobId}/priority`, `priority=${i % 100}`),
    expectStatus: 200,
    bare: (i) => new UpdateItemCommand(buildPriorityChangeInput(JOBS_TABLE, twins[i % pool]!.key, i % 100)),
    bareOk: () => true,
  };
}

export function statusScenario(prefix = 'bench-status'): Scenario {
  let ours: NewJob[] = [];
  let twins: NewJob[] = [];
  const move = firstMove('Ready');
  return {
    operation: 'UpdateJobStatus',
    bareCall: 'UpdateItem',
    key: KEYS.main,
    prepare: async (db, count) => {
      ours = jobsOf('h', count, prefix, 'Suspended');
      twins = jobsOf('b', count, prefix, 'Suspended');
      await seedJobs(db, JOBS_TABLE, [...ours, ...twins]);
    },
    request: (i) => updateRequest(ours[i]!.key.jobId, 'Ready', { reason: 'bench' }),
    expectStatus: 200,
    bare: (i) =>
      new UpdateItemCommand(
        buildStatusChangeInput(
          JOBS_TABLE,
          { key: twins[i]!.key, from: move.from, to: move.to, reason: 'bench', requestId: `bare-${i}`, changedAt: new Date().toISOString() },
          RETENTION_SECONDS,
        ),
      ),
    bareOk: (out) => out.Attributes?.Status?.S === 'Ready',
  };
}

function deleteScenario(): Scenario {
  let ours: NewJob[] = [];
  let twins: NewJob[] = [];
  return {
    operation: 'DeleteJob',
    bareCall: 'TransactWriteItems (2 Deletes)',
    key: KEYS.main,
    prepare: async (db, count) => {
      ours = jobsOf('h', count, 'bench-delete', 'Complete');
      twins = jobsOf('b', count, 'bench-delete', 'Complete');
      await seedJobs(db, JOBS_TABLE, [...ours, ...twins]);
    },
    request: (i) => jobRequest('DELETE', `/jobs/${ours[i]!.key.jobId}`),
    expectStatus: 204,
    bare: (i) => new TransactWriteItemsCommand(buildDeleteJobInput(JOBS_TABLE, twins[i]!.key)),
    bareOk: () => true,
  };
}

/** The six operations, each as a client uses it most. */
export function operationScenarios(): Scenario[] {
  return [
    createJobScenario(),
    describeJobScenario(),
    listScenario('ListJobs', KEYS.list, LIST_JOBS, '', 1000),
    priorityScenario(),
    statusScenario(),
    deleteScenario(),
  ];
}

/** A page of 1,000 jobs (maxResults=1000, 1,000 jobs in the appid). */
export const pageScenario = (): Scenario =>
  listScenario('ListJobs, 1,000-job page', KEYS.page, PAGE_JOBS, 'maxResults=1000', 1000);
