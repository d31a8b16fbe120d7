import { authorizationFor, canonicalPairs, computeSignature, cosUrlEncode, parseAuthorization, parseTimeWindow, signaturesEqual } from '../../lib/cos/signature';

/** The public signature page's sample key pair and its two worked examples (shared/reference/cos-batch-api.md). */
const SECRET_KEY = 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz';

describe('the signature page’s test vectors, step by step', () => {
  it('PUT /exampleobject(腾讯云)', () => {
    const steps = computeSignature(SECRET_KEY, {
      method: 'PUT',
      path: '/exampleobject(腾讯云)',
      params: [],
      headers: [
        ['Content-Length', '13'],
        ['Content-MD5', 'mQ/fVh815F3k6TAUm8m0eg=='],
        ['Content-Type', 'text/plain'],
        ['Date', 'Thu, 16 May 2019 06:45:51 GMT'],
        ['Host', 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com'],
        ['x-cos-acl', 'private'],
        ['x-cos-grant-read', 'uin="100000000011"'],
      ],
      keyTime: '1557989151;1557996351',
    });
    expect(steps.signKey).toBe('eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f');
    expect(steps.httpString).toBe(
      'put\n/exampleobject(腾讯云)\n\ncontent-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain&date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com&x-cos-acl=private&x-cos-grant-read=uin%3D%22100000000011%22\n',
    );
    expect(steps.stringToSign).toBe('sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n');
    expect(steps.signature).toBe('3b8851a11a569213c17ba8fa7dcf2abec6935172');
  });

  it('GET /exampleobject(腾讯云) with query parameters', () => {
    const steps = computeSignature(SECRET_KEY, {
      method: 'GET',
      path: '/exampleobject(腾讯云)',
      params: [
        ['response-content-type', 'application/octet-stream'],
        ['response-cache-control', 'max-age=600'],
      ],
      headers: [
        ['Host', 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com'],
        ['Date', 'Thu, 16 May 2019 06:55:53 GMT'],
      ],
      keyTime: '1557989753;1557996953',
    });
    expect(steps.signKey).toBe('937914bf490e9e8c189836aad2052e4feeb35eaf');
    expect(steps.httpString).toBe(
      'get\n/exampleobject(腾讯云)\nresponse-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream\ndate=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com\n',
    );
    expect(steps.stringToSign).toBe('sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n');
    expect(steps.signature).toBe('01681b8c9d798a678e43b685a9f1bba0f6c0e012');
  });
});

describe('pieces', () => {
  it('encodes everything outside A-Z a-z 0-9 - _ . ~, a space as %20', () => {
    expect(cosUrlEncode("a b+c/d~e_f.g-h!'()*你")).toBe('a%20b%2Bc%2Fd~e_f.g-h%21%27%28%29%2A%E4%BD%A0');
  });
  it('sorts encoded, lower-cased keys and lists them', () => {
    expect(canonicalPairs([['statusUpdateReason', 'a b'], ['requestedJobStatus', 'Ready']])).toEqual({
      joined: 'requestedjobstatus=Ready&statusupdatereason=a%20b',
      keys: 'requestedjobstatus;statusupdatereason',
    });
  });
  it('parses an Authorization header it wrote', () => {
    const header = authorizationFor('AKIDexample', SECRET_KEY, {
      method: 'post',
      path: '/jobs/j/status',
      params: [['requestedJobStatus', 'Ready']],
      headers: [['Host', 'h'], ['x-cos-appid', '1']],
      keyTime: '1;2',
    });
    expect(parseAuthorization(header)).toEqual({
      algorithm: 'sha1',
      secretId: 'AKIDexample',
      signTime: '1;2',
      keyTime: '1;2',
      headerList: ['host', 'x-cos-appid'],
      paramList: ['requestedjobstatus'],
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(parseAuthorization('q-ak=x')).toBeUndefined();
  });
  it('reads a time window', () => {
    expect(parseTimeWindow('100;200')).toEqual({ start: 100, end: 200 });
    for (const bad of ['200;100', '1;', 'a;b', '1;2;3', '']) expect(parseTimeWindow(bad)).toBeUndefined();
  });
  it('compares signatures exactly', () => {
    expect(signaturesEqual('abc', 'abc')).toBe(true);
    expect(signaturesEqual('abc', 'abd')).toBe(false);
    expect(signaturesEqual('abc', 'ab')).toBe(false);
  });
});
