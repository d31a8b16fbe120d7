/**
 * A property: change any one byte of a signed request's method, path, signed query or signed header and it is
 * refused with SignatureDoesNotMatch, writing nothing (real handler, real credentials and job tables).
 *
 * The COS signature lower-cases the method and the names of parameters and headers, so a change of letter case
 * there signs the same; those changes are left out (they do not change which method, parameter or header it is).
 */
import fc from 'fast-check';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { CachedCredentialStore } from '../../lib/store/credential-store';
import { DynamoDbCredentialStore } from '../../lib/store/dynamodb/dynamodb-credential-store';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { signRequest } from '../../scripts/cos-client';
import { DEMO_KEY, ensureCredentialsTable, putKey } from '../../scripts/local-stack';
import { putJob, scanAll, useTestTable } from '../support/dynamodb';
import { httpApiEvent } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

export const TAMPER_RUNS = Number(process.env.TAMPER_RUNS ?? 300);
const db = useTestTable();
let handle: ReturnType<typeof createApp>;
const CREDENTIALS = `creds-${Date.now()}`;

beforeAll(async () => {
  await ensureCredentialsTable(db.client, CREDENTIALS);
  await putKey(db.client, CREDENTIALS, DEMO_KEY);
  handle = createApp({
    store: new DynamoDbJobStore(db.client, db.name),
    auth: { keys: new CachedCredentialStore(new DynamoDbCredentialStore(db.client, CREDENTIALS), 60_000) },
    logger: new RecordingLogger(),
    newRequestId: createRequestIdGenerator('tamper'),
  });
});

interface Parts {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
}

function signedParts(jobId: string): Parts {
  const { url, headers } = signRequest({
    method: 'POST',
    baseUrl: 'https://batch.example.com',
    path: `/jobs/${jobId}/status`,
    query: [['requestedJobStatus', 'Cancelled'], ['statusUpdateReason', 'tamper test']],
    appId: DEMO_KEY.appId,
    secretId: DEMO_KEY.secretId,
    secretKey: DEMO_KEY.secretKey,
  });
  const u = new URL(url);
  return { method: 'POST', path: u.pathname, rawQuery: u.search.slice(1), headers };
}

const send = (p: Parts) => handle(httpApiEvent({ method: p.method, path: p.path, rawQuery: p.rawQuery, headers: p.headers }));

const REPLACEMENTS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!*()/';
const sameIgnoringCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

/** Which byte to change, where; `caseBlind` parts sign their letters lower-cased. */
const tamper = fc.record({
  part: fc.constantFrom('method', 'path', 'query value', 'host', 'x-cos-appid'),
  position: fc.nat(),
  replacement: fc.constantFrom(...REPLACEMENTS),
});

it('a signed request is accepted as it is (the baseline)', async () => {
  await putJob(db.client, db.name, { appId: DEMO_KEY.appId, jobId: 'tamper-baseline', status: 'Active' });
  const result = await send(signedParts('tamper-baseline'));
  expect(result.statusCode).toBe(200);
});

it(`one changed byte in a signed part is refused with SignatureDoesNotMatch and writes nothing (${TAMPER_RUNS} runs)`, async () => {
  await putJob(db.client, db.name, { appId: DEMO_KEY.appId, jobId: 'tamper-target', status: 'Active' });
  const base = signedParts('tamper-target');
  const before = await scanAll(db.client, db.name);
  await fc.assert(
    fc.asyncProperty(tamper, async ({ part, position, replacement }) => {
      const p: Parts = { ...base, headers: { ...base.headers } };
      if (part === 'method') {
        const i = position % p.method.length;
        fc.pre(!sameIgnoringCase(p.method[i]!, replacement));
        p.method = replaceAt(p.method, i, replacement);
      } else if (part === 'path') {
        const i = position % p.path.length;
        fc.pre(p.path[i] !== replacement);
        p.path = replaceAt(p.path, i, replacement);
      } else if (part === 'query value') {
        // Only bytes inside the values: parameter names are signed lower-cased.
        const positions = [...p.rawQuery].flatMap((_, i) => (insideValue(p.rawQuery, i) ? [i] : []));
        const i = positions[position % positions.length]!;
        fc.pre(p.rawQuery[i] !== replacement);
        p.rawQuery = replaceAt(p.rawQuery, i, replacement);
      } else {
        const value = p.headers[part]!;
        const i = position % value.length;
        fc.pre(value[i] !== replacement);
        p.headers[part] = replaceAt(value, i, replacement);
      }
      const result = await send(p);
      expect([result.statusCode, parseCosXml(result.body).fields.Code]).toEqual([403, 'SignatureDoesNotMatch']);
    }),
    { numRuns: TAMPER_RUNS },
  );
  expect(await scanAll(db.client, db.name)).toEqual(before);
});

function insideValue(query: string, index: number): boolean {
  const start = query.lastIndexOf('&', index - 1) + 1;
  const eq = query.indexOf('=', start);
  return eq !== -1 && index > eq && query[index] !== '&';
}
