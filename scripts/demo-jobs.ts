/** The demo jobs `npm start` seeds: whole jobs, as CreateJob stores them, in the statuses a reader meets first. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fingerprintOf } from '../lib/jobs/create-job';
import { cosTimestamp, isFinal, type JobDefinition } from '../lib/jobs/job';
import type { JobStatus } from '../lib/jobs/status';
import { ATTR, newJobItem, statusJobId } from '../lib/store/dynamodb/job-item';
import { encodeCursor } from '../lib/store/dynamodb/runner-inputs';
import { DEMO_MANIFESTS, etagOf } from './demo-storage';
import { DEMO_APPID, type JobItemInput } from './local-stack';

/**
 * Demo jobs for `npm start` (and the handler's sample events), under the demo appid: one in each status of the
 * lifecycle a reader meets first, each a whole job as CreateJob stores it (the definition, token, creation time and
 * progress of `newJobItem`), moved on as the status changes and the runner would have moved it, so that DescribeJob
 * and ListJobs show complete answers.
 * Their ids are readable and fixed (`demo-suspended-0001`), not made from their tokens as CreateJob's are: the
 * sample events, the docs and the tests name them. So they hold a ClientRequestToken but no token reservation: a
 * CreateJob with a demo token makes a new job, and DeleteJob deletes them as any other job. Their times are a little
 * before `now`.
 */
export function demoJobs(now: Date): JobItemInput[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  return [
    demoJob(at, { jobId: 'demo-new-00000000001', status: 'New', definition: TAGGING, createdMinutesAgo: 1 }),
    demoJob(at, {
      jobId: 'demo-suspended-0001',
      status: 'Suspended',
      definition: RESTORE,
      createdMinutesAgo: 30,
      change: { from: 'Preparing', reason: 'Waiting for confirmation', minutesAgo: 29, version: 2 },
      progress: { total: linesOf(ARCHIVED_CSV), succeeded: 0, failed: 0 },
      suspendedCause: 'ConfirmationRequired is true: confirm with UpdateJobStatus requestedJobStatus=Ready',
    }),
    demoJob(at, {
      jobId: 'demo-ready-000000001',
      status: 'Ready',
      definition: { ...COPY, priority: 20, description: 'demo: copy the photos to the backup bucket' },
      createdMinutesAgo: 25,
      change: { from: 'Preparing', reason: `Manifest read: ${linesOf(OBJECTS_CSV)} objects`, minutesAgo: 24, version: 2 },
      progress: { total: linesOf(OBJECTS_CSV), succeeded: 0, failed: 0 },
    }),
    demoJob(at, {
      jobId: 'demo-active-00000001',
      status: 'Active',
      definition: COPY,
      createdMinutesAgo: 20,
      change: { from: 'Ready', reason: 'Job started', minutesAgo: 18, version: 3 },
      progress: { total: linesOf(OBJECTS_CSV), succeeded: 0, failed: 0 },
    }),
    demoJob(at, {
      jobId: 'demo-complete-000001',
      status: 'Complete',
      definition: { ...TAGGING, description: 'demo: tag the objects of last month' },
      createdMinutesAgo: 120,
      change: { from: 'Completing', reason: 'Job complete', minutesAgo: 90, version: 6 },
      progress: { total: 300, succeeded: 298, failed: 2 },
    }),
    demoJob(at, {
      jobId: 'demo-cancelled-00001',
      status: 'Cancelled',
      definition: { ...COPY, description: 'demo: a copy nobody needed any more' },
      createdMinutesAgo: 60,
      change: { from: 'New', reason: 'no longer needed', minutesAgo: 58, version: 1 },
    }),
    demoJob(at, {
      jobId: 'demo-failed-00000001',
      status: 'Failed',
      definition: { ...COPY, description: 'demo: a copy into a bucket without write access' },
      createdMinutesAgo: 45,
      change: { from: 'Failing', reason: 'Job failed', minutesAgo: 40, version: 6 },
      progress: { total: 1200, succeeded: 400, failed: 650 },
      failure: {
        code: 'TaskFailureThresholdExceeded',
        reason: '650 of 1050 tasks failed (AccessDenied on the target bucket): more than 50% after more than 1,000 tasks',
      },
    }),
  ];
}

const DEMO_REPORT = {
  Bucket: 'qcs::cos:ap-guangzhou::examplebucket-1250000000',
  Enabled: 'true',
  Format: 'Report_CSV_V1',
  Prefix: 'job-reports',
  ReportScope: 'AllTasks',
} as const;
const DEMO_ROLE = 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole';
/** The seeded manifests (scripts/demo-storage.ts): their real ETags and lengths, so that the runner can run the demo jobs. */
const OBJECTS_CSV = DEMO_MANIFESTS['manifests/objects.csv']!;
const ARCHIVED_CSV = DEMO_MANIFESTS['manifests/archived.csv']!;
const linesOf = (manifest: string) => manifest.split('\n').filter(Boolean).length;
const DEMO_MANIFEST = {
  Location: { ETag: `"${etagOf(OBJECTS_CSV)}"`, ObjectArn: 'qcs::cos:ap-guangzhou::examplebucket-1250000000/manifests/objects.csv' },
  Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' },
} as const;

/** The demo definitions: what examples/copy.xml, restore.xml and tagging.xml describe. */
const COPY: JobDefinition = {
  confirmationRequired: false,
  description: 'demo: copy the objects to the backup bucket',
  priority: 10,
  roleArn: DEMO_ROLE,
  manifest: DEMO_MANIFEST,
  operation: {
    COSPutObjectCopy: {
      MetadataDirective: 'Copy',
      TaggingDirective: 'Copy',
      StorageClass: 'STANDARD_IA',
      TargetResource: 'qcs::cos:ap-guangzhou:uid/1250000000:backupbucket-1250000000',
    },
  },
  report: DEMO_REPORT,
};
const RESTORE: JobDefinition = {
  confirmationRequired: true,
  description: 'demo: restore the archived objects for 7 days',
  priority: 5,
  roleArn: DEMO_ROLE,
  manifest: {
    Location: { ETag: `"${etagOf(ARCHIVED_CSV)}"`, ObjectArn: 'qcs::cos:ap-guangzhou::examplebucket-1250000000/manifests/archived.csv' },
    Spec: { Fields: ['Bucket', 'Key', 'VersionId'], Format: 'COSBatchOperations_CSV_V1' },
  },
  operation: { COSInitiateRestoreObject: { ExpirationInDays: '7', JobTier: 'Standard' } },
  report: { ...DEMO_REPORT, ReportScope: 'FailedTasksOnly' },
};
const TAGGING: JobDefinition = {
  confirmationRequired: false,
  description: 'demo: tag the objects project=alpha, stage=archive',
  priority: 1,
  roleArn: DEMO_ROLE,
  manifest: DEMO_MANIFEST,
  operation: {
    COSPutObjectTagging: {
      TaggingDirective: 'Replaced',
      TagSet: [
        { Key: 'project', Value: 'alpha' },
        { Key: 'stage', Value: 'archive' },
      ],
    },
  },
  report: { ...DEMO_REPORT, Enabled: 'false' },
};

interface DemoJobSpec {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly definition: JobDefinition;
  readonly createdMinutesAgo: number;
  /** The last status change (absent for a New job): from where, why, when, and how many changes so far. */
  readonly change?: { readonly from: JobStatus; readonly reason: string; readonly minutesAgo: number; readonly version: number };
  readonly progress?: { readonly total: number; readonly succeeded: number; readonly failed: number };
  readonly suspendedCause?: string;
  readonly failure?: { readonly code: string; readonly reason: string };
}

const DEMO_RETENTION_SECONDS = 90 * 86_400;
const DEMO_CHUNK_SIZE = 100;

/** A job item as CreateJob writes it (newJobItem), then as its status changes would leave it. */
function demoJob(at: (minutesAgo: number) => Date, spec: DemoJobSpec): JobItemInput {
  const created = at(spec.createdMinutesAgo);
  const item: Record<string, AttributeValue> = newJobItem({
    key: { appId: DEMO_APPID, jobId: spec.jobId },
    definition: spec.definition,
    clientRequestToken: `demo-token-${spec.status.toLowerCase()}`,
    fingerprint: fingerprintOf(spec.definition),
    status: 'New',
    creationTime: cosTimestamp(created),
    requestId: 'npm-start-demo',
  });
  if (spec.change) {
    const changed = at(spec.change.minutesAgo);
    Object.assign(item, {
      [ATTR.status]: { S: spec.status },
      [ATTR.statusJobId]: { S: statusJobId(spec.status, spec.jobId) },
      [ATTR.previousStatus]: { S: spec.change.from },
      [ATTR.reason]: { S: spec.change.reason },
      [ATTR.changedAt]: { S: changed.toISOString() },
      [ATTR.version]: { N: String(spec.change.version) },
    });
    if (isFinal(spec.status)) {
      item[ATTR.terminationDate] = { S: cosTimestamp(changed) };
      item[ATTR.expiresAt] = { N: String(Math.floor(changed.getTime() / 1000) + DEMO_RETENTION_SECONDS) };
    }
  }
  if (spec.progress) {
    item[ATTR.tasksTotal] = { N: String(spec.progress.total) };
    item[ATTR.tasksSucceeded] = { N: String(spec.progress.succeeded) };
    item[ATTR.tasksFailed] = { N: String(spec.progress.failed) };
  }
  // Past Preparing and not over: the runner's plan of the job (one chunk of the demo manifest, none handed out yet),
  // as it would have written it, so that a running `npm start` takes these jobs on from where they are.
  if (spec.progress && (spec.status === 'Suspended' || spec.status === 'Ready' || spec.status === 'Active')) {
    Object.assign(item, {
      [ATTR.chunkSize]: { N: String(DEMO_CHUNK_SIZE) },
      [ATTR.chunksTotal]: { N: String(Math.ceil(spec.progress.total / DEMO_CHUNK_SIZE)) },
      [ATTR.chunksDispatched]: { N: '0' },
      [ATTR.chunksSettled]: { N: '0' },
      [ATTR.cursor]: { S: encodeCursor({ file: 0, offset: 0, line: 1 }) },
    });
  }
  if (spec.status === 'Suspended') {
    item[ATTR.suspendedDate] = { S: cosTimestamp(at(spec.change?.minutesAgo ?? 0)) };
    item[ATTR.suspendedCause] = { S: spec.suspendedCause ?? '' };
  }
  if (spec.failure) {
    item[ATTR.failureReasons] = { L: [{ M: { FailureCode: { S: spec.failure.code }, FailureReason: { S: spec.failure.reason } } }] };
  }
  return { appId: DEMO_APPID, jobId: spec.jobId, status: spec.status, extra: item };
}

/** The demo jobs `npm start` writes into a new table (timed from when the module loaded). */
export const DEMO_JOBS: readonly JobItemInput[] = demoJobs(new Date());
