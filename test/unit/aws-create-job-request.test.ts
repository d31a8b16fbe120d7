/**
 * The AWS dialect's CreateJob body (lib/aws/operations/create-job.ts parseCreateJobRequest, with the schema of
 * lib/aws/job-definition-xml.ts): what the JS SDK and botocore send is read as the exact job definition, in any
 * element order, unknown elements ignored; every rule of the model (shared/reference/s3control-jobs-api.md §6) and
 * every refusal of docs/aws.md answers BadRequestException with a message naming the element and the rule.
 */
import { parseCreateJobRequest } from '../../lib/aws/operations/create-job';
import { AwsError } from '../../lib/aws/errors';
import { parseGatewayEvent } from '../../lib/http/event';
import { fingerprintOf } from '../../lib/jobs/create-job';
import type { JobDefinition } from '../../lib/jobs/job';
import { httpApiEvent, restEvent } from '../support/events';

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const ACCOUNT = '123456789012';

function requestOf(body: string, { base64 = false, rest = false } = {}) {
  const spec = { method: 'POST', path: '/v20180820/jobs', headers: { 'x-amz-account-id': ACCOUNT }, body, base64 };
  return parseGatewayEvent((rest ? restEvent : httpApiEvent)(spec));
}
const parse = (body: string, options?: { base64?: boolean; rest?: boolean }) => parseCreateJobRequest(requestOf(body, options));
const parsed = (body: string) => {
  const result = parse(body);
  if (result instanceof AwsError) throw new Error(`refused: ${result.code} ${result.message}`);
  return result;
};
const definitionOf = (body: string): JobDefinition => parsed(body).definition;

/** BadRequestException (400) with exactly this message. */
function expectRefused(result: unknown, message: string | RegExp) {
  expect(result).toBeInstanceOf(AwsError);
  const error = result as AwsError;
  expect({ code: error.code, status: error.status, message: error.message }).toEqual({
    code: 'BadRequestException',
    status: 400,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}
/** The validator's own words for two root elements (where it notices them is its business). */
const TWO_ROOTS = /^The request body is not well-formed XML: Multiple possible root nodes found\. \(line 1, column \d+\)$/;

/** `base` with one change, which must apply exactly once. */
function edit(base: string, from: string, to: string): string {
  const at = base.indexOf(from);
  if (at === -1 || base.indexOf(from, at + 1) !== -1) throw new Error(`"${from}" must occur exactly once in ${base}`);
  return base.slice(0, at) + to + base.slice(at + from.length);
}
const el = (name: string, inner: string) => `<${name}>${inner}</${name}>`;
/** `n` bytes of UTF-8 that are letters: three-byte characters, then ASCII letters to make up the rest. */
const utf8Bytes = (n: number) => '你'.repeat(Math.floor(n / 3)) + 'x'.repeat(n % 3);
const tagMembers = (n: number, value = 'v') => Array.from({ length: n }, (_, i) => `<member><Key>k${i}</Key><Value>${value}</Value></member>`).join('');

// ---------------------------------------------------------------------------------------------------------------
// Bodies

/** Exactly what @aws-sdk/client-s3-control 3.1112.0 sent (reference §7), one line on the wire. */
const JS_SDK =
  `<?xml version="1.0" encoding="UTF-8"?><CreateJobRequest xmlns="${NS}"><Operation><S3PutObjectTagging><TagSet><member><Key>k</Key><Value>v</Value></member></TagSet></S3PutObjectTagging></Operation><Report><Enabled>true</Enabled><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Prefix>reports</Prefix><ReportScope>AllTasks</ReportScope></Report><Priority>10</Priority><RoleArn>arn:aws:iam::123456789012:role/batch</RoleArn><ConfirmationRequired>true</ConfirmationRequired><ClientRequestToken>tok-1</ClientRequestToken><Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::manifest-bucket/manifest.csv</ObjectArn><ETag>60e460c9d1046e73f7dde5043ac3ae85</ETag></Location></Manifest><Description>tag &lt;all&gt; &amp; more</Description><Tags><member><Key>team</Key><Value>data</Value></member></Tags></CreateJobRequest>`;

const JS_SDK_DEFINITION: JobDefinition = {
  confirmationRequired: true,
  description: 'tag <all> & more',
  priority: 10,
  roleArn: 'arn:aws:iam::123456789012:role/batch',
  manifest: {
    Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
    Location: { ObjectArn: 'arn:aws:s3:::manifest-bucket/manifest.csv', ETag: '60e460c9d1046e73f7dde5043ac3ae85' },
  },
  operation: { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } } as never,
  report: { Bucket: 'arn:aws:s3:::report-bucket', Format: 'Report_CSV_20180820', Enabled: 'true', Prefix: 'reports', ReportScope: 'AllTasks' },
  tags: [{ Key: 'team', Value: 'data' }],
};

/**
 * What botocore (AWS CLI v1 / boto3) sends (reference §8): no declaration, the model's element order, empty values
 * as `<Value />`, the generated ClientRequestToken last.
 */
const BOTOCORE =
  `<CreateJobRequest xmlns="${NS}">` +
  '<Operation><S3PutObjectTagging><TagSet><member><Key>k1</Key><Value>v1</Value></member><member><Key>k2</Key><Value /></member></TagSet></S3PutObjectTagging></Operation>' +
  '<Report><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Enabled>true</Enabled><Prefix>reports</Prefix><ReportScope>FailedTasksOnly</ReportScope></Report>' +
  '<Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member><member>VersionId</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::manifest-bucket/manifests/m.csv</ObjectArn><ObjectVersionId>3HL4kqtJlcpXroDTDmJ</ObjectVersionId><ETag>"60e460c9d1046e73f7dde5043ac3ae85"</ETag></Location></Manifest>' +
  '<Priority>0</Priority><RoleArn>arn:aws:iam::123456789012:role/batch-ops</RoleArn><ConfirmationRequired>false</ConfirmationRequired><Description>botocore</Description>' +
  '<Tags><member><Key>team</Key><Value /></member></Tags>' +
  '<ClientRequestToken>9b0f3b5c-3f0e-4a8e-b8a2-2d0c7c1d8e11</ClientRequestToken></CreateJobRequest>';

const BOTOCORE_RESULT = {
  clientRequestToken: '9b0f3b5c-3f0e-4a8e-b8a2-2d0c7c1d8e11',
  definition: {
    confirmationRequired: false,
    description: 'botocore',
    priority: 0,
    roleArn: 'arn:aws:iam::123456789012:role/batch-ops',
    manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key', 'VersionId'] },
      Location: { ObjectArn: 'arn:aws:s3:::manifest-bucket/manifests/m.csv', ObjectVersionId: '3HL4kqtJlcpXroDTDmJ', ETag: '"60e460c9d1046e73f7dde5043ac3ae85"' },
    },
    operation: { S3PutObjectTagging: { TagSet: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: '' }] } },
    report: { Bucket: 'arn:aws:s3:::report-bucket', Format: 'Report_CSV_20180820', Enabled: 'true', Prefix: 'reports', ReportScope: 'FailedTasksOnly' },
    tags: [{ Key: 'team', Value: '' }],
  },
};

/** A minimal job around an operation: CSV manifest, no report, no tags. */
const withOperation = (operation: string, extra = '') =>
  `<CreateJobRequest xmlns="${NS}"><ClientRequestToken>tok-op</ClientRequestToken><Operation>${operation}</Operation>` +
  '<Report><Enabled>false</Enabled></Report>' +
  '<Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::src-bucket/m.csv</ObjectArn><ETag>e1</ETag></Location></Manifest>' +
  `<Priority>5</Priority><RoleArn>arn:aws:iam::123456789012:role/r</RoleArn>${extra}</CreateJobRequest>`;

const BASE_DEFINITION = {
  confirmationRequired: false,
  description: '',
  priority: 5,
  roleArn: 'arn:aws:iam::123456789012:role/r',
  manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::src-bucket/m.csv', ETag: 'e1' } },
  report: { Enabled: 'false' },
};

/** Every S3PutObjectCopy member this service runs. */
const COPY_MEMBERS =
  '<TargetResource>arn:aws:s3:::dest-bucket</TargetResource>' +
  '<AccessControlGrants>' +
  '<member><Grantee><TypeIdentifier>id</TypeIdentifier><Identifier>79a59df900b949e55d96a1e698fbaced</Identifier><DisplayName>owner &amp; co</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></member>' +
  '<member><Grantee><TypeIdentifier>uri</TypeIdentifier><Identifier>http://acs.amazonaws.com/groups/global/AllUsers</Identifier></Grantee><Permission>READ</Permission></member>' +
  '<member><Grantee><TypeIdentifier>emailAddress</TypeIdentifier><Identifier>a@example.com</Identifier></Grantee><Permission>WRITE_ACP</Permission></member>' +
  '</AccessControlGrants>' +
  '<MetadataDirective>REPLACE</MetadataDirective>' +
  '<ModifiedSinceConstraint>2026-01-02T03:04:05Z</ModifiedSinceConstraint>' +
  '<NewObjectMetadata><CacheControl>no-cache</CacheControl><ContentDisposition>inline</ContentDisposition><ContentEncoding>gzip</ContentEncoding><ContentLanguage>en</ContentLanguage>' +
  '<UserMetadata><entry><key>color</key><value>blue</value></entry><entry><key>x-note</key><value> a  b </value></entry><entry><key>empty</key><value /></entry></UserMetadata>' +
  '<ContentType>text/plain; charset="utf-8"</ContentType><HttpExpiresDate>2027-01-01T00:00:00.000Z</HttpExpiresDate><RequesterCharged>false</RequesterCharged><SSEAlgorithm>AES256</SSEAlgorithm></NewObjectMetadata>' +
  '<NewObjectTagging><member><Key>a</Key><Value>1</Value></member><member><Key>b</Key><Value /></member></NewObjectTagging>' +
  '<RequesterPays>false</RequesterPays>' +
  '<StorageClass>GLACIER_IR</StorageClass>' +
  '<UnModifiedSinceConstraint>2026-01-02T03:04:05+00:00</UnModifiedSinceConstraint>' +
  '<TargetKeyPrefix>copies/</TargetKeyPrefix>' +
  '<BucketKeyEnabled>false</BucketKeyEnabled>';
const FULL_COPY = withOperation(el('S3PutObjectCopy', COPY_MEMBERS));
const FULL_COPY_OPERATION = {
  S3PutObjectCopy: {
    TargetResource: 'arn:aws:s3:::dest-bucket',
    AccessControlGrants: [
      { Grantee: { TypeIdentifier: 'id', Identifier: '79a59df900b949e55d96a1e698fbaced', DisplayName: 'owner & co' }, Permission: 'FULL_CONTROL' },
      { Grantee: { TypeIdentifier: 'uri', Identifier: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      { Grantee: { TypeIdentifier: 'emailAddress', Identifier: 'a@example.com' }, Permission: 'WRITE_ACP' },
    ],
    MetadataDirective: 'REPLACE',
    ModifiedSinceConstraint: '2026-01-02T03:04:05Z',
    NewObjectMetadata: {
      CacheControl: 'no-cache',
      ContentDisposition: 'inline',
      ContentEncoding: 'gzip',
      ContentLanguage: 'en',
      UserMetadata: [
        { Key: 'color', Value: 'blue' },
        { Key: 'x-note', Value: ' a  b ' },
        { Key: 'empty', Value: '' },
      ],
      ContentType: 'text/plain; charset="utf-8"',
      HttpExpiresDate: '2027-01-01T00:00:00.000Z',
      RequesterCharged: 'false',
      SSEAlgorithm: 'AES256',
    },
    NewObjectTagging: [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '' },
    ],
    RequesterPays: 'false',
    StorageClass: 'GLACIER_IR',
    UnModifiedSinceConstraint: '2026-01-02T03:04:05+00:00',
    TargetKeyPrefix: 'copies/',
    BucketKeyEnabled: 'false',
  },
};
const copyWith = (members: string) => withOperation(el('S3PutObjectCopy', `<TargetResource>arn:aws:s3:::dest-bucket</TargetResource>${members}`));
const restoreWith = (members: string) => withOperation(el('S3InitiateRestoreObject', members));

// ---------------------------------------------------------------------------------------------------------------

describe('what the real clients send gives the exact definition', () => {
  it('the JS SDK’s body (reference §7: declaration, xmlns, the SDK’s member order, escaped Description)', () => {
    expect(parsed(JS_SDK)).toEqual({ clientRequestToken: 'tok-1', definition: JS_SDK_DEFINITION });
  });

  it('the same body through a REST API (payload 1.0) and base64-encoded by the gateway: the same', () => {
    expect(parse(JS_SDK, { rest: true })).toEqual(parsed(JS_SDK));
    expect(parse(Buffer.from(JS_SDK, 'utf8').toString('base64'), { base64: true })).toEqual(parsed(JS_SDK));
  });

  it('botocore’s body (reference §8: no declaration, model order, `<Value />`, ClientRequestToken last)', () => {
    expect(parsed(BOTOCORE)).toEqual(BOTOCORE_RESULT);
  });

  it('element order is irrelevant: the children of every element reversed give the same definition and fingerprint', () => {
    const reversed = (xml: string, parent: string) => {
      const open = `<${parent}>`;
      const start = xml.indexOf(open) + open.length;
      const end = xml.indexOf(`</${parent}>`);
      const children = xml.slice(start, end).match(/<(\w+)>.*?<\/\1>|<\w+ ?\/>/g)!;
      expect(children.join('')).toBe(xml.slice(start, end));
      return xml.slice(0, start) + children.reverse().join('') + xml.slice(end);
    };
    let body = JS_SDK.replace(`<CreateJobRequest xmlns="${NS}">`, '<CreateJobRequest>');
    for (const parent of ['CreateJobRequest', 'Report', 'Spec', 'Location']) body = reversed(body, parent);
    expect(body).not.toBe(JS_SDK);
    const result = parsed(body);
    expect(result).toEqual(parsed(JS_SDK));
    // The use case's idempotency fingerprint is computed from the definition: the same whatever order the client used.
    expect(fingerprintOf(result.definition)).toBe(fingerprintOf(parsed(JS_SDK).definition));
  });

  it('a full S3PutObjectCopy: grants, UserMetadata entries, NewObjectTagging, ISO constraints, StorageClass, TargetKeyPrefix', () => {
    expect(parsed(FULL_COPY)).toEqual({ clientRequestToken: 'tok-op', definition: { ...BASE_DEFINITION, operation: FULL_COPY_OPERATION } });
  });

  it('S3PutObjectCopy with a canned ACL and an empty NewObjectTagging (an empty list, not absent)', () => {
    expect(definitionOf(copyWith('<CannedAccessControlList>bucket-owner-full-control</CannedAccessControlList><NewObjectTagging/><StorageClass>STANDARD</StorageClass>')).operation).toEqual({
      S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-bucket', CannedAccessControlList: 'bucket-owner-full-control', NewObjectTagging: [], StorageClass: 'STANDARD' },
    });
  });

  it('S3PutObjectTagging with a TagSet, with an empty one, and without', () => {
    expect(parsed(withOperation('<S3PutObjectTagging><TagSet><member><Key>a b</Key><Value>c:d/e=f+g-h@i.j_k</Value></member></TagSet></S3PutObjectTagging>'))).toEqual({
      clientRequestToken: 'tok-op',
      definition: { ...BASE_DEFINITION, operation: { S3PutObjectTagging: { TagSet: [{ Key: 'a b', Value: 'c:d/e=f+g-h@i.j_k' }] } } },
    });
    expect(definitionOf(withOperation('<S3PutObjectTagging><TagSet/></S3PutObjectTagging>')).operation).toEqual({ S3PutObjectTagging: { TagSet: [] } });
    expect(definitionOf(withOperation('<S3PutObjectTagging/>')).operation).toEqual({ S3PutObjectTagging: {} });
  });

  it('S3DeleteObjectTagging, serialized `<S3DeleteObjectTagging/>` (and as an empty pair)', () => {
    expect(parsed(withOperation('<S3DeleteObjectTagging/>'))).toEqual({ clientRequestToken: 'tok-op', definition: { ...BASE_DEFINITION, operation: { S3DeleteObjectTagging: {} } } });
    expect(definitionOf(withOperation('<S3DeleteObjectTagging></S3DeleteObjectTagging>')).operation).toEqual({ S3DeleteObjectTagging: {} });
  });

  it('S3InitiateRestoreObject with and without GlacierJobTier', () => {
    expect(parsed(restoreWith('<ExpirationInDays>7</ExpirationInDays><GlacierJobTier>BULK</GlacierJobTier>'))).toEqual({
      clientRequestToken: 'tok-op',
      definition: { ...BASE_DEFINITION, operation: { S3InitiateRestoreObject: { ExpirationInDays: '7', GlacierJobTier: 'BULK' } } },
    });
    expect(definitionOf(restoreWith('<ExpirationInDays>2147483647</ExpirationInDays>')).operation).toEqual({ S3InitiateRestoreObject: { ExpirationInDays: '2147483647' } });
  });

  it('an inventory-report manifest needs no Fields', () => {
    const body = edit(withOperation('<S3DeleteObjectTagging/>'), '<Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields>', '<Format>S3InventoryReport_CSV_20161130</Format>');
    expect(definitionOf(body).manifest).toEqual({ Spec: { Format: 'S3InventoryReport_CSV_20161130' }, Location: { ObjectArn: 'arn:aws:s3:::src-bucket/m.csv', ETag: 'e1' } });
  });

  it('a disabled report needs nothing else; ConfirmationRequired absent is false, Description absent is empty, Tags absent is absent', () => {
    const definition = definitionOf(withOperation('<S3DeleteObjectTagging/>'));
    expect(definition.report).toEqual({ Enabled: 'false' });
    expect([definition.confirmationRequired, definition.description, 'tags' in definition]).toEqual([false, '', false]);
  });

  it('an empty <Tags/> gives the job no tags (as PutJobTagging with none removes them)', () => {
    expect(definitionOf(withOperation('<S3DeleteObjectTagging/>', '<Tags/>'))).not.toHaveProperty('tags');
  });

  it.each([
    ['a fraction', '2026-01-02T03:04:05.678Z'],
    ['an offset', '2026-01-02T03:04:05+02:00'],
    ['nine fraction digits', '2026-01-02T03:04:05.123456789Z'],
  ])('timestamps: %s is accepted as given', (_name, value) => {
    expect(definitionOf(copyWith(el('ModifiedSinceConstraint', value))).operation).toEqual({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-bucket', ModifiedSinceConstraint: value } });
  });

  it.each([
    ['at the root', '<Priority>', '<ManifestGeneratorX>1</ManifestGeneratorX><Unknown><Deep>x</Deep></Unknown><Priority>'],
    ['in Report', '<Enabled>', '<Encryption>none</Encryption><Enabled>'],
    ['in Manifest.Spec', '<Format>S3BatchOperations', '<Compression>none</Compression><Format>S3BatchOperations'],
    ['in Manifest.Location', '<ETag>', '<Size>12</Size><ETag>'],
    ['in S3PutObjectTagging', '<TagSet>', '<Future>yes</Future><TagSet>'],
    ['in a tag', '<Key>k</Key>', '<Key>k</Key><Note>n</Note>'],
    ['an attribute on a known element', '<Priority>', '<Priority unit="x">'],
  ])('unknown elements are ignored: %s', (_name, from, to) => {
    expect(parsed(edit(JS_SDK, from, to))).toEqual(parsed(JS_SDK));
  });
});

// ---------------------------------------------------------------------------------------------------------------

const RUNS = 'it runs S3PutObjectCopy, S3PutObjectTagging, S3DeleteObjectTagging and S3InitiateRestoreObject';

describe('operations and parts this service does not run: refused by name', () => {
  it.each([
    ['LambdaInvoke', '<LambdaInvoke><FunctionArn>arn:aws:lambda:us-east-1:123456789012:function:f</FunctionArn><InvocationSchemaVersion>2.0</InvocationSchemaVersion><UserArguments><entry><key>k1</key><value>v1</value></entry></UserArguments></LambdaInvoke>', 'it has no Lambda functions to invoke'],
    ['S3PutObjectAcl', '<S3PutObjectAcl><AccessControlPolicy><CannedAccessControlList>private</CannedAccessControlList></AccessControlPolicy></S3PutObjectAcl>', 'it does not replace object ACLs'],
    ['S3PutObjectLegalHold', '<S3PutObjectLegalHold><LegalHold><Status>ON</Status></LegalHold></S3PutObjectLegalHold>', 'it has no Object Lock'],
    ['S3PutObjectRetention', '<S3PutObjectRetention><Retention><Mode>GOVERNANCE</Mode></Retention></S3PutObjectRetention>', 'it has no Object Lock'],
    ['S3ReplicateObject', '<S3ReplicateObject/>', 'it has no replication'],
    ['S3ComputeObjectChecksum', '<S3ComputeObjectChecksum><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType></S3ComputeObjectChecksum>', 'it does not compute checksums'],
    ['S3UpdateObjectEncryption', '<S3UpdateObjectEncryption><ObjectEncryption><SSE-KMS><KMSKeyArn>arn:aws:kms:us-east-1:123456789012:key/k</KMSKeyArn></SSE-KMS></ObjectEncryption></S3UpdateObjectEncryption>', 'it has no KMS keys'],
  ])('%s', (name, operation, why) => {
    expectRefused(parse(withOperation(operation)), `The operation ${name} is not supported by this service (${why}); ${RUNS}.`);
  });

  it('an unsupported operation is named even beside a supported one', () => {
    expectRefused(parse(withOperation('<S3DeleteObjectTagging/><S3ReplicateObject/>')), `The operation S3ReplicateObject is not supported by this service (it has no replication); ${RUNS}.`);
  });

  it('an operation S3 Control does not have at all', () => {
    expectRefused(
      parse(withOperation('<S3Teleport/>')),
      'Operation.S3Teleport is not a supported operation; use one of S3PutObjectCopy, S3PutObjectTagging, S3DeleteObjectTagging, S3InitiateRestoreObject.',
    );
  });

  it('two operations, and none', () => {
    expectRefused(
      parse(withOperation('<S3DeleteObjectTagging/><S3PutObjectTagging/>')),
      'Operation must hold exactly one of S3PutObjectCopy, S3PutObjectTagging, S3DeleteObjectTagging, S3InitiateRestoreObject; it holds 1 S3DeleteObjectTagging, 1 S3PutObjectTagging.',
    );
    expectRefused(parse(withOperation('')), 'Operation must hold exactly one of S3PutObjectCopy, S3PutObjectTagging, S3DeleteObjectTagging, S3InitiateRestoreObject.');
  });

  const GENERATOR =
    '<ManifestGenerator><S3JobManifestGenerator><SourceBucket>arn:aws:s3:::src-bucket</SourceBucket><EnableManifestOutput>false</EnableManifestOutput><Filter><MatchAnyObjectEncryption><ObjectEncryption><SSE-KMS><KmsKeyArn>k</KmsKeyArn></SSE-KMS></ObjectEncryption></MatchAnyObjectEncryption></Filter></S3JobManifestGenerator></ManifestGenerator>';
  const NO_GENERATOR = 'ManifestGenerator is not supported by this service: give the job a Manifest (a CSV file or an inventory report).';

  it('a ManifestGenerator, with a Manifest or instead of one, nested as deep as its filters go', () => {
    expectRefused(parse(withOperation('<S3DeleteObjectTagging/>', GENERATOR)), NO_GENERATOR);
    const body = edit(withOperation('<S3DeleteObjectTagging/>', GENERATOR), /<Manifest>.*<\/Manifest>/.exec(withOperation(''))![0], '');
    expect(body).not.toContain('<Manifest>');
    expectRefused(parse(body), NO_GENERATOR);
  });

  it('no Manifest', () => {
    const body = edit(withOperation('<S3DeleteObjectTagging/>'), /<Manifest>.*<\/Manifest>/.exec(withOperation(''))![0], '');
    expectRefused(parse(body), 'Manifest is required (this service does not generate manifests).');
  });

  const KMS = 'no KMS keys: use SSEAlgorithm AES256';
  it.each([
    ['SSEAwsKmsKeyId', '<SSEAwsKmsKeyId>arn:aws:kms:us-east-1:123456789012:key/k</SSEAwsKmsKeyId>', `Operation.S3PutObjectCopy.SSEAwsKmsKeyId is not supported by this service (${KMS}).`],
    ['SSEAlgorithm KMS', '<NewObjectMetadata><SSEAlgorithm>KMS</SSEAlgorithm></NewObjectMetadata>', `Operation.S3PutObjectCopy.NewObjectMetadata.SSEAlgorithm cannot be KMS on this service (${KMS}).`],
    ['BucketKeyEnabled true', '<BucketKeyEnabled>true</BucketKeyEnabled>', `Operation.S3PutObjectCopy.BucketKeyEnabled cannot be true on this service (${KMS}).`],
    ['ObjectLockLegalHoldStatus', '<ObjectLockLegalHoldStatus>OFF</ObjectLockLegalHoldStatus>', 'Operation.S3PutObjectCopy.ObjectLockLegalHoldStatus is not supported by this service (no Object Lock).'],
    ['ObjectLockMode', '<ObjectLockMode>GOVERNANCE</ObjectLockMode>', 'Operation.S3PutObjectCopy.ObjectLockMode is not supported by this service (no Object Lock).'],
    ['ObjectLockRetainUntilDate', '<ObjectLockRetainUntilDate>2030-01-01T00:00:00Z</ObjectLockRetainUntilDate>', 'Operation.S3PutObjectCopy.ObjectLockRetainUntilDate is not supported by this service (no Object Lock).'],
    ['ChecksumAlgorithm', '<ChecksumAlgorithm>CRC32</ChecksumAlgorithm>', 'Operation.S3PutObjectCopy.ChecksumAlgorithm is not supported by this service (copies keep the checksums S3 computes).'],
    ['RequesterPays true', '<RequesterPays>true</RequesterPays>', 'Operation.S3PutObjectCopy.RequesterPays cannot be true on this service (no Requester Pays).'],
    ['RequesterCharged true', '<NewObjectMetadata><RequesterCharged>true</RequesterCharged></NewObjectMetadata>', 'Operation.S3PutObjectCopy.NewObjectMetadata.RequesterCharged cannot be true on this service (no Requester Pays).'],
    ['RedirectLocation', '<RedirectLocation>/elsewhere</RedirectLocation>', 'Operation.S3PutObjectCopy.RedirectLocation is not supported by this service (no website redirects).'],
    ['ContentLength', '<NewObjectMetadata><ContentLength>12</ContentLength></NewObjectMetadata>', 'Operation.S3PutObjectCopy.NewObjectMetadata.ContentLength is not supported by this service (S3 sets the length of a copy).'],
    ['ContentMD5', '<NewObjectMetadata><ContentMD5>1B2M2Y8AsgTpgAmY7PhCfg==</ContentMD5></NewObjectMetadata>', 'Operation.S3PutObjectCopy.NewObjectMetadata.ContentMD5 is not supported by this service (S3 computes the digest of a copy).'],
  ])('in S3PutObjectCopy: %s', (_name, members, message) => {
    expectRefused(parse(copyWith(members)), message);
  });

  it('an unsupported member is refused even when empty', () => {
    expectRefused(parse(copyWith('<SSEAwsKmsKeyId/>')), `Operation.S3PutObjectCopy.SSEAwsKmsKeyId is not supported by this service (${KMS}).`);
  });

  it('Report.ExpectedBucketOwner', () => {
    expectRefused(
      parse(edit(JS_SDK, '<ReportScope>', `<ExpectedBucketOwner>${ACCOUNT}</ExpectedBucketOwner><ReportScope>`)),
      'Report.ExpectedBucketOwner is not supported by this service (buckets here have no owner account to check).',
    );
  });

  it('a canned ACL together with grants', () => {
    expectRefused(
      parse(copyWith('<CannedAccessControlList>private</CannedAccessControlList><AccessControlGrants><member><Grantee><TypeIdentifier>id</TypeIdentifier><Identifier>abc</Identifier></Grantee><Permission>READ</Permission></member></AccessControlGrants>')),
      'Operation.S3PutObjectCopy gives both CannedAccessControlList and AccessControlGrants; S3 takes one or the other.',
    );
    // An empty grant list is no grant.
    expect(definitionOf(copyWith('<CannedAccessControlList>private</CannedAccessControlList><AccessControlGrants/>')).operation).toEqual({
      S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-bucket', CannedAccessControlList: 'private', AccessControlGrants: [] },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('enumerations: anything but the model’s values is refused, naming the element and the values', () => {
  it.each([
    ['Manifest.Spec.Format', edit(JS_SDK, '<Format>S3BatchOperations_CSV_20180820</Format>', '<Format>CSV</Format>'), 'Manifest.Spec.Format must be one of S3BatchOperations_CSV_20180820, S3InventoryReport_CSV_20161130, not "CSV".'],
    ['Manifest.Spec.Fields member', edit(JS_SDK, '<member>Key</member>', '<member>Key</member><member>Size</member>'), 'Manifest.Spec.Fields.member[3] must be one of Ignore, Bucket, Key, VersionId, not "Size".'],
    ['Report.Format', edit(JS_SDK, 'Report_CSV_20180820', 'Report_CSV'), 'Report.Format must be one of Report_CSV_20180820, not "Report_CSV".'],
    ['Report.ReportScope', edit(JS_SDK, 'AllTasks', 'SomeTasks'), 'Report.ReportScope must be one of AllTasks, FailedTasksOnly, not "SomeTasks".'],
    ['Report.Enabled', edit(JS_SDK, '<Enabled>true</Enabled>', '<Enabled>TRUE</Enabled>'), 'Report.Enabled must be one of true, false, not "TRUE".'],
    ['ConfirmationRequired', edit(JS_SDK, '<ConfirmationRequired>true</ConfirmationRequired>', '<ConfirmationRequired>yes</ConfirmationRequired>'), 'ConfirmationRequired must be one of true, false, not "yes".'],
    ['StorageClass', copyWith('<StorageClass>REDUCED_REDUNDANCY</StorageClass>'), 'Operation.S3PutObjectCopy.StorageClass must be one of STANDARD, STANDARD_IA, ONEZONE_IA, GLACIER, INTELLIGENT_TIERING, DEEP_ARCHIVE, GLACIER_IR, not "REDUCED_REDUNDANCY".'],
    ['MetadataDirective', copyWith('<MetadataDirective>Copy</MetadataDirective>'), 'Operation.S3PutObjectCopy.MetadataDirective must be one of COPY, REPLACE, not "Copy".'],
    ['CannedAccessControlList', copyWith('<CannedAccessControlList>default</CannedAccessControlList>'), 'Operation.S3PutObjectCopy.CannedAccessControlList must be one of private, public-read, public-read-write, aws-exec-read, authenticated-read, bucket-owner-read, bucket-owner-full-control, not "default".'],
    ['Grantee.TypeIdentifier', copyWith('<AccessControlGrants><member><Grantee><TypeIdentifier>ID</TypeIdentifier><Identifier>a</Identifier></Grantee><Permission>READ</Permission></member></AccessControlGrants>'), 'Operation.S3PutObjectCopy.AccessControlGrants.member[1].Grantee.TypeIdentifier must be one of id, emailAddress, uri, not "ID".'],
    ['Permission', copyWith('<AccessControlGrants><member><Grantee><TypeIdentifier>id</TypeIdentifier><Identifier>a</Identifier></Grantee><Permission>ALL</Permission></member></AccessControlGrants>'), 'Operation.S3PutObjectCopy.AccessControlGrants.member[1].Permission must be one of FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP, not "ALL".'],
    ['SSEAlgorithm', copyWith('<NewObjectMetadata><SSEAlgorithm>aws:kms</SSEAlgorithm></NewObjectMetadata>'), 'Operation.S3PutObjectCopy.NewObjectMetadata.SSEAlgorithm must be one of AES256, not "aws:kms".'],
    ['RequesterPays', copyWith('<RequesterPays>no</RequesterPays>'), 'Operation.S3PutObjectCopy.RequesterPays must be one of true, false, not "no".'],
    ['BucketKeyEnabled', copyWith('<BucketKeyEnabled>1</BucketKeyEnabled>'), 'Operation.S3PutObjectCopy.BucketKeyEnabled must be one of true, false, not "1".'],
    ['GlacierJobTier', restoreWith('<ExpirationInDays>1</ExpirationInDays><GlacierJobTier>EXPEDITED</GlacierJobTier>'), 'Operation.S3InitiateRestoreObject.GlacierJobTier must be one of BULK, STANDARD, not "EXPEDITED".'],
  ])('%s', (_name, body, message) => {
    expectRefused(parse(body), message);
  });

  it.each([
    ['epoch seconds', '1767323045'],
    ['RFC 1123', 'Fri, 02 Jan 2026 03:04:05 GMT'],
    ['no zone', '2026-01-02T03:04:05'],
    ['a date alone', '2026-01-02'],
    ['an impossible date', '2026-13-45T03:04:05Z'],
  ])('timestamps: %s is refused', (_name, value) => {
    for (const name of ['ModifiedSinceConstraint', 'UnModifiedSinceConstraint']) {
      expectRefused(parse(copyWith(el(name, value))), `Operation.S3PutObjectCopy.${name} must be an ISO-8601 date and time such as 2026-01-02T03:04:05Z.`);
    }
    expectRefused(
      parse(copyWith(`<NewObjectMetadata>${el('HttpExpiresDate', value)}</NewObjectMetadata>`)),
      'Operation.S3PutObjectCopy.NewObjectMetadata.HttpExpiresDate must be an ISO-8601 date and time such as 2026-01-02T03:04:05Z.',
    );
  });

  it('ExpirationInDays: 0 and none are refused (every restore here is of an archived object), 1 is accepted', () => {
    expectRefused(parse(restoreWith('<ExpirationInDays>0</ExpirationInDays>')), 'Operation.S3InitiateRestoreObject.ExpirationInDays must be an integer from 1 to 2147483647.');
    expectRefused(parse(restoreWith('<ExpirationInDays>2147483648</ExpirationInDays>')), 'Operation.S3InitiateRestoreObject.ExpirationInDays must be an integer from 1 to 2147483647.');
    expectRefused(parse(restoreWith('<GlacierJobTier>BULK</GlacierJobTier>')), 'Operation.S3InitiateRestoreObject.ExpirationInDays is required.');
    expect(definitionOf(restoreWith('<ExpirationInDays>1</ExpirationInDays>')).operation).toEqual({ S3InitiateRestoreObject: { ExpirationInDays: '1' } });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('lengths at the edges (bytes of UTF-8)', () => {
  const LEN = (where: string, min: number, max: number, n: number) => `${where} must be ${min} to ${max} bytes of UTF-8; it has ${n}.`;
  const description = (text: string) => edit(JS_SDK, '<Description>tag &lt;all&gt; &amp; more</Description>', el('Description', text));
  const token = (text: string) => edit(JS_SDK, '<ClientRequestToken>tok-1</ClientRequestToken>', el('ClientRequestToken', text));
  const jobTag = (key: string, value: string) => edit(JS_SDK, '<Tags><member><Key>team</Key><Value>data</Value></member></Tags>', `<Tags><member><Key>${key}</Key><Value>${value}</Value></member></Tags>`);
  const prefix = (text: string) => edit(JS_SDK, '<Prefix>reports</Prefix>', el('Prefix', text));

  it('Description: 1 to 256', () => {
    expectRefused(parse(description('')), 'Description must not be empty.');
    expect(definitionOf(description('d')).description).toBe('d');
    expect(definitionOf(description(utf8Bytes(256))).description).toBe(utf8Bytes(256));
    expectRefused(parse(description(utf8Bytes(257))), LEN('Description', 1, 256, 257));
  });

  it('ClientRequestToken: 1 to 64', () => {
    expectRefused(parse(token('')), 'ClientRequestToken must not be empty.');
    expect(parsed(token('t')).clientRequestToken).toBe('t');
    expect(parsed(token('t'.repeat(64))).clientRequestToken).toBe('t'.repeat(64));
    expect(parsed(token(utf8Bytes(63) + 'x')).clientRequestToken).toBe(utf8Bytes(63) + 'x');
    expectRefused(parse(token('t'.repeat(65))), LEN('ClientRequestToken', 1, 64, 65));
    expectRefused(parse(token(utf8Bytes(65))), LEN('ClientRequestToken', 1, 64, 65));
  });

  it('a job tag’s Key: 1 to 128', () => {
    expectRefused(parse(jobTag('', 'v')), 'Tags.member[1].Key must not be empty.');
    expect(definitionOf(jobTag('k', 'v')).tags).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(definitionOf(jobTag(utf8Bytes(128), 'v')).tags).toEqual([{ Key: utf8Bytes(128), Value: 'v' }]);
    expectRefused(parse(jobTag(utf8Bytes(129), 'v')), LEN('Tags.member[1].Key', 1, 128, 129));
  });

  it('a job tag’s Value: 0 to 256', () => {
    expect(definitionOf(jobTag('k', '')).tags).toEqual([{ Key: 'k', Value: '' }]);
    expect(definitionOf(jobTag('k', 'v')).tags).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(definitionOf(jobTag('k', utf8Bytes(256))).tags).toEqual([{ Key: 'k', Value: utf8Bytes(256) }]);
    expectRefused(parse(jobTag('k', utf8Bytes(257))), LEN('Tags.member[1].Value', 0, 256, 257));
  });

  it('an object tag (S3PutObjectTagging.TagSet, NewObjectTagging): the same limits', () => {
    expect(definitionOf(withOperation(`<S3PutObjectTagging><TagSet><member><Key>${utf8Bytes(128)}</Key><Value>${utf8Bytes(256)}</Value></member></TagSet></S3PutObjectTagging>`)).operation).toEqual({
      S3PutObjectTagging: { TagSet: [{ Key: utf8Bytes(128), Value: utf8Bytes(256) }] },
    });
    expectRefused(parse(withOperation(`<S3PutObjectTagging><TagSet><member><Key>${utf8Bytes(129)}</Key><Value/></member></TagSet></S3PutObjectTagging>`)), LEN('Operation.S3PutObjectTagging.TagSet.member[1].Key', 1, 128, 129));
    expectRefused(parse(copyWith(`<NewObjectTagging><member><Key>k</Key><Value>${utf8Bytes(257)}</Value></member></NewObjectTagging>`)), LEN('Operation.S3PutObjectCopy.NewObjectTagging.member[1].Value', 0, 256, 257));
  });

  it('tag text: letters, digits, spaces and _ . : / = + - @ only', () => {
    expectRefused(parse(jobTag('a*b', 'v')), 'Tags.member[1].Key must be letters, digits, spaces and _ . : / = + - @ only.');
    expectRefused(parse(jobTag('k', 'a&amp;b')), 'Tags.member[1].Value must be letters, digits, spaces and _ . : / = + - @ only.');
  });

  it('Report.Prefix: 1 to 512', () => {
    expectRefused(parse(prefix('')), 'Report.Prefix must not be empty.');
    expect(definitionOf(prefix('p')).report.Prefix).toBe('p');
    expect(definitionOf(prefix(utf8Bytes(512))).report.Prefix).toBe(utf8Bytes(512));
    expectRefused(parse(prefix(utf8Bytes(513))), LEN('Report.Prefix', 1, 512, 513));
  });

  it('TargetKeyPrefix: 1 to 1024', () => {
    expectRefused(parse(copyWith('<TargetKeyPrefix></TargetKeyPrefix>')), 'Operation.S3PutObjectCopy.TargetKeyPrefix must not be empty.');
    expect(definitionOf(copyWith(el('TargetKeyPrefix', utf8Bytes(1024)))).operation).toEqual({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-bucket', TargetKeyPrefix: utf8Bytes(1024) } });
    expectRefused(parse(copyWith(el('TargetKeyPrefix', utf8Bytes(1025)))), LEN('Operation.S3PutObjectCopy.TargetKeyPrefix', 1, 1024, 1025));
  });
});

describe('Priority: an integer from 0 to 2147483647', () => {
  const priority = (text: string) => edit(JS_SDK, '<Priority>10</Priority>', el('Priority', text));
  const MESSAGE = 'Priority must be an integer from 0 to 2147483647.';

  it.each([
    ['0', 0],
    ['2147483647', 2147483647],
    [' 7 ', 7],
  ])('%j is accepted as %d', (text, value) => {
    expect(definitionOf(priority(text)).priority).toBe(value);
  });

  it.each(['-1', '2147483648', '9999999999', '', '1.5', '1e3', 'x', '+1'])('%j is refused', (text) => {
    expectRefused(parse(priority(text)), MESSAGE);
  });

  it('is required', () => {
    expectRefused(parse(edit(JS_SDK, '<Priority>10</Priority>', '')), 'Priority is required.');
  });
});

describe('ARNs', () => {
  it.each([
    ['RoleArn, an account of 11 digits', edit(JS_SDK, 'arn:aws:iam::123456789012:role/batch', 'arn:aws:iam::12345678901:role/batch'), 'RoleArn must be a role ARN, arn:aws:iam::<account id>:role/<name>.'],
    ['RoleArn, a user', edit(JS_SDK, 'arn:aws:iam::123456789012:role/batch', 'arn:aws:iam::123456789012:user/batch'), 'RoleArn must be a role ARN, arn:aws:iam::<account id>:role/<name>.'],
    ['RoleArn, no name', edit(JS_SDK, 'arn:aws:iam::123456789012:role/batch', 'arn:aws:iam::123456789012:role/'), 'RoleArn must be a role ARN, arn:aws:iam::<account id>:role/<name>.'],
    ['RoleArn, empty', edit(JS_SDK, 'arn:aws:iam::123456789012:role/batch', ''), 'RoleArn must not be empty.'],
    ['Manifest ObjectArn without a key', edit(JS_SDK, 'arn:aws:s3:::manifest-bucket/manifest.csv', 'arn:aws:s3:::manifest-bucket'), 'Manifest.Location.ObjectArn must be an object ARN, arn:aws:s3:::<bucket>/<key>.'],
    ['Manifest ObjectArn, COS style', edit(JS_SDK, 'arn:aws:s3:::manifest-bucket/manifest.csv', 'qcs::cos:ap-chengdu::b-1250000000/m.csv'), 'Manifest.Location.ObjectArn must be an object ARN, arn:aws:s3:::<bucket>/<key>.'],
    ['Manifest ObjectArn, another partition', edit(JS_SDK, 'arn:aws:s3:::manifest-bucket/manifest.csv', 'arn:aws-cn:s3:::manifest-bucket/manifest.csv'), 'Manifest.Location.ObjectArn must be an object ARN, arn:aws:s3:::<bucket>/<key>.'],
    ['Report Bucket with a key', edit(JS_SDK, 'arn:aws:s3:::report-bucket', 'arn:aws:s3:::report-bucket/reports'), 'Report.Bucket must be a bucket ARN, arn:aws:s3:::<bucket>.'],
    ['Report Bucket with a region', edit(JS_SDK, 'arn:aws:s3:::report-bucket', 'arn:aws:s3:us-east-1::report-bucket'), 'Report.Bucket must be a bucket ARN, arn:aws:s3:::<bucket>.'],
    ['TargetResource, a bucket name of 2 characters', withOperation('<S3PutObjectCopy><TargetResource>arn:aws:s3:::ab</TargetResource></S3PutObjectCopy>'), 'Operation.S3PutObjectCopy.TargetResource must be a bucket ARN, arn:aws:s3:::<bucket>.'],
    ['TargetResource, upper case', withOperation('<S3PutObjectCopy><TargetResource>arn:aws:s3:::Dest-Bucket</TargetResource></S3PutObjectCopy>'), 'Operation.S3PutObjectCopy.TargetResource must be a bucket ARN, arn:aws:s3:::<bucket>.'],
    ['TargetResource, an access point', withOperation('<S3PutObjectCopy><TargetResource>arn:aws:s3:us-east-1:123456789012:accesspoint/ap</TargetResource></S3PutObjectCopy>'), 'Operation.S3PutObjectCopy.TargetResource must be a bucket ARN, arn:aws:s3:::<bucket>.'],
    ['TargetResource, over 128 bytes', withOperation(`<S3PutObjectCopy><TargetResource>arn:aws:s3:::${'b'.repeat(116)}</TargetResource></S3PutObjectCopy>`), 'Operation.S3PutObjectCopy.TargetResource must be 1 to 128 bytes of UTF-8; it has 129.'],
    ['TargetResource, missing', withOperation('<S3PutObjectCopy><StorageClass>STANDARD</StorageClass></S3PutObjectCopy>'), 'Operation.S3PutObjectCopy.TargetResource is required.'],
  ])('%s', (_name, body, message) => {
    expectRefused(parse(body), message);
  });

  it('the longest bucket names (63 characters) and ARNs with dots are accepted', () => {
    const bucket = `a${'b.c'.repeat(20)}z`;
    expect(bucket).toHaveLength(62);
    expect(definitionOf(withOperation(`<S3PutObjectCopy><TargetResource>arn:aws:s3:::${bucket}x</TargetResource></S3PutObjectCopy>`)).operation).toEqual({
      S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}x` },
    });
  });
});

describe('how many, and no key twice', () => {
  const jobTags = (members: string) => edit(JS_SDK, '<Tags><member><Key>team</Key><Value>data</Value></member></Tags>', `<Tags>${members}</Tags>`);

  it('50 job tags are accepted, 51 are refused', () => {
    expect(definitionOf(jobTags(tagMembers(50))).tags).toHaveLength(50);
    expectRefused(parse(jobTags(tagMembers(51))), 'Tags must hold at most 50 member elements.');
  });

  it('10 object tags are accepted, 11 are refused (S3PutObjectTagging.TagSet and NewObjectTagging)', () => {
    expect(definitionOf(withOperation(`<S3PutObjectTagging><TagSet>${tagMembers(10)}</TagSet></S3PutObjectTagging>`)).operation).toEqual({
      S3PutObjectTagging: { TagSet: Array.from({ length: 10 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
    });
    expectRefused(parse(withOperation(`<S3PutObjectTagging><TagSet>${tagMembers(11)}</TagSet></S3PutObjectTagging>`)), 'Operation.S3PutObjectTagging.TagSet must hold at most 10 member elements.');
    expect(definitionOf(copyWith(`<NewObjectTagging>${tagMembers(10)}</NewObjectTagging>`)).operation).toMatchObject({ S3PutObjectCopy: { NewObjectTagging: expect.any(Array) } });
    expectRefused(parse(copyWith(`<NewObjectTagging>${tagMembers(11)}</NewObjectTagging>`)), 'Operation.S3PutObjectCopy.NewObjectTagging must hold at most 10 member elements.');
  });

  it('a key given twice (case matters: "a" and "A" are two keys)', () => {
    const twice = '<member><Key>dup</Key><Value>1</Value></member><member><Key>other</Key><Value>2</Value></member><member><Key>dup</Key><Value>3</Value></member>';
    expectRefused(parse(jobTags(twice)), 'Tags gives the key "dup" twice.');
    expectRefused(parse(withOperation(`<S3PutObjectTagging><TagSet>${twice}</TagSet></S3PutObjectTagging>`)), 'Operation.S3PutObjectTagging.TagSet gives the key "dup" twice.');
    expectRefused(parse(copyWith(`<NewObjectTagging>${twice}</NewObjectTagging>`)), 'Operation.S3PutObjectCopy.NewObjectTagging gives the key "dup" twice.');
    expect(definitionOf(jobTags('<member><Key>a</Key><Value>1</Value></member><member><Key>A</Key><Value>2</Value></member>')).tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'A', Value: '2' },
    ]);
  });

  it('a UserMetadata key given twice', () => {
    expectRefused(
      parse(copyWith('<NewObjectMetadata><UserMetadata><entry><key>color</key><value>blue</value></entry><entry><key>color</key><value>red</value></entry></UserMetadata></NewObjectMetadata>')),
      'Operation.S3PutObjectCopy.NewObjectMetadata.UserMetadata.entry[2] gives the key "color" a second time.',
    );
  });

  it('UserMetadata: an entry without its key or value, a key that is no header name, more than 100 entries', () => {
    const metadata = (entries: string) => copyWith(`<NewObjectMetadata><UserMetadata>${entries}</UserMetadata></NewObjectMetadata>`);
    expectRefused(parse(metadata('<entry><value>v</value></entry>')), 'Operation.S3PutObjectCopy.NewObjectMetadata.UserMetadata.entry[1].key is required.');
    expectRefused(parse(metadata('<entry><key>k</key></entry>')), 'Operation.S3PutObjectCopy.NewObjectMetadata.UserMetadata.entry[1].value is required.');
    expectRefused(parse(metadata('<entry><key>a b</key><value>v</value></entry>')), 'Operation.S3PutObjectCopy.NewObjectMetadata.UserMetadata.entry[1].key must be an HTTP header name token.');
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `<entry><key>k${i}</key><value>v</value></entry>`).join('');
    expect(definitionOf(metadata(entries(100))).operation).toMatchObject({ S3PutObjectCopy: { NewObjectMetadata: { UserMetadata: expect.any(Array) } } });
    expectRefused(parse(metadata(entries(101))), 'Operation.S3PutObjectCopy.NewObjectMetadata.UserMetadata must hold at most 100 entry elements.');
  });

  it('an element given twice', () => {
    expectRefused(parse(edit(JS_SDK, '<Priority>10</Priority>', '<Priority>10</Priority><Priority>11</Priority>')), 'Priority must be given once.');
  });
});

describe('rules that tie two elements together', () => {
  const fields = (members: string) => edit(JS_SDK, '<Fields><member>Bucket</member><member>Key</member></Fields>', members);

  it('a CSV manifest must name the Bucket and Key columns exactly once', () => {
    expectRefused(parse(fields('<Fields><member>Key</member></Fields>')), 'Manifest.Spec.Fields must name the Bucket column exactly once for S3BatchOperations_CSV_20180820.');
    expectRefused(parse(fields('<Fields><member>Bucket</member></Fields>')), 'Manifest.Spec.Fields must name the Key column exactly once for S3BatchOperations_CSV_20180820.');
    expectRefused(parse(fields('')), 'Manifest.Spec.Fields must name the Bucket column exactly once for S3BatchOperations_CSV_20180820.');
    expectRefused(parse(fields('<Fields/>')), 'Manifest.Spec.Fields must name the Bucket column exactly once for S3BatchOperations_CSV_20180820.');
    expectRefused(parse(fields('<Fields><member>Bucket</member><member>Key</member><member>Bucket</member></Fields>')), 'Manifest.Spec.Fields must name the Bucket column exactly once for S3BatchOperations_CSV_20180820.');
    expectRefused(parse(fields('<Fields><member>Bucket</member><member>Key</member><member>VersionId</member><member>VersionId</member></Fields>')), 'Manifest.Spec.Fields must name the VersionId column at most once.');
    expect(definitionOf(fields('<Fields><member>Ignore</member><member>Key</member><member>Ignore</member><member>Bucket</member></Fields>')).manifest.Spec.Fields).toEqual(['Ignore', 'Key', 'Ignore', 'Bucket']);
  });

  it('an enabled report needs its Bucket and its Format', () => {
    expectRefused(parse(edit(JS_SDK, '<Bucket>arn:aws:s3:::report-bucket</Bucket>', '')), 'Report.Bucket is required when Enabled is true.');
    expectRefused(parse(edit(JS_SDK, '<Format>Report_CSV_20180820</Format>', '')), 'Report.Format is required when Enabled is true.');
    expect(definitionOf(edit(edit(JS_SDK, '<Enabled>true</Enabled>', '<Enabled>false</Enabled>'), '<Bucket>arn:aws:s3:::report-bucket</Bucket>', '')).report).toEqual({
      Format: 'Report_CSV_20180820',
      Enabled: 'false',
      Prefix: 'reports',
      ReportScope: 'AllTasks',
    });
    expectRefused(parse(edit(JS_SDK, '<Enabled>true</Enabled>', '')), 'Report.Enabled is required.');
  });
});

describe('the body itself', () => {
  it('empty', () => {
    expectRefused(parse(''), 'The request body is empty; it must be a CreateJobRequest document.');
  });

  it('64 KiB is read, one byte more is refused before parsing (text and base64)', () => {
    const padded = (bytes: number) => {
      const body = edit(JS_SDK, '</CreateJobRequest>', '<Pad></Pad></CreateJobRequest>');
      return edit(body, '<Pad></Pad>', `<Pad>${'x'.repeat(bytes - Buffer.byteLength(body))}</Pad>`);
    };
    expect(Buffer.byteLength(padded(65536))).toBe(65536);
    expect(parse(padded(65536))).toEqual(parsed(JS_SDK));
    expectRefused(parse(padded(65537)), 'The request body must be at most 65536 bytes.');
    expectRefused(parse(Buffer.from(padded(65537)).toString('base64'), { base64: true }), 'The request body must be at most 65536 bytes.');
    // Three-byte characters: 21,846 of them are 65,538 bytes.
    expectRefused(parse(edit(JS_SDK, 'tag &lt;all&gt; &amp; more', '你'.repeat(21846))), 'The request body must be at most 65536 bytes.');
  });

  it('not UTF-8: bytes that are not, and U+FFFD where a gateway replaced them', () => {
    const bytes = Buffer.concat([Buffer.from(JS_SDK.slice(0, 200)), Buffer.from([0xff, 0xfe]), Buffer.from(JS_SDK.slice(200))]);
    expectRefused(parse(bytes.toString('base64'), { base64: true }), 'The request body must be valid UTF-8.');
    expectRefused(parse(edit(JS_SDK, 'tag &lt;all', 'tag \uFFFD')), 'The request body must be valid UTF-8.');
    expectRefused(parse(edit(JS_SDK, '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')), 'The request body is not well-formed XML: the encoding must be UTF-8, not "ISO-8859-1"');
  });

  it('the wrong root, two roots, JSON, trailing text', () => {
    expectRefused(parse(JS_SDK.replace(/CreateJobRequest/g, 'PutJobTaggingRequest')), 'The root element must be CreateJobRequest, not PutJobTaggingRequest.');
    expectRefused(parse(`${JS_SDK}<CreateJobRequest></CreateJobRequest>`), TWO_ROOTS);
    expectRefused(parse('{"Priority": 1}'), 'The request body is not well-formed XML: char \'{\' is not expected. (line 1, column 1)');
    expectRefused(parse(`${JS_SDK}x`), /^The request body is not well-formed XML: Extra text at the end \(line 1, column \d+\)$/);
  });

  // BUG (reported to the lead): fast-xml-parser's validator accepts a second, self-closing root element, and
  // readXmlBody (lib/aws/body.ts) then reads the first one and ignores the rest, so a document that is not
  // well-formed XML is accepted as a job. Expected: refused like two roots written out in full.
  it('a second root element, self-closing (which the validator lets through), is refused as not well-formed XML', () => {
    const SECOND_ROOT = 'The request body is not well-formed XML: it has more than one root element';
    expectRefused(parse(`${JS_SDK}<CreateJobRequest/>`), SECOND_ROOT);
    expectRefused(parse(`<CreateJobRequest/>${JS_SDK}`), SECOND_ROOT);
    expectRefused(parse(`${JS_SDK}<Other/>`), SECOND_ROOT);
  });

  it('a DTD or an entity declaration', () => {
    const DTD = 'The request body is not well-formed XML: a DOCTYPE or an entity declaration is not allowed';
    expectRefused(parse(edit(JS_SDK, '<CreateJobRequest ', '<!DOCTYPE CreateJobRequest [<!ENTITY x "y">]><CreateJobRequest ')), DTD);
    expectRefused(parse(edit(JS_SDK, '<CreateJobRequest ', '<!DOCTYPE CreateJobRequest SYSTEM "http://example.com/x.dtd"><CreateJobRequest ')), DTD);
  });

  it('an entity that stands for nothing', () => {
    expectRefused(parse(edit(JS_SDK, 'tag &lt;all', 'tag &foo;all')), 'The request body is not well-formed XML: &foo; is not a predefined entity or a character reference');
  });

  it('not well-formed', () => {
    expectRefused(parse(edit(JS_SDK, '</Priority>', '</Priorty>')), /^The request body is not well-formed XML: Expected closing tag 'Priority' \(opened in line 1, col \d+\) instead of closing tag 'Priorty'\. \(line 1, column \d+\)$/);
  });

  it('a Content-MD5 that does not match the body', () => {
    const request = parseGatewayEvent(httpApiEvent({ method: 'POST', path: '/v20180820/jobs', headers: { 'x-amz-account-id': ACCOUNT, 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' }, body: JS_SDK }));
    expectRefused(parseCreateJobRequest(request), 'The Content-MD5 header does not match the MD5 of the request body.');
  });
});
