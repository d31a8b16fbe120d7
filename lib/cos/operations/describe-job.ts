/** DescribeJob: `GET /jobs/<JobId>`. */
import { describeJob } from '../../jobs/describe-job';
import { isFinal, type JobRecord } from '../../jobs/job';
import type { JobKey } from '../../store/job-store';
import { CosError, MESSAGES } from '../errors';
import { MANIFEST, OPERATION, REPORT } from '../job-definition-xml';
import { operation, progressSummary } from '../operation';
import { checkJobKey } from '../request-fields';
import type { XmlNode } from '../xml';
import { renderElement } from '../../xml/schema';

export const DescribeJob = operation<JobKey>({
  name: 'DescribeJob',
  parse: (request, pathJobId) => checkJobKey(request, pathJobId),
  async run(key, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId });
    const job = await describeJob(store, key);
    if (!job) return new CosError('NoSuchJob', MESSAGES.noSuchJob);
    return { status: 200, body: ['DescribeJobResult', [renderJob(job)]] };
  },
});

const NO_FAILURE: XmlNode = ['JobFailure', [['FailureCode', ''], ['FailureReason', '']]];

/**
 * The `Job` element, children in COS's (alphabetical) order. Every element a reader may rely on is always there,
 * empty or zero where the item does not say (an item another tool wrote may hold only its key and Status).
 */
export function renderJob(job: JobRecord): XmlNode {
  const children: XmlNode[] = [
    ['ConfirmationRequired', job.confirmationRequired ? 'true' : 'false'],
    ['CreationTime', job.creationTime ?? ''],
    ['Description', job.description ?? ''],
    ['FailureReasons', job.failures.length ? job.failures.map((f) => failure(f.code, f.reason)) : [NO_FAILURE]],
    ['JobId', job.jobId],
    renderElement('Manifest', MANIFEST, job.manifest, true)!,
    renderElement('Operation', OPERATION, job.operation, true)!,
    ['Priority', String(job.priority ?? 0)],
    progressSummary(job.progress),
    renderElement('Report', REPORT, job.report, true)!,
    ['RoleArn', job.roleArn ?? ''],
    ['Status', job.status ?? ''],
    ['StatusUpdateReason', job.statusUpdateReason ?? ''],
  ];
  if (job.status === 'Suspended') children.push(['SuspendedCause', job.suspendedCause ?? ''], ['SuspendedDate', job.suspendedDate ?? '']);
  if (isFinal(job.status)) children.push(['TerminationDate', job.terminationDate ?? '']);
  return ['Job', children];
}

function failure(code: string, reason: string): XmlNode {
  return ['JobFailure', [['FailureCode', code], ['FailureReason', reason]]];
}
