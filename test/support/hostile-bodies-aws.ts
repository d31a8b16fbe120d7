/**
 * The AWS dialect's CreateJobRequest and PutJobTaggingRequest bodies for property tests
 * (shared/reference/s3control-jobs-api.md §6): as the JS SDK and botocore send them, mutated, random, and the named
 * attacks with the answer each must get.
 */
import fc from 'fast-check';
import { hostile, hostileText, mutatedOf, renderTree, type HostileBody, type Tree } from './hostile-bodies';

export const AWS_NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const NS = AWS_NAMESPACE;
const MANIFEST_XML =
  '<Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec>' +
  '<Location><ObjectArn>arn:aws:s3:::manifest-bucket/manifest.csv</ObjectArn><ETag>60e460c9d1046e73f7dde5043ac3ae85</ETag></Location></Manifest>';
/** A job around an operation: a CSV manifest, no report; `extra` goes last. */
const awsJob = (token: string, operation: string, extra = '') =>
  `<CreateJobRequest xmlns="${NS}"><ClientRequestToken>${token}</ClientRequestToken><Operation>${operation}</Operation>` +
  `<Report><Enabled>false</Enabled></Report>${MANIFEST_XML}<Priority>5</Priority><RoleArn>arn:aws:iam::123456789012:role/batch</RoleArn>${extra}</CreateJobRequest>`;

/** CreateJob bodies as the JS SDK and botocore send them (test/unit/aws-create-job-request.test.ts), and one per operation this service runs. */
export const AWS_CREATE_BODIES = [
  // The JS SDK: a declaration, one line, tags.
  `<?xml version="1.0" encoding="UTF-8"?><CreateJobRequest xmlns="${NS}"><Operation><S3PutObjectTagging><TagSet><member><Key>k</Key><Value>v</Value></member></TagSet></S3PutObjectTagging></Operation><Report><Enabled>true</Enabled><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Prefix>reports</Prefix><ReportScope>AllTasks</ReportScope></Report><Priority>10</Priority><RoleArn>arn:aws:iam::123456789012:role/batch</RoleArn><ConfirmationRequired>true</ConfirmationRequired><ClientRequestToken>aws-fuzz-js-sdk</ClientRequestToken>${MANIFEST_XML}<Description>tag &lt;all&gt; &amp; more</Description><Tags><member><Key>team</Key><Value>data</Value></member></Tags></CreateJobRequest>`,
  // botocore: no declaration, `<Value />`, the token last.
  `<CreateJobRequest xmlns="${NS}"><Operation><S3PutObjectTagging><TagSet><member><Key>k1</Key><Value>v1</Value></member><member><Key>k2</Key><Value /></member></TagSet></S3PutObjectTagging></Operation><Report><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Enabled>true</Enabled><Prefix>reports</Prefix><ReportScope>FailedTasksOnly</ReportScope></Report>${MANIFEST_XML}<Priority>0</Priority><RoleArn>arn:aws:iam::123456789012:role/batch-ops</RoleArn><ConfirmationRequired>false</ConfirmationRequired><Description>botocore</Description><Tags><member><Key>team</Key><Value /></member></Tags><ClientRequestToken>aws-fuzz-botocore</ClientRequestToken></CreateJobRequest>`,
  awsJob(
    'aws-fuzz-copy',
    '<S3PutObjectCopy><TargetResource>arn:aws:s3:::dest-bucket</TargetResource><MetadataDirective>REPLACE</MetadataDirective>' +
      '<NewObjectMetadata><CacheControl>no-cache</CacheControl><UserMetadata><entry><key>color</key><value>blue</value></entry><entry><key>size</key><value>10</value></entry></UserMetadata><SSEAlgorithm>AES256</SSEAlgorithm></NewObjectMetadata>' +
      '<NewObjectTagging><member><Key>a</Key><Value>1</Value></member></NewObjectTagging><StorageClass>STANDARD_IA</StorageClass><TargetKeyPrefix>copies/</TargetKeyPrefix></S3PutObjectCopy>',
  ),
  awsJob('aws-fuzz-restore', '<S3InitiateRestoreObject><ExpirationInDays>3</ExpirationInDays><GlacierJobTier>BULK</GlacierJobTier></S3InitiateRestoreObject>', '<Description>restore</Description>'),
  awsJob('aws-fuzz-untag', '<S3DeleteObjectTagging/>', '<ConfirmationRequired>true</ConfirmationRequired>'),
];

const awsText = fc.oneof(
  { arbitrary: hostileText, weight: 3 },
  {
    arbitrary: fc.constantFrom(
      'arn:aws:s3:::dest-bucket', 'arn:aws:s3:::b/k', 'arn:aws:s3:::B', 'arn:aws:iam::123456789012:role/r', 'arn:aws:iam::1:role/r',
      'S3BatchOperations_CSV_20180820', 'S3InventoryReport_CSV_20161130', 'Report_CSV_20180820', 'BULK', 'STANDARD', 'GLACIER',
      'REPLACE', 'COPY', 'AES256', 'KMS', 'FailedTasksOnly', '2026-01-02T03:04:05Z', '2026-13-02T03:04:05Z', 'Ignore', 'VersionId',
    ),
    weight: 1,
  },
);

/** Markup a mutation may put into an AWS body: the model's other members, namespaces, prefixes, unions' other arms. */
const awsInjected = fc.oneof(
  awsText,
  fc.constantFrom(
    '<Priority>2</Priority>',
    '<Operation><S3DeleteObjectTagging/></Operation>',
    '<S3DeleteObjectTagging/>',
    '<S3ReplicateObject/>',
    '<LambdaInvoke><FunctionArn>arn:aws:lambda:us-east-1:123456789012:function:f</FunctionArn></LambdaInvoke>',
    '<S3Frobnicate/>',
    '<member><Key>k</Key><Value>v</Value></member>',
    '<member><Key>team</Key><Value>x</Value></member>',
    '<entry><key>color</key><value>red</value></entry>',
    '<entry><key>a</key></entry>',
    '<ManifestGenerator><S3JobManifestGenerator><SourceBucket>arn:aws:s3:::b</SourceBucket></S3JobManifestGenerator></ManifestGenerator>',
    `<s3:Priority xmlns:s3="${NS}">1</s3:Priority>`,
    '<x:Unknown xmlns:x="urn:x">1</x:Unknown>',
    `<Description xmlns="${NS}">ns</Description>`,
    '<Description/>',
    '<!DOCTYPE CreateJobRequest>',
    '<!ENTITY e "x">',
    '&e;',
    '<![CDATA[<Priority>1</Priority>]]>',
    '</CreateJobRequest>',
    `<CreateJobRequest xmlns="${NS}">`,
    '<a><b><c><d><e><f><g><h><i>x</i></h></g></f></e></d></c></b></a>',
  ),
);

/** An AWS body (text, or bytes in base64) with the outcome it must get: a code, or `accepted`. */
export type AwsAttack = HostileBody & { readonly expect: string };

const awsCopy = AWS_CREATE_BODIES[2]!;
const swap = (body: string, from: string, to: string) => {
  if (!body.includes(from)) throw new Error(`hostile-bodies: "${from}" is not in the body`);
  return body.replace(from, to);
};
const bigTagList = (n: number, key = (i: number) => `k${i}`) => Array.from({ length: n }, (_, i) => `<member><Key>${key(i)}</Key><Value>v</Value></member>`).join('');
const BAD = 'BadRequestException';

const AWS_CREATE_ATTACK_LIST: Array<[string, string, { text: string } | { bytes: Buffer }]> = [
  ['billion laughs', BAD, { text: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>${swap(awsCopy, 'no-cache', '&lol9;')}` }],
  ['external entity', BAD, { text: `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${swap(awsCopy, 'no-cache', '&xxe;')}` }],
  ['an undeclared entity', BAD, { text: swap(awsCopy, 'no-cache', '&xxe;') }],
  ['no xmlns', 'accepted', { text: swap(awsCopy, ` xmlns="${NS}"`, '') }],
  ['another default namespace', 'accepted', { text: swap(awsCopy, NS, 'urn:not-s3-control') }],
  ['every element prefixed', BAD, { text: awsCopy.replace(/<(\/?)([A-Za-z])/g, '<$1s3:$2').replace(` xmlns="${NS}"`, ` xmlns:s3="${NS}"`) }],
  ['the root prefixed only', BAD, { text: swap(swap(awsCopy, `<CreateJobRequest xmlns="${NS}">`, `<s3:CreateJobRequest xmlns:s3="${NS}">`), '</CreateJobRequest>', '</s3:CreateJobRequest>') }],
  ['an xml:lang and a foreign attribute', 'accepted', { text: swap(awsCopy, '<Priority>', '<Priority xml:lang="en" x:y="1" xmlns:x="urn:x">') }],
  ['CDATA text', 'accepted', { text: swap(awsCopy, '<CacheControl>no-cache</CacheControl>', '<CacheControl><![CDATA[no-cache & <more>]]></CacheControl>') }],
  ['CDATA where the operation is', BAD, { text: awsJob('aws-cdata-op', '<![CDATA[<S3DeleteObjectTagging/>]]>') }],
  ['a comment and a processing instruction', 'accepted', { text: swap(awsCopy, '<Priority>', '<!-- c --><?pi x?><Priority>') }],
  ['10,000-deep nesting', BAD, { text: `<CreateJobRequest xmlns="${NS}">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</CreateJobRequest>` }],
  ['10,000 unclosed levels', BAD, { text: `<CreateJobRequest>${'<a>'.repeat(10_000)}` }],
  ['nine levels in the operation', BAD, { text: awsJob('aws-deep', '<S3DeleteObjectTagging><a><b><c><d><e><f><g>x</g></f></e></d></c></b></a></S3DeleteObjectTagging>') }],
  ['3,500 Fields members (over the markup cap, under 64 KiB)', BAD, { text: swap(awsCopy, '<member>Key</member>', '<member>Key</member>'.repeat(3_500)) }],
  ['51 job tags', BAD, { text: awsJob('aws-51-tags', '<S3DeleteObjectTagging/>', `<Tags>${bigTagList(51)}</Tags>`) }],
  ['50 job tags', 'accepted', { text: awsJob('aws-50-tags', '<S3DeleteObjectTagging/>', `<Tags>${bigTagList(50)}</Tags>`) }],
  ['a job tag key twice', BAD, { text: awsJob('aws-dup-tags', '<S3DeleteObjectTagging/>', `<Tags>${bigTagList(2, () => 'same')}</Tags>`) }],
  ['Priority twice', BAD, { text: swap(awsCopy, '<Priority>5</Priority>', '<Priority>5</Priority><Priority>6</Priority>') }],
  ['Operation twice', BAD, { text: swap(awsCopy, '<Report>', '<Operation><S3DeleteObjectTagging/></Operation><Report>') }],
  ['an Operation of no member', BAD, { text: awsJob('aws-no-op', '') }],
  ['an Operation of two members', BAD, { text: awsJob('aws-two-ops', '<S3DeleteObjectTagging/><S3InitiateRestoreObject><ExpirationInDays>1</ExpirationInDays></S3InitiateRestoreObject>') }],
  ['an Operation of one member twice', BAD, { text: awsJob('aws-op-twice', '<S3DeleteObjectTagging/><S3DeleteObjectTagging/>') }],
  ['an unknown operation', BAD, { text: awsJob('aws-unknown-op', '<S3Frobnicate><X>1</X></S3Frobnicate>') }],
  ['LambdaInvoke (unsupported)', BAD, { text: awsJob('aws-lambda', '<LambdaInvoke><FunctionArn>arn:aws:lambda:us-east-1:123456789012:function:f</FunctionArn></LambdaInvoke>') }],
  ['S3ReplicateObject beside a supported one', BAD, { text: awsJob('aws-replicate', '<S3DeleteObjectTagging/><S3ReplicateObject/>') }],
  ['ManifestGenerator', BAD, { text: swap(awsCopy, MANIFEST_XML, '<ManifestGenerator><S3JobManifestGenerator><SourceBucket>arn:aws:s3:::b</SourceBucket><EnableManifestOutput>false</EnableManifestOutput></S3JobManifestGenerator></ManifestGenerator>') }],
  ['a UserMetadata key twice', BAD, { text: swap(awsCopy, '<key>size</key>', '<key>color</key>') }],
  ['a UserMetadata entry without a value', BAD, { text: swap(awsCopy, '<value>10</value>', '') }],
  ['101 UserMetadata entries', BAD, { text: swap(awsCopy, '<entry><key>size</key><value>10</value></entry>', Array.from({ length: 100 }, (_, i) => `<entry><key>m${i}</key><value>v</value></entry>`).join('')) }],
  ['a list item not named member', BAD, { text: swap(awsCopy, '<Fields><member>Bucket</member>', '<Fields><Field>Bucket</Field>') }],
  ['Priority 2147483648', BAD, { text: swap(awsCopy, '<Priority>5</Priority>', '<Priority>2147483648</Priority>') }],
  ['Priority of 5,000 digits', BAD, { text: swap(awsCopy, '<Priority>5</Priority>', `<Priority>${'9'.repeat(5000)}</Priority>`) }],
  ['two root elements', BAD, { text: `${awsCopy}<CreateJobRequest/>` }],
  ['the PutJobTaggingRequest root', BAD, { text: `<PutJobTaggingRequest xmlns="${NS}"><Tags/></PutJobTaggingRequest>` }],
  ['an ISO-8859-1 declaration', BAD, { text: `<?xml version="1.0" encoding="ISO-8859-1"?>${awsCopy}` }],
  ['invalid UTF-8', BAD, { bytes: Buffer.concat([Buffer.from(awsCopy.slice(0, 100)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(awsCopy.slice(100))]) }],
  ['UTF-16', BAD, { bytes: Buffer.from(`\uFEFF${awsCopy}`, 'utf16le') }],
  ['64 KiB + 1 byte of UTF-8', BAD, { text: swap(awsCopy, 'no-cache', `no-cache${' '.repeat(65_537 - Buffer.byteLength(awsCopy))}`) }],
  ['10 MB', BAD, { text: swap(awsCopy, 'no-cache', 'x'.repeat(10 * 1024 * 1024)) }],
];

export const AWS_CREATE_ATTACKS: Record<string, AwsAttack> = Object.fromEntries(
  AWS_CREATE_ATTACK_LIST.map(([name, expect, content]) => [name, Object.assign(hostile(name, content), { expect })]),
);

const awsTree = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({
    name: fc.constantFrom('CreateJobRequest', 'Operation', 'S3PutObjectCopy', 'Manifest', 'Tags', 'member', 'entry', 'key', 'Priority'),
    children: depth === 0 ? fc.constant([]) : fc.array(awsTree(depth - 1), { maxLength: 3 }),
    text: awsText,
  });

export const awsCreateBody: fc.Arbitrary<HostileBody> = fc.oneof(
  { arbitrary: mutatedOf(AWS_CREATE_BODIES, awsInjected), weight: 8 },
  { arbitrary: awsTree(4).map((t) => hostile('random XML', { text: renderTree(t) })), weight: 1 },
  { arbitrary: fc.string({ maxLength: 200 }).map((text) => hostile('text', { text })), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => hostile('bytes', { bytes: Buffer.from(a) })), weight: 1 },
  { arbitrary: fc.constantFrom(...Object.values(AWS_CREATE_ATTACKS)), weight: 2 },
);

/** PutJobTaggingRequest with these `<member>`s (or any content) inside `<Tags>`. */
export const taggingBody = (tags: string, root = `PutJobTaggingRequest xmlns="${NS}"`) => `<${root}><Tags>${tags}</Tags></${root.split(' ')[0]}>`;
const tagMember = (key: string, value: string) => `<member><Key>${key}</Key><Value>${value}</Value></member>`;

const AWS_TAGGING_ATTACK_LIST: Array<[string, string, { text: string } | { bytes: Buffer }]> = [
  ['no tags (clears them)', 'accepted', { text: taggingBody('') }],
  ['<Tags/>', 'accepted', { text: `<PutJobTaggingRequest xmlns="${NS}"><Tags/></PutJobTaggingRequest>` }],
  ['50 tags', 'accepted', { text: taggingBody(bigTagList(50)) }],
  ['51 tags', 'TooManyTagsException', { text: taggingBody(bigTagList(51)) }],
  ['1,000 tags', 'TooManyTagsException', { text: taggingBody(bigTagList(1000)) }],
  ['51 tags, all one key', 'TooManyTagsException', { text: taggingBody(bigTagList(51, () => 'same')) }],
  ['100,000 tags', BAD, { text: taggingBody(bigTagList(100_000)) }],
  ['a key twice', BAD, { text: taggingBody(tagMember('k', '1') + tagMember('k', '2')) }],
  ['no Tags element', BAD, { text: `<PutJobTaggingRequest xmlns="${NS}"></PutJobTaggingRequest>` }],
  ['Tags twice', BAD, { text: `<PutJobTaggingRequest xmlns="${NS}"><Tags/><Tags/></PutJobTaggingRequest>` }],
  ['no xmlns', 'accepted', { text: taggingBody(tagMember('k', 'v'), 'PutJobTaggingRequest') }],
  ['prefixed', BAD, { text: `<s3:PutJobTaggingRequest xmlns:s3="${NS}"><s3:Tags>${tagMember('k', 'v')}</s3:Tags></s3:PutJobTaggingRequest>` }],
  ['a DTD', BAD, { text: `<!DOCTYPE PutJobTaggingRequest [<!ENTITY e "v">]>${taggingBody(tagMember('k', '&e;'))}` }],
  ['CDATA value', 'accepted', { text: taggingBody(tagMember('k', '<![CDATA[a b]]>')) }],
  ['CDATA key outside the pattern', BAD, { text: taggingBody(tagMember('<![CDATA[<k>]]>', 'v')) }],
  ['a key of 129 bytes', BAD, { text: taggingBody(tagMember('k'.repeat(129), 'v')) }],
  ['a value of 257 bytes', BAD, { text: taggingBody(tagMember('k', 'v'.repeat(257))) }],
  ['a member without a Value', BAD, { text: taggingBody('<member><Key>k</Key></member>') }],
  ['deep nesting', BAD, { text: taggingBody(`<member><Key><a><b><c>k</c></b></a></Key><Value>v</Value></member>`) }],
  ['10,000 unclosed levels', BAD, { text: `<PutJobTaggingRequest><Tags>${'<member>'.repeat(10_000)}` }],
  ['the CreateJobRequest root', BAD, { text: awsCopy }],
  ['invalid UTF-8', BAD, { bytes: Buffer.concat([Buffer.from(taggingBody(tagMember('k', 'v')).slice(0, 60)), Buffer.from([0xff, 0xfe])]) }],
  ['256 KiB + 1 byte', BAD, { text: taggingBody(tagMember('k', 'v') + ' '.repeat(256 * 1024)) }],
];

export const AWS_TAGGING_ATTACKS: Record<string, AwsAttack> = Object.fromEntries(
  AWS_TAGGING_ATTACK_LIST.map(([name, expect, content]) => [name, Object.assign(hostile(name, content), { expect })]),
);

const tagKey = fc.oneof(fc.constantFrom('k', 'team', 'a b', 'x:y/z=+-@_.', '你好', ''), awsText);
const tagValue = fc.oneof(fc.constantFrom('v', '', ' ', '&amp;', '&lt;x&gt;'), awsText);

export const awsTaggingBody: fc.Arbitrary<HostileBody> = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.array(fc.tuple(tagKey, tagValue), { maxLength: 60 }), fc.boolean())
      .map(([tags, withNs]) => hostile(`${tags.length} tags`, { text: taggingBody(tags.map(([k, v]) => tagMember(k, v)).join(''), withNs ? undefined : 'PutJobTaggingRequest') })),
    weight: 4,
  },
  { arbitrary: mutatedOf([taggingBody(tagMember('k', 'v') + tagMember('team', ''))], awsInjected), weight: 4 },
  // About the limit of 50 tags, which short random arrays seldom reach.
  {
    arbitrary: fc.integer({ min: 49, max: 52 }).map((n) => hostile(`${n} tags`, { text: taggingBody(Array.from({ length: n }, (_, i) => tagMember(`k${i}`, 'v')).join('')) })),
    weight: 1,
  },
  { arbitrary: fc.string({ maxLength: 100 }).map((text) => hostile('text', { text })), weight: 1 },
  { arbitrary: fc.constantFrom(...Object.values(AWS_TAGGING_ATTACKS)), weight: 2 },
);
