/**
 * CreateJob bodies are the first untrusted payload the service parses. Property: over at least 2,000 generated
 * bodies per payload format (test/support/hostile-bodies.ts), through the real handler and DynamoDB Local, the
 * handler never throws, answers a documented status with well-formed COS XML, refuses with a catalogued error and
 * leaves the whole table as it was, and a body it accepts makes a job DescribeJob finds. Then the named attacks,
 * each within 50 ms and 20 MB of extra heap.
 */
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { COS_ERRORS, isCosErrorCode } from '../../lib/cos/errors';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { scanAll, useTestTable } from '../support/dynamodb';
import { APPID, createRequest, httpApiEvent, jobRequest, restEvent } from '../support/events';
import { ATTACKS, hostileBody, type HostileBody } from '../support/hostile-bodies';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const db = useTestTable();
let handle: ReturnType<typeof createApp>;

beforeAll(() => {
  handle = createApp({ auth: 'none', store: new DynamoDbJobStore(db.client, db.name), logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('body') });
});

/** The event of a POST /jobs carrying this body: text as text (or base64, as a gateway may), bytes as base64. */
function eventOf(body: HostileBody, restApi: boolean, asBase64: boolean) {
  const spec = createRequest('');
  const payload = body.bytes ? { body: body.bytes.toString('base64'), base64: true } : asBase64 ? { body: Buffer.from(body.text!).toString('base64'), base64: true } : { body: body.text!, base64: false };
  const full = { ...spec, ...payload };
  return restApi ? restEvent(full) : httpApiEvent(full);
}

describe.each([
  ['REST API 1.0', true],
  ['HTTP API 2.0', false],
] as const)('generated CreateJob bodies, %s', (_format, restApi) => {
  it(`never throw, answer catalogued COS XML, change nothing when refused, and make a real job when accepted (${FUZZ_RUNS} runs)`, async () => {
    let snapshot = await scanAll(db.client, db.name);
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.boolean(), async (body, asBase64) => {
        const result = await handle(eventOf(body, restApi, asBase64));
        expect([200, 400].includes(result.statusCode)).toBe(true);
        expect(result.headers['Content-Type']).toBe('application/xml');
        const { root } = parseCosDocument(result.body);
        if (result.statusCode === 200) {
          seen.accepted = (seen.accepted ?? 0) + 1;
          expect(root).toBe('CreateJobResult');
          const jobId = parseCosXml(result.body).fields.JobId!;
          expect((await handle(restEvent(jobRequest('GET', `/jobs/${jobId}`)))).statusCode).toBe(200);
          snapshot = await scanAll(db.client, db.name);
          return;
        }
        const { fields } = parseCosXml(result.body);
        expect(root).toBe('Error');
        expect(isCosErrorCode(fields.Code)).toBe(true);
        expect(COS_ERRORS[fields.Code as keyof typeof COS_ERRORS].status).toBe(result.statusCode);
        seen[fields.Code!] = (seen[fields.Code!] ?? 0) + 1;
        expect(await scanAll(db.client, db.name)).toEqual(snapshot);
      }),
      { numRuns: FUZZ_RUNS },
    );
    if (process.env.VERBOSE === '1') process.stderr.write(`${_format}: ${JSON.stringify(seen)}\n`);
    // The generator reaches both sides: some mutations stay valid, most are refused for many reasons.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.MalformedXML).toBeGreaterThan(FUZZ_RUNS / 10);
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(4);
  }, 600_000);
});

describe('the named attacks', () => {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  it.each(Object.entries(ATTACKS))('%s: refused with the documented error, within 50 ms and 20 MB, table unchanged', async (name, body) => {
    const before = await scanAll(db.client, db.name);
    const expected: Record<string, string> = {
      'billion laughs': 'MalformedXML',
      'external entity': 'MalformedXML',
      '10,000-deep nesting': 'EntityTooLarge',
      '9,000-deep nesting': 'MalformedXML',
      '10 MB body': 'EntityTooLarge',
      'invalid UTF-8': 'InvalidArgument',
      'U+FFFD': 'InvalidArgument',
      'two Operation children': 'MalformedXML',
      'huge numbers': 'InvalidRequest',
    };
    const times: number[] = [];
    const heap: number[] = [];
    for (let i = 0; i < 7; i++) {
      const event = eventOf(body, i % 2 === 0, false);
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const result = await handle(event);
      times.push(performance.now() - started);
      heap.push(process.memoryUsage().heapUsed - heapBefore);
      expect(result.statusCode).toBe(400);
      expect(parseCosXml(result.body).fields.Code).toBe(expected[name]);
    }
    expect(median(times)).toBeLessThan(50);
    expect(median(heap)).toBeLessThan(20 * 1024 * 1024);
    expect(await scanAll(db.client, db.name)).toEqual(before);
  });
});

it('keeps the hostile table to this file: another tenant’s listing is empty', async () => {
  const result = await handle(restEvent(jobRequest('GET', '/jobs', '', `${APPID}-nobody`)));
  expect(result.body).toBe('<ListJobsResult>\n\t<Jobs/>\n</ListJobsResult>');
});
