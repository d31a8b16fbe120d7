/** manifestLines: every rule by example, then against a whole-buffer model under arbitrary bytes and chunking. */
import fc from 'fast-check';
import { manifestLines, type ManifestLine, type ManifestLinesOptions } from '../../lib/runner/manifest/lines';

const OPTIONS: ManifestLinesOptions = { startOffset: 0, firstLineNumber: 1, maxLineBytes: 100 };

async function* chunksOf(buffer: Buffer, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (buffer.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, buffer.length]) {
    yield buffer.subarray(from, point);
    from = point;
  }
}

async function read(input: string | Buffer, options: Partial<ManifestLinesOptions> = {}, cuts: readonly number[] = []): Promise<ManifestLine[]> {
  const lines: ManifestLine[] = [];
  const buffer = typeof input === 'string' ? Buffer.from(input) : input;
  for await (const line of manifestLines(chunksOf(buffer, cuts), { ...OPTIONS, ...options })) lines.push(line);
  return lines;
}

describe('splitting', () => {
  it('splits on \\n and \\r\\n; a last line without a newline counts', async () => {
    expect(await read('a,b\nc,d\r\ne,f')).toEqual([
      { text: 'a,b', number: 1, start: 0, end: 4 },
      { text: 'c,d', number: 2, start: 4, end: 9 },
      { text: 'e,f', number: 3, start: 9, end: 12 },
    ]);
  });

  it('skips empty lines (a lone \\r too) but counts their bytes and numbers', async () => {
    expect(await read('\na\n\r\n\nb\n\n')).toEqual([
      { text: 'a', number: 2, start: 1, end: 3 },
      { text: 'b', number: 5, start: 6, end: 8 },
    ]);
  });

  it('strips one \\r before the \\n, and keeps a \\r elsewhere', async () => {
    expect(await read('a\r\r\nb\rc\n')).toEqual([
      { text: 'a\r', number: 1, start: 0, end: 4 },
      { text: 'b\rc', number: 2, start: 4, end: 8 },
    ]);
  });

  it('yields nothing for an empty source, or one of empty lines only', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('\n\r\n\n')).toEqual([]);
  });

  it('numbers and places lines from the given offset and number (a ranged GET)', async () => {
    expect(await read('x\ny', { startOffset: 1000, firstLineNumber: 42 })).toEqual([
      { text: 'x', number: 42, start: 1000, end: 1002 },
      { text: 'y', number: 43, start: 1002, end: 1003 },
    ]);
  });

  it('finds lines across chunks of every size, empty chunks too', async () => {
    const text = 'ab\ncd\r\nef';
    const whole = await read(text);
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b++) expect(await read(text, {}, [a, b])).toEqual(whole);
    }
  });

  it('reads Uint8Array views that are not Buffers, at any byteOffset', async () => {
    const backing = new Uint8Array([0, 0, 0x61, 0x0a, 0x62, 0, 0]);
    async function* views() {
      yield backing.subarray(2, 4);
      yield new Uint8Array(backing.buffer, 4, 1);
    }
    const lines: ManifestLine[] = [];
    for await (const line of manifestLines(views(), OPTIONS)) lines.push(line);
    expect(lines).toEqual([{ text: 'a', number: 1, start: 0, end: 2 }, { text: 'b', number: 2, start: 2, end: 3 }]);
  });

  it('copies a partial line: a source may reuse its buffer once asked for the next chunk', async () => {
    const shared = Buffer.alloc(4);
    async function* reusing() {
      for (const part of ['ab', 'cd\nx', 'yz']) {
        shared.fill(0);
        shared.write(part);
        yield shared.subarray(0, part.length);
      }
    }
    const lines: ManifestLine[] = [];
    for await (const line of manifestLines(reusing(), OPTIONS)) lines.push(line);
    expect(lines).toEqual([{ text: 'abcd', number: 1, start: 0, end: 5 }, { text: 'xyz', number: 2, start: 5, end: 8 }]);
  });
});

describe('UTF-8', () => {
  it('decodes characters split across chunks', async () => {
    const bytes = Buffer.from('é😀,k\n');
    for (let cut = 0; cut <= bytes.length; cut++) expect(await read(bytes, {}, [cut])).toEqual([{ text: 'é😀,k', number: 1, start: 0, end: 9 }]);
  });

  it('flags a line that is not UTF-8, with its text decoded with U+FFFD for a message', async () => {
    const bytes = Buffer.concat([Buffer.from('ok\nb,'), Buffer.from([0xff, 0xc3]), Buffer.from('\nnext\n')]);
    expect(await read(bytes)).toEqual([
      { text: 'ok', number: 1, start: 0, end: 3 },
      { text: 'b,\uFFFD\uFFFD', number: 2, start: 3, end: 8, invalidUtf8: true },
      { text: 'next', number: 3, start: 8, end: 13 },
    ]);
  });

  it('takes a real U+FFFD as valid', async () => {
    expect(await read('a\uFFFDb')).toEqual([{ text: 'a\uFFFDb', number: 1, start: 0, end: 5 }]);
  });

  it('drops a BOM at the object\'s first byte only, keeping offsets in the object', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await read(Buffer.concat([bom, Buffer.from('a\nb')]), {}, [1, 2])).toEqual([
      { text: 'a', number: 1, start: 0, end: 5 },
      { text: 'b', number: 2, start: 5, end: 6 },
    ]);
    expect(await read(Buffer.concat([bom, Buffer.from('\n')]))).toEqual([]);
    expect(await read(Buffer.concat([bom, Buffer.from('a')]), { startOffset: 7 })).toEqual([{ text: '\uFEFFa', number: 1, start: 7, end: 11 }]);
    expect(await read(Buffer.concat([Buffer.from('a\n'), bom, Buffer.from('b')]))).toEqual([
      { text: 'a', number: 1, start: 0, end: 2 },
      { text: '\uFEFFb', number: 2, start: 2, end: 6 },
    ]);
  });
});

describe('lines longer than maxLineBytes', () => {
  const max = { maxLineBytes: 4 };

  it('takes a line of exactly maxLineBytes (its \\r\\n not counted) and flags one byte more', async () => {
    expect(await read('abcd\r\nabcde\nab', max)).toEqual([
      { text: 'abcd', number: 1, start: 0, end: 6 },
      { tooLong: true, number: 2, start: 6, end: 12 },
      { text: 'ab', number: 3, start: 12, end: 14 },
    ]);
  });

  it('counts bytes, not characters', async () => {
    expect(await read('éé\néé1\n', max)).toEqual([
      { text: 'éé', number: 1, start: 0, end: 5 },
      { tooLong: true, number: 2, start: 5, end: 11 },
    ]);
  });

  it('flags a long line once, when it ends, however it is chunked, and a long last line without a newline', async () => {
    const text = `${'x'.repeat(50)}\nok\n${'y'.repeat(9)}`;
    const expected = [
      { tooLong: true, number: 1, start: 0, end: 51 },
      { text: 'ok', number: 2, start: 51, end: 54 },
      { tooLong: true, number: 3, start: 54, end: 63 },
    ];
    expect(await read(text, max)).toEqual(expected);
    expect(await read(text, max, Array.from({ length: 63 }, (_, i) => i))).toEqual(expected);
  });

  it('does not count a BOM at the object\'s start towards the limit', async () => {
    expect(await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('abcd\r\n')]), max, [2, 5])).toEqual([
      { text: 'abcd', number: 1, start: 0, end: 9 },
    ]);
  });
});

describe("the caller's mistakes (typed errors)", () => {
  it.each([
    ['startOffset -1', { startOffset: -1 }],
    ['startOffset 1.5', { startOffset: 1.5 }],
    ['firstLineNumber 0', { firstLineNumber: 0 }],
    ['maxLineBytes 0', { maxLineBytes: 0 }],
    ['maxLineBytes NaN', { maxLineBytes: Number.NaN }],
  ])('refuses %s with a RangeError', async (_, options) => {
    await expect(read('a', options)).rejects.toThrow(RangeError);
  });

  it('refuses a source of strings with a TypeError', async () => {
    async function* strings() {
      yield 'a\n' as unknown as Uint8Array;
    }
    const lines = manifestLines(strings(), OPTIONS);
    await expect(lines.next()).rejects.toThrow(TypeError);
  });
});

/** The rules written plainly over the whole buffer: what any chunking must give. */
function model(buffer: Buffer, { startOffset, firstLineNumber, maxLineBytes }: ManifestLinesOptions): ManifestLine[] {
  const lines: ManifestLine[] = [];
  for (let at = 0, number = firstLineNumber; at < buffer.length; number++) {
    const newline = buffer.indexOf(10, at);
    const end = newline < 0 ? buffer.length : newline + 1;
    let bytes = buffer.subarray(at, newline < 0 ? buffer.length : newline);
    const start = startOffset + at;
    at = end;
    if (bytes.at(-1) === 13) bytes = bytes.subarray(0, -1);
    if (start === 0 && bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) bytes = bytes.subarray(3);
    if (bytes.length === 0) continue;
    if (bytes.length > maxLineBytes) {
      lines.push({ tooLong: true, number, start, end: startOffset + end });
      continue;
    }
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes); // ignoreBOM: keep it in the text
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      valid = false;
    }
    lines.push({ text, number, start, end: startOffset + end, ...(!valid && { invalidUtf8: true as const }) });
  }
  return lines;
}

/** Bytes rich in what matters: newlines, CRs, BOM bytes, partial and whole UTF-8 sequences. */
const byteSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', ',', 'a', 'é', '😀', '\uFEFF').map((s) => Buffer.from(s)),
      fc.uint8Array({ maxLength: 4 }).map((a) => Buffer.from(a)),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.concat(parts));

describe('properties', () => {
  it('gives the model\'s lines for any bytes, chunking, offset and limit, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        byteSoup,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(0, 0, 1, 5000),
        fc.integer({ min: 1, max: 12 }),
        async (buffer, cuts, startOffset, maxLineBytes) => {
          const options = { startOffset, firstLineNumber: 1 + startOffset, maxLineBytes };
          const lines = await read(buffer, options, cuts);
          expect(lines).toEqual(model(buffer, options));
          for (const line of lines) {
            const bytes = buffer.subarray(line.start - startOffset, line.end - startOffset);
            expect(bytes.length).toBeGreaterThan(0);
            if ('text' in line && !line.invalidUtf8) expect(bytes.toString('utf8')).toContain(line.text);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
