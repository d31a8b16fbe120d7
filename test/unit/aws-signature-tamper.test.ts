/**
 * Properties of the SigV4 check (lib/aws/authenticate.ts), over requests signed by the real S3ControlClient:
 * 1. one byte changed anywhere signed (method, path, a query name or value, a signed header, the body with or
 *    without a recomputed x-amz-content-sha256) is refused, never accepted;
 * 2. hostile SigV4 headers (missing, joined duplicates, malformed scopes, odd dates, huge or non-ASCII values,
 *    signatures of the wrong length) always give a well-formed refusal, never a throw.
 */
import {
  CreateJobCommand,
  ListJobsCommand,
  PutJobTaggingCommand,
  UpdateJobStatusCommand,
} from '@aws-sdk/client-s3-control';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { authenticateAws, type AwsAuthResult } from '../../lib/aws/authenticate';
import { AWS_ERRORS, AwsError } from '../../lib/aws/errors';
import { parseGatewayEvent } from '../../lib/http/event';
import type { Credential, CredentialStore } from '../../lib/store/credential-store';
import { capture, type Wire } from '../support/aws-wire';
import { httpApiEvent, restEvent } from '../support/events';

const RUNS = Number(process.env.TAMPER_RUNS ?? 300);
const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ACCOUNT = '123456789012';
const KEYS: Record<string, Credential> = { [ACCESS_KEY_ID]: { secretKey: SECRET, appId: `aws:${ACCOUNT}`, status: 'Active' } };
const keys: CredentialStore = { find: async (id) => KEYS[id] };

/** The signed request; with `stage`, sent to a base path as the client of a REST API stage does. */
const captureAt = (command: object, stage = '') => capture(command, { endpoint: `http://127.0.0.1:8080${stage}` });

const signedAt = (wire: Wire) => {
  const d = wire.headers['x-amz-date']!;
  return new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15)));
};

/** Through an HTTP API 2.0 event (raw query), or a REST API 1.0 event of stage /dev (decoded query, stage in requestContext.path). */
const verify = (w: Wire, now: Date, rest = false) =>
  authenticateAws(
    parseGatewayEvent(
      rest
        ? restEvent({ method: w.method, path: w.path.slice(STAGE.length), rawQuery: w.rawQuery, headers: w.headers, body: w.body })
        : httpApiEvent({ method: w.method, path: w.path, rawQuery: w.rawQuery, headers: w.headers, body: w.body }),
    ),
    keys,
    now,
  );
const STAGE = '/dev';

/** A refusal as the app can render it: a catalogued code, its status, a message, a reason for the log. */
function expectWellFormedRefusal(result: AwsAuthResult): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(AwsError);
  expect(Object.keys(AWS_ERRORS)).toContain(result.error.code);
  expect(result.error.status).toBe(AWS_ERRORS[result.error.code].status);
  expect([400, 403]).toContain(result.error.status);
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.reason.length).toBeGreaterThan(0);
  for (const value of Object.values(result.error.details)) expect(typeof value).toBe('string');
  expect(JSON.stringify(result.error.details)).not.toContain(SECRET);
}

const COMMANDS = {
  UpdateJobStatus: () =>
    new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: 'job-12345', RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'a b&c=d+e/f~' }),
  ListJobs: () => new ListJobsCommand({ AccountId: ACCOUNT, JobStatuses: ['Active', 'Complete'], NextToken: 'x+y/z==' }),
  PutJobTagging: () => new PutJobTaggingCommand({ AccountId: ACCOUNT, JobId: 'job-12345', Tags: [{ Key: 'k', Value: 'é ✓ 日本' }] }),
  CreateJob: () =>
    new CreateJobCommand({
      AccountId: ACCOUNT,
      Operation: { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } },
      Report: { Enabled: false },
      Priority: 10,
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/batch`,
      ClientRequestToken: 'tok-1',
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
        Location: { ObjectArn: 'arn:aws:s3:::manifest-bucket/manifest.csv', ETag: '60e460c9d1046e73f7dde5043ac3ae85' },
      },
      Description: 'Étiquette ✓',
    }),
};

/** Each command signed twice: for an HTTP API (no base path) and for a REST API stage. */
const requests: Record<string, { http: Wire; rest: Wire }> = {};
beforeAll(async () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    requests[name] = { http: await captureAt(command()), rest: await captureAt(command(), STAGE) };
  }
});

it('every captured request is accepted as it is (the baseline), in both payload formats', async () => {
  for (const { http, rest } of Object.values(requests)) {
    expect(await verify(http, signedAt(http))).toEqual({ ok: true, accessKeyId: ACCESS_KEY_ID });
    expect(await verify(rest, signedAt(rest), true)).toEqual({ ok: true, accessKeyId: ACCESS_KEY_ID });
  }
});

const REPLACEMENTS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!*()/%+&=;:, é✓'];
const replaceAt = (text: string, i: number, c: string) => text.slice(0, i) + c + text.slice(i + 1);
const HEX = /[0-9A-Fa-f]/;

/** Inside `%XX`, changing the case of a hex digit encodes the same byte: not a change of what was signed. */
function sameEscape(text: string, i: number, c: string): boolean {
  const escaped = (text[i - 1] === '%' && HEX.test(text[i + 1] ?? '')) || (text[i - 2] === '%' && HEX.test(text[i - 1] ?? ''));
  return escaped && HEX.test(text[i]!) && text[i]!.toLowerCase() === c.toLowerCase();
}

const PARTS = ['method', 'path', 'query', 'header', 'body', 'body+hash'] as const;

it(`one changed byte in a signed part is refused, never accepted (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...Object.keys(requests)),
      fc.constantFrom(...PARTS),
      fc.nat(),
      fc.nat(),
      fc.constantFrom(...REPLACEMENTS),
      fc.boolean(),
      async (name, part, which, position, c, rest) => {
        const base = rest ? requests[name]!.rest : requests[name]!.http;
        const w: Wire = { ...base, headers: { ...base.headers } };
        if (part === 'method') {
          const i = position % w.method.length;
          fc.pre(w.method[i]!.toUpperCase() !== c.toUpperCase()); // the gateway event's method is upper-cased
          w.method = replaceAt(w.method, i, c);
        } else if (part === 'path') {
          // The REST event rebuilds the stage prefix from the stage, so a change there never reaches the check.
          const first = rest ? STAGE.length : 0;
          const i = first + (position % (w.path.length - first));
          fc.pre(w.path[i] !== c && !sameEscape(w.path, i, c));
          w.path = replaceAt(w.path, i, c);
        } else if (part === 'query') {
          fc.pre(w.rawQuery.length > 0); // names and values, '=' and '&' alike
          const i = position % w.rawQuery.length;
          fc.pre(w.rawQuery[i] !== c && !sameEscape(w.rawQuery, i, c));
          w.rawQuery = replaceAt(w.rawQuery, i, c);
        } else if (part === 'header') {
          const signed = w.headers.authorization!.match(/SignedHeaders=([^,]+)/)![1]!.split(';');
          const header = signed[which % signed.length]!;
          const value = w.headers[header]!;
          const i = position % value.length;
          fc.pre(value[i] !== c);
          w.headers[header] = replaceAt(value, i, c);
        } else {
          fc.pre(w.body !== undefined && w.body.length > 0);
          const i = position % w.body!.length;
          fc.pre(w.body![i] !== c);
          w.body = replaceAt(w.body!, i, c);
          if (part === 'body+hash') w.headers['x-amz-content-sha256'] = createHash('sha256').update(w.body, 'utf8').digest('hex');
        }
        const result = await verify(w, signedAt(base), rest);
        expectWellFormedRefusal(result);
      },
    ),
    { numRuns: RUNS },
  );
});

const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', ',', ', ', '\u0000', '\ud800', 'é', '0'.repeat(100_000)),
);

/** An Authorization header close to a real one, with one part made hostile. */
const hostileAuthorization = (wire: Wire) => {
  const real = wire.headers.authorization!;
  const [, key, date, region, service, terminator, signed, signature] = real.match(
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=(.+)$/,
  )!;
  const build = (parts: Partial<Record<'algorithm' | 'key' | 'date' | 'region' | 'service' | 'terminator' | 'signed' | 'signature' | 'sep', string>>) =>
    `${parts.algorithm ?? 'AWS4-HMAC-SHA256'} Credential=${parts.key ?? key}/${parts.date ?? date}/${parts.region ?? region}/${parts.service ?? service}/${parts.terminator ?? terminator}${parts.sep ?? ', '}SignedHeaders=${parts.signed ?? signed}${parts.sep ?? ', '}Signature=${parts.signature ?? signature}`;
  return fc.oneof(
    hostileText,
    fc.constant(`${real}, ${real}`),
    fc.record({ key: hostileText }).map(build),
    fc.record({ date: fc.oneof(hostileText, fc.stringMatching(/^\d{8}$/)) }).map(build),
    fc.record({ region: hostileText }).map(build),
    fc.record({ service: fc.oneof(hostileText, fc.constantFrom('s3-control', 'S3', 'execute-api')) }).map(build),
    fc.record({ terminator: hostileText }).map(build),
    fc.record({ signed: fc.oneof(hostileText, fc.array(fc.constantFrom('host', 'x-amz-date', 'date', 'authorization', '__proto__', 'constructor', 'x-amz-security-token', 'x-amz-account-id', 'x-amz-content-sha256'), { maxLength: 8 }).map((a) => a.join(';'))) }).map(build),
    fc.record({ signature: fc.oneof(hostileText, fc.stringMatching(/^[0-9a-f]{0,70}$/), fc.stringMatching(/^[0-9a-fA-F]{64}$/)) }).map(build),
    fc.record({ sep: fc.constantFrom(',', ' , ', ',\t', '; ', ' ') }).map(build),
    fc.record({ algorithm: fc.constantFrom('AWS4-HMAC-SHA256 ', 'aws4-hmac-sha256', 'AWS4-ECDSA-P256-SHA256', 'AWS') }).map(build),
  );
};

const hostileDate = fc.oneof(
  fc.constant(undefined),
  hostileText,
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace(/[-:]|\.\d{3}/g, '')),
  fc.stringMatching(/^\d{8}T\d{6}Z$/),
);

it(`hostile SigV4 headers always give a well-formed refusal, never a throw (${RUNS} runs)`, async () => {
  const wire = requests.UpdateJobStatus!.http;
  await fc.assert(
    fc.asyncProperty(
      fc.option(hostileAuthorization(wire), { nil: undefined, freq: 8 }),
      fc.option(hostileDate, { nil: wire.headers['x-amz-date'], freq: 2 }),
      fc.option(fc.oneof(hostileText, fc.constantFrom('UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD')), { nil: wire.headers['x-amz-content-sha256'], freq: 3 }),
      fc.option(hostileText, { nil: wire.headers['x-amz-account-id'], freq: 3 }),
      fc.option(fc.oneof(hostileText, fc.constant('X-Amz-Signature=abc'), fc.constant('__proto__=1&constructor=2')), { nil: wire.rawQuery, freq: 3 }),
      fc.option(fc.oneof(hostileText.map((p) => `/${p}`), fc.constant('/v20180820/jobs/%E0%A4%A')), { nil: wire.path, freq: 3 }),
      fc.integer({ min: -48 * 3600_000, max: 48 * 3600_000 }),
      fc.boolean(),
      async (authorization, date, sha, account, rawQuery, path, skew, rest) => {
        const headers: Record<string, string> = { ...wire.headers };
        const set = (name: string, value: string | undefined) => (value === undefined ? delete headers[name] : (headers[name] = value));
        set('authorization', authorization);
        set('x-amz-date', date);
        set('x-amz-content-sha256', sha);
        set('x-amz-account-id', account);
        const w: Wire = { ...wire, headers, rawQuery: rawQuery ?? '', path: path ?? wire.path };
        const result = await verify(w, new Date(signedAt(wire).getTime() + skew), rest);
        expectWellFormedRefusal(result);
      },
    ),
    { numRuns: RUNS },
  );
});

it('odd events (no headers, non-string fields, a huge body) are refused, never a throw', async () => {
  for (const event of [{}, { version: '2.0' }, { version: '2.0', headers: { authorization: 42 } }, { headers: null, body: 'x'.repeat(1_000_000) }]) {
    expectWellFormedRefusal(await authenticateAws(parseGatewayEvent(event), keys, new Date()));
  }
});
