/** ListJobs: `GET /jobs?jobStatuses=<status>&maxResults=<1-1000>&nextToken=<JobId>`. */
import type { JobRecord } from '../../jobs/job';
import { operationName } from '../../jobs/job';
import { listJobs } from '../../jobs/list-jobs';
import { isJobStatus } from '../../jobs/status';
import type { ListQuery } from '../../store/job-store';
import { CosError, MESSAGES } from '../errors';
import { operation, progressSummary } from '../operation';
import { checkAppId, invalidArgument, queryParameter } from '../request-fields';
import type { XmlNode } from '../xml';

const MAX_RESULTS = /^[0-9]{1,4}$/;
const TOKEN = /^[A-Za-z0-9_-]{5,36}$/;

export const ListJobs = operation<ListQuery>({
  name: 'ListJobs',
  parse(request) {
    const status = queryParameter(request, 'jobStatuses', MESSAGES.jobStatuses);
    if (status instanceof CosError) return status;
    if (status !== undefined && !isJobStatus(status)) return invalidArgument(MESSAGES.jobStatuses);

    const max = queryParameter(request, 'maxResults', MESSAGES.maxResults);
    if (max instanceof CosError) return max;
    if (max !== undefined && (!MAX_RESULTS.test(max) || Number(max) < 1 || Number(max) > 1000)) return invalidArgument(MESSAGES.maxResults);

    const after = queryParameter(request, 'nextToken', MESSAGES.nextToken);
    if (after instanceof CosError) return after;
    if (after !== undefined && !TOKEN.test(after)) return invalidArgument(MESSAGES.nextToken);

    const appId = checkAppId(request);
    if (appId instanceof CosError) return appId;
    return { appId, status, limit: max === undefined ? 1000 : Number(max), after };
  },
  async run(query, { store, log }) {
    Object.assign(log, { appId: query.appId, jobStatuses: query.status, maxResults: query.limit });
    const { jobs, nextToken } = await listJobs(store, query);
    log.listed = jobs.length;
    const result: XmlNode[] = [['Jobs', jobs.map(member)]];
    if (nextToken !== undefined) result.push(['NextToken', nextToken]);
    return { status: 200, body: ['ListJobsResult', result] };
  },
});

function member(job: JobRecord): XmlNode {
  const children: XmlNode[] = [
    ['CreationTime', job.creationTime ?? ''],
    ['Description', job.description ?? ''],
    ['JobId', job.jobId],
    ['Operation', operationName(job.operation)],
    ['Priority', String(job.priority ?? 0)],
    progressSummary(job.progress),
    ['Status', job.status ?? ''],
  ];
  if (job.terminationDate !== undefined) children.push(['TerminationDate', job.terminationDate]);
  return ['member', children];
}
