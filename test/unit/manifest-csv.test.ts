/** CSV manifest lines: the splitter, key decoding, every rule and every problem message, the header rule. */
import fc from 'fast-check';
import { decodeKey, fieldsProblem, isHeaderLine, parseCsvManifestLine, splitCsvLine } from '../../lib/runner/manifest/csv';

const B = 'examplebucket-1250000000';
const FIELDS = ['Bucket', 'Key'];
const parse = (text: string, fields: readonly string[] = FIELDS) => parseCsvManifestLine(text, fields);

describe('splitCsvLine (RFC 4180 within one line)', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['', ['']],
    [',', ['', '']],
    ['"a","b"', ['a', 'b']],
    ['"a""b",c', ['a"b', 'c']],
    ['"a,b",""', ['a,b', '']],
    ['""""', ['"']],
    [' a , b ', [' a ', ' b ']],
    ['"x",y,"z"', ['x', 'y', 'z']],
  ])('%j → %j', (text, columns) => {
    expect(splitCsvLine(text)).toEqual(columns);
  });

  it.each([
    ['"abc', { column: 0, problem: 'has a quote that is never closed' }],
    ['a,"b""', { column: 1, problem: 'has a quote that is never closed' }],
    ['"a"b,c', { column: 0, problem: 'has text after its closing quote' }],
    ['a,b"c', { column: 1, problem: 'has a quote inside an unquoted value' }],
    ['a, "b"', { column: 1, problem: 'has a quote inside an unquoted value' }],
  ])('%j is a problem', (text, problem) => {
    expect(splitCsvLine(text)).toEqual(problem);
  });
});

describe('decodeKey', () => {
  it.each([
    ['a%20b', 'a b'],
    ['a+b', 'a+b'],
    ['a%2Bb', 'a+b'],
    ['dir%2Ffile', 'dir/file'],
    ['dir/file name', 'dir/file name'],
    ['%E4%BD%A0%F0%9F%98%80', '你😀'],
    ['%25', '%'],
  ])('%j → %j', (raw, key) => {
    expect(decodeKey(raw)).toBe(key);
  });

  it.each([
    ['a%zzb', 'bad escape "%zz"'],
    ['ab%', 'bad escape "%"'],
    ['ab%4', 'bad escape "%4"'],
    ['%41%4g', 'bad escape "%4g"'],
    ['ok%C3%28', '"%C3%28" is not UTF-8'],
    ['%FF%FE', '"%FF%FE" is not UTF-8'],
    ['%ED%A0%80', '"%ED%A0%80" is not UTF-8'],
  ])('%j: %s', (raw, problem) => {
    expect(decodeKey(raw)).toEqual({ problem });
  });
});

describe('parseCsvManifestLine', () => {
  it('reads Bucket,Key with the key URL-decoded (+ stays +)', () => {
    expect(parse(`${B},photos/a%20b+c.jpg`)).toEqual({ bucket: B, key: 'photos/a b+c.jpg' });
    expect(parse(`"${B}","x%2C""y"`)).toEqual({ bucket: B, key: 'x,"y' });
    expect(parse('my.bucket-01,k')).toEqual({ bucket: 'my.bucket-01', key: 'k' });
  });

  it('reads a VersionId; an empty or missing one is absent', () => {
    const fields = ['Bucket', 'Key', 'VersionId'];
    expect(parse(`${B},k,v1`, fields)).toEqual({ bucket: B, key: 'k', versionId: 'v1' });
    expect(parse(`${B},k,`, fields)).toEqual({ bucket: B, key: 'k' });
    expect(parse(`${B},k`, fields)).toEqual({ bucket: B, key: 'k' });
    expect(parse(`${B},k,""`, fields)).toEqual({ bucket: B, key: 'k' });
  });

  it('maps columns in the order of the fields and skips Ignore columns', () => {
    expect(parse(`x,${B},k,v`, ['Ignore', 'Bucket', 'Key', 'VersionId'])).toEqual({ bucket: B, key: 'k', versionId: 'v' });
    expect(parse(`k,"any, thing",${B}`, ['Key', 'Ignore', 'Bucket'])).toEqual({ bucket: B, key: 'k' });
    expect(parse(`${B},k,v,`, ['Bucket', 'Key', 'VersionId', 'Ignore'])).toEqual({ bucket: B, key: 'k', versionId: 'v' });
  });

  it.each([
    ['column 1 (Bucket) is empty', ',k'],
    ['column 1 (Bucket) is not a bucket name: "Bad_Bucket"', 'Bad_Bucket,k'],
    ['column 1 (Bucket) is not a bucket name: "ab"', 'ab,k'],
    ['column 1 (Bucket) is not a bucket name: " examplebucket-1250000000"', ` ${B},k`],
    ['column 1 (Bucket) is not a bucket name: "a..b"', 'a..b,k'],
    ['column 1 (Bucket) is not a bucket name: "192.168.1.1"', '192.168.1.1,k'],
    ['column 1 (Bucket) is not a bucket name: "-abc"', '-abc,k'],
    ['column 2 (Key) is empty', `${B},`],
    ['column 2 (Key) is missing: the line has 1 column', B],
    ['column 2 (Key) is not URL-encoded: bad escape "%zz"', `${B},a%zz`],
    ['column 2 (Key) is not URL-encoded: "%FF" is not UTF-8', `${B},a%FF`],
    ['column 2 (Key) is longer than 1024 bytes (1025 bytes in UTF-8) once decoded', `${B},${'%41'.repeat(1025)}`],
    ['column 2 (Key) is longer than 1024 bytes (1026 bytes in UTF-8) once decoded', `${B},${'é'.repeat(513)}`],
    ['column 2 (Key) is not valid Unicode (it has a lone surrogate) once decoded', `${B},a\uD800b`],
    ['has 3 columns, more than the 2 of Spec.Fields (Bucket,Key)', `${B},k,v`],
    ['column 1 (Bucket) has a quote that is never closed', `"${B},k`],
    ['column 2 (Key) has text after its closing quote', `${B},"k"x`],
    ['column 2 (Key) has a quote inside an unquoted value', `${B},k"`],
    ['column 3 has a quote inside an unquoted value', `${B},k,v"x`],
  ])('%s', (problem, text) => {
    expect(parse(text)).toEqual({ problem });
  });

  it('takes exactly 1024 bytes of key', () => {
    expect(parse(`${B},${'%41'.repeat(1024)}`)).toEqual({ bucket: B, key: 'A'.repeat(1024) });
  });

  it('names a missing column that is not VersionId, even after an Ignore', () => {
    expect(parse(`${B},k`, ['Bucket', 'Key', 'Ignore'])).toEqual({ problem: 'column 3 (Ignore) is missing: the line has 2 columns' });
    expect(parse(`${B},k`, ['Bucket', 'Key', 'VersionId', 'Ignore'])).toEqual({ problem: 'column 4 (Ignore) is missing: the line has 2 columns' });
  });

  it.each([
    [['Bucket', 'Key', 'Size'], 'Spec.Fields names "Size", which is not one of Ignore, Bucket, Key, VersionId'],
    [['bucket', 'key'], 'Spec.Fields names "bucket", which is not one of Ignore, Bucket, Key, VersionId'],
    [['Bucket', 'Key', 'Key'], 'Spec.Fields names Key twice'],
    [['Key'], 'Spec.Fields names no Bucket'],
    [['Bucket', 'Ignore'], 'Spec.Fields names no Key'],
    [[], 'Spec.Fields names no Bucket'],
  ])('refuses fields %j: %s', (fields, problem) => {
    expect(fieldsProblem(fields)).toBe(problem);
    expect(parse(`${B},k`, fields)).toEqual({ problem });
  });

  it('sees a change to the fields array between calls', () => {
    const fields = ['Bucket', 'Key'];
    expect(parse(`${B},k`, fields)).toEqual({ bucket: B, key: 'k' });
    fields[1] = 'Nope';
    expect(parse(`${B},k`, fields)).toHaveProperty('problem');
  });

  it('never echoes more than 100 characters of the input', () => {
    const long = `${'x'.repeat(150)}`;
    expect(parse(`${long},k`)).toEqual({ problem: `column 1 (Bucket) is not a bucket name: "${'x'.repeat(100)}"…` });
    expect(parse(`${B},${'😀'.repeat(60)}%zz`)).toEqual({ problem: 'column 2 (Key) is not URL-encoded: bad escape "%zz"' });
    // 100 code units would end inside a surrogate pair: the cut keeps the pair whole, out.
    expect(parse(`a${'😀'.repeat(80)},k`)).toEqual({ problem: `column 1 (Bucket) is not a bucket name: "a${'😀'.repeat(49)}"…` });
  });
});

describe('isHeaderLine (decision: a first line equal to the field names)', () => {
  it.each([
    ['Bucket,Key', FIELDS, true],
    [' bucket , KEY ', FIELDS, true],
    ['"Bucket","Key"', FIELDS, true],
    ['Ignore,Bucket,Key,VersionId', ['Ignore', 'Bucket', 'Key', 'VersionId'], true],
    ['Bucket,Key', ['Bucket', 'Key', 'VersionId'], false],
    ['Bucket,Key,VersionId', FIELDS, false],
    ['Size,Bucket,Key', ['Ignore', 'Bucket', 'Key'], false],
    [`${B},Key`, FIELDS, false],
    ['"Bucket,Key', FIELDS, false],
  ])('%j with %j → %s', (text, fields, header) => {
    expect(isHeaderLine(text, fields)).toBe(header);
  });
});

describe('properties', () => {
  const anyFields = fc.array(fc.constantFrom('Ignore', 'Bucket', 'Key', 'VersionId', 'Size', ''), { maxLength: 6 });
  const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('"', ',', '%', 'a', '2', 'F', '\uD800', ' ', '-'), maxLength: 300 }));

  it('never throws, and its problems are short sentences whatever the input', () => {
    fc.assert(
      fc.property(anyText, anyFields, (text, fields) => {
        const result = parseCsvManifestLine(text, fields);
        if ('problem' in result) expect(result.problem.length).toBeLessThan(240);
        else expect(result.bucket.length).toBeGreaterThanOrEqual(3);
        expect(typeof isHeaderLine(text, fields)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes what encodeURIComponent wrote, for any key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }), (key) => {
        expect(decodeKey(encodeURIComponent(key))).toBe(key);
      }),
    );
  });
});
