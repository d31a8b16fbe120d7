/** Inventory reports: manifest.json as S3 Inventory (and COS) write it, and the lines of its CSV files. */
import fc from 'fast-check';
import { parseInventoryLine, parseInventoryManifest } from '../../lib/runner/manifest/inventory';

const SOURCE = 'examplebucket-1250000000';
const S3_MANIFEST = {
  sourceBucket: SOURCE,
  destinationBucket: 'arn:aws:s3:::inventory-dest',
  version: '2016-11-30',
  creationTimestamp: '1514944800000',
  fileFormat: 'CSV',
  fileSchema: 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size',
  files: [
    { key: 'inv/data/1.csv.gz', size: 2147483647, MD5checksum: 'f11166069f1990abeb9c97ace9cdfabc' },
    { key: 'inv/data/2.csv.gz' },
  ],
};
const SCHEMA = ['Bucket', 'Key', 'VersionId', 'IsLatest', 'IsDeleteMarker', 'Size'];
const manifest = (edit: Record<string, unknown>) => JSON.stringify({ ...S3_MANIFEST, ...edit });

describe('parseInventoryManifest', () => {
  it('reads the files, schema and buckets of an S3 Inventory manifest.json', () => {
    expect(parseInventoryManifest(JSON.stringify(S3_MANIFEST))).toEqual({
      files: [{ key: 'inv/data/1.csv.gz', size: 2147483647, md5: 'f11166069f1990abeb9c97ace9cdfabc' }, { key: 'inv/data/2.csv.gz' }],
      schema: SCHEMA,
      sourceBucket: SOURCE,
      destinationBucket: 'arn:aws:s3:::inventory-dest',
    });
  });

  it('takes a COS ARN or a plain bucket name as destinationBucket, as given, and an empty files list', () => {
    for (const destinationBucket of ['qcs::cos:ap-guangzhou::dest-1250000000', 'dest-1250000000']) {
      expect(parseInventoryManifest(manifest({ destinationBucket, files: [] }))).toMatchObject({ destinationBucket, files: [] });
    }
  });

  it('takes fileFormat in any case', () => {
    expect(parseInventoryManifest(manifest({ fileFormat: 'csv' }))).toHaveProperty('files');
  });

  it.each([
    ['not json', 'is not JSON'],
    ['[1]', 'is not a JSON object'],
    ['null', 'is not a JSON object'],
    [manifest({ fileFormat: undefined }), 'has no fileFormat (it must be CSV)'],
    [manifest({ fileFormat: 'ORC' }), 'has fileFormat "ORC"; only CSV reports can be read'],
    [manifest({ sourceBucket: undefined }), 'has no sourceBucket'],
    [manifest({ sourceBucket: 'Bad_Bucket' }), 'has sourceBucket "Bad_Bucket", which is not a bucket name'],
    [manifest({ destinationBucket: '' }), 'has no destinationBucket'],
    [
      manifest({ destinationBucket: 'arn:aws:s3:::dest/prefix' }),
      'has a destinationBucket that is neither a bucket name nor a bucket ARN: "arn:aws:s3:::dest/prefix" names an object path after the bucket; it must name the bucket alone',
    ],
    [manifest({ fileSchema: undefined }), 'has no fileSchema'],
    [manifest({ fileSchema: 'Bucket, Size' }), 'fileSchema names no Key column'],
    [manifest({ fileSchema: 'Key, Size' }), 'fileSchema names no Bucket column'],
    [manifest({ fileSchema: 'Bucket, Key, Key' }), 'fileSchema names "Key" twice'],
    [manifest({ fileSchema: 'Bucket, Key,' }), 'fileSchema has an empty column name'],
    [manifest({ files: undefined }), 'has no files list'],
    [manifest({ files: ['a.csv.gz'] }), 'files[0] is not an object'],
    [manifest({ files: [{ key: 'a' }, { size: 1 }] }), 'files[1] has no key'],
    [manifest({ files: [{ key: 'a', size: -1 }] }), 'files[0].size is not a number of bytes'],
    [manifest({ files: [{ key: 'a', size: '12' }] }), 'files[0].size is not a number of bytes'],
    [manifest({ files: [{ key: 'a', MD5checksum: 5 }] }), 'files[0].MD5checksum is not a string'],
  ])('%s: %s', (json, problem) => {
    expect(parseInventoryManifest(json)).toEqual({ problem });
  });
});

describe('parseInventoryLine', () => {
  it('reads a quoted row with its key URL-decoded and its version', () => {
    expect(parseInventoryLine(`"${SOURCE}","a%20b%2Bc/%E4%BD%A0","v1","true","false","10"`, SCHEMA)).toEqual({ bucket: SOURCE, key: 'a b+c/你', versionId: 'v1' });
  });

  it('leaves out an empty version', () => {
    expect(parseInventoryLine(`"${SOURCE}","k","","true","false","10"`, SCHEMA)).toEqual({ bucket: SOURCE, key: 'k' });
    expect(parseInventoryLine(`"${SOURCE}","k"`, ['Bucket', 'Key'])).toEqual({ bucket: SOURCE, key: 'k' });
  });

  it('reads columns where the schema puts them and ignores the others', () => {
    expect(parseInventoryLine(`"10","k","${SOURCE}","x, y"`, ['Size', 'Key', 'Bucket', 'Tag'])).toEqual({ bucket: SOURCE, key: 'k' });
  });

  it('skips delete markers (decision), however IsDeleteMarker is cased', () => {
    for (const marker of ['true', 'True', 'TRUE']) {
      expect(parseInventoryLine(`"${SOURCE}","k","v1","true","${marker}","0"`, SCHEMA)).toEqual({ skip: true });
    }
    expect(parseInventoryLine(`"${SOURCE}","k","v1","false","False","0"`, SCHEMA)).toEqual({ bucket: SOURCE, key: 'k', versionId: 'v1' });
  });

  it.each([
    [`"${SOURCE}","k"`, 'has 2 columns, not the 6 of fileSchema (Bucket,Key,VersionId,IsLatest,IsDeleteMarker,Size)'],
    [`"${SOURCE}","a%zz","","true","false","1"`, 'column 2 (Key) is not URL-encoded: bad escape "%zz"'],
    [`"${SOURCE}","","","true","false","1"`, 'column 2 (Key) is empty'],
    [`"NotABucket","k","","true","false","1"`, 'column 1 (Bucket) is not a bucket name: "NotABucket"'],
    [`"${SOURCE}","k","","true","false","1`, 'column 6 (Size) has a quote that is never closed'],
    [`"${SOURCE}","k","","true","false","1"x`, 'column 6 (Size) has text after its closing quote'],
  ])('%s: %s', (text, problem) => {
    expect(parseInventoryLine(text, SCHEMA)).toEqual({ problem });
  });

  it('refuses a schema without Bucket or Key', () => {
    expect(parseInventoryLine('"k"', ['Key'])).toEqual({ problem: 'fileSchema names no Bucket column' });
  });
});

describe('properties', () => {
  it('gives back every row written as S3 Inventory writes it', () => {
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/);
    const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 100 });
    const version = fc.option(fc.string({ unit: fc.constantFrom('a', '.', '_', '"', ',', ' ', '9'), minLength: 1, maxLength: 20 }), { nil: undefined });
    const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(bucket, key, version, fc.boolean(), (b, k, v, deleteMarker) => {
        const line = [b, encodeURIComponent(k), v ?? '', 'true', String(deleteMarker), '12'].map(quote).join(',');
        expect(parseInventoryLine(line, SCHEMA)).toEqual(deleteMarker ? { skip: true } : { bucket: b, key: k, ...(v !== undefined && { versionId: v }) });
      }),
    );
  });

  it('never throws on any manifest.json text or line', () => {
    const json = fc.oneof(
      fc.json(),
      fc.string({ unit: 'binary' }),
      fc
        .record({ sourceBucket: fc.anything(), destinationBucket: fc.anything(), fileFormat: fc.anything(), fileSchema: fc.anything(), files: fc.anything() }, { requiredKeys: [] })
        .map((m) => JSON.stringify(m) ?? ''),
      fc.array(fc.record({ key: fc.anything(), size: fc.anything(), MD5checksum: fc.anything() }, { requiredKeys: [] })).map((files) => manifest({ files })),
    );
    fc.assert(
      fc.property(json, fc.string({ unit: fc.constantFrom('"', ',', '%', 'a', 'true', 'b-c'), maxLength: 80 }), fc.array(fc.constantFrom(...SCHEMA, '', 'X')), (text, line, schema) => {
        const result = parseInventoryManifest(text);
        if ('problem' in result) expect(result.problem.length).toBeLessThan(300);
        const row = parseInventoryLine(line, schema);
        if ('problem' in row) expect(row.problem.length).toBeLessThan(300);
      }),
      { numRuns: 1000 },
    );
  });
});

it('cuts a long schema name in a column label', () => {
  const name = 'N'.repeat(300);
  expect(parseInventoryLine(`"${SOURCE}","k","x`, ['Bucket', 'Key', name])).toEqual({ problem: `column 3 (${'N'.repeat(40)}…) has a quote that is never closed` });
});
