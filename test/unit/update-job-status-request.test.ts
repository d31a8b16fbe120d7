import { CosError } from '../../lib/cos/errors';
import { validateUpdateJobStatus } from '../../lib/cos/operations/update-job-status';
import { parseGatewayEvent } from '../../lib/http/event';
import { httpApiEvent, restEvent } from '../support/events';

/** Validates a request given as raw pieces; HTTP API 2.0 carries the raw query, so encoding rules apply as sent. */
function validate(jobId: string, rawQuery: string, headers: Record<string, string> = { 'x-cos-appid': '1250000000' }) {
  return validateUpdateJobStatus(jobId, parseGatewayEvent(httpApiEvent({ path: `/jobs/${jobId}/status`, rawQuery, headers })));
}

function expectError(result: unknown, code: string, message: RegExp | string) {
  expect(result).toBeInstanceOf(CosError);
  const error = result as CosError;
  expect(error.code).toBe(code);
  expect(error.status).toBe(400);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

const OK = 'requestedJobStatus=Ready';

describe('JobId', () => {
  it('is required', () => expectError(validate('', OK), 'InvalidRequest', 'No job ID is provided'));
  it.each([['a'.repeat(5)], ['b'.repeat(36)], ['Az09-_']])('accepts %s', (id) => expect(validate(id, OK)).toMatchObject({ jobId: id }));
  it.each([['a'.repeat(4)], ['b'.repeat(37)], ['abc.def'], ['abc%20d'], ['jöb-00001']])('refuses %s', (id) =>
    expectError(validate(id, OK), 'InvalidArgument', /job ID must be 5 to 36 characters/),
  );
});

describe('requestedJobStatus', () => {
  it.each(['Ready', 'Cancelled'])('accepts %s', (s) => expect(validate('job-00001', `requestedJobStatus=${s}`)).toMatchObject({ requested: s }));
  const message = 'The value of the requestedJobStatus parameter must be Cancelled or Ready';
  it.each(['', 'requestedJobStatus=', 'requestedJobStatus=ready', 'requestedJobStatus=Cancelling', 'requestedJobStatus=Ready+', 'RequestedJobStatus=Ready'])(
    'refuses %j',
    (q) => expectError(validate('job-00001', q), 'InvalidArgument', message),
  );
  it('refuses it repeated, even with the same value', () =>
    expectError(validate('job-00001', 'requestedJobStatus=Ready&requestedJobStatus=Ready'), 'InvalidArgument', /requestedJobStatus parameter must be given exactly once/));
  it('refuses broken percent-encoding', () =>
    expectError(validate('job-00001', 'requestedJobStatus=Read%zz'), 'InvalidArgument', /requestedJobStatus parameter has invalid percent-encoding/));
  it('accepts it percent-encoded', () => expect(validate('job-00001', 'requestedJobStatus=%52eady')).toMatchObject({ requested: 'Ready' }));
});

describe('statusUpdateReason', () => {
  const reason = (q: string) => validate('job-00001', `${OK}&${q}`);
  it('is optional and then empty', () => expect(validate('job-00001', OK)).toMatchObject({ reason: '' }));
  it('reads "+" and "%20" as spaces and "%2B" as a plus', () =>
    expect(reason('statusUpdateReason=a+b%20c%2Bd')).toMatchObject({ reason: 'a b c+d' }));

  const threeByteChars = (n: number) => '你'.repeat(n); // U+4F60: 3 bytes of UTF-8
  it('accepts exactly 256 bytes of multi-byte characters (85 × 3 + 1)', () => {
    const text = `${threeByteChars(85)}x`;
    expect(Buffer.byteLength(text)).toBe(256);
    expect(text.length).toBe(86);
    expect(reason(`statusUpdateReason=${encodeURIComponent(text)}`)).toMatchObject({ reason: text });
  });
  it('refuses 257 bytes, counting bytes not characters', () => {
    const text = `${threeByteChars(85)}xy`;
    expect(Buffer.byteLength(text)).toBe(257);
    expectError(reason(`statusUpdateReason=${encodeURIComponent(text)}`), 'InvalidArgument', /at most 256 bytes of UTF-8; it has 257/);
  });
  it('accepts tab, LF, CR and characters outside the BMP', () =>
    expect(reason('statusUpdateReason=a%09b%0Ac%0Dd%F0%9F%98%80')).toMatchObject({ reason: 'a\tb\nc\rd😀' }));
  it.each(['%00', '%01', '%1F', '%EF%BF%BE', '%EF%BF%BF'])('refuses %s, which XML cannot carry', (c) =>
    expectError(reason(`statusUpdateReason=x${c}`), 'InvalidArgument', /character XML cannot carry/));
  it('refuses a lone surrogate (possible in a REST API event, whose values the gateway decoded)', () => {
    const event = restEvent({ path: '/jobs/job-00001/status', headers: { 'x-cos-appid': '1' } });
    event.multiValueQueryStringParameters = { requestedJobStatus: ['Ready'], statusUpdateReason: ['a\uD800b'] };
    expectError(validateUpdateJobStatus('job-00001', parseGatewayEvent(event)), 'InvalidArgument', /character XML cannot carry/);
  });
  it.each(['%zz', '%C3', '%C3%28'])('refuses invalid percent-encoding %s', (bad) =>
    expectError(reason(`statusUpdateReason=ok${bad}`), 'InvalidArgument', /statusUpdateReason parameter has invalid percent-encoding/));
  it('refuses it repeated', () =>
    expectError(reason('statusUpdateReason=a&statusUpdateReason=b'), 'InvalidArgument', /statusUpdateReason parameter must not be given more than once/));
});

describe('x-cos-appid', () => {
  const withAppId = (headers: Record<string, string>) => validate('job-00001', OK, headers);
  it.each([[{}], [{ 'x-cos-appid': '' }]])('is required (%j)', (headers) =>
    expectError(withAppId(headers), 'InvalidArgument', 'x-cos-appid cannot be empty'));
  it('is read whatever the header name’s case (REST API keeps the client’s case)', () => {
    const event = restEvent({ path: '/jobs/job-00001/status', rawQuery: OK, headers: { 'X-COS-APPID': '77' } });
    expect(validateUpdateJobStatus('job-00001', parseGatewayEvent(event))).toMatchObject({ appId: '77' });
  });
  it('accepts 64 bytes and refuses 65', () => {
    expect(withAppId({ 'x-cos-appid': '1'.repeat(64) })).toMatchObject({ appId: '1'.repeat(64) });
    expectError(withAppId({ 'x-cos-appid': '1'.repeat(65) }), 'InvalidArgument', /at most 64 bytes/);
  });
  it.each(['12 34', '12\t3', 'é1', '\x7F'])('refuses %j (not printable ASCII)', (id) =>
    expectError(withAppId({ 'x-cos-appid': id }), 'InvalidArgument', /printable ASCII/));
});

describe('order: the first failing input wins', () => {
  it('checks JobId, then requestedJobStatus, then statusUpdateReason, then x-cos-appid', () => {
    expectError(validate('bad', 'statusUpdateReason=%zz', {}), 'InvalidArgument', /job ID/);
    expectError(validate('job-00001', 'statusUpdateReason=%zz', {}), 'InvalidArgument', /requestedJobStatus/);
    expectError(validate('job-00001', `${OK}&statusUpdateReason=%zz`, {}), 'InvalidArgument', /statusUpdateReason/);
    expectError(validate('job-00001', OK, {}), 'InvalidArgument', /x-cos-appid/);
  });
});
