/** CreateJob bodies, jobs stored straight into a runner's table, object tags, report reading and waiting, for the runner's tests. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, GetObjectTaggingCommand, paginateListObjectsV2, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomUUID } from 'node:crypto';
import { createJob } from '../../lib/jobs/create-job';
import type { JobDefinition } from '../../lib/jobs/job';
import type { RunnerJob } from '../../lib/runner/ports';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { DynamoDbRunnerStore } from '../../lib/store/dynamodb/dynamodb-runner-store';

export interface CopyJobOptions {
  readonly appId: string;
  readonly source: string;
  readonly manifestKey: string;
  readonly etag: string;
  /** The whole <COSPutObjectCopy> element; by default a copy into the source bucket under `targetPrefix`. */
  readonly operation?: string;
  readonly targetPrefix?: string;
  readonly confirm?: boolean;
  readonly priority?: number;
  /** Report bucket (under job-reports/); none when undefined. */
  readonly reportBucket?: string;
  readonly reportScope?: 'AllTasks' | 'FailedTasksOnly';
  readonly token?: string;
}

export function copyJob(o: CopyJobOptions): string {
  const operation =
    o.operation ??
    `<COSPutObjectCopy><TargetKeyPrefix>${o.targetPrefix ?? 'copy/'}</TargetKeyPrefix><TargetResource>qcs::cos:ap-guangzhou:uid/${o.appId}:${o.source}</TargetResource></COSPutObjectCopy>`;
  return `<CreateJobRequest>
  <ClientRequestToken>${o.token ?? createHash('sha1').update(`${Math.random()}`).digest('hex')}</ClientRequestToken>
  <ConfirmationRequired>${o.confirm ? 'true' : 'false'}</ConfirmationRequired>
  <Description>runner test</Description>
  <Manifest>
    <Location><ETag>${o.etag}</ETag><ObjectArn>qcs::cos:ap-guangzhou::${o.source}/${o.manifestKey}</ObjectArn></Location>
    <Spec><Fields><member>Bucket</member><member>Key</member></Fields><Format>COSBatchOperations_CSV_V1</Format></Spec>
  </Manifest>
  <Operation>${operation}</Operation>
  <Priority>${o.priority ?? 1}</Priority>
  <Report>
    <Bucket>qcs::cos:ap-guangzhou::${o.reportBucket ?? o.source}</Bucket>
    <Enabled>${o.reportBucket ? 'true' : 'false'}</Enabled>
    <Format>Report_CSV_V1</Format>
    <Prefix>job-reports</Prefix>
    <ReportScope>${o.reportScope ?? 'AllTasks'}</ReportScope>
  </Report>
  <RoleArn>qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole</RoleArn>
</CreateJobRequest>`;
}

export interface ReportRow {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly status: string;
  readonly httpStatus: string;
  readonly errorCode: string;
  readonly message: string;
}

/** RFC 4180 fields of one line (no line breaks inside fields: keys are URL-encoded). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new Error(`unterminated quote in ${line}`);
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 2; // past the quote and the comma
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

const text = async (s3: S3Client, bucket: string, key: string) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

/** The report under `folder`: manifest.json, and every row of every result file it lists (MD5s checked). */
export async function readReport(s3: S3Client, bucket: string, folder: string) {
  const manifest = JSON.parse(await text(s3, bucket, `${folder}manifest.json`)) as {
    Format: string;
    ReportCreationDate: string;
    ReportSchema: string;
    Results: { TaskExecutionStatus: string; Bucket: string; MD5Checksum: string; Key: string }[];
  };
  const rows: ReportRow[] = [];
  for (const result of manifest.Results) {
    const body = await text(s3, result.Bucket, result.Key);
    if (createHash('md5').update(body).digest('hex') !== result.MD5Checksum) throw new Error(`MD5 of ${result.Key} differs from manifest.json`);
    for (const line of body.split('\n').filter(Boolean)) {
      const [b, key, versionId, status, httpStatus, errorCode, message] = csvFields(line);
      if (status !== result.TaskExecutionStatus) throw new Error(`a ${status} row in a ${result.TaskExecutionStatus} file`);
      rows.push({ bucket: b!, key: decodeURIComponent(key!), versionId: versionId!, status: status!, httpStatus: httpStatus!, errorCode: errorCode!, message: message! });
    }
  }
  return { manifest, rows };
}

/** Polls `read` until `done` holds; fails with the last value seen. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      const seen = last as { Status?: unknown; status?: unknown; ProgressSummary?: unknown; StatusUpdateReason?: unknown };
      const brief = { status: seen?.Status ?? seen?.status, reason: seen?.StatusUpdateReason, progress: seen?.ProgressSummary };
      throw new Error(`timed out after ${timeoutMs} ms; last seen: ${JSON.stringify(brief)} ${JSON.stringify(last).slice(0, 400)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Stores a job as CreateJob does (with its dialect's element names, under `appId`) in a runner's table, and waits
 * until the runner has taken it to Complete, Failed or Cancelled.
 */
export async function runStoredJob(
  runner: { readonly client: DynamoDBClient; readonly table: string },
  appId: string,
  definition: JobDefinition,
  timeoutMs: number,
): Promise<RunnerJob> {
  const made = await createJob(new DynamoDbJobStore(runner.client, runner.table), {
    appId,
    clientRequestToken: randomUUID(),
    definition,
    requestId: 'runner-test',
    now: new Date(),
  });
  if (made.kind !== 'created') throw new Error(made.kind);
  const store = new DynamoDbRunnerStore(runner.client, runner.table);
  return (await waitFor(() => store.getJob(appId, made.jobId), (j) => ['Complete', 'Failed', 'Cancelled'].includes(j?.status ?? ''), timeoutMs))!;
}

/** An object's tags as sorted [Key, Value] pairs. */
export const objectTags = async (s3: S3Client, bucket: string, key: string) =>
  (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet?.map((t) => [t.Key, t.Value]).sort() ?? [];

export const putObjectTags = (s3: S3Client, bucket: string, key: string, tags: Record<string, string>) =>
  s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }));

/** Every key under a prefix, sorted, through all of ListObjectsV2's pages. */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) keys.push(...(page.Contents ?? []).map((o) => o.Key!));
  return keys.sort();
}
