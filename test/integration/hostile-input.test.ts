/**
 * Hostile input, as property tests over arbitrary events of both payload formats and all six COS routes (every
 * method), and the AWS dialect's eight, through the real handler and DynamoDB Local: the handler never throws and
 * answers in the dialect that owns the path — COS: a documented status with COS XML (or a 204 with nothing); AWS
 * (`/v20180820/…`): below 500, its headers, an `ErrorResponse` of its catalogue or a documented success body. A
 * rejected request leaves the whole table exactly as it was, and an accepted one changes exactly what its operation
 * may: nothing for reads, the one job it names for a status or priority change, one final job gone for a delete, one
 * job and its token's reservation for a create. (CreateJob bodies in depth: create-job-hostile.test.ts; the AWS
 * dialect in depth: aws-hostile-input.test.ts.)
 */
import { DeleteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { AWS } from '../../lib/aws/dialect';
import { COS_ERRORS, isCosErrorCode } from '../../lib/cos/errors';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { parseGatewayEvent } from '../../lib/http/event';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { putJob, scanAll, useTestTable } from '../support/dynamodb';
import { APPID } from '../support/events';
import { FUZZ_JOBS, rawRequest } from '../support/hostile';
import { readAwsAnswer, type GatewayAnswer } from '../support/hostile-aws';
import { VALID_BODIES } from '../support/hostile-bodies';
import { damage, damageArb, toHttpApiEvent, toRestEvent, type RawRequest } from '../support/hostile-requests';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** job-api.md §1 and update-job-status.md: every status the service may answer. */
const DOCUMENTED_STATUSES = new Set([200, 204, 400, 403, 404, 405, 500, 503]);

type Item = Record<string, AttributeValue>;
const db = useTestTable();
const logger = new RecordingLogger();
let handle: ReturnType<typeof createApp>;
/** The table every run starts from: the four fuzz jobs of FUZZ_JOBS, nothing else. */
let baseline: Item[];

beforeAll(async () => {
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger, newRequestId: createRequestIdGenerator('fuzz') });
  await resetJobs();
  baseline = await scanAll(db.client, db.name);
  expect(baseline.map((i) => i.JobId!.S)).toEqual(FUZZ_JOBS.map(([jobId]) => jobId).sort());
});

async function resetJobs(): Promise<void> {
  for (const [jobId, status] of FUZZ_JOBS) await putJob(db.client, db.name, { appId: APPID, jobId, status });
}

const keyOf = (item: Item) => `${item.AppId!.S}/${item.JobId!.S}`;

/** Back to the baseline after a success: the fuzz jobs as they were, anything a create added removed. */
async function restore(after: Item[]): Promise<void> {
  const known = new Set(baseline.map(keyOf));
  for (const item of after.filter((i) => !known.has(keyOf(i)))) {
    await db.client.send(new DeleteItemCommand({ TableName: db.name, Key: { AppId: item.AppId!, JobId: item.JobId! } }));
  }
  await resetJobs();
}

/** The baseline's items other than `jobId` are exactly as they were; returns the item of `jobId` after. */
function expectOnlyChanged(after: Item[], jobId: string): Item | undefined {
  expect(after.filter((i) => i.JobId!.S !== jobId)).toEqual(baseline.filter((i) => i.JobId!.S !== jobId));
  return after.find((i) => i.JobId!.S === jobId);
}

/** What a success may have changed, by operation. */
async function expectEffectOf(root: string, fields: Record<string, string>): Promise<Item[]> {
  const after = await scanAll(db.client, db.name);
  switch (root) {
    case 'DescribeJobResult':
    case 'ListJobsResult':
      expect(after).toEqual(baseline);
      break;
    case 'UpdateJobPriorityResult':
      expect(expectOnlyChanged(after, fields.JobId!)!.Priority).toEqual({ N: fields.Priority });
      break;
    case 'UpdateJobStatusResult':
      expect(expectOnlyChanged(after, fields.JobId!)!.Status).toEqual({ S: fields.Status });
      break;
    case 'CreateJobResult': {
      const known = new Set(baseline.map(keyOf));
      expect(after.filter((i) => known.has(keyOf(i)))).toEqual(baseline);
      const added = after.filter((i) => !known.has(keyOf(i))).map((i) => i.JobId!.S);
      expect(added).toEqual([fields.JobId, `~token~${fields.JobId!.slice(14)}`]);
      break;
    }
    default:
      throw new Error(`a 200 with the root ${root}`);
  }
  return after;
}

/**
 * An answer of the AWS dialect (no fuzz job is an AWS tenant's): an error, the table as it was; or a success, whose
 * effect is checked as the COS one's, then undone. Returns what to count, `aws:` before it.
 */
async function checkAwsAnswer(result: GatewayAnswer): Promise<string> {
  const answer = readAwsAnswer(result);
  if (answer.kind === 'error') {
    expect(await scanAll(db.client, db.name)).toEqual(baseline);
    return `aws:${answer.code}`;
  }
  if (answer.kind === 'empty') {
    // PutJobTagging or DeleteJobTagging: only a job's tags may change, and no fuzz job is an AWS tenant's.
    expect(await scanAll(db.client, db.name)).toEqual(baseline);
    return 'aws:empty 200';
  }
  const { root, content } = answer;
  const fields: Record<string, string> = root === 'CreateJobResult' ? { JobId: String(content.JobId) } : {};
  await restore(await expectEffectOf(root, fields));
  return `aws:${root}`;
}

const cos = (method: string, path: string, rawQuery = '', body: string | null = null): RawRequest => ({ method, path, rawQuery, headers: [['x-cos-appid', APPID]], body, base64: false });
/** A request of each COS success, a COS 405 and an AWS one. */
const EVERY_OUTCOME: RawRequest[] = [
  cos('POST', '/jobs', '', VALID_BODIES[0]!.replace(/<ClientRequestToken>[^<]*</, '<ClientRequestToken>every-outcome<')),
  cos('GET', '/jobs/fuzz-active-0001'),
  cos('GET', '/jobs', 'jobStatuses=Active'),
  cos('POST', '/jobs/fuzz-active-0001/priority', 'priority=7'),
  cos('POST', '/jobs/fuzz-suspended-1/status', 'requestedJobStatus=Ready'),
  cos('DELETE', '/jobs/fuzz-done-000001'),
  cos('PATCH', '/jobs'),
  { ...cos('PATCH', '/v20180820/jobs'), headers: [['x-amz-account-id', '123456789012']] },
];

describe.each([
  ['REST API 1.0', toRestEvent],
  ['HTTP API 2.0', toHttpApiEvent],
] as const)('arbitrary %s events', (format, toEvent) => {
  it(`never throw, answer documented COS XML, change nothing when refused and only what the operation may when accepted (${FUZZ_RUNS} runs)`, async () => {
    await restore(await scanAll(db.client, db.name));
    const seen: Record<string, number> = {};
    const count = (what: string) => (seen[what] = (seen[what] ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(rawRequest, damageArb, async (request, cuts) => {
        const event = damage(toEvent(request), cuts);
        const result = await handle(event);
        if (AWS.owns(parseGatewayEvent(event).path)) {
          count(await checkAwsAnswer(result));
          return;
        }
        expect(DOCUMENTED_STATUSES.has(result.statusCode)).toBe(true);
        // The database is healthy: a 5xx here would be a defect the handler caught.
        expect(result.statusCode).toBeLessThan(500);
        expect(result.headers['Content-Type']).toBe('application/xml');
        expect(result.headers['x-cos-request-id']).toBeTruthy();
        if (result.statusCode === 204) {
          // DeleteJob: no body, and the one final job gone; then put back for later runs.
          count('DeleteJob');
          expect(result.body).toBe('');
          const after = await scanAll(db.client, db.name);
          expect(after).toEqual(baseline.filter((i) => i.JobId!.S !== 'fuzz-done-000001'));
          await restore(after);
          return;
        }
        const { root } = parseCosDocument(result.body); // well-formed, in COS's layout, whatever the operation
        if (result.statusCode === 200) {
          count(root);
          const fields = root === 'ListJobsResult' || root === 'DescribeJobResult' ? {} : parseCosXml(result.body).fields;
          await restore(await expectEffectOf(root, fields));
          return;
        }
        const { fields } = parseCosXml(result.body);
        count(fields.Code!);
        expect(root).toBe('Error');
        expect(isCosErrorCode(fields.Code)).toBe(true);
        expect(COS_ERRORS[fields.Code as keyof typeof COS_ERRORS].status).toBe(result.statusCode);
        expect(fields.RequestId).toBe(result.headers['x-cos-request-id']);
        if (fields.Code === 'MethodNotAllowed') expect(result.headers.Allow).toMatch(/^(GET|POST|DELETE)(, (GET|POST|DELETE))*$/);
        expect(await scanAll(db.client, db.name)).toEqual(baseline);
      }),
      // One of each outcome the checks below demand, first: the random runs meet DeleteJob only a few times in 2,000.
      { numRuns: FUZZ_RUNS, examples: EVERY_OUTCOME.map((r) => [r, []] as [RawRequest, Array<[string, unknown]>]) },
    );
    if (process.env.VERBOSE === '1') process.stderr.write(`hostile-input ${format}: ${JSON.stringify(seen)}\n`);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
    logger.lines.length = 0;
    // Hostile input met every COS operation's success path and the AWS dialect, and was mostly refused.
    const successes = Object.keys(seen).filter((k) => k.endsWith('Result') || k === 'DeleteJob').filter((k) => !k.startsWith('aws:'));
    if (FUZZ_RUNS >= 1000) expect(successes.sort()).toEqual(['CreateJobResult', 'DeleteJob', 'DescribeJobResult', 'ListJobsResult', 'UpdateJobPriorityResult', 'UpdateJobStatusResult']);
    else expect(successes.length).toBeGreaterThanOrEqual(2);
    expect(seen.MethodNotAllowed).toBeGreaterThan(0);
    const aws = Object.entries(seen).filter(([k]) => k.startsWith('aws:'));
    expect(aws.reduce((a, [, n]) => a + n, 0)).toBeGreaterThan(FUZZ_RUNS / 20);
    if (FUZZ_RUNS >= 1000) expect(seen['aws:MethodNotAllowed']).toBeGreaterThan(0);
    const awsRefused = aws.filter(([k]) => !k.endsWith('Result') && k !== 'aws:empty 200').reduce((a, [, n]) => a + n, 0);
    const refused = awsRefused + Object.entries(seen).filter(([k]) => isCosErrorCode(k)).reduce((a, [, n]) => a + n, 0);
    expect(refused).toBeGreaterThan(FUZZ_RUNS / 2);
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(FUZZ_RUNS);
  }, 600_000);
});
