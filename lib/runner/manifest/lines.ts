/**
 * Splits a manifest's bytes into lines, each with its byte offsets in the whole object, so that a reader can stop
 * after any line and resume later with a ranged GET from that line's `end`.
 *
 * Memory holds at most one chunk of the source plus one partial line of at most `maxLineBytes` (+ a CR and a BOM):
 * a longer line's bytes are counted and dropped, and it comes out as a `tooLong` line, so that the caller can fail
 * the job with "line N is longer than X bytes" without this module knowing what a job is.
 */
import { isUtf8 } from 'node:buffer';

export interface ManifestTextLine {
  /** The line without its `\n` or `\r\n` (and without a UTF-8 BOM at the object's first byte); never empty. */
  readonly text: string;
  /** 1-based physical line number: empty lines are counted, so that it is the number an editor shows. */
  readonly number: number;
  /** Offset in the whole object of the line's first byte. */
  readonly start: number;
  /** Offset just after the line's terminator (or the object's end): where the next line starts. */
  readonly end: number;
  /** The bytes are not UTF-8; `text` then holds them decoded with U+FFFD replacements, for a message only. */
  readonly invalidUtf8?: true;
}

export interface ManifestLongLine {
  readonly tooLong: true;
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

export type ManifestLine = ManifestTextLine | ManifestLongLine;

export interface ManifestLinesOptions {
  /** Offset in the object of the source's first byte (0, or the `end` of the line read before a ranged GET). */
  readonly startOffset: number;
  /** Number of the line that starts at `startOffset`. */
  readonly firstLineNumber: number;
  /** Longest line text, in bytes, not counting its terminator. */
  readonly maxLineBytes: number;
}

const LF = 10;
const CR = 13;

/**
 * The lines of `source`. Empty lines (also `\r` alone) are not yielded but their bytes and numbers are counted.
 * A final line without a newline is a line. Throws a RangeError (on the first `next()`) when the options are not
 * non-negative safe integers with `firstLineNumber` and `maxLineBytes` at least 1, and a TypeError when the source
 * yields something other than bytes: both are the caller's mistakes, never the manifest's.
 */
export async function* manifestLines(source: AsyncIterable<Uint8Array>, options: ManifestLinesOptions): AsyncGenerator<ManifestLine> {
  for await (const batch of manifestLineBatches(source, options)) yield* batch;
}

/**
 * The same lines, as one array per chunk of the source, for readers that go through a chunk's lines synchronously
 * (reader.ts `scanManifest`): no promise per line. With per-line generators and an object per row, counting a
 * 1,000,000-line manifest peaked at 84 MB of heap before a collection; with this and a row visitor, at 28 MB (the
 * live heap after a collection is the same small figure either way). Same rules, same errors.
 */
export async function* manifestLineBatches(source: AsyncIterable<Uint8Array>, options: ManifestLinesOptions): AsyncGenerator<ManifestLine[]> {
  const { startOffset, firstLineNumber, maxLineBytes } = options;
  if (!isCount(startOffset, 0) || !isCount(firstLineNumber, 1) || !isCount(maxLineBytes, 1)) {
    throw new RangeError(`manifestLines: bad options ${JSON.stringify({ startOffset, firstLineNumber, maxLineBytes })}`);
  }
  // A partial line is kept only while it may still fit: its text, a CR before the LF, and a BOM at the object's start.
  const keepLimit = maxLineBytes + 1 + (startOffset === 0 ? 3 : 0);
  let carry = Buffer.alloc(0);
  let carried = 0;
  let overflow = false; // the partial line outgrew keepLimit: its bytes are counted, not kept
  let lineStart = startOffset;
  let number = firstLineNumber;
  let offset = startOffset; // of the current chunk's first byte

  const keep = (bytes: Buffer, from: number, to: number): void => {
    if (overflow || from === to) return;
    const needed = carried + (to - from);
    if (needed > keepLimit) {
      overflow = true;
      carried = 0;
      carry = Buffer.alloc(0); // a near-limit buffer is not worth holding for the rare next long line
      return;
    }
    if (needed > carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(keepLimit, Math.max(needed, carry.length * 2, 256)));
      carry.copy(grown, 0, 0, carried);
      carry = grown;
    }
    bytes.copy(carry, carried, from, to); // a copy: the source may reuse its buffer once asked for the next chunk
    carried = needed;
  };

  /** The line that ends at `end`, made of the carried bytes and then `bytes[from, to)`. */
  const finish = (bytes: Buffer, from: number, to: number, end: number): ManifestLine | undefined => {
    const start = lineStart;
    const n = number;
    lineStart = end;
    number++;
    if (overflow || carried + (to - from) > keepLimit) {
      overflow = false;
      carried = 0;
      return { tooLong: true, number: n, start, end };
    }
    if (carried > 0) {
      keep(bytes, from, to);
      const line = lineOf(carry, 0, carried, start, end, n, maxLineBytes);
      carried = 0;
      return line;
    }
    return lineOf(bytes, from, to, start, end, n, maxLineBytes);
  };

  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError(`manifestLines reads bytes, not ${typeof chunk}`);
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    const batch: ManifestLine[] = [];
    for (let newline = bytes.indexOf(LF, from); newline >= 0; newline = bytes.indexOf(LF, from)) {
      const line = finish(bytes, from, newline, offset + newline + 1);
      from = newline + 1;
      if (line) batch.push(line);
    }
    keep(bytes, from, bytes.length);
    offset += bytes.length;
    if (batch.length > 0) yield batch;
  }
  if (carried > 0 || overflow) {
    const line = finish(carry, 0, 0, offset);
    if (line) yield [line];
  }
}

function isCount(value: number, least: number): boolean {
  return Number.isSafeInteger(value) && value >= least;
}

function lineOf(bytes: Buffer, from: number, to: number, start: number, end: number, number: number, maxLineBytes: number): ManifestLine | undefined {
  if (to > from && bytes[to - 1] === CR) to--;
  // Excel and Notepad save CSV files with a BOM; it belongs to no column.
  if (start === 0 && to - from >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
  if (to === from) return undefined;
  if (to - from > maxLineBytes) return { tooLong: true, number, start, end };
  const text = bytes.toString('utf8', from, to);
  // Decoding never throws; a replacement character marks where the bytes may have been invalid (or a real U+FFFD).
  if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(from, to))) return { text, number, start, end, invalidUtf8: true };
  return { text, number, start, end };
}
