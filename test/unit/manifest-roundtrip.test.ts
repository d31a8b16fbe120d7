/**
 * A manifest written from rows, cut into arbitrary chunks, read back with manifestLines + parseCsvManifestLine:
 * the same rows, line numbers and byte offsets; and reading resumed from any line's start gives the same rest.
 */
import fc from 'fast-check';
import { isHeaderLine, parseCsvManifestLine, type ManifestRow } from '../../lib/runner/manifest/csv';
import { manifestLines, type ManifestLine } from '../../lib/runner/manifest/lines';

interface Written {
  readonly row: ManifestRow | undefined; // undefined: the header
  readonly number: number;
  readonly start: number;
  readonly end: number;
  readonly content: string; // the line without its terminator
}

const FIELD_SETS: readonly (readonly string[])[] = [['Bucket', 'Key'], ['Bucket', 'Key', 'VersionId'], ['Ignore', 'Bucket', 'Key', 'VersionId'], ['Key', 'Ignore', 'Bucket']];

/** Keys of any Unicode, rich in what CSV and URL encoding must survive. */
const key = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
    fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', '%', '+', ' ', '/', '😀', 'é', '你', 'a', '\u2028', '\0', "'"), minLength: 1, maxLength: 30 }),
  )
  .filter((k) => Buffer.byteLength(k) <= 1024);
const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]-125\d{7}$/);
const versionId = fc.string({ unit: fc.constantFrom('a', 'Z', '9', '.', '_', ',', '"', ' ', 'é'), minLength: 1, maxLength: 12 });
const ignored = fc.string({ unit: fc.constantFrom('x', ',', '"', ' ', '7'), maxLength: 8 });

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;
/** A writer as a spreadsheet would be: quotes where needed, and sometimes where not. */
const cell = (value: string, alwaysQuote: boolean) => (alwaysQuote || /[",]/.test(value) ? quoted(value) : value);

const manifest = fc
  .constantFrom(...FIELD_SETS)
  .chain((fields) =>
    fc.record({
      fields: fc.constant(fields),
      header: fc.boolean(),
      rows: fc.array(
        fc.record({
          bucket,
          key,
          versionId: fields.includes('VersionId') ? fc.option(versionId, { nil: undefined }) : fc.constant(undefined),
          ignored,
          terminator: fc.constantFrom('\n', '\r\n'),
          emptyLinesAfter: fc.constantFrom(0, 0, 0, 1, 2),
          quoteAll: fc.boolean(),
        }),
        { maxLength: 25 },
      ),
      lastTerminator: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 20 }),
    }),
  );

type Generated = typeof manifest extends fc.Arbitrary<infer T> ? T : never;

function write({ fields, header, rows, lastTerminator }: Generated): { buffer: Buffer; lines: Written[] } {
  const parts: Buffer[] = [];
  const lines: Written[] = [];
  let offset = 0;
  let number = 1;
  const put = (content: string, terminator: string, row: ManifestRow | undefined) => {
    const bytes = Buffer.from(content + terminator);
    if (content !== '') lines.push({ row, number, start: offset, end: offset + bytes.length, content });
    parts.push(bytes);
    offset += bytes.length;
    number++;
  };
  if (header) put(fields.join(','), '\n', undefined);
  rows.forEach((r, i) => {
    const values: Record<string, string> = { Bucket: r.bucket, Key: encodeURIComponent(r.key), VersionId: r.versionId ?? '', Ignore: r.ignored };
    const content = fields.map((f) => cell(values[f]!, r.quoteAll)).join(',');
    const last = i === rows.length - 1;
    const row = { bucket: r.bucket, key: r.key, ...(r.versionId !== undefined && { versionId: r.versionId }) };
    put(content, last && !lastTerminator ? '' : r.terminator, row);
    if (!last) for (let e = 0; e < r.emptyLinesAfter; e++) put('', r.terminator, undefined);
  });
  return { buffer: Buffer.concat(parts), lines };
}

async function* chunksOf(buffer: Buffer, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (buffer.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, buffer.length]) {
    yield Uint8Array.from(buffer.subarray(from, point)); // a copy: nothing may lean on the test's buffer
    from = point;
  }
}

async function readAll(source: AsyncIterable<Uint8Array>, startOffset: number, firstLineNumber: number): Promise<ManifestLine[]> {
  const lines: ManifestLine[] = [];
  for await (const line of manifestLines(source, { startOffset, firstLineNumber, maxLineBytes: 8192 })) lines.push(line);
  return lines;
}

const textOf = (line: ManifestLine) => ('text' in line && !line.invalidUtf8 ? line.text : 'not a text line');

describe('a written manifest reads back', () => {
  it('(a) as the same rows, numbers and offsets, however its bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(manifest, async (generated) => {
        const { buffer, lines: written } = write(generated);
        const lines = await readAll(chunksOf(buffer, generated.cuts), 0, 1);
        expect(lines.map((l) => [l.number, l.start, l.end])).toEqual(written.map((w) => [w.number, w.start, w.end]));
        lines.forEach((line, i) => {
          const w = written[i]!;
          expect(textOf(line)).toBe(w.content);
          const terminated = buffer.subarray(line.start, line.end).toString('utf8');
          expect([w.content, `${w.content}\n`, `${w.content}\r\n`]).toContain(terminated);
          if (line.number === 1 && isHeaderLine(textOf(line), generated.fields)) {
            expect(w.row).toBeUndefined();
          } else {
            expect(parseCsvManifestLine(textOf(line), generated.fields)).toEqual(w.row);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('(b) from any line\'s start, with a source that begins there, as the same remaining lines', async () => {
    await fc.assert(
      fc.asyncProperty(manifest, fc.nat(), fc.array(fc.nat(), { maxLength: 8 }), async (generated, pick, cuts) => {
        const { buffer } = write(generated);
        const all = await readAll(chunksOf(buffer, []), 0, 1);
        if (all.length === 0) return;
        const from = all[pick % all.length]!;
        const resumed = await readAll(chunksOf(buffer.subarray(from.start), cuts), from.start, from.number);
        expect(resumed).toEqual(all.slice(pick % all.length));
        // From a line's end too, as a reader resumes after the last line it handled: empty lines that follow are
        // counted from there, so the next number is always this one's plus one.
        const after = await readAll(chunksOf(buffer.subarray(from.end), cuts), from.end, from.number + 1);
        expect(after).toEqual(all.slice((pick % all.length) + 1));
      }),
      { numRuns: 300 },
    );
  });
});

