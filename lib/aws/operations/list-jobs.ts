/** ListJobs: `GET /v20180820/jobs?jobStatuses=<status>&jobStatuses=…&maxResults=<0-1000>&nextToken=<token>`. */
import type { JobRecord } from '../../jobs/job';
import { operationName } from '../../jobs/job';
import { listJobs } from '../../jobs/list-jobs';
import { isJobStatus, JOB_STATUSES, type JobStatus } from '../../jobs/status';
import type { ListQuery } from '../../store/job-store';
import { clip } from '../../text';
import type { XmlNode } from '../../xml/node';
import { AwsError } from '../errors';
import { operation, progressSummary } from '../operation';
import { checkAccountId, queryParameter } from '../request-fields';
import { MALFORMED } from '../../http/query';

const MAX_RESULTS = /^[0-9]{1,4}$/;
/** The token is the JobId the next page starts after: opaque to callers, and within AWS's pattern. */
const TOKEN = /^[A-Za-z0-9_-]{5,36}$/;
const invalid = (message: string) => new AwsError('InvalidRequestException', message);

export const ListJobs = operation<ListQuery>({
  name: 'ListJobs',
  parse(request) {
    const statuses: JobStatus[] = [];
    for (const value of request.query.get('jobStatuses') ?? []) {
      if (value === MALFORMED || !isJobStatus(value)) {
        const shown = value === MALFORMED ? '(invalid percent-encoding)' : `"${clip(value, 40)}"`;
        return invalid(`jobStatuses ${shown} is not a job status; use ${JOB_STATUSES.join(', ')}.`);
      }
      if (!statuses.includes(value)) statuses.push(value);
    }

    const max = queryParameter(request, 'maxResults', 'InvalidRequestException');
    if (max instanceof AwsError) return max;
    if (max !== undefined && (!MAX_RESULTS.test(max) || Number(max) > 1000)) return invalid('maxResults must be an integer from 0 to 1000.');

    const after = queryParameter(request, 'nextToken', 'InvalidNextTokenException');
    if (after instanceof AwsError) return after;
    if (after !== undefined && !TOKEN.test(after)) return new AwsError('InvalidNextTokenException', 'The nextToken is not one this service gave.');

    const appId = checkAccountId(request, 'InvalidRequestException');
    if (appId instanceof AwsError) return appId;
    const limit = max === undefined || Number(max) === 0 ? 1000 : Number(max);
    const filter =
      statuses.length === 0 || statuses.length === JOB_STATUSES.length ? {} : statuses.length === 1 ? { status: statuses[0] } : { statuses };
    return { appId, limit, after, ...filter };
  },
  async run(query, { store, log }) {
    Object.assign(log, { appId: query.appId, jobStatuses: query.status ?? query.statuses?.join(','), maxResults: query.limit });
    const { jobs, nextToken } = await listJobs(store, query);
    log.listed = jobs.length;
    const result: XmlNode[] = [];
    if (nextToken !== undefined) result.push(['NextToken', nextToken]);
    result.push(['Jobs', jobs.map(member)]);
    return { status: 200, body: ['ListJobsResult', result] };
  },
});

function member(job: JobRecord): XmlNode {
  const children: XmlNode[] = [['JobId', job.jobId]];
  if (job.description) children.push(['Description', job.description]);
  children.push(
    ['Operation', operationName(job.operation)],
    ['Priority', String(job.priority ?? 0)],
    ['Status', job.status ?? ''],
  );
  if (job.creationTime) children.push(['CreationTime', job.creationTime]);
  if (job.terminationDate) children.push(['TerminationDate', job.terminationDate]);
  children.push(progressSummary(job.progress));
  return ['member', children];
}
