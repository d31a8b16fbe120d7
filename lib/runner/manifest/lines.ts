/** Splits a manifest's bytes into lines with their byte offsets, holding at most one partial line. */
export type ManifestLine =
  | { readonly text: string; readonly number: number; readonly start: number; readonly end: number; readonly invalidUtf8?: boolean }
  | { readonly tooLong: true; readonly number: number; readonly start: number; readonly end: number };

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function* manifestLines(
  source: AsyncIterable<Uint8Array>,
  options: { readonly startOffset: number; readonly firstLineNumber: number; readonly maxLineBytes: number },
): AsyncGenerator<ManifestLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineStart = options.startOffset;
  let number = options.firstLineNumber;
  let offset = options.startOffset;
  const finish = (end: number): ManifestLine | undefined => {
    const start = lineStart;
    const n = number;
    lineStart = end;
    number++;
    const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (tooLong) {
      tooLong = false;
      return { tooLong: true, number: n, start, end };
    }
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === 13) length--;
    if (length === 0) return undefined;
    try {
      return { text: decoder.decode(bytes.subarray(0, length)), number: n, start, end };
    } catch {
      return { text: '', invalidUtf8: true, number: n, start, end };
    }
  };
  for await (const chunk of source) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (;;) {
      const newline = buffer.indexOf(10, from);
      const piece = buffer.subarray(from, newline < 0 ? buffer.length : newline);
      if (!tooLong) {
        if (pendingBytes + piece.length > options.maxLineBytes + 1) {
          tooLong = true;
          pending = [];
          pendingBytes = 0;
        } else if (piece.length > 0) {
          pending.push(Buffer.from(piece)); // a copy: the source may reuse its buffer
          pendingBytes += piece.length;
        }
      }
      if (newline < 0) break;
      const line = finish(offset + newline + 1);
      if (line) yield line;
      from = newline + 1;
    }
    offset += buffer.length;
  }
  if (pendingBytes > 0 || tooLong) {
    const line = finish(offset);
    if (line) yield line;
  }
}
