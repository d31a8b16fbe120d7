/**
 * CreateJob bodies are the first untrusted payload the service parses. Property: over FUZZ_RUNS (default 2,000)
 * generated bodies per payload format, sent as text or base64 (test/support/hostile-bodies.ts), through the real
 * handler and DynamoDB Local: the handler never throws and answers 200 or 400 with well-formed COS XML; a refusal
 * is a catalogued error with its status, a short body, and the whole table exactly as it was; an acceptance is a
 * CreateJobResult whose JobId DescribeJob finds, having written exactly the job and its token's reservation (or
 * nothing, for a repeat). Then the named attacks, each within 50 ms of handler time and 20 MB of extra heap
 * (medians of 8 runs), and the 64 KiB limit to the byte.
 */
import { DeleteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { COS_ERRORS, isCosErrorCode } from '../../lib/cos/errors';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { putJob, scanAll, useTestTable } from '../support/dynamodb';
import { APPID, createRequest, httpApiEvent, jobRequest, restEvent } from '../support/events';
import { ATTACKS, hostileBody, VALID_BODIES, type HostileBody } from '../support/hostile-bodies';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** The longest error body a refused CreateJob may have: messages clip what they echo (64 characters). */
const MAX_ERROR_BODY = 2048;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const db = useTestTable();
const logger = new RecordingLogger();
let handle: ReturnType<typeof createApp>;
/** The table before any generated body: the fixtures' jobs (their tokens taken) and another tenant's job. */
let baseline: Array<Record<string, AttributeValue>>;

beforeAll(async () => {
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger, newRequestId: createRequestIdGenerator('body') });
  // Two of the fixtures share a token: the second is refused as another request with a taken token.
  const answers = [];
  for (const body of VALID_BODIES) answers.push((await handle(restEvent(createRequest(body)))).statusCode);
  expect(answers).toEqual([200, 400, 200, 200]);
  await putJob(db.client, db.name, { appId: `${APPID}-other`, jobId: 'other-tenant-job', status: 'Active' });
  baseline = await scanAll(db.client, db.name);
  expect(baseline).toHaveLength(2 * 3 + 1);
  logger.lines.length = 0;
});

afterEach(() => {
  // The handler caught nothing: no request ended in a defect (a 500 is logged at error level).
  expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  logger.lines.length = 0;
});

/** The event of a POST /jobs carrying this body: text as text or base64 (as a gateway may), bytes as base64. */
function eventOf(body: HostileBody, restApi: boolean, asBase64: boolean) {
  const spec = createRequest('');
  const payload = body.bytes
    ? { body: body.bytes.toString('base64'), base64: true }
    : asBase64
      ? { body: Buffer.from(body.text!).toString('base64'), base64: true }
      : { body: body.text!, base64: false };
  const full = { ...spec, ...payload };
  return restApi ? restEvent(full) : httpApiEvent(full);
}

const keyOf = (item: Record<string, AttributeValue>) => `${item.AppId!.S}/${item.JobId!.S}`;

/** The answer to one request, with its handler time and the heap it added. */
async function timed(event: unknown) {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await handle(event);
  return { result, ms: performance.now() - started, heap: process.memoryUsage().heapUsed - heapBefore };
}

/** A refusal: a catalogued code with its status, in a short COS error body, the table exactly as it was. */
async function expectRefused(result: Awaited<ReturnType<typeof handle>>): Promise<string> {
  expect(result.statusCode).toBe(400);
  const { root, fields } = parseCosXml(result.body);
  expect(root).toBe('Error');
  expect(isCosErrorCode(fields.Code)).toBe(true);
  expect(COS_ERRORS[fields.Code as keyof typeof COS_ERRORS].status).toBe(result.statusCode);
  expect(fields.RequestId).toBe(result.headers['x-cos-request-id']);
  expect(fields.Resource).toBe('/jobs');
  expect(result.body.length).toBeLessThanOrEqual(MAX_ERROR_BODY);
  expect(await scanAll(db.client, db.name)).toEqual(baseline);
  return fields.Code!;
}

/** An acceptance: the JobId DescribeJob finds, and exactly the job and its reservation written (none for a repeat); both are then removed. */
async function expectAccepted(result: Awaited<ReturnType<typeof handle>>): Promise<'created' | 'repeated'> {
  const { root, fields } = parseCosXml(result.body);
  expect(root).toBe('CreateJobResult');
  expect(Object.keys(fields)).toEqual(['JobId']);
  const jobId = fields.JobId!;
  expect(jobId).toMatch(JOB_ID);
  const described = await handle(restEvent(jobRequest('GET', `/jobs/${jobId}`)));
  expect(described.statusCode).toBe(200);
  const { root: describedRoot, content } = parseCosDocument(described.body);
  expect([describedRoot, (content as { Job: { JobId: string } }).Job.JobId]).toEqual(['DescribeJobResult', jobId]);

  const after = await scanAll(db.client, db.name);
  const known = new Set(baseline.map(keyOf));
  const added = after.filter((item) => !known.has(keyOf(item)));
  expect(after.filter((item) => known.has(keyOf(item)))).toEqual(baseline);
  if (known.has(`${APPID}/${jobId}`)) {
    expect(added).toEqual([]);
    return 'repeated';
  }
  expect(added.map((item) => [item.JobId!.S, item.Status?.S, item.JobRef?.S])).toEqual([
    [jobId, 'New', undefined],
    [`~token~${jobId.slice(14)}`, undefined, jobId],
  ]);
  for (const item of added) await db.client.send(new DeleteItemCommand({ TableName: db.name, Key: { AppId: item.AppId!, JobId: item.JobId! } }));
  return 'created';
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? NaN;
const median = (values: number[]) => quantile(values, 0.5);

describe.each([
  ['REST API 1.0', true],
  ['HTTP API 2.0', false],
] as const)('generated CreateJob bodies, %s', (format, restApi) => {
  it(`never throw, answer catalogued COS XML, change nothing when refused, and make exactly one real job when accepted (${FUZZ_RUNS} runs)`, async () => {
    const seen: Record<string, number> = {};
    const refusedMs: number[] = [];
    const acceptedMs: number[] = [];
    const heap: number[] = [];
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.boolean(), async (body, asBase64) => {
        const { result, ms, heap: added } = await timed(eventOf(body, restApi, asBase64));
        heap.push(added);
        expect([200, 400]).toContain(result.statusCode);
        expect(result.headers['Content-Type']).toBe('application/xml');
        expect(result.headers['x-cos-request-id']).toBeTruthy();
        parseCosDocument(result.body); // well-formed, in COS's layout
        if (result.statusCode === 200) {
          acceptedMs.push(ms);
          const outcome = await expectAccepted(result);
          seen[outcome] = (seen[outcome] ?? 0) + 1;
        } else {
          refusedMs.push(ms);
          const code = await expectRefused(result);
          seen[code] = (seen[code] ?? 0) + 1;
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    const ms = (values: number[]) => `median ${median(values).toFixed(2)} ms, p99 ${quantile(values, 0.99).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms`;
    process.stderr.write(
      `create-job-hostile ${format}: ${JSON.stringify(seen)}; handler time refused ${ms(refusedMs)}; accepted ${ms(acceptedMs)}; ` +
        `heap added median ${(median(heap) / 1e6).toFixed(2)} MB, max ${(Math.max(...heap) / 1e6).toFixed(2)} MB\n`,
    );
    expect(median(refusedMs)).toBeLessThan(50);
    // The generator reaches both sides: mutations that stay valid (new tokens and repeats), and every kind of refusal.
    expect(seen.created).toBeGreaterThan(0);
    expect(seen.MalformedXML).toBeGreaterThan(FUZZ_RUNS / 10);
    if (FUZZ_RUNS >= 1000) {
      expect(Object.keys(seen).sort()).toEqual(['EntityTooLarge', 'InvalidArgument', 'InvalidRequest', 'MalformedXML', 'created', 'repeated']);
    }
  }, 600_000);
});

describe('the named attacks', () => {
  it.each(Object.entries(ATTACKS))('%s: refused with the documented error, within 50 ms and 20 MB, table unchanged', async (_name, attack) => {
    const times: number[] = [];
    const heap: number[] = [];
    // Both payload formats, the body as text and as base64, twice each.
    for (let i = 0; i < 8; i++) {
      const { result, ms, heap: added } = await timed(eventOf(attack, i % 2 === 0, i % 4 >= 2));
      times.push(ms);
      heap.push(added);
      expect(await expectRefused(result)).toBe(attack.code);
    }
    if (process.env.VERBOSE === '1') process.stderr.write(`${_name}: median ${median(times).toFixed(1)} ms, ${(median(heap) / 1e6).toFixed(2)} MB\n`);
    expect(median(times)).toBeLessThan(50);
    expect(median(heap)).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('the 64 KiB limit, to the byte', () => {
  /** A valid body of exactly `bytes` bytes: indentation between elements is allowed, and fills it. */
  const paddedTo = (bytes: number, token: string) => {
    const body = VALID_BODIES[0]!.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${token}<`);
    return body.replace('<Description>', `${' '.repeat(bytes - Buffer.byteLength(body))}<Description>`);
  };

  it.each([
    ['text', false],
    ['base64', true],
  ] as const)('as %s: 65,536 bytes make a job, 65,537 are EntityTooLarge', async (_as, base64) => {
    const atLimit = paddedTo(65_536, `limit-${base64}`);
    expect(Buffer.byteLength(atLimit)).toBe(65_536);
    expect(await expectAccepted(await handle(restEvent(createRequest(atLimit, { base64 }))))).toBe('created');
    const over = paddedTo(65_537, `over-${base64}`);
    const result = await handle(httpApiEvent(createRequest(over, { base64 })));
    expect(await expectRefused(result)).toBe('EntityTooLarge');
  });
});
