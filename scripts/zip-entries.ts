import { inflateRawSync } from 'node:zlib';

/** The files of a zip, found through its central directory (PK\x01\x02 entries); stored or deflated. */
export function zipEntries(zip: Buffer): { name: string; content: Buffer }[] {
  const entries: { name: string; content: Buffer }[] = [];
  for (let c = zip.indexOf('PK\x01\x02'); c !== -1; c = zip.indexOf('PK\x01\x02', c + 46)) {
    const method = zip.readUInt16LE(c + 10);
    const compressedSize = zip.readUInt32LE(c + 20);
    const name = zip.toString('utf8', c + 46, c + 46 + zip.readUInt16LE(c + 28));
    const local = zip.readUInt32LE(c + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressedSize);
    entries.push({ name, content: method === 8 ? inflateRawSync(data) : data });
  }
  return entries;
}
