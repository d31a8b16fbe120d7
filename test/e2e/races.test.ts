/**
 * Races over the whole path: concurrent HTTP requests through serverless-offline at one job.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { JobStatus, RequestedJobStatus } from '../../lib/jobs/status';
import { sendSigned } from '../../scripts/cos-client';
import { DEMO_KEY } from '../../scripts/local-stack';
import { countingClient, getJob, putJob } from '../support/dynamodb';
import { refusalsOnPath, seededRandom, validPath } from '../support/paths';
import { parseCosXml } from '../support/xml';

const APPID = '1250000000';
const CONCURRENCY = 20;
let client: DynamoDBClient;
beforeAll(() => ({ client } = countingClient()));
afterAll(() => client.destroy());

const cases = (['Suspended', 'Ready', 'Active', 'Paused'] as JobStatus[]).flatMap((start) => [1, 2].map((seed) => [start, seed] as const));

it.each(cases)('%s, seed %i: 20 concurrent requests over HTTP form one valid path', async (start, seed) => {
  const random = seededRandom(seed * 7919 + start.length);
  const table = process.env.TEST_E2E_TABLE!;
  const jobId = `http-race-${start}-${seed}`;
  await putJob(client, table, { appId: APPID, jobId, status: start });
  const answers = await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const requested: RequestedJobStatus = random() < 0.5 ? 'Ready' : 'Cancelled';
      const response = await sendSigned({
        method: 'POST',
        baseUrl: process.env.TEST_API_URL!,
        path: `/jobs/${jobId}/status`,
        query: [['requestedJobStatus', requested], ['statusUpdateReason', `r${i}`]],
        appId: APPID,
        secretId: DEMO_KEY.secretId,
        secretKey: DEMO_KEY.secretKey,
      });
      return { requested, status: response.status, fields: parseCosXml(response.body).fields };
    }),
  );
  const successes = answers.filter((a) => a.status === 200);
  const path = validPath(start, successes.map((s) => ({ requested: s.requested, to: s.fields.Status! })));
  expect(path).toBeDefined();
  const item = (await getJob(client, table, APPID, jobId))!;
  expect(item.Status).toEqual({ S: path![path!.length - 1] });
  expect(Number(item.Version?.N ?? 0)).toBe(successes.length);
  for (const refusal of answers.filter((a) => a.status !== 200)) {
    expect(refusal.status).toBe(400);
    expect(refusalsOnPath(path!, refusal.requested)).toContain(refusal.fields.Message);
  }
});
