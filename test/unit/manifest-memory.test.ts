/**
 * The manifest is streamed: memory does not grow with its length (runner.md §2). The heap is measured after a full
 * GC, so that what is counted is what the reader keeps, not garbage the collector has yet to visit.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseCsvManifestLine } from '../../lib/runner/manifest/csv';
import { manifestLines } from '../../lib/runner/manifest/lines';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const BUCKET = 'examplebucket-1250000000';
const lineOf = (i: number) => `${BUCKET},photos/2024/${i}%20copy.jpg${i % 3 === 0 ? '\r\n' : '\n'}`;

/** 1,000,000 lines, made as they are asked for, in chunks that cut lines anywhere. */
async function* lazyManifest(lines: number): AsyncGenerator<Uint8Array> {
  let pending = '';
  for (let i = 1; i <= lines; i++) {
    pending += lineOf(i);
    if (pending.length >= 65_521) {
      yield Buffer.from(pending);
      pending = '';
    }
  }
  yield Buffer.from(pending);
}

/** The JS heap, and the bytes of Buffers outside it: a reader that kept chunks would show there, not in the heap. */
function heapAfterGc(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

it('reads a 1,000,000-line manifest to its end with under 20 MB of heap (and Buffer) growth', async () => {
  const LINES = 1_000_000;
  const before = heapAfterGc();
  let peak = before;
  let count = 0;
  let bytes = 0;
  let lastNumber = 0;
  for await (const line of manifestLines(lazyManifest(LINES), { startOffset: 0, firstLineNumber: 1, maxLineBytes: 8192 })) {
    count++;
    if (!('text' in line) || line.start !== bytes) throw new Error(`line ${line.number} is not where it should be`);
    const row = parseCsvManifestLine(line.text, ['Bucket', 'Key']);
    if (!('key' in row) || row.key !== `photos/2024/${count} copy.jpg`) throw new Error(`line ${line.number} reads ${JSON.stringify(row)}`);
    bytes = line.end;
    lastNumber = line.number;
    if (count % 100_000 === 0) peak = Math.max(peak, heapAfterGc());
  }
  peak = Math.max(peak, heapAfterGc());
  const expectedBytes = Array.from({ length: LINES }, (_, i) => Buffer.byteLength(lineOf(i + 1))).reduce((a, b) => a + b, 0);
  expect([count, lastNumber, bytes]).toEqual([LINES, LINES, expectedBytes]);
  expect((peak - before) / MB).toBeLessThan(20);
});

it('reads past a 64 MB line without holding it, and goes on after it', async () => {
  async function* longLine(): AsyncGenerator<Uint8Array> {
    yield Buffer.from('before\n');
    const block = Buffer.alloc(MB, 0x61);
    for (let i = 0; i < 64; i++) yield block;
    yield Buffer.from('\nafter\n');
  }
  const before = heapAfterGc();
  const seen: unknown[] = [];
  for await (const line of manifestLines(longLine(), { startOffset: 0, firstLineNumber: 1, maxLineBytes: 8192 })) {
    seen.push('tooLong' in line ? { tooLong: line.number, start: line.start, end: line.end } : line.text);
  }
  expect(seen).toEqual(['before', { tooLong: 2, start: 7, end: 7 + 64 * MB + 1 }, 'after']);
  expect((heapAfterGc() - before) / MB).toBeLessThan(20);
});
