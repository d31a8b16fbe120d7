/**
 * Races: many concurrent requests at one job, through the real handler and DynamoDB Local. Whatever the
 * interleaving, the successes must form one valid path through the transition table, Version must count them, the
 * item must equal the last success, and every refusal must be the table's answer for a status on that path.
 */
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import type { JobStatus, RequestedJobStatus } from '../../lib/jobs/status';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { getJob, putJob, useTestTable } from '../support/dynamodb';
import { APPID, restEvent, httpApiEvent, updateRequest } from '../support/events';
import { refusalsOnPath, seededRandom, validPath, type Success } from '../support/paths';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

export const RACE = { concurrency: 50, seedsPerStatus: Number(process.env.RACE_SEEDS ?? 20) };
const STARTS: JobStatus[] = ['Suspended', 'Ready', 'Active', 'Paused'];

const db = useTestTable();
let handle: ReturnType<typeof createApp>;
let logger: RecordingLogger;

beforeAll(async () => {
  logger = new RecordingLogger();
  // The handler's own db.client: default retry and timeouts, as deployed.
  const { createDynamoDbClient } = await import('../../lib/store/dynamodb/client');
  const handlerClient = createDynamoDbClient({ dynamodbEndpoint: process.env.TEST_DYNAMODB_ENDPOINT, region: 'us-east-1' });
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(handlerClient, db.name), logger, newRequestId: createRequestIdGenerator('race') });
});

describe.each(STARTS)('%s: 50 concurrent Ready/Cancelled requests', (start) => {
  const seeds = Array.from({ length: RACE.seedsPerStatus }, (_, i) => 1000 * (STARTS.indexOf(start) + 1) + i);
  it.each(seeds)('seed %i', async (seed) => {
    const random = seededRandom(seed);
    const jobId = `race-${start}-${seed}`;
    await putJob(db.client, db.name, { appId: APPID, jobId, status: start, extra: { Version: { N: '10' }, Priority: { N: '5' } } });
    const requests = Array.from({ length: RACE.concurrency }, (_, i) => ({
      requested: (random() < 0.5 ? 'Ready' : 'Cancelled') as RequestedJobStatus,
      reason: `seed ${seed} request ${i}`,
      format: random() < 0.5 ? restEvent : httpApiEvent,
    }));
    const results = await Promise.all(
      requests.map(async (r) => {
        const result = await handle(r.format(updateRequest(jobId, r.requested, { reason: r.reason })));
        return { ...r, status: result.statusCode, requestId: result.headers['x-cos-request-id']!, fields: parseCosXml(result.body).fields };
      }),
    );
    const context = `start ${start}, seed ${seed} (replay: RACE_SEEDS with this seed)`;

    const successes = results.filter((r) => r.status === 200);
    const path = validPath(start, successes.map((s): Success => ({ requested: s.requested, to: s.fields.Status! })));
    expect({ context, path: path ?? 'no valid order', successes: successes.map((s) => `${s.requested}→${s.fields.Status}`) }).toEqual({
      context,
      path: expect.any(Array),
      successes: expect.any(Array),
    });
    // The logged from → to of each success chains exactly along that path.
    const byId = new Map(logger.lines.map((l) => [l.attributes.requestId, l.attributes]));
    const steps = successes.map((s) => byId.get(s.requestId)!).map((l) => `${l.from}→${l.to}`).sort();
    const pathSteps = path!.slice(1).map((to, i) => `${path![i]}→${to}`).sort();
    expect({ context, steps }).toEqual({ context, steps: pathSteps });

    const item = (await getJob(db.client, db.name, APPID, jobId))!;
    expect({ context, version: Number(item.Version!.N) }).toEqual({ context, version: 10 + successes.length });
    const last = successes.find((s) => s.fields.Status === path![path!.length - 1]) ;
    expect({ context, status: item.Status!.S }).toEqual({ context, status: path![path!.length - 1] });
    if (last) {
      expect(item.StatusUpdateReason).toEqual({ S: last.reason });
      expect(item.StatusUpdateRequestId).toEqual({ S: last.requestId });
    }
    expect(item.Priority).toEqual({ N: '5' });

    for (const refusal of results.filter((r) => r.status !== 200)) {
      expect({ context, status: refusal.status, code: refusal.fields.Code }).toEqual({ context, status: 400, code: 'InvalidRequest' });
      expect(refusalsOnPath(path!, refusal.requested)).toContain(refusal.fields.Message);
    }
  });
});
