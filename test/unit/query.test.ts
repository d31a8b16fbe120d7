import { MALFORMED, formDecode, fromMultiValueMap, parseRawQuery } from '../../lib/http/query';

describe('formDecode', () => {
  it.each([
    ['a+b', 'a b'],
    ['a%20b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['%E4%BD%A0%E5%A5%BD', '你好'],
    ['plain', 'plain'],
    ['', ''],
  ])('%j → %j', (raw, decoded) => expect(formDecode(raw)).toBe(decoded));

  it.each(['%zz', '%C3', '%', '%4', 'ok%G1', '%C3%28', '%ED%A0%80'])('%j is malformed (bad hex, cut or not UTF-8)', (raw) => {
    expect(formDecode(raw)).toBe(MALFORMED);
  });
});

describe('parseRawQuery', () => {
  it('keeps every value of a repeated name, in order, and reads a bare name as an empty value', () => {
    const q = parseRawQuery('a=1&b=x+y&a=2&flag&&c=');
    expect([...q]).toEqual([
      ['a', ['1', '2']],
      ['b', ['x y']],
      ['flag', ['']],
      ['c', ['']],
    ]);
  });

  it('marks a malformed value without losing the parameter, and splits only on the first "="', () => {
    const q = parseRawQuery('statusUpdateReason=%zz&x=a=b');
    expect(q.get('statusUpdateReason')).toEqual([MALFORMED]);
    expect(q.get('x')).toEqual(['a=b']);
  });

  it('decodes names too', () => {
    expect(parseRawQuery('requested%4AobStatus=Ready').get('requestedJobStatus')).toEqual(['Ready']);
  });

  it('reads an empty query as no parameters', () => expect(parseRawQuery('').size).toBe(0));
});

describe('fromMultiValueMap', () => {
  it('takes the gateway’s decoded values as they are and ignores non-strings', () => {
    const q = fromMultiValueMap({ a: ['1', '2'], b: 'x y', c: [null, 3, 'z'] });
    expect([...q]).toEqual([
      ['a', ['1', '2']],
      ['b', ['x y']],
      ['c', ['z']],
    ]);
  });
});
