/**
 * Hostile input, as property tests over arbitrary events of both payload formats and every route, through the real
 * handler and DynamoDB Local: the handler never throws, always answers documented COS XML, and a rejected request
 * leaves the whole table exactly as it was. (CreateJob bodies: create-job-hostile.test.ts.)
 */
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { COS_ERRORS, isCosErrorCode } from '../../lib/cos/errors';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { putJob, scanAll, useTestTable } from '../support/dynamodb';
import { APPID } from '../support/events';
import { FUZZ_JOBS, damage, damageArb, rawRequest, toHttpApiEvent, toRestEvent } from '../support/hostile';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const DOCUMENTED_STATUSES = new Set([200, 204, 400, 404, 405, 500, 503]);
const SUCCESS_ROOTS = ['CreateJobResult', 'DescribeJobResult', 'ListJobsResult', 'UpdateJobPriorityResult', 'UpdateJobStatusResult'];

const db = useTestTable();
let handle: ReturnType<typeof createApp>;

beforeAll(async () => {
  await resetJobs();
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('fuzz') });
});

async function resetJobs(): Promise<void> {
  for (const [jobId, status] of FUZZ_JOBS) await putJob(db.client, db.name, { appId: APPID, jobId, status });
}

describe.each([
  ['REST API 1.0', toRestEvent],
  ['HTTP API 2.0', toHttpApiEvent],
] as const)('arbitrary %s events', (_format, toEvent) => {
  it(`never throw, answer catalogued COS XML, and change nothing when refused (${FUZZ_RUNS} runs)`, async () => {
    await resetJobs();
    let snapshot = await scanAll(db.client, db.name);
    const seen = { successes: 0, rejections: 0 };
    await fc.assert(
      fc.asyncProperty(rawRequest, damageArb, async (request, cuts) => {
        const result = await handle(damage(toEvent(request), cuts));
        expect(DOCUMENTED_STATUSES.has(result.statusCode)).toBe(true);
        expect(result.headers['Content-Type']).toBe('application/xml');
        expect(result.headers['x-cos-request-id']).toBeTruthy();
        if (result.statusCode === 204) {
          // DeleteJob of the final job: no body; put it back for later runs.
          expect(result.body).toBe('');
          seen.successes++;
          await resetJobs();
          snapshot = await scanAll(db.client, db.name);
          return;
        }
        const { root } = parseCosDocument(result.body); // well-formed, in COS's layout, whatever the operation
        const after = await scanAll(db.client, db.name);
        if (result.statusCode === 200) {
          seen.successes++;
          expect(SUCCESS_ROOTS).toContain(root);
          await resetJobs(); // keep the jobs alive for later runs
          snapshot = await scanAll(db.client, db.name);
        } else {
          seen.rejections++;
          const { fields } = parseCosXml(result.body);
          expect(root).toBe('Error');
          expect(isCosErrorCode(fields.Code)).toBe(true);
          expect(COS_ERRORS[fields.Code as keyof typeof COS_ERRORS].status).toBe(result.statusCode);
          expect(fields.RequestId).toBe(result.headers['x-cos-request-id']);
          expect(after).toEqual(snapshot);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    if (process.env.VERBOSE === '1') process.stderr.write(`${_format}: ${JSON.stringify(seen)}\n`);
    expect(seen.successes).toBeGreaterThan(0); // the write path met hostile input too
    expect(seen.rejections).toBeGreaterThan(FUZZ_RUNS / 2);
  }, 600_000);
});
