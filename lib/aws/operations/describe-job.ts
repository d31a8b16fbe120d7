/** DescribeJob: `GET /v20180820/jobs/<JobId>`. */
import { describeJob } from '../../jobs/describe-job';
import { activeSecondsAt, isFinal, type JobRecord } from '../../jobs/job';
import { accountIdOf } from '../../jobs/tenant';
import type { JobKey } from '../../store/job-store';
import type { XmlNode } from '../../xml/node';
import { renderElement } from '../../xml/schema';
import { AwsError } from '../errors';
import { MANIFEST, OPERATION, REPORT } from '../job-definition-xml';
import { members, operation, progressSummary } from '../operation';
import { checkJobKey } from '../request-fields';

export const DescribeJob = operation<JobKey>({
  name: 'DescribeJob',
  parse: (request, pathJobId) => checkJobKey(request, pathJobId),
  async run(key, { store, log, now, region }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId });
    const job = await describeJob(store, key);
    if (!job) return new AwsError('NotFoundException', 'The specified job does not exist.');
    return { status: 200, body: ['DescribeJobResult', [renderJob(job, jobArn(region, key), now)]] };
  },
});

export function jobArn(region: string, key: JobKey): string {
  return `arn:aws:s3:${region}:${accountIdOf(key.appId)}:job/${key.jobId}`;
}

/**
 * The `Job` element (JobDescriptor), children in the model's order. Optional elements are left out when the job
 * has no value for them, as S3 Control does; those a reader relies on (Status, Priority, ProgressSummary, Manifest,
 * Operation, Report) are always there.
 */
export function renderJob(job: JobRecord, arn: string, now: Date): XmlNode {
  const children: XmlNode[] = [
    ['JobId', job.jobId],
    ['ConfirmationRequired', job.confirmationRequired ? 'true' : 'false'],
  ];
  if (job.description) children.push(['Description', job.description]);
  children.push(
    ['JobArn', arn],
    ['Status', job.status ?? ''],
    renderElement('Manifest', MANIFEST, job.manifest, true)!,
    renderElement('Operation', OPERATION, job.operation, true)!,
    ['Priority', String(job.priority ?? 0)],
    progressSummary(job.progress, activeSecondsAt(job, now.toISOString())),
  );
  if (job.statusUpdateReason) children.push(['StatusUpdateReason', job.statusUpdateReason]);
  if (job.failures.length) {
    children.push(members('FailureReasons', job.failures.map((f) => [['FailureCode', f.code], ['FailureReason', f.reason]])));
  }
  children.push(renderElement('Report', REPORT, job.report, true)!);
  if (job.creationTime) children.push(['CreationTime', job.creationTime]);
  if (isFinal(job.status) && job.terminationDate) children.push(['TerminationDate', job.terminationDate]);
  children.push(['RoleArn', job.roleArn ?? '']);
  if (job.suspendedDate) children.push(['SuspendedDate', job.suspendedDate]);
  if (job.suspendedCause) children.push(['SuspendedCause', job.suspendedCause]);
  return ['Job', children];
}
