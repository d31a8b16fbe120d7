/**
 * A small CLI for the local job table, so every transition can be tried by hand:
 *   npm run jobs -- put <appid> <jobId> <status>   create or overwrite a job in that status
 *   npm run jobs -- show <appid> <jobId>           print the job item
 *   npm run jobs -- list [appid]                   list jobs (all appids when none is given)
 *   npm run jobs -- watch <appid> <jobId>          a live progress bar until the job ends, then where its report is
 * It talks to DYNAMODB_ENDPOINT, or to DynamoDB Local on DYNAMODB_PORT (default 8000), table JOBS_TABLE.
 */
import { GetItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cosTimestamp, isFinal } from '../lib/jobs/job';
import { reportTarget } from '../lib/runner/report';
import { isJobStatus, JOB_STATUSES } from '../lib/jobs/status';
import { CHUNK_PREFIX, fromAttribute, readJobRecord, RESERVATION_PREFIX, statusJobId } from '../lib/store/dynamodb/job-item';
import { runCli } from './cli';
import { DEFAULT_JOBS_TABLE, putJob } from './local-stack';
import { closingLines, progressLine, type WatchedJob } from './progress';

const table = process.env.JOBS_TABLE?.trim() || DEFAULT_JOBS_TABLE;
const USAGE = `usage:
  npm run jobs -- put <appid> <jobId> <status>    status: ${JOB_STATUSES.join(', ')}
  npm run jobs -- show <appid> <jobId>
  npm run jobs -- list [appid]
  npm run jobs -- watch <appid> <jobId>
environment: DYNAMODB_ENDPOINT or DYNAMODB_PORT (default 8000), JOBS_TABLE (default ${DEFAULT_JOBS_TABLE})`;

/** An item as plain JSON: {"S": "x"} → "x", {"N": "1"} → 1. */
function plain(item: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) out[name] = value.S;
    else if (value.N !== undefined) out[name] = Number(value.N);
    else if (value.BOOL !== undefined) out[name] = value.BOOL;
    else out[name] = fromAttribute(value); // the definition's maps and lists
  }
  return out;
}

/** Reads the job twice a second and redraws its line (in place on a terminal) until it reaches a final status. */
async function watch(client: DynamoDBClient, appId: string, jobId: string): Promise<number> {
  const tty = process.stdout.isTTY === true;
  let previous = '';
  for (;;) {
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { AppId: { S: appId }, JobId: { S: jobId } }, ConsistentRead: true }));
    if (!Item) {
      process.stderr.write(`no job ${appId}/${jobId} in table ${table}\n`);
      return 1;
    }
    const record = readJobRecord(Item);
    const target = reportTarget(record.report, jobId);
    const job: WatchedJob = {
      status: record.status ?? '?',
      total: record.progress.total,
      succeeded: record.progress.succeeded,
      failed: record.progress.failed,
      ...(record.statusUpdateReason && { reason: record.statusUpdateReason }),
      ...(record.failures[0] && { failure: record.failures[0] }),
      ...(typeof target === 'object' && target && { report: target }),
    };
    const line = progressLine(job);
    if (line !== previous) process.stdout.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    previous = line;
    if (isFinal(job.status)) {
      if (tty) process.stdout.write('\n');
      const s3 = process.env.S3_ENDPOINT?.trim() || `http://127.0.0.1:${process.env.S3_PORT ?? 4569}`;
      for (const closing of closingLines(job, s3)) process.stdout.write(`${closing}\n`);
      return job.status === 'Complete' ? 0 : 1;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

runCli(USAGE, `table ${table}`, async (client, [command, ...args]) => {
  switch (command) {
    case 'put': {
      const [appId, jobId, status] = args;
      if (!appId || !jobId || !status) return undefined;
      if (!isJobStatus(status)) {
        process.stderr.write(`unknown status "${status}"; one of: ${JOB_STATUSES.join(', ')}\n`);
        return 2;
      }
      await putJob(client, table, {
        appId,
        jobId,
        status,
        // StatusJobId keeps the job in ListJobs' status index, as every writer of a status must.
        extra: { CreationTime: { S: cosTimestamp(new Date()) }, Priority: { N: '10' }, StatusJobId: { S: statusJobId(status, jobId) } },
      });
      process.stdout.write(`put ${appId}/${jobId} in status ${status} (table ${table})\n`);
      return 0;
    }
    case 'show': {
      const [appId, jobId] = args;
      if (!appId || !jobId) return undefined;
      const { Item } = await client.send(
        new GetItemCommand({ TableName: table, Key: { AppId: { S: appId }, JobId: { S: jobId } }, ConsistentRead: true }),
      );
      if (!Item) {
        process.stderr.write(`no job ${appId}/${jobId} in table ${table}\n`);
        return 1;
      }
      process.stdout.write(`${JSON.stringify(plain(Item), null, 2)}\n`);
      return 0;
    }
    case 'watch': {
      const [appId, jobId] = args;
      if (!appId || !jobId) return undefined;
      return watch(client, appId, jobId);
    }
    case 'list': {
      const [appId] = args;
      const items: Record<string, AttributeValue>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      // Token reservations and the runner's chunk items (sort keys from "~") belong to their jobs, not listed as jobs.
      const jobs = items.filter((i) => !i.JobId?.S?.startsWith(RESERVATION_PREFIX) && !i.JobId?.S?.startsWith(CHUNK_PREFIX));
      for (const item of jobs.map(plain).filter((i) => !appId || i.AppId === appId)) {
        process.stdout.write(`${item.AppId}\t${item.JobId}\t${item.Status}\tVersion=${item.Version ?? 0}\n`);
      }
      return 0;
    }
  }
  return undefined;
});
