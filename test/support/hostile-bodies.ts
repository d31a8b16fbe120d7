/**
 * CreateJob bodies for property tests: valid requests mutated in every way a client or an attacker could, random
 * XML, and the classic attacks (entity bombs, external entities, deep or wide nesting, huge bodies, bad encodings).
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

/** A body that prints as its label and a short preview, so that a failing property shows what it sent, readably. */
export function hostile(label: string, content: { text: string } | { bytes: Buffer }): HostileBody {
  const shown = 'text' in content ? content.text : `base64:${content.bytes.toString('base64')}`;
  const preview = `${JSON.stringify(shown.slice(0, 300))}${shown.length > 300 ? `… (${shown.length} characters)` : ''}`;
  const body: HostileBody = 'text' in content ? { text: content.text, label } : { bytes: content.bytes, label };
  return Object.assign(body, { [fc.toStringMethod]: () => `${label}: ${preview}` });
}

/** Every element of a document as a span (start tag to its end tag): the fixtures never nest a name in itself. */
interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly inner: string;
}

function elementsOf(xml: string): Span[] {
  const spans: Span[] = [];
  for (const open of xml.matchAll(/<([A-Za-z][A-Za-z0-9]*)>/g)) {
    const name = open[1]!;
    const innerStart = open.index! + open[0].length;
    const close = xml.indexOf(`</${name}>`, innerStart);
    if (close === -1) continue;
    spans.push({ name, start: open.index!, end: close + name.length + 3, inner: xml.slice(innerStart, close) });
  }
  return spans;
}

/** Text for an element: numbers at every edge, entities, markup, control characters, the enumerations' words. */
export const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '-1', '0', '2147483647', '2147483648', '99999999999999999999', '1e30', '0x10', '01', '+1', ' 1', 'NaN', 'true',
    'TRUE', 'false', '&amp;', '&foo;', '&#0;', '&#x110000;', '&#65;', '&#x41;', '&lt;', '<', '&', ']]>', '<![CDATA[x]]>',
    '<x/>', '<!-- c -->', '<?pi x?>', '\u0000', '\u0008', '\uFFFD', '\uFFFE', '\uD800', '"', "'", 'a'.repeat(2000),
    '你'.repeat(100), '😀'.repeat(70), 'qcs::cos:ap-chengdu::b-1/k', 'qcs::cos:ap-chengdu:uid/1:b-1',
    'COSBatchOperations_CSV_V1', 'COSInventoryReport_CSV_V1', 'Report_CSV_V1', 'AllTasks', 'FailedTasksOnly', 'Bulk',
    'Standard', 'Copy', 'Replace', 'STANDARD', 'Bucket', 'Key', 'VersionId',
  ),
);

/** Markup a mutation may put anywhere between elements. */
const injected = fc.oneof(
  hostileText,
  fc.constantFrom(
    '<Priority>2</Priority>',
    '<Operation><COSPutObjectTagging><NewObjectTagging></NewObjectTagging></COSPutObjectTagging></Operation>',
    '<Unknown>x</Unknown>',
    '<Description/>',
    '<x a="1"/>',
    '\n\t',
    '<!DOCTYPE x>',
    '<!ENTITY e "x">',
    '<?xml version="1.0"?>',
    '</CreateJobRequest>',
    '<CreateJobRequest>',
    '<a><b><c><d><e><f><g><h>x</h></g></f></e></d></c></b></a>',
  ),
);

/** A change to one element of a document; `other` is a second element, for swaps and moves. */
type Mutation = (xml: string, target: Span, other: Span, text: string) => string;

const around = (xml: string, s: Span, replacement: string) => xml.slice(0, s.start) + replacement + xml.slice(s.end);
const retag = (s: Span, name: string, inner: string) => `<${name}>${inner}</${name}>`;

const MUTATIONS: Record<string, Mutation> = {
  'new value': (xml, t, _o, text) => around(xml, t, retag(t, t.name, text)),
  dropped: (xml, t) => around(xml, t, ''),
  'given twice': (xml, t) => around(xml, t, xml.slice(t.start, t.end).repeat(2)),
  renamed: (xml, t) => around(xml, t, retag(t, `${t.name}x`, t.inner)),
  'lower-cased name': (xml, t) => around(xml, t, retag(t, t.name.toLowerCase(), t.inner)),
  'markup before': (xml, t, _o, text) => xml.slice(0, t.start) + text + xml.slice(t.start),
  'markup inside': (xml, t, _o, text) => around(xml, t, retag(t, t.name, text + t.inner)),
  // A value becomes an element and an element a value: the "type" of a node changes.
  'retyped as element': (xml, t, _o, text) => around(xml, t, retag(t, t.name, `<member>${t.inner || text}</member>`)),
  'retyped as text': (xml, t, _o, text) => around(xml, t, retag(t, t.name, t.inner.replace(/<[^>]*>/g, '') + text)),
  'empty element': (xml, t) => around(xml, t, `<${t.name}/>`),
  'with attribute': (xml, t) => around(xml, t, `<${t.name} a="1">${t.inner}</${t.name}>`),
  'as CDATA': (xml, t) => around(xml, t, retag(t, t.name, `<![CDATA[${t.inner}]]>`)),
  // Two elements exchange their contents (the spans may nest: then the document is simply cut differently).
  'values swapped': (xml, t, o) => {
    if (o.start < t.end && t.start < o.end) return around(xml, t, retag(t, t.name, o.inner));
    const [a, b] = t.start < o.start ? [t, o] : [o, t];
    return xml.slice(0, a.start) + retag(a, a.name, b.inner) + xml.slice(a.end, b.start) + retag(b, b.name, a.inner) + xml.slice(b.end);
  },
  'moved into another': (xml, t, o) => {
    if (o.start <= t.start && t.end <= o.end) return xml;
    const element = xml.slice(t.start, t.end);
    const without = around(xml, t, '');
    const at = without.indexOf(`</${o.name}>`);
    return at === -1 ? without : without.slice(0, at) + element + without.slice(at);
  },
  'cut short': (xml, t) => xml.slice(0, t.start + Math.max(1, Math.floor((t.end - t.start) / 2))),
};

/** A valid body of `bodies` with one to three changes, and sometimes a fresh ClientRequestToken (so that more are accepted). */
export function mutatedOf(bodies: readonly string[], inject: fc.Arbitrary<string>): fc.Arbitrary<HostileBody> {
  return fc
    .tuple(
      fc.constantFrom(...bodies),
      fc.option(fc.uuid(), { freq: 2, nil: undefined }),
      fc.array(fc.tuple(fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat(), fc.nat(), inject), { minLength: 1, maxLength: 3 }),
    )
    .map(([body, token, edits]) => {
      let xml = token ? body.replace(/<ClientRequestToken>[^<]*</, `<ClientRequestToken>${token}<`) : body;
      const applied: string[] = [];
      for (const [kind, i, j, text] of edits) {
        const spans = elementsOf(xml);
        if (spans.length === 0) break;
        xml = MUTATIONS[kind]!(xml, spans[i % spans.length]!, spans[j % spans.length]!, text);
        applied.push(kind);
      }
      return hostile(`mutated: ${applied.join(', ')}`, { text: xml });
    });
}
const mutated = mutatedOf(VALID_BODIES, injected);

const tag = fc.constantFrom('CreateJobRequest', 'Manifest', 'Operation', 'COSPutObjectCopy', 'Report', 'Priority', 'member', 'x');
export type Tree = { name: string; children: Tree[]; text: string };
const treeOf = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({ name: tag, children: depth === 0 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 3 }), text: hostileText });
export const renderTree = (t: Tree): string => `<${t.name}>${t.children.length ? t.children.map(renderTree).join('') : t.text}</${t.name}>`;
const randomXml = fc
  .tuple(treeOf(4), fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>', '\uFEFF', ' '))
  .map(([t, prolog]) => hostile('random XML', { text: prolog + renderTree(t) }));

const copy = VALID_BODIES[0]!;
const priority = (value: string) => copy.replace('<Priority>1</Priority>', `<Priority>${value}</Priority>`);

/** The attacks the issue names (and a few of their cousins), each a fixed body, with the error it must get. */
const ATTACK_LIST: Array<[string, string, { text: string } | { bytes: Buffer }]> = [
  [
    'billion laughs',
    'MalformedXML',
    {
      text: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>${copy.replace('test batch', '&lol9;')}`,
    },
  ],
  ['external entity', 'MalformedXML', { text: `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${copy.replace('test batch', '&xxe;')}` }],
  ['5,000 undeclared entity references', 'MalformedXML', { text: copy.replace('test batch', '&lol9;'.repeat(5000)) }],
  // 10,000 levels cannot fit in 64 KiB closed (7 bytes a level at the least): the size limit answers first ...
  ['10,000-deep nesting', 'EntityTooLarge', { text: `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}` }],
  // ... but 10,000 open levels do, left unclosed; and 9,000 closed ones.
  ['10,000 unclosed levels', 'MalformedXML', { text: `<CreateJobRequest>${'<a>'.repeat(10_000)}` }],
  // The parser's own complaint must not carry the body back: an error answer stays short.
  ['a 60,000-character element name, wrongly closed', 'MalformedXML', { text: `<CreateJobRequest><${'a'.repeat(60_000)}></b></CreateJobRequest>` }],
  ['9,000-deep nesting', 'MalformedXML', { text: `<CreateJobRequest>${'<a>'.repeat(9_000)}${'</a>'.repeat(9_000)}</CreateJobRequest>` }],
  ['16,000 sibling elements', 'MalformedXML', { text: `<CreateJobRequest>${'<a/>'.repeat(16_000)}</CreateJobRequest>` }],
  ['2,000 Fields members', 'MalformedXML', { text: copy.replace('<member>Key</member>', '<member>Key</member>'.repeat(2000)) }],
  ['9,000 character references', 'InvalidArgument', { text: copy.replace('test batch', '&#x41;'.repeat(9000)) }],
  ['10 MB body', 'EntityTooLarge', { text: copy.replace('test batch', 'x'.repeat(10 * 1024 * 1024)) }],
  // One byte over: three-byte characters, fewer UTF-16 units than 64 KiB but more bytes.
  ['64 KiB + 1 byte of UTF-8', 'EntityTooLarge', { text: copy.replace('test batch', '你'.repeat(Math.ceil((65_537 - (copy.length - 'test batch'.length)) / 3))) }],
  ['invalid UTF-8', 'InvalidArgument', { bytes: Buffer.concat([Buffer.from(copy.slice(0, 100)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(copy.slice(100))]) }],
  ['U+FFFD', 'InvalidArgument', { text: copy.replace('test batch', 'a\uFFFDb') }],
  [
    'two Operation children',
    'MalformedXML',
    { text: copy.replace('</COSPutObjectCopy>', '</COSPutObjectCopy><COSInitiateRestoreObject><ExpirationInDays>1</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject>') },
  ],
  ['Priority 1e30', 'InvalidRequest', { text: priority('1e30') }],
  ['Priority 99999999999999999999', 'InvalidRequest', { text: priority('99999999999999999999') }],
  ['Priority of 5,000 digits', 'InvalidRequest', { text: priority('9'.repeat(5000)) }],
];

export const ATTACKS: Record<string, HostileBody & { readonly code: string }> = Object.fromEntries(
  ATTACK_LIST.map(([name, code, content]) => [name, Object.assign(hostile(name, content), { code })]),
);

export const hostileBody: fc.Arbitrary<HostileBody> = fc.oneof(
  { arbitrary: mutated, weight: 8 },
  { arbitrary: randomXml, weight: 2 },
  { arbitrary: fc.string({ maxLength: 200 }).map((text) => hostile('text', { text })), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => hostile('bytes', { bytes: Buffer.from(a) })), weight: 1 },
  { arbitrary: fc.constantFrom(...Object.values(ATTACKS)), weight: 1 },
);
