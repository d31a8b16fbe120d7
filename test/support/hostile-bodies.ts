/**
 * CreateJob bodies for property tests: valid requests mutated in every way a client or an attacker could, random
 * XML, and the classic attacks (entity bombs, external entities, deep nesting, huge bodies, bad encodings).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', name), 'utf8');
export const VALID_BODIES = ['go-sdk-copy.xml', 'go-sdk-restore.xml', 'terraform.xml', 'real-request.xml'].map(fixture);

/** One body as it reaches the handler: text, or bytes sent base64 (which may be anything, invalid UTF-8 too). */
export interface HostileBody {
  readonly text?: string;
  readonly bytes?: Buffer;
  readonly label: string;
}

const ELEMENT = /<([A-Za-z]+)>([^<]*)<\/\1>/g;
const leaves = (xml: string) => [...xml.matchAll(ELEMENT)];

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '-1', '2147483648', '99999999999999999999', '1e30', '0x10', 'NaN', 'true', 'TRUE', '&amp;', '&foo;', '&#0;', '&#x110000;',
    '<', '&', ']]>', '<![CDATA[x]]>', '<x/>', '\u0000', '\uFFFD', '\uD800', '"', "'", 'a'.repeat(2000), '你'.repeat(100),
    'qcs::cos:ap-chengdu::b-1/k', 'qcs::cos:ap-chengdu:uid/1:b-1', 'COSBatchOperations_CSV_V1', 'Report_CSV_V1',
  ),
);

/** A valid body with one to three changes: values, elements dropped, doubled, renamed, markup injected, cut short. */
const mutated = fc
  .tuple(fc.constantFrom(...VALID_BODIES), fc.array(fc.tuple(fc.nat(), fc.nat(5), hostileText), { minLength: 1, maxLength: 3 }))
  .map(([body, edits]) => {
    let xml = body;
    for (const [at, kind, text] of edits) {
      const found = leaves(xml);
      const leaf = found[at % Math.max(found.length, 1)];
      if (!leaf || leaf.index === undefined) continue;
      const [whole, name] = leaf;
      const before = xml.slice(0, leaf.index);
      const after = xml.slice(leaf.index + whole.length);
      switch (kind) {
        case 0: xml = `${before}<${name}>${text}</${name}>${after}`; break; // another value, raw
        case 1: xml = before + after; break; // dropped
        case 2: xml = `${before}${whole}${whole}${after}`; break; // given twice
        case 3: xml = `${before}<${name}x>${leaf[2]}</${name}x>${after}`; break; // renamed
        case 4: xml = `${before}${text}${whole}${after}`; break; // markup or text injected
        default: xml = xml.slice(0, (at % xml.length) + 1); // cut short
      }
    }
    return { text: xml, label: 'mutated' } as HostileBody;
  });

const tag = fc.constantFrom('CreateJobRequest', 'Manifest', 'Operation', 'COSPutObjectCopy', 'Report', 'Priority', 'member', 'x');
type Tree = { name: string; children: Tree[]; text: string };
const treeOf = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({ name: tag, children: depth === 0 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 3 }), text: hostileText });
const tree = treeOf(4);
const renderTree = (t: Tree): string => `<${t.name}>${t.children.length ? t.children.map(renderTree).join('') : t.text}</${t.name}>`;
const randomXml = tree.map((t) => ({ text: renderTree(t), label: 'random XML' }) as HostileBody);

/** The attacks the issue names, each a fixed body. */
export const ATTACKS: Record<string, HostileBody> = {
  'billion laughs': {
    label: 'billion laughs',
    text: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>${VALID_BODIES[0]!.replace('test batch', '&lol9;')}`,
  },
  'external entity': { label: 'external entity', text: `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${VALID_BODIES[0]!.replace('test batch', '&xxe;')}` },
  // 10,000 levels cannot fit in 64 KiB (7 bytes a level at the least): the size limit answers first.
  '10,000-deep nesting': { label: '10,000-deep nesting', text: `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}` },
  '9,000-deep nesting': { label: '9,000-deep nesting', text: `<CreateJobRequest>${'<a>'.repeat(9_000)}${'</a>'.repeat(9_000)}</CreateJobRequest>` },
  '10 MB body': { label: '10 MB body', text: VALID_BODIES[0]!.replace('test batch', 'x'.repeat(10 * 1024 * 1024)) },
  'invalid UTF-8': { label: 'invalid UTF-8', bytes: Buffer.concat([Buffer.from(VALID_BODIES[0]!.slice(0, 100)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(VALID_BODIES[0]!.slice(100))]) },
  'U+FFFD': { label: 'U+FFFD', text: VALID_BODIES[0]!.replace('test batch', 'a\uFFFDb') },
  'two Operation children': {
    label: 'two Operation children',
    text: VALID_BODIES[0]!.replace('</COSPutObjectCopy>', '</COSPutObjectCopy><COSInitiateRestoreObject><ExpirationInDays>1</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject>'),
  },
  'huge numbers': { label: 'huge numbers', text: VALID_BODIES[0]!.replace('<Priority>1</Priority>', `<Priority>${'9'.repeat(5000)}</Priority>`) },
};

export const hostileBody: fc.Arbitrary<HostileBody> = fc.oneof(
  { arbitrary: mutated, weight: 6 },
  { arbitrary: randomXml, weight: 2 },
  { arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text, label: 'text' }) as HostileBody), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => ({ bytes: Buffer.from(a), label: 'bytes' }) as HostileBody), weight: 1 },
  { arbitrary: fc.constantFrom(...Object.values(ATTACKS)), weight: 1 },
);
