import { AUTH_LIMITS, authenticate } from '../../lib/cos/authenticate';
import { parseGatewayEvent } from '../../lib/http/event';
import { CachedCredentialStore, type Credential, type CredentialStore } from '../../lib/store/credential-store';
import { signRequest, type SignedRequestInput } from '../../scripts/cos-client';
import { httpApiEvent, restEvent, type RequestSpec } from '../support/events';

const NOW = 1_800_000_000;
const KEYS: Record<string, Credential> = {
  AKIDactive: { secretKey: 'secret-active', appId: '1250000000', status: 'Active' },
  AKIDdisabled: { secretKey: 'secret-disabled', appId: '1250000000', status: 'Disabled' },
  AKIDother: { secretKey: 'secret-other', appId: '1999999999', status: 'Active' },
};
const keys: CredentialStore = { find: async (id) => KEYS[id] };

const base: SignedRequestInput = {
  method: 'POST',
  baseUrl: 'http://localhost:3000',
  path: '/jobs/job-00001/status',
  query: [['requestedJobStatus', 'Cancelled'], ['statusUpdateReason', 'no longer needed']],
  appId: '1250000000',
  secretId: 'AKIDactive',
  secretKey: 'secret-active',
  now: NOW,
};

/** A signed request as the gateway hands it over (raw query with "+" for spaces in 2.0, decoded values in 1.0). */
function event(input: Partial<SignedRequestInput> = {}, tamper: (e: any) => void = () => {}, format: (spec: RequestSpec) => object = httpApiEvent) {
  const { url, headers } = signRequest({ ...base, ...input });
  const u = new URL(url);
  const e: any = format({ method: input.method ?? 'POST', path: u.pathname, rawQuery: u.search.slice(1), headers });
  tamper(e);
  return parseGatewayEvent(e);
}

const verify = (request: ReturnType<typeof event>, now = NOW) => authenticate(request, keys, now);

describe('authenticate', () => {
  it.each([['HTTP API 2.0', httpApiEvent], ['REST API 1.0', restEvent]] as const)('accepts a signed request (%s), spaces sent as "+"', async (_f, format) => {
    const request = event({}, () => {}, format);
    expect([...request.query.get('statusUpdateReason')!]).toEqual(['no longer needed']);
    expect(await verify(request)).toEqual({ ok: true, secretId: 'AKIDactive' });
  });

  it('accepts the signature in the query instead of the Authorization header', async () => {
    const { headers } = signRequest(base);
    const auth = new URLSearchParams(headers.authorization);
    const rawQuery = `requestedJobStatus=Cancelled&statusUpdateReason=no+longer+needed&${auth.toString()}`;
    const { authorization: _a, ...rest } = headers;
    const request = parseGatewayEvent(httpApiEvent({ path: base.path, rawQuery, headers: rest }));
    expect(await verify(request)).toEqual({ ok: true, secretId: 'AKIDactive' });
  });

  const refused = async (request: ReturnType<typeof event>, code: string, message?: string | RegExp, now = NOW) => {
    const result = await verify(request, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(403);
    expect(result.error.code).toBe(code);
    if (message) expect(result.error.message).toMatch(message);
    return result;
  };

  it('no signature: AccessDenied "Access Denied."', async () => {
    await refused(event({}, (e) => delete e.headers.authorization), 'AccessDenied', /^Access Denied\.$/);
  });
  it('a malformed Authorization header: AccessDenied', async () => {
    await refused(event({}, (e) => (e.headers.authorization = 'q-ak=x')), 'AccessDenied');
  });
  it('unknown key: InvalidAccessKeyId', async () => {
    await refused(event({ secretId: 'AKIDnobody' }), 'InvalidAccessKeyId');
  });
  it('disabled key: InvalidAccessKeyId', async () => {
    await refused(event({ secretId: 'AKIDdisabled', secretKey: 'secret-disabled' }), 'InvalidAccessKeyId');
  });
  it('wrong secret: SignatureDoesNotMatch, with the StringToSign and never the key', async () => {
    const result = await refused(event({ secretKey: 'not-the-secret' }), 'SignatureDoesNotMatch', 'The Signature you specified is invalid.');
    expect(result!.error.details.StringToSign).toMatch(/^sha1\n\d+;\d+\n[0-9a-f]{40}\n$/);
    expect(JSON.stringify(result)).not.toContain('secret-active');
  });
  it('a parameter added after signing: SignatureDoesNotMatch', async () => {
    await refused(event({}, (e) => (e.rawQueryString += '&x=1')), 'SignatureDoesNotMatch');
  });
  it('past the end of q-sign-time: AccessDenied "Request has expired"', async () => {
    await refused(event({ expires: 60 }), 'AccessDenied', 'Request has expired', NOW + 61);
  });
  it(`a window longer than ${AUTH_LIMITS.maxWindowSeconds} s: AccessDenied`, async () => {
    await refused(event({ expires: AUTH_LIMITS.maxWindowSeconds + 2 }), 'AccessDenied', /must not be longer than 3600 seconds/);
  });
  it('a Date header 16 minutes off: RequestTimeTooSkewed', async () => {
    const date = new Date((NOW + 16 * 60) * 1000).toUTCString();
    await refused(event({ headers: { date } }), 'RequestTimeTooSkewed');
    expect(await verify(event({ headers: { date: new Date((NOW + 14 * 60) * 1000).toUTCString() } }))).toMatchObject({ ok: true });
  });
  it('a key acting for another appid: AccessDenied', async () => {
    await refused(event({ secretId: 'AKIDother', secretKey: 'secret-other' }), 'AccessDenied', /^Access Denied\.$/);
  });
  it('host and x-cos-appid must be signed; sha1 only', async () => {
    const unsignedHost = event({}, (e) => (e.headers.authorization = e.headers.authorization.replace('q-header-list=host;x-cos-appid', 'q-header-list=x-cos-appid')));
    await refused(unsignedHost, 'AccessDenied', /host and x-cos-appid/);
    await refused(event({}, (e) => (e.headers.authorization = e.headers.authorization.replace('sha1', 'md5'))), 'AccessDenied', /sha1/);
  });
});

describe('CachedCredentialStore', () => {
  it('reads each key at most once per TTL, then again (a disabled key stops working)', async () => {
    let clock = 0;
    let reads = 0;
    let status = 'Active';
    const store = new CachedCredentialStore({ find: async () => (reads++, { secretKey: 's', appId: 'a', status }) }, 60_000, () => clock);
    expect((await store.find('k'))!.status).toBe('Active');
    status = 'Disabled';
    clock = 59_999;
    expect((await store.find('k'))!.status).toBe('Active');
    expect(reads).toBe(1);
    clock = 60_000;
    expect((await store.find('k'))!.status).toBe('Disabled');
    expect(reads).toBe(2);
  });
  it('keeps at most maxEntries', async () => {
    let reads = 0;
    const store = new CachedCredentialStore({ find: async () => (reads++, undefined) }, 60_000, () => 0, 2);
    for (const id of ['a', 'b', 'c', 'a']) await store.find(id);
    expect(reads).toBe(4); // "a" was evicted when "c" came in
  });
});
