/**
 * CreateJob's body (lib/cos/operations/create-job.ts readBody and parseCreateJobRequest, with the schema of
 * lib/cos/job-definition-xml.ts): what the real clients send is accepted as the exact job definition, and every rule
 * of the reference's tables refuses what breaks it with the contract's code and a message naming the element
 * (job-api.md §3): MalformedXML "Incorrect <Part> format: <path> <problem>." for Manifest, Operation and Report,
 * InvalidRequest for Priority, InvalidArgument for the other scalars.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CosError, type CosErrorCode } from '../../lib/cos/errors';
import { CreateJob, LIMITS, parseCreateJobRequest, readBody } from '../../lib/cos/operations/create-job';
import { parseGatewayEvent } from '../../lib/http/event';
import type { JobDefinition } from '../../lib/jobs/job';
import { createRequest, PAYLOAD_FORMATS, type RequestSpec } from '../support/events';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', name), 'utf8');
const GO_COPY = fixture('go-sdk-copy.xml');
const GO_RESTORE = fixture('go-sdk-restore.xml');
const TERRAFORM = fixture('terraform.xml');
const REAL_REQUEST = fixture('real-request.xml');
const PRIORITY_MESSAGE = 'Priority must be an integer between 0 and 2147483647';

function refused(result: unknown, code: CosErrorCode, message: RegExp | string) {
  expect(result).toBeInstanceOf(CosError);
  const error = result as CosError;
  expect({ code: error.code, status: error.status }).toEqual({ code, status: 400 });
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

const parsed = (xml: string) => {
  const result = parseCreateJobRequest(xml);
  if (result instanceof CosError) throw new Error(`refused: ${result.code} ${result.message}`);
  return result;
};
const definitionOf = (xml: string): JobDefinition => parsed(xml).definition;

/** `base` with one change, which must apply exactly once (so that a test cannot silently test the unchanged body). */
function edit(base: string, from: string, to: string): string {
  const at = base.indexOf(from);
  if (at === -1 || base.indexOf(from, at + 1) !== -1) throw new Error(`"${from}" must occur exactly once`);
  return base.slice(0, at) + to + base.slice(at + from.length);
}
/** The element `<name>inner</name>`. */
const element = (name: string, inner: string) => `<${name}>${inner}</${name}>`;
/** `n` bytes of UTF-8 in fewer characters: three-byte characters, then ASCII to make up the rest. */
const utf8Bytes = (n: number) => '你'.repeat(Math.floor(n / 3)) + 'x'.repeat(n % 3);

// ---------------------------------------------------------------------------------------------------------------
// Bodies

const GO_COPY_DEFINITION: JobDefinition = {
  confirmationRequired: false,
  description: 'test batch',
  priority: 1,
  roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
  manifest: {
    Location: {
      ETag: '15150651828fa9cdcb8356b6d1c7638b',
      ObjectArn: 'qcs::cos:ap-chengdu:uid/1250000000:sourcebucket-1250000000/manifests/batch-copy-manifest.csv',
    },
    Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' },
  },
  operation: { COSPutObjectCopy: { TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000' } },
  report: {
    Bucket: 'qcs::cos:ap-chengdu:uid/1250000000:sourcebucket-1250000000',
    Enabled: 'true',
    Format: 'Report_CSV_V1',
    Prefix: 'job-result',
    ReportScope: 'AllTasks',
  },
};

/** Every COSPutObjectCopy option, nested as deep as the format goes (7 levels with the root). */
const COPY_OPTIONS =
  '<AccessControlDirective>Replaced</AccessControlDirective>' +
  '<AccessControlGrants><COSGrant><Grantee><DisplayName>me</DisplayName><Identifier>qcs::cam::uin/1:uin/1</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>READ</Permission></COSGrant></AccessControlGrants>' +
  '<CannedAccessControlList>private</CannedAccessControlList>' +
  '<PrefixReplace>true</PrefixReplace>' +
  '<ResourcesPrefix>pic</ResourcesPrefix>' +
  '<TargetKeyPrefix>abc</TargetKeyPrefix>' +
  '<MetadataDirective>Replaced</MetadataDirective>' +
  '<ModifiedSinceConstraint>1576778429</ModifiedSinceConstraint>' +
  '<UnModifiedSinceConstraint>1576778430</UnModifiedSinceConstraint>' +
  '<NewObjectMetadata><CacheControl>no-cache</CacheControl><ContentDisposition>inline</ContentDisposition><ContentEncoding>gzip</ContentEncoding><ContentType>text/plain</ContentType><HttpExpiresDate>Wed, 21 Oct 2026 07:28:00 GMT</HttpExpiresDate><SSEAlgorithm>AES256</SSEAlgorithm><UserMetadata><member><Key>x-team</Key><Value>a b</Value></member></UserMetadata></NewObjectMetadata>' +
  '<TaggingDirective>Replaced</TaggingDirective>' +
  '<NewObjectTagging><COSTag><Key>a</Key><Value>1</Value></COSTag></NewObjectTagging>' +
  '<StorageClass>STANDARD_IA</StorageClass>';

/** The Go SDK body with every optional element given. */
const FULL = [
  ['<Description>', '<ConfirmationRequired>true</ConfirmationRequired><Description>'],
  ['</ObjectArn>', '</ObjectArn><ObjectVersionId>v1</ObjectVersionId>'],
  ['<member>Key</member>', '<member>Key</member><member>VersionId</member>'],
  ['<COSPutObjectCopy>', `<COSPutObjectCopy>${COPY_OPTIONS}`],
].reduce((xml, [from, to]) => edit(xml, from!, to!), GO_COPY);

const FULL_DEFINITION: JobDefinition = {
  ...GO_COPY_DEFINITION,
  confirmationRequired: true,
  manifest: {
    Location: { ...GO_COPY_DEFINITION.manifest.Location, ObjectVersionId: 'v1' },
    Spec: { Fields: ['Bucket', 'Key', 'VersionId'], Format: 'COSBatchOperations_CSV_V1' },
  },
  operation: {
    COSPutObjectCopy: {
      AccessControlDirective: 'Replaced',
      AccessControlGrants: [{ Grantee: { DisplayName: 'me', Identifier: 'qcs::cam::uin/1:uin/1', TypeIdentifier: 'ID' }, Permission: 'READ' }],
      CannedAccessControlList: 'private',
      PrefixReplace: 'true',
      ResourcesPrefix: 'pic',
      TargetKeyPrefix: 'abc',
      MetadataDirective: 'Replaced',
      ModifiedSinceConstraint: '1576778429',
      UnModifiedSinceConstraint: '1576778430',
      NewObjectMetadata: {
        CacheControl: 'no-cache',
        ContentDisposition: 'inline',
        ContentEncoding: 'gzip',
        ContentType: 'text/plain',
        HttpExpiresDate: 'Wed, 21 Oct 2026 07:28:00 GMT',
        SSEAlgorithm: 'AES256',
        UserMetadata: [{ Key: 'x-team', Value: 'a b' }],
      },
      TaggingDirective: 'Replaced',
      NewObjectTagging: [{ Key: 'a', Value: '1' }],
      StorageClass: 'STANDARD_IA',
      TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000',
    },
  },
};

const TAGGING = edit(
  GO_COPY,
  '<COSPutObjectCopy><TargetResource>qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000</TargetResource></COSPutObjectCopy>',
  '<COSPutObjectTagging><TaggingDirective>Add</TaggingDirective><TagSet><COSTag><Key>k</Key><Value>v</Value></COSTag></TagSet></COSPutObjectTagging>',
);

/** A body with the Operation replaced. */
const withOperation = (operation: string) =>
  edit(GO_COPY, '<COSPutObjectCopy><TargetResource>qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000</TargetResource></COSPutObjectCopy>', operation);
const restore = (days: string, tier = 'Bulk') =>
  withOperation(`<COSInitiateRestoreObject><ExpirationInDays>${days}</ExpirationInDays><JobTier>${tier}</JobTier></COSInitiateRestoreObject>`);
const copyWith = (options: string) => edit(GO_COPY, '<COSPutObjectCopy>', `<COSPutObjectCopy>${options}`);

// ---------------------------------------------------------------------------------------------------------------

describe('what the real clients send gives the exact definition', () => {
  it('the Go SDK’s compact copy body (§1.9): element names and text kept, no ConfirmationRequired is false', () => {
    expect(parsed(GO_COPY)).toEqual({ clientRequestToken: '1829b6c7-3141-42f1-9fe4-17082b841646', definition: GO_COPY_DEFINITION });
  });

  it('the Go SDK’s restore body (§1.9): the ETag written &#34;…&#34; is read with its quotes', () => {
    expect(parsed(GO_RESTORE)).toEqual({
      clientRequestToken: '1829b6c7-3141-42f1-9fe4-17082b841646',
      definition: {
        confirmationRequired: true,
        description: 'test batch',
        priority: 1,
        roleArn: 'qcs::cam::uin/100010805041:roleName/COSBatch_QcsRole',
        manifest: {
          Location: { ETag: '"ec75a30f3af000e9b31d62bed75cbcad"', ObjectArn: 'qcs::cos:ap-chengdu::testcd-1259654469/test/manifest.csv' },
          Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' },
        },
        operation: { COSInitiateRestoreObject: { ExpirationInDays: '3', JobTier: 'Standard' } },
        report: { Bucket: 'qcs::cos:ap-chengdu::testcd-1259654469', Enabled: 'true', Format: 'Report_CSV_V1', Prefix: 'job-result', ReportScope: 'AllTasks' },
      },
    });
  });

  it('Terraform’s body (§1.9): the empty <Fields></Fields> and <NewObjectTagging></NewObjectTagging> are empty lists', () => {
    expect(parsed(TERRAFORM)).toEqual({
      clientRequestToken: '5f0b4c8e-2a43-4d7e-9a1b-3c2d1e0f9a8b',
      definition: {
        confirmationRequired: true,
        description: 'cos_batch',
        priority: 1,
        roleArn: 'qcs::cam::uin/100022975249:roleName/COSBatch_QCSRole',
        manifest: {
          Location: {
            ETag: '64357de8fd75a3abae2200135a2c9627',
            ObjectArn: 'qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341/cos_bucket_inventory/1308919341/keep-test/test/20230621/manifest.json',
          },
          Spec: { Fields: [], Format: 'COSInventoryReport_CSV_V1' },
        },
        operation: {
          COSPutObjectCopy: {
            AccessControlDirective: 'Copy',
            MetadataDirective: 'Copy',
            TaggingDirective: 'Copy',
            NewObjectTagging: [],
            StorageClass: 'STANDARD',
            TargetResource: 'qcs::cos:ap-guangzhou:uid/1308919341:cos-lock-1308919341',
          },
        },
        report: { Bucket: 'qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341', Enabled: 'true', Format: 'Report_CSV_V1', ReportScope: 'AllTasks' },
      },
    });
  });

  const REAL = {
    clientRequestToken: '184ce261-18af-5e3d-3e30-253723cfd937',
    definition: {
      confirmationRequired: false,
      description: 'example-job',
      priority: 10,
      roleArn: 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole',
      manifest: {
        Location: { ETag: '"15150651828fa9cdcb8356b6d1c7638b"', ObjectArn: 'qcs::cos:ap-chengdu::sourcebucket-1250000000/manifests/batch-copy-manifest.csv' },
        Spec: { Fields: ['Bucket', 'Key'], Format: 'COSBatchOperations_CSV_V1' },
      },
      operation: { COSPutObjectCopy: { TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000' } },
      report: { Bucket: 'qcs::cos:ap-chengdu::sourcebucket-1250000000', Enabled: 'true', Format: 'Report_CSV_V1', Prefix: 'job-result', ReportScope: 'AllTasks' },
    },
  };

  it('the published, TAB-indented request (§1.9), with its raw "…" ETag', () => {
    expect(REAL_REQUEST).toContain('\n\t\t\t<ETag>"15150651828fa9cdcb8356b6d1c7638b"</ETag>');
    expect(parsed(REAL_REQUEST)).toEqual(REAL);
  });

  it('the same request compact, and indented with spaces and CRLF: the same definition', () => {
    const compact = REAL_REQUEST.replace(/>\s+</g, '><');
    expect(compact).not.toContain('\n');
    expect(parsed(compact)).toEqual(REAL);
    expect(parsed(REAL_REQUEST.replace(/\t/g, '    ').replace(/\n/g, '\r\n'))).toEqual(REAL);
  });

  it.each([
    ['the documentation’s declaration', '<?xml version="1.0" encoding="UTF-8"?>\n'],
    ['COS’s own declaration', "<?xml version='1.0' encoding='utf-8' ?>\n"],
    ['a declaration without encoding', '<?xml version="1.0"?>'],
    ['a declaration, then a comment', '<?xml version="1.0" encoding="UTF-8"?><!-- made by hand -->\n'],
  ])('with %s: the same definition as without', (_name, prolog) => {
    expect(parsed(prolog + REAL_REQUEST)).toEqual(REAL);
    expect(parsed(prolog + GO_COPY).definition).toEqual(GO_COPY_DEFINITION);
  });

  it('every option of COSPutObjectCopy, nested as deep as the format goes', () => {
    expect(definitionOf(FULL)).toEqual(FULL_DEFINITION);
  });

  it('a tagging job (COSPutObjectTagging, Go SDK only)', () => {
    expect(definitionOf(TAGGING).operation).toEqual({ COSPutObjectTagging: { TaggingDirective: 'Add', TagSet: [{ Key: 'k', Value: 'v' }] } });
  });
});

describe('text is kept as sent', () => {
  it('entities and character references are decoded once; spaces are kept in free text', () => {
    const xml = edit(GO_COPY, '<Description>test batch</Description>', '<Description> a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x4F60;&#22909; </Description>');
    expect(definitionOf(xml).description).toBe(' a & b <c> "d" \'e\' 你好 ');
    expect(definitionOf(edit(GO_COPY, 'test batch', '&amp;lt;')).description).toBe('&lt;');
  });

  it('CDATA text is accepted as its text, in free text and in numbers alike', () => {
    const xml = [
      ['<ETag>15150651828fa9cdcb8356b6d1c7638b</ETag>', '<ETag><![CDATA["abc"&<x>]]></ETag>'],
      ['<ClientRequestToken>1829b6c7-3141-42f1-9fe4-17082b841646</ClientRequestToken>', '<ClientRequestToken><![CDATA[tok&en]]></ClientRequestToken>'],
      ['<Priority>1</Priority>', '<Priority><![CDATA[ 7 ]]></Priority>'],
    ].reduce((body, [from, to]) => edit(body, from!, to!), GO_COPY);
    const result = parsed(xml);
    expect(result.clientRequestToken).toBe('tok&en');
    expect(result.definition.manifest.Location.ETag).toBe('"abc"&<x>');
    expect(result.definition.priority).toBe(7);
  });

  it('numbers, booleans and enumerations may be surrounded by white space; free text keeps it', () => {
    const xml = [
      ['<Priority>1</Priority>', '<Priority> 7 </Priority>'],
      ['<Enabled>true</Enabled>', '<Enabled>\n\ttrue\n</Enabled>'],
      ['<Format>Report_CSV_V1</Format>', '<Format> Report_CSV_V1 </Format>'],
      ['<Prefix>job-result</Prefix>', '<Prefix> job-result </Prefix>'],
    ].reduce((body, [from, to]) => edit(body, from!, to!), GO_COPY);
    const { priority, report } = definitionOf(xml);
    expect(priority).toBe(7);
    expect(report).toEqual({ ...GO_COPY_DEFINITION.report, Prefix: ' job-result ' });
  });

  it.each([
    ['at the root', '<Description>', '<Unknown>x</Unknown><Description>'],
    ['nested, at the root', '<Description>', '<Tags><Tag><Key>k</Key></Tag></Tags><Description>'],
    ['empty, at the root', '<Description>', '<Unknown/><Description>'],
    ['in Manifest', '<Location>', '<Extra>1</Extra><Location>'],
    ['in Location', '<ETag>', '<Size>12</Size><ETag>'],
    ['in Spec', '<Format>COSBatchOperations_CSV_V1', '<Compression>none</Compression><Format>COSBatchOperations_CSV_V1'],
    ['in COSPutObjectCopy', '<TargetResource>', '<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><TargetResource>'],
    ['in Report', '<ReportScope>', '<Encryption>none</Encryption><ReportScope>'],
    ['with an attribute on a known element', '<Priority>', '<Priority unit="x">'],
  ])('unknown elements and attributes are ignored: %s', (_name, from, to) => {
    expect(parsed(edit(GO_COPY, from, to))).toEqual(parsed(GO_COPY));
  });
});

// ---------------------------------------------------------------------------------------------------------------

type Case = readonly [name: string, xml: string, code: CosErrorCode, message: string | RegExp];
const manifest = (problem: string) => `Incorrect Manifest format: ${problem}.`;
const operation = (problem: string) => `Incorrect Operation format: ${problem}.`;
const report = (problem: string) => `Incorrect Report format: ${problem}.`;

describe('each required element missing', () => {
  const cases: Case[] = [
    ['ClientRequestToken', edit(FULL, element('ClientRequestToken', '1829b6c7-3141-42f1-9fe4-17082b841646'), ''), 'InvalidArgument', 'ClientRequestToken is required.'],
    ['Manifest', edit(FULL, /<Manifest>.*<\/Manifest>/.exec(FULL)![0], ''), 'MalformedXML', manifest('Manifest is required')],
    ['Manifest.Location', edit(FULL, /<Location>.*<\/Location>/.exec(FULL)![0], ''), 'MalformedXML', manifest('Manifest.Location is required')],
    ['Manifest.Location.ETag', edit(FULL, element('ETag', '15150651828fa9cdcb8356b6d1c7638b'), ''), 'MalformedXML', manifest('Manifest.Location.ETag is required')],
    ['Manifest.Location.ObjectArn', edit(FULL, /<ObjectArn>.*<\/ObjectArn>/.exec(FULL)![0], ''), 'MalformedXML', manifest('Manifest.Location.ObjectArn is required')],
    ['Manifest.Spec', edit(FULL, /<Spec>.*<\/Spec>/.exec(FULL)![0], ''), 'MalformedXML', manifest('Manifest.Spec is required')],
    ['Manifest.Spec.Format', edit(FULL, element('Format', 'COSBatchOperations_CSV_V1'), ''), 'MalformedXML', manifest('Manifest.Spec.Format is required')],
    ['Operation', edit(FULL, /<Operation>.*<\/Operation>/.exec(FULL)![0], ''), 'MalformedXML', operation('Operation is required')],
    ['COSPutObjectCopy.TargetResource', edit(FULL, /<TargetResource>.*<\/TargetResource>/.exec(FULL)![0], ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.TargetResource is required')],
    ['COSGrant.Grantee', edit(FULL, /<Grantee>.*<\/Grantee>/.exec(FULL)![0], ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlGrants.COSGrant[1].Grantee is required')],
    ['Grantee.Identifier', edit(FULL, element('Identifier', 'qcs::cam::uin/1:uin/1'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlGrants.COSGrant[1].Grantee.Identifier is required')],
    ['Grantee.TypeIdentifier', edit(FULL, element('TypeIdentifier', 'ID'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlGrants.COSGrant[1].Grantee.TypeIdentifier is required')],
    ['COSGrant.Permission', edit(FULL, element('Permission', 'READ'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlGrants.COSGrant[1].Permission is required')],
    ['UserMetadata member Key', edit(FULL, element('Key', 'x-team'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectMetadata.UserMetadata.member[1].Key is required')],
    ['UserMetadata member Value', edit(FULL, element('Value', 'a b'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectMetadata.UserMetadata.member[1].Value is required')],
    ['NewObjectTagging COSTag Key', edit(FULL, element('Key', 'a'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectTagging.COSTag[1].Key is required')],
    ['NewObjectTagging COSTag Value', edit(FULL, element('Value', '1'), ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectTagging.COSTag[1].Value is required')],
    ['COSInitiateRestoreObject.ExpirationInDays', edit(GO_RESTORE, element('ExpirationInDays', '3'), ''), 'MalformedXML', operation('Operation.COSInitiateRestoreObject.ExpirationInDays is required')],
    ['COSInitiateRestoreObject.JobTier', edit(GO_RESTORE, element('JobTier', 'Standard'), ''), 'MalformedXML', operation('Operation.COSInitiateRestoreObject.JobTier is required')],
    ['COSPutObjectTagging.TaggingDirective', edit(TAGGING, element('TaggingDirective', 'Add'), ''), 'MalformedXML', operation('Operation.COSPutObjectTagging.TaggingDirective is required')],
    ['TagSet COSTag Key', edit(TAGGING, element('Key', 'k'), ''), 'MalformedXML', operation('Operation.COSPutObjectTagging.TagSet.COSTag[1].Key is required')],
    ['Priority', edit(FULL, element('Priority', '1'), ''), 'InvalidRequest', PRIORITY_MESSAGE],
    ['Report', edit(FULL, /<Report>.*<\/Report>/.exec(FULL)![0], ''), 'MalformedXML', report('Report is required')],
    ['Report.Bucket', edit(FULL, element('Bucket', 'qcs::cos:ap-chengdu:uid/1250000000:sourcebucket-1250000000'), ''), 'MalformedXML', report('Report.Bucket is required')],
    ['Report.Enabled', edit(FULL, element('Enabled', 'true'), ''), 'MalformedXML', report('Report.Enabled is required')],
    ['Report.Format', edit(FULL, element('Format', 'Report_CSV_V1'), ''), 'MalformedXML', report('Report.Format is required')],
    ['Report.ReportScope', edit(FULL, element('ReportScope', 'AllTasks'), ''), 'MalformedXML', report('Report.ReportScope is required')],
    ['RoleArn', edit(FULL, /<RoleArn>.*<\/RoleArn>/.exec(FULL)![0], ''), 'InvalidArgument', 'RoleArn is required.'],
  ];
  it.each(cases)('%s', (_name, xml, code, message) => refused(parseCreateJobRequest(xml), code, message));

  it.each([
    ['ConfirmationRequired', element('ConfirmationRequired', 'true')],
    ['Description', element('Description', 'test batch')],
    ['Manifest.Location.ObjectVersionId', element('ObjectVersionId', 'v1')],
    ['Report.Prefix', element('Prefix', 'job-result')],
    ['every COSPutObjectCopy option', COPY_OPTIONS],
  ])('optional: %s may be left out', (_name, optional) => {
    expect(parseCreateJobRequest(edit(FULL, optional, ''))).not.toBeInstanceOf(CosError);
  });

  it('left out, ConfirmationRequired is false and Description empty', () => {
    const xml = edit(edit(FULL, element('ConfirmationRequired', 'true'), ''), element('Description', 'test batch'), '');
    expect(definitionOf(xml)).toMatchObject({ confirmationRequired: false, description: '' });
  });
});

describe('each enumeration given a wrong value', () => {
  const enumCase = (name: string, base: string, given: string, wrong: string, code: CosErrorCode, message: string): Case => [name, edit(base, given, wrong), code, message];
  const cases: Case[] = [
    enumCase('ConfirmationRequired yes', FULL, element('ConfirmationRequired', 'true'), element('ConfirmationRequired', 'yes'), 'InvalidArgument', 'ConfirmationRequired must be one of true, false, not "yes".'),
    enumCase('ConfirmationRequired True', FULL, element('ConfirmationRequired', 'true'), element('ConfirmationRequired', 'True'), 'InvalidArgument', 'ConfirmationRequired must be one of true, false, not "True".'),
    enumCase('ConfirmationRequired empty', FULL, element('ConfirmationRequired', 'true'), element('ConfirmationRequired', ''), 'InvalidArgument', 'ConfirmationRequired must be one of true, false.'),
    enumCase('Manifest.Spec.Format', FULL, element('Format', 'COSBatchOperations_CSV_V1'), element('Format', 'CSV'), 'MalformedXML', manifest('Manifest.Spec.Format must be one of COSBatchOperations_CSV_V1, COSInventoryReport_CSV_V1, not "CSV"')),
    enumCase('a Fields member', FULL, '<member>VersionId</member>', '<member>VersionId</member><member>Size</member>', 'MalformedXML', manifest('Manifest.Spec.Fields.member[4] must be one of Ignore, Bucket, Key, VersionId, not "Size"')),
    enumCase('AccessControlDirective', FULL, element('AccessControlDirective', 'Replaced'), element('AccessControlDirective', 'Keep'), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlDirective must be one of Copy, Replaced, Add, not "Keep"')),
    enumCase('Grantee.TypeIdentifier', FULL, element('TypeIdentifier', 'ID'), element('TypeIdentifier', 'Email'), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlGrants.COSGrant[1].Grantee.TypeIdentifier must be one of ID, not "Email"')),
    enumCase('COSGrant.Permission', FULL, element('Permission', 'READ'), element('Permission', 'READ_ACP'), 'MalformedXML', operation('Operation.COSPutObjectCopy.AccessControlGrants.COSGrant[1].Permission must be one of READ, WRITE, FULL_CONTROL, not "READ_ACP"')),
    enumCase('CannedAccessControlList', FULL, element('CannedAccessControlList', 'private'), element('CannedAccessControlList', 'public-read-write'), 'MalformedXML', operation('Operation.COSPutObjectCopy.CannedAccessControlList must be one of private, public-read, not "public-read-write"')),
    enumCase('PrefixReplace', FULL, element('PrefixReplace', 'true'), element('PrefixReplace', 'yes'), 'MalformedXML', operation('Operation.COSPutObjectCopy.PrefixReplace must be one of true, false, not "yes"')),
    enumCase('MetadataDirective', FULL, element('MetadataDirective', 'Replaced'), element('MetadataDirective', 'Keep'), 'MalformedXML', operation('Operation.COSPutObjectCopy.MetadataDirective must be one of Copy, Replaced, Add, not "Keep"')),
    enumCase('SSEAlgorithm', FULL, element('SSEAlgorithm', 'AES256'), element('SSEAlgorithm', 'KMS'), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectMetadata.SSEAlgorithm must be one of AES256, not "KMS"')),
    enumCase('COSPutObjectCopy.TaggingDirective', FULL, element('TaggingDirective', 'Replaced'), element('TaggingDirective', 'Replace'), 'MalformedXML', operation('Operation.COSPutObjectCopy.TaggingDirective must be one of Copy, Replaced, Add, not "Replace"')),
    enumCase('StorageClass', FULL, element('StorageClass', 'STANDARD_IA'), element('StorageClass', 'GLACIER'), 'MalformedXML', operation('Operation.COSPutObjectCopy.StorageClass must be one of STANDARD, STANDARD_IA, ARCHIVE, not "GLACIER"')),
    enumCase('StorageClass in lower case', FULL, element('StorageClass', 'STANDARD_IA'), element('StorageClass', 'standard'), 'MalformedXML', operation('Operation.COSPutObjectCopy.StorageClass must be one of STANDARD, STANDARD_IA, ARCHIVE, not "standard"')),
    enumCase('StorageClass empty', FULL, element('StorageClass', 'STANDARD_IA'), element('StorageClass', ''), 'MalformedXML', operation('Operation.COSPutObjectCopy.StorageClass must be one of STANDARD, STANDARD_IA, ARCHIVE')),
    enumCase('JobTier', GO_RESTORE, element('JobTier', 'Standard'), element('JobTier', 'Expedited'), 'MalformedXML', operation('Operation.COSInitiateRestoreObject.JobTier must be one of Bulk, Standard, not "Expedited"')),
    enumCase('COSPutObjectTagging.TaggingDirective Copy', TAGGING, element('TaggingDirective', 'Add'), element('TaggingDirective', 'Copy'), 'MalformedXML', operation('Operation.COSPutObjectTagging.TaggingDirective must be one of Replaced, Add, not "Copy"')),
    enumCase('Report.Enabled', FULL, element('Enabled', 'true'), element('Enabled', '1'), 'MalformedXML', report('Report.Enabled must be one of true, false, not "1"')),
    enumCase('Report.Format', FULL, element('Format', 'Report_CSV_V1'), element('Format', 'Report_CSV_V2'), 'MalformedXML', report('Report.Format must be one of Report_CSV_V1, not "Report_CSV_V2"')),
    enumCase('Report.ReportScope', FULL, element('ReportScope', 'AllTasks'), element('ReportScope', 'Some'), 'MalformedXML', report('Report.ReportScope must be one of AllTasks, FailedTasksOnly, not "Some"')),
  ];
  it.each(cases)('%s', (_name, xml, code, message) => refused(parseCreateJobRequest(xml), code, message));

  it.each([
    ['ConfirmationRequired', FULL, element('ConfirmationRequired', 'true'), ['true', 'false']],
    ['Manifest.Spec.Format', FULL, element('Format', 'COSBatchOperations_CSV_V1'), ['COSBatchOperations_CSV_V1', 'COSInventoryReport_CSV_V1']],
    ['a Fields member', FULL, '<member>VersionId</member>', ['<member>VersionId</member>', '<member>VersionId</member><member>Ignore</member><member>Ignore</member>']],
    ['AccessControlDirective', FULL, element('AccessControlDirective', 'Replaced'), ['Copy', 'Replaced', 'Add']],
    ['COSGrant.Permission', FULL, element('Permission', 'READ'), ['READ', 'WRITE', 'FULL_CONTROL']],
    ['CannedAccessControlList', FULL, element('CannedAccessControlList', 'private'), ['private', 'public-read']],
    ['PrefixReplace', FULL, element('PrefixReplace', 'true'), ['true', 'false']],
    ['MetadataDirective', FULL, element('MetadataDirective', 'Replaced'), ['Copy', 'Replaced', 'Add']],
    ['COSPutObjectCopy.TaggingDirective', FULL, element('TaggingDirective', 'Replaced'), ['Copy', 'Replaced', 'Add']],
    ['StorageClass', FULL, element('StorageClass', 'STANDARD_IA'), ['STANDARD', 'STANDARD_IA', 'ARCHIVE']],
    ['JobTier', GO_RESTORE, element('JobTier', 'Standard'), ['Bulk', 'Standard']],
    ['COSPutObjectTagging.TaggingDirective', TAGGING, element('TaggingDirective', 'Add'), ['Replaced', 'Add']],
    ['Report.Enabled', FULL, element('Enabled', 'true'), ['true', 'false']],
    ['Report.ReportScope', FULL, element('ReportScope', 'AllTasks'), ['AllTasks', 'FailedTasksOnly']],
  ] as const)('every value of %s is accepted', (_name, base, given, values) => {
    for (const value of values) {
      const replacement = value.startsWith('<') ? value : given.replace(/>[^<]*</, `>${value}<`);
      expect(parseCreateJobRequest(edit(base, given, replacement))).not.toBeInstanceOf(CosError);
    }
  });
});

describe('lengths, in bytes of UTF-8 (three-byte characters count three): at the limit accepted, one past refused', () => {
  /** name, the body and the element as it is there, the element with `value` as its text, the limits, code, message. */
  type LengthCase = readonly [name: string, base: string, given: string, make: (value: string) => string, min: number, max: number, code: CosErrorCode, message: (n: number) => string];
  const text = (name: string, base: string, given: string, min: number, max: number, code: CosErrorCode, where: string, wrap: (p: string) => string = (p) => `${p}.`): LengthCase => [
    name,
    base,
    element(name, given),
    (value) => element(name, value),
    min,
    max,
    code,
    (n) => wrap(n === 0 ? `${where} must not be empty` : `${where} must be ${min} to ${max} bytes of UTF-8; it has ${n}`),
  ];
  const copy = 'Operation.COSPutObjectCopy';
  const cases: LengthCase[] = [
    text('ClientRequestToken', FULL, '1829b6c7-3141-42f1-9fe4-17082b841646', 1, 64, 'InvalidArgument', 'ClientRequestToken'),
    text('Description', FULL, 'test batch', 0, 256, 'InvalidArgument', 'Description'),
    text('ETag', FULL, '15150651828fa9cdcb8356b6d1c7638b', 1, 1024, 'MalformedXML', 'Manifest.Location.ETag', manifest),
    text('ObjectVersionId', FULL, 'v1', 1, 1024, 'MalformedXML', 'Manifest.Location.ObjectVersionId', manifest),
    text('DisplayName', FULL, 'me', 0, 256, 'MalformedXML', `${copy}.AccessControlGrants.COSGrant[1].Grantee.DisplayName`, operation),
    text('Identifier', FULL, 'qcs::cam::uin/1:uin/1', 1, 1024, 'MalformedXML', `${copy}.AccessControlGrants.COSGrant[1].Grantee.Identifier`, operation),
    text('ResourcesPrefix', FULL, 'pic', 0, 1024, 'MalformedXML', `${copy}.ResourcesPrefix`, operation),
    text('TargetKeyPrefix', FULL, 'abc', 0, 1024, 'MalformedXML', `${copy}.TargetKeyPrefix`, operation),
    text('CacheControl', FULL, 'no-cache', 0, 1024, 'MalformedXML', `${copy}.NewObjectMetadata.CacheControl`, operation),
    text('ContentDisposition', FULL, 'inline', 0, 1024, 'MalformedXML', `${copy}.NewObjectMetadata.ContentDisposition`, operation),
    text('ContentEncoding', FULL, 'gzip', 0, 1024, 'MalformedXML', `${copy}.NewObjectMetadata.ContentEncoding`, operation),
    text('ContentType', FULL, 'text/plain', 0, 1024, 'MalformedXML', `${copy}.NewObjectMetadata.ContentType`, operation),
    text('HttpExpiresDate', FULL, 'Wed, 21 Oct 2026 07:28:00 GMT', 0, 1024, 'MalformedXML', `${copy}.NewObjectMetadata.HttpExpiresDate`, operation),
    text('Value', FULL, 'a b', 0, 2048, 'MalformedXML', `${copy}.NewObjectMetadata.UserMetadata.member[1].Value`, operation),
    ['NewObjectTagging Key', FULL, element('Key', 'a'), (v) => element('Key', v), 1, 128, 'MalformedXML', (n) => operation(n === 0 ? `${copy}.NewObjectTagging.COSTag[1].Key must not be empty` : `${copy}.NewObjectTagging.COSTag[1].Key must be 1 to 128 bytes of UTF-8; it has ${n}`)],
    ['NewObjectTagging Value', FULL, element('Value', '1'), (v) => element('Value', v), 0, 256, 'MalformedXML', (n) => operation(`${copy}.NewObjectTagging.COSTag[1].Value must be 0 to 256 bytes of UTF-8; it has ${n}`)],
    ['TagSet Key', TAGGING, element('Key', 'k'), (v) => element('Key', v), 1, 128, 'MalformedXML', (n) => operation(n === 0 ? 'Operation.COSPutObjectTagging.TagSet.COSTag[1].Key must not be empty' : `Operation.COSPutObjectTagging.TagSet.COSTag[1].Key must be 1 to 128 bytes of UTF-8; it has ${n}`)],
    ['TagSet Value', TAGGING, element('Value', 'v'), (v) => element('Value', v), 0, 256, 'MalformedXML', (n) => operation(`Operation.COSPutObjectTagging.TagSet.COSTag[1].Value must be 0 to 256 bytes of UTF-8; it has ${n}`)],
    text('Prefix', FULL, 'job-result', 0, 256, 'MalformedXML', 'Report.Prefix', report),
  ];

  it.each(cases)('%s', (_name, base, given, make, min, max, code, message) => {
    for (const n of [min, max]) {
      const result = parseCreateJobRequest(edit(base, given, make(utf8Bytes(n))));
      if (result instanceof CosError) throw new Error(`${n} bytes refused: ${result.message}`);
    }
    refused(parseCreateJobRequest(edit(base, given, make(utf8Bytes(max + 1)))), code, message(max + 1));
    // one past the limit in bytes, well under it in characters
    expect(utf8Bytes(max + 1).length).toBeLessThan(max);
    if (min > 0) refused(parseCreateJobRequest(edit(base, given, make(''))), code, message(0));
  });

  it('ObjectArn: 1,024 bytes accepted, 1,025 refused', () => {
    const given = element('ObjectArn', 'qcs::cos:ap-chengdu:uid/1250000000:sourcebucket-1250000000/manifests/batch-copy-manifest.csv');
    const arn = (bytes: number) => {
      const prefix = 'qcs::cos:ap-chengdu::sourcebucket-1250000000/';
      return prefix + utf8Bytes(bytes - prefix.length);
    };
    expect(definitionOf(edit(FULL, given, element('ObjectArn', arn(1024)))).manifest.Location.ObjectArn).toBe(arn(1024));
    refused(parseCreateJobRequest(edit(FULL, given, element('ObjectArn', arn(1025)))), 'MalformedXML', manifest('Manifest.Location.ObjectArn must be 1 to 1024 bytes of UTF-8; it has 1025'));
  });

  it('RoleArn: 1,025 bytes refused for its length; a role name of 128 characters accepted, 129 refused for its form', () => {
    const given = element('RoleArn', 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole');
    const role = (name: string) => edit(FULL, given, element('RoleArn', `qcs::cam::uin/100000000001:roleName/${name}`));
    refused(parseCreateJobRequest(role(utf8Bytes(1025 - 36))), 'InvalidArgument', 'RoleArn must be 1 to 1024 bytes of UTF-8; it has 1025.');
    expect(definitionOf(role('r'.repeat(128))).roleArn).toBe(`qcs::cam::uin/100000000001:roleName/${'r'.repeat(128)}`);
    refused(parseCreateJobRequest(role('r'.repeat(129))), 'InvalidArgument', /^RoleArn must be a role ARN, qcs::cam::uin\/<uin>:roleName\/<role>\.$/);
  });

  it('UserMetadata Key: an HTTP header token of 1 to 128 bytes', () => {
    const given = element('Key', 'x-team');
    expect(parseCreateJobRequest(edit(FULL, given, element('Key', 'k'.repeat(128))))).not.toBeInstanceOf(CosError);
    refused(parseCreateJobRequest(edit(FULL, given, element('Key', 'k'.repeat(129)))), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectMetadata.UserMetadata.member[1].Key must be 1 to 128 bytes of UTF-8; it has 129'));
    refused(parseCreateJobRequest(edit(FULL, given, element('Key', 'a b'))), 'MalformedXML', operation('Operation.COSPutObjectCopy.NewObjectMetadata.UserMetadata.member[1].Key must be an HTTP header name token'));
    refused(parseCreateJobRequest(edit(FULL, given, element('Key', '键'))), 'MalformedXML', /UserMetadata\.member\[1\]\.Key must be an HTTP header name token/);
  });

  describe('list sizes: at the limit accepted, one more refused', () => {
    const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('');
    const tag = (i: number) => `<COSTag><Key>k${i}</Key><Value>v</Value></COSTag>`;
    const grant = (i: number) => `<COSGrant><Grantee><Identifier>qcs::cam::uin/${i}:uin/${i}</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>READ</Permission></COSGrant>`;
    const meta = (i: number) => `<member><Key>x-m${i}</Key><Value>v</Value></member>`;
    const fields = (n: number) => `<Fields><member>Bucket</member><member>Key</member>${repeat(n - 2, () => '<member>Ignore</member>')}</Fields>`;
    it.each([
      ['NewObjectTagging: 10 tags', 10, (n: number) => copyWith(`<TaggingDirective>Add</TaggingDirective><NewObjectTagging>${repeat(n, tag)}</NewObjectTagging>`), operation('Operation.COSPutObjectCopy.NewObjectTagging must hold at most 10 COSTag elements')],
      ['TagSet: 10 tags', 10, (n: number) => withOperation(`<COSPutObjectTagging><TaggingDirective>Replaced</TaggingDirective><TagSet>${repeat(n, tag)}</TagSet></COSPutObjectTagging>`), operation('Operation.COSPutObjectTagging.TagSet must hold at most 10 COSTag elements')],
      ['AccessControlGrants: 100 grants', 100, (n: number) => copyWith(`<AccessControlGrants>${repeat(n, grant)}</AccessControlGrants>`), operation('Operation.COSPutObjectCopy.AccessControlGrants must hold at most 100 COSGrant elements')],
      ['UserMetadata: 100 entries', 100, (n: number) => copyWith(`<NewObjectMetadata><UserMetadata>${repeat(n, meta)}</UserMetadata></NewObjectMetadata>`), operation('Operation.COSPutObjectCopy.NewObjectMetadata.UserMetadata must hold at most 100 member elements')],
      ['Fields: 10 columns', 10, (n: number) => edit(GO_COPY, '<Fields><member>Bucket</member><member>Key</member></Fields>', fields(n)), manifest('Manifest.Spec.Fields must hold at most 10 member elements')],
    ] as const)('%s', (_name, max, make, message) => {
      expect(parseCreateJobRequest(make(max))).not.toBeInstanceOf(CosError);
      refused(parseCreateJobRequest(make(max + 1)), 'MalformedXML', message);
    });
  });
});

describe('integers', () => {
  const priority = (value: string) => edit(GO_COPY, element('Priority', '1'), element('Priority', value));
  it.each(['-1', '2147483648', '1.5', '1e3', '+1', '0x10', '', ' ', '１', '99999999999', '9223372036854775807', 'one', '1 2'])('Priority %j: InvalidRequest, COS’s message', (value) => {
    refused(parseCreateJobRequest(priority(value)), 'InvalidRequest', PRIORITY_MESSAGE);
  });
  it.each([
    ['0', 0],
    ['2147483647', 2147483647],
    [' 7 ', 7],
    ['\n\t7\n', 7],
  ])('Priority %j is %d', (value, expected) => expect(definitionOf(priority(value)).priority).toBe(expected));

  it.each(['0', '366', '-1', '1.5', '', 'three'])('ExpirationInDays %j: refused, naming it', (days) => {
    refused(parseCreateJobRequest(restore(days)), 'MalformedXML', operation('Operation.COSInitiateRestoreObject.ExpirationInDays must be an integer from 1 to 365'));
  });
  it.each([
    ['1', '1'],
    ['365', '365'],
    [' 3 ', '3'],
  ])('ExpirationInDays %j is accepted as %j', (days, stored) => {
    expect(definitionOf(restore(days)).operation).toEqual({ COSInitiateRestoreObject: { ExpirationInDays: stored, JobTier: 'Bulk' } });
  });

  it.each(['2020-01-01', '-1', '1.5', '9223372036854775808', ''])('ModifiedSinceConstraint %j: refused (Unix seconds, as the Go SDK sends)', (value) => {
    refused(
      parseCreateJobRequest(copyWith(element('ModifiedSinceConstraint', value))),
      'MalformedXML',
      operation('Operation.COSPutObjectCopy.ModifiedSinceConstraint must be a time in Unix seconds (a non-negative integer)'),
    );
    refused(parseCreateJobRequest(copyWith(element('UnModifiedSinceConstraint', value))), 'MalformedXML', /^Incorrect Operation format: Operation\.COSPutObjectCopy\.UnModifiedSinceConstraint must be a time in Unix seconds/);
  });
  it.each(['0', '1576778429', '9223372036854775807'])('ModifiedSinceConstraint %j is accepted', (value) => {
    expect(definitionOf(copyWith(element('ModifiedSinceConstraint', value))).operation).toEqual({
      COSPutObjectCopy: { ModifiedSinceConstraint: value, TargetResource: 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000' },
    });
  });
});

describe('ARNs', () => {
  const OBJECT_ARN = element('ObjectArn', 'qcs::cos:ap-chengdu:uid/1250000000:sourcebucket-1250000000/manifests/batch-copy-manifest.csv');
  const TARGET = element('TargetResource', 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000');
  const REPORT_BUCKET = element('Bucket', 'qcs::cos:ap-chengdu:uid/1250000000:sourcebucket-1250000000');

  it.each([
    ['the `::` form', 'qcs::cos:ap-chengdu::sourcebucket-1250000000/m.csv', 'qcs::cos:ap-chengdu::destinationbucket-1250000000', 'qcs::cos:ap-chengdu::sourcebucket-1250000000'],
    ['the `uid/` form', 'qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341/a/b/c.json', 'qcs::cos:ap-guangzhou:uid/1308919341:cos-lock-1308919341', 'qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341'],
    ['the forms mixed, a key with spaces and non-ASCII', 'qcs::cos:na-siliconvalley::b-1/清单 1.csv', 'qcs::cos:ap-chengdu:uid/1:d-1', 'qcs::cos:ap-chengdu::r-1'],
  ])('both qcs forms are accepted and kept verbatim: %s', (_name, objectArn, target, bucket) => {
    const xml = edit(edit(edit(GO_COPY, OBJECT_ARN, element('ObjectArn', objectArn)), TARGET, element('TargetResource', target)), REPORT_BUCKET, element('Bucket', bucket));
    const definition = definitionOf(xml);
    expect(definition.manifest.Location.ObjectArn).toBe(objectArn);
    expect(definition.operation).toEqual({ COSPutObjectCopy: { TargetResource: target } });
    expect(definition.report.Bucket).toBe(bucket);
  });

  const OBJECT = /^Incorrect Manifest format: Manifest\.Location\.ObjectArn must be an object ARN, qcs::cos:<region>::<bucket>-<appid>\/<key> or qcs::cos:<region>:uid\/<appid>:<bucket>-<appid>\/<key>\.$/;
  it.each([
    ['no key', 'qcs::cos:ap-chengdu::sourcebucket-1250000000'],
    ['an empty key', 'qcs::cos:ap-chengdu::sourcebucket-1250000000/'],
    ['a bucket without its appid', 'qcs::cos:ap-chengdu::sourcebucket/m.csv'],
    ['one colon too few', 'qcs::cos:ap-chengdu:sourcebucket-1250000000/m.csv'],
    ['a uid that is not a number', 'qcs::cos:ap-chengdu:uid/abc:sourcebucket-1250000000/m.csv'],
    ['a region in upper case', 'qcs::cos:AP-CHENGDU::sourcebucket-1250000000/m.csv'],
    ['no region', 'qcs::cos:::sourcebucket-1250000000/m.csv'],
    ['another service', 'qcs::cam:ap-chengdu::sourcebucket-1250000000/m.csv'],
    ['an AWS ARN', 'arn:aws:s3:::sourcebucket/m.csv'],
    ['a URL', 'https://sourcebucket-1250000000.cos.ap-chengdu.myqcloud.com/m.csv'],
    ['a bucket with upper case', 'qcs::cos:ap-chengdu::SourceBucket-1250000000/m.csv'],
  ])('Manifest ObjectArn with %s: refused', (_name, arn) => {
    refused(parseCreateJobRequest(edit(GO_COPY, OBJECT_ARN, element('ObjectArn', arn))), 'MalformedXML', OBJECT);
  });
  it('Manifest ObjectArn empty: refused as empty', () => {
    refused(parseCreateJobRequest(edit(GO_COPY, OBJECT_ARN, element('ObjectArn', ''))), 'MalformedXML', manifest('Manifest.Location.ObjectArn must not be empty'));
  });

  const BUCKET = (where: string) => new RegExp(`^Incorrect (Operation|Report) format: ${where.replace(/\./g, '\\.')} must be a bucket ARN, qcs::cos:<region>::<bucket>-<appid> or qcs::cos:<region>:uid/<appid>:<bucket>-<appid>\\.$`);
  it.each([
    ['an object, not a bucket', 'qcs::cos:ap-chengdu::destinationbucket-1250000000/key'],
    ['a bucket without its appid', 'qcs::cos:ap-chengdu::destinationbucket'],
    ['a bare bucket name', 'destinationbucket-1250000000'],
    ['a trailing slash', 'qcs::cos:ap-chengdu:uid/1250000000:destinationbucket-1250000000/'],
    ['a uid without its colon', 'qcs::cos:ap-chengdu:uid/1250000000destinationbucket-1250000000'],
  ])('TargetResource and Report.Bucket with %s: refused', (_name, arn) => {
    refused(parseCreateJobRequest(edit(GO_COPY, TARGET, element('TargetResource', arn))), 'MalformedXML', BUCKET('Operation.COSPutObjectCopy.TargetResource'));
    refused(parseCreateJobRequest(edit(GO_COPY, REPORT_BUCKET, element('Bucket', arn))), 'MalformedXML', BUCKET('Report.Bucket'));
  });

  const ROLE = element('RoleArn', 'qcs::cam::uin/100000000001:roleName/COS_Batch_QcsRole');
  it.each(['COSBatch_QcsRole', 'COSBatch_QCSRole', 'a+=,.@-_1'])('RoleArn with the role %j: accepted', (name) => {
    expect(definitionOf(edit(GO_COPY, ROLE, element('RoleArn', `qcs::cam::uin/100000000001:roleName/${name}`))).roleArn).toBe(`qcs::cam::uin/100000000001:roleName/${name}`);
  });
  it.each([
    ['a uin that is not a number', 'qcs::cam::uin/abc:roleName/COS_Batch_QcsRole'],
    ['role/ instead of roleName/', 'qcs::cam::uin/100000000001:role/COS_Batch_QcsRole'],
    ['no role name', 'qcs::cam::uin/100000000001:roleName/'],
    ['a space in the role name', 'qcs::cam::uin/100000000001:roleName/COS Batch'],
    ['a path in the role name', 'qcs::cam::uin/100000000001:roleName/a/b'],
    ['the cos service', 'qcs::cos::uin/100000000001:roleName/COS_Batch_QcsRole'],
    ['an AWS role', 'arn:aws:iam::123456789012:role/batch'],
  ])('RoleArn with %s: InvalidArgument naming it', (_name, arn) => {
    refused(parseCreateJobRequest(edit(GO_COPY, ROLE, element('RoleArn', arn))), 'InvalidArgument', 'RoleArn must be a role ARN, qcs::cam::uin/<uin>:roleName/<role>.');
  });
  it('RoleArn empty: InvalidArgument, empty', () => {
    refused(parseCreateJobRequest(edit(GO_COPY, ROLE, element('RoleArn', ''))), 'InvalidArgument', 'RoleArn must not be empty.');
  });
});

describe('the operation: exactly one of the three', () => {
  const ONE_OF = 'COSPutObjectCopy, COSInitiateRestoreObject, COSPutObjectTagging';
  it.each([
    ['zero children', '<Operation></Operation>', operation(`Operation must hold exactly one of ${ONE_OF}`)],
    ['an empty element', '<Operation/>', operation(`Operation must hold exactly one of ${ONE_OF}`)],
    ['only white space', '<Operation>\n\t</Operation>', operation(`Operation must hold exactly one of ${ONE_OF}`)],
    [
      'two different operations',
      '<Operation><COSPutObjectCopy><TargetResource>qcs::cos:ap-chengdu::d-1</TargetResource></COSPutObjectCopy><COSInitiateRestoreObject><ExpirationInDays>1</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject></Operation>',
      operation(`Operation must hold exactly one of ${ONE_OF}; it holds 1 COSPutObjectCopy, 1 COSInitiateRestoreObject`),
    ],
    [
      'the same operation twice',
      '<Operation><COSPutObjectCopy><TargetResource>qcs::cos:ap-chengdu::d-1</TargetResource></COSPutObjectCopy><COSPutObjectCopy><TargetResource>qcs::cos:ap-chengdu::d-1</TargetResource></COSPutObjectCopy></Operation>',
      operation(`Operation must hold exactly one of ${ONE_OF}; it holds 2 COSPutObjectCopy`),
    ],
    ['an unsupported operation (COSDeleteObject, in one doc skeleton)', '<Operation><COSDeleteObject></COSDeleteObject></Operation>', operation(`Operation.COSDeleteObject is not a supported operation; use one of ${ONE_OF}`)],
    ['an unknown operation', '<Operation><COSPutObjectAcl/></Operation>', operation(`Operation.COSPutObjectAcl is not a supported operation; use one of ${ONE_OF}`)],
    ['text', '<Operation>COSPutObjectCopy</Operation>', operation('Operation must hold elements, not text')],
  ])('%s: MalformedXML', (_name, replacement, message) => {
    refused(parseCreateJobRequest(edit(GO_COPY, /<Operation>.*<\/Operation>/.exec(GO_COPY)![0], replacement)), 'MalformedXML', message);
  });
});

describe('an element given twice', () => {
  const twice = (base: string, given: string) => edit(base, given, given + given);
  it.each([
    ['ClientRequestToken', twice(GO_COPY, element('ClientRequestToken', '1829b6c7-3141-42f1-9fe4-17082b841646')), 'InvalidArgument', 'ClientRequestToken must be given once.'],
    ['ConfirmationRequired', twice(FULL, element('ConfirmationRequired', 'true')), 'InvalidArgument', 'ConfirmationRequired must be given once.'],
    ['Description', twice(GO_COPY, element('Description', 'test batch')), 'InvalidArgument', 'Description must be given once.'],
    ['Priority', twice(GO_COPY, element('Priority', '1')), 'InvalidRequest', PRIORITY_MESSAGE],
    ['RoleArn', twice(GO_COPY, /<RoleArn>.*<\/RoleArn>/.exec(GO_COPY)![0]), 'InvalidArgument', 'RoleArn must be given once.'],
    ['Manifest', twice(GO_COPY, /<Manifest>.*<\/Manifest>/.exec(GO_COPY)![0]), 'MalformedXML', manifest('Manifest must be given once')],
    ['Manifest.Location.ETag', twice(GO_COPY, element('ETag', '15150651828fa9cdcb8356b6d1c7638b')), 'MalformedXML', manifest('Manifest.Location.ETag must be given once')],
    ['Manifest.Spec.Fields', twice(GO_COPY, '<Fields><member>Bucket</member><member>Key</member></Fields>'), 'MalformedXML', manifest('Manifest.Spec.Fields must be given once')],
    ['Operation', twice(GO_COPY, /<Operation>.*<\/Operation>/.exec(GO_COPY)![0]), 'MalformedXML', operation('Operation must be given once')],
    ['TargetResource', twice(GO_COPY, /<TargetResource>.*<\/TargetResource>/.exec(GO_COPY)![0]), 'MalformedXML', operation('Operation.COSPutObjectCopy.TargetResource must be given once')],
    ['Report', twice(GO_COPY, /<Report>.*<\/Report>/.exec(GO_COPY)![0]), 'MalformedXML', report('Report must be given once')],
    ['Report.Enabled', twice(GO_COPY, element('Enabled', 'true')), 'MalformedXML', report('Report.Enabled must be given once')],
  ] as const)('%s', (_name, xml, code, message) => refused(parseCreateJobRequest(xml), code, message));
});

describe('rules across elements', () => {
  const FIELDS = '<Fields><member>Bucket</member><member>Key</member></Fields>';
  const fields = (members: string) => edit(GO_COPY, FIELDS, members);
  it.each([
    ['no Key column', '<Fields><member>Bucket</member></Fields>', 'Key'],
    ['no Bucket column', '<Fields><member>Key</member></Fields>', 'Bucket'],
    ['no Fields at all', '', 'Bucket'],
    ['empty Fields', '<Fields></Fields>', 'Bucket'],
    ['the Bucket column twice', '<Fields><member>Bucket</member><member>Key</member><member>Bucket</member></Fields>', 'Bucket'],
    ['the Key column twice', '<Fields><member>Bucket</member><member>Key</member><member>Key</member></Fields>', 'Key'],
  ])('a CSV manifest (COSBatchOperations_CSV_V1) with %s: refused', (_name, members, column) => {
    refused(parseCreateJobRequest(fields(members)), 'MalformedXML', manifest(`Manifest.Spec.Fields must name the ${column} column exactly once for COSBatchOperations_CSV_V1`));
  });
  it('a CSV manifest naming VersionId twice: refused', () => {
    refused(
      parseCreateJobRequest(fields('<Fields><member>Bucket</member><member>Key</member><member>VersionId</member><member>VersionId</member></Fields>')),
      'MalformedXML',
      manifest('Manifest.Spec.Fields must name the VersionId column at most once'),
    );
  });
  it('a CSV manifest with the columns in another order and Ignore columns: accepted as given', () => {
    const members = '<Fields><member>Ignore</member><member>Key</member><member>VersionId</member><member>Bucket</member></Fields>';
    expect(definitionOf(fields(members)).manifest.Spec.Fields).toEqual(['Ignore', 'Key', 'VersionId', 'Bucket']);
  });
  it('an inventory manifest needs no Fields', () => {
    expect(definitionOf(edit(TERRAFORM, '<Fields></Fields>', '')).manifest.Spec).toEqual({ Format: 'COSInventoryReport_CSV_V1' });
  });

  it.each(['Replaced', 'Add'])('COSPutObjectCopy TaggingDirective %s without NewObjectTagging: refused, naming NewObjectTagging', (directive) => {
    refused(
      parseCreateJobRequest(copyWith(element('TaggingDirective', directive))),
      'MalformedXML',
      operation(`Operation.COSPutObjectCopy.NewObjectTagging is required when TaggingDirective is ${directive}`),
    );
  });
  it('COSPutObjectCopy TaggingDirective Copy without NewObjectTagging: accepted', () => {
    expect(parseCreateJobRequest(copyWith(element('TaggingDirective', 'Copy')))).not.toBeInstanceOf(CosError);
  });

  const tags = (...keys: string[]) => keys.map((k, i) => `<COSTag><Key>${k}</Key><Value>${i}</Value></COSTag>`).join('');
  it.each([
    ['NewObjectTagging', copyWith(`<TaggingDirective>Add</TaggingDirective><NewObjectTagging>${tags('a', 'b', 'a')}</NewObjectTagging>`), operation('Operation.COSPutObjectCopy gives the key "a" twice')],
    ['TagSet', withOperation(`<COSPutObjectTagging><TaggingDirective>Replaced</TaggingDirective><TagSet>${tags('k', 'k')}</TagSet></COSPutObjectTagging>`), operation('Operation.COSPutObjectTagging.TagSet gives the key "k" twice')],
    ['UserMetadata', copyWith('<NewObjectMetadata><UserMetadata><member><Key>x-a</Key><Value>1</Value></member><member><Key>x-a</Key><Value>2</Value></member></UserMetadata></NewObjectMetadata>'), operation('Operation.COSPutObjectCopy gives the key "x-a" twice')],
  ])('a key given twice in %s: refused, naming it', (_name, xml, message) => refused(parseCreateJobRequest(xml), 'MalformedXML', message));
  it('tag keys that differ only in case are different keys', () => {
    expect(parseCreateJobRequest(copyWith(`<TaggingDirective>Add</TaggingDirective><NewObjectTagging>${tags('a', 'A')}</NewObjectTagging>`))).not.toBeInstanceOf(CosError);
  });
});

describe('elements where text belongs and text where elements belong', () => {
  it.each([
    ['Manifest holding text', edit(GO_COPY, /<Manifest>.*<\/Manifest>/.exec(GO_COPY)![0], '<Manifest>text</Manifest>'), 'MalformedXML', manifest('Manifest must hold elements, not text')],
    ['Fields holding text', edit(GO_COPY, '<Fields><member>Bucket</member><member>Key</member></Fields>', '<Fields>Bucket,Key</Fields>'), 'MalformedXML', manifest('Manifest.Spec.Fields must hold elements, not text')],
    ['Location holding text beside its elements', edit(GO_COPY, '<Location>', '<Location>x'), 'MalformedXML', manifest('Manifest.Location must hold elements, not text')],
    ['a scalar holding elements', edit(GO_COPY, element('Description', 'test batch'), '<Description><b>x</b></Description>'), 'InvalidArgument', 'Description must be text, not elements.'],
    ['Priority holding elements', edit(GO_COPY, element('Priority', '1'), '<Priority><n>1</n></Priority>'), 'InvalidRequest', PRIORITY_MESSAGE],
    ['text mixed with CDATA', edit(GO_COPY, element('Description', 'test batch'), '<Description>a<![CDATA[b]]></Description>'), 'InvalidArgument', 'Description must not mix text and CDATA.'],
    ['the root holding only text', '<CreateJobRequest>hello</CreateJobRequest>', 'InvalidArgument', 'CreateJobRequest must hold elements, not text.'],
  ] as const)('%s', (_name, xml, code, message) => refused(parseCreateJobRequest(xml), code, message));

  it('an empty root: the first required element is named', () => {
    refused(parseCreateJobRequest('<CreateJobRequest/>'), 'InvalidArgument', 'ClientRequestToken is required.');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the document: MalformedXML', () => {
  const NOT_WELL_FORMED = /^The request body is not well-formed XML: /;
  const DTD = 'The request body is not well-formed XML: a DOCTYPE or an entity declaration is not allowed';
  const withDescription = (text: string) => edit(GO_COPY, 'test batch', text);

  it.each([
    ['a second, self-closing root after it (the validator lets it through)', `${GO_COPY}<CreateJobRequest/>`, 'The request body is not well-formed XML: it has more than one root element'],
    ['a second, self-closing root before it', `<Other/>${GO_COPY}`, 'The request body is not well-formed XML: it has more than one root element'],
    ['a DOCTYPE', `<!DOCTYPE CreateJobRequest>${GO_COPY}`, DTD],
    ['a DOCTYPE in lower case', `<!doctype CreateJobRequest>${GO_COPY}`, DTD],
    ['a DOCTYPE after the declaration', `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE CreateJobRequest SYSTEM "job.dtd">\n${GO_COPY}`, DTD],
    ['an entity declaration without a DOCTYPE', `<!ENTITY x "y">${GO_COPY}`, DTD],
    ['an internal entity used in a value', `<!DOCTYPE r [<!ENTITY d "desc">]>${withDescription('&d;')}`, DTD],
    [
      'a billion-laughs bomb',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>${withDescription('&lol3;')}`,
      DTD,
    ],
    ['an external entity (XXE)', `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${withDescription('&xxe;')}`, DTD],
    ['an external entity over HTTP', `<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>${withDescription('&xxe;')}`, DTD],
    ['a parameter entity', `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://example.com/evil.dtd"> %p;]>${GO_COPY}`, DTD],
  ])('%s', (_name, xml, message) => refused(parseCreateJobRequest(xml), 'MalformedXML', message));

  it.each([
    ['in a value', withDescription('&foo;')],
    ['in a value, beside predefined ones', withDescription('&amp;&foo;&lt;')],
    ['in an ETag', edit(GO_COPY, '15150651828fa9cdcb8356b6d1c7638b', '&quote;x&quote;')],
    ['in an unknown (ignored) element', edit(GO_COPY, '<Description>', '<Unknown>&foo;</Unknown><Description>')],
    ['in an attribute', edit(GO_COPY, '<Description>', '<Description note="&foo;">')],
    ['in text between elements', edit(GO_COPY, '<Description>', '&foo;<Description>')],
  ])('an undefined entity (&foo;) %s', (_name, xml) => refused(parseCreateJobRequest(xml), 'MalformedXML', NOT_WELL_FORMED));

  it.each([
    ['&#0; in a value', withDescription('a&#0;b')],
    ['&#x0; in a value', withDescription('a&#x0;b')],
    ['&#1; in a value', withDescription('&#1;')],
    ['&#xFFFE; in a value', withDescription('&#xFFFE;')],
    ['a lone surrogate reference &#xD800;', withDescription('&#xD800;')],
    ['a reference past Unicode &#x110000;', withDescription('&#x110000;')],
    ['&#0; in an unknown (ignored) element', edit(GO_COPY, '<Description>', '<Unknown>&#0;</Unknown><Description>')],
    ['&#0; in an attribute', edit(GO_COPY, '<Description>', '<Description note="&#0;">')],
    ['a raw control character', withDescription('a\u0001b')],
    ['a raw NUL', withDescription('a\u0000b')],
    ['a raw lone surrogate', withDescription('a\uD800b')],
  ])('a character XML cannot carry: %s', (_name, xml) => refused(parseCreateJobRequest(xml), 'MalformedXML', NOT_WELL_FORMED));

  it('a character reference to a character XML can carry is decoded', () => {
    expect(definitionOf(withDescription('&#9;&#xA;&#x1F600;')).description).toBe('\t\n😀');
  });

  it.each([
    ['GB2312', `<?xml version="1.0" encoding="GB2312"?>${GO_COPY}`, 'The request body is not well-formed XML: the encoding must be UTF-8, not "GB2312"'],
    ['ISO-8859-1', `<?xml version="1.0" encoding="ISO-8859-1"?>\n${GO_COPY}`, 'The request body is not well-formed XML: the encoding must be UTF-8, not "ISO-8859-1"'],
    ['UTF-16', `<?xml version='1.0' encoding='UTF-16'?>${GO_COPY}`, 'The request body is not well-formed XML: the encoding must be UTF-8, not "UTF-16"'],
  ])('a declared encoding other than UTF-8 (%s)', (_name, xml, message) => refused(parseCreateJobRequest(xml), 'MalformedXML', message));

  it.each([
    ['a tag left open', edit(GO_COPY, '</Description>', '')],
    ['tags crossed', edit(GO_COPY, '<Description>test batch</Description>', '<Description><b>test batch</Description></b>')],
    ['a closing tag with another name', edit(GO_COPY, '</Description>', '</Descriptio>')],
    ['two roots', `${GO_COPY}${GO_COPY}`],
    ['text after the root', `${GO_COPY}trailing`],
    ['text that is no XML', 'hello'],
    ['JSON', '{"ClientRequestToken":"t"}'],
    ['a raw &', withDescription('a & b')],
    ['a raw <', withDescription('a < b')],
    ['a cut body', GO_COPY.slice(0, 500)],
    ['an attribute without quotes', edit(GO_COPY, '<Description>', '<Description a=b>')],
    ['an unclosed CDATA section', withDescription('<![CDATA[x')],
  ])('not well-formed: %s', (_name, xml) => refused(parseCreateJobRequest(xml), 'MalformedXML', NOT_WELL_FORMED));

  describe('nesting deeper than the format needs', () => {
    const deep = (levels: number) => '<a>'.repeat(levels) + '</a>'.repeat(levels);
    const NESTED = 'The request body is not well-formed XML: elements nest deeper than 7 levels';
    it('the format nests 7 levels with the root: the deepest element of the full copy body is accepted', () => {
      expect(LIMITS.maxDepth).toBe(7);
      expect(definitionOf(FULL).operation).toEqual(FULL_DEFINITION.operation);
    });
    it.each([
      ['one level past the format, in a known element', copyWith('<AccessControlGrants><COSGrant><Grantee><DisplayName><x>y</x></DisplayName><Identifier>i</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>READ</Permission></COSGrant></AccessControlGrants>')],
      ['13 levels, in a value', withDescription(deep(11))],
      ['13 levels, in an unknown element', edit(GO_COPY, '<Description>', `<Unknown>${deep(11)}</Unknown><Description>`)],
      ['13 levels, as the whole document', deep(13)],
      ['10,000 levels', deep(10_000)],
      ['10,000 levels left open', '<a>'.repeat(10_000)],
    ])('%s', (_name, xml) => refused(parseCreateJobRequest(xml), 'MalformedXML', /^The request body is not well-formed XML: /));
    it('13 levels: refused for the depth; 10,000 levels: for the markup, before the parser sees them', () => {
      refused(parseCreateJobRequest(withDescription(deep(11))), 'MalformedXML', NESTED);
      refused(parseCreateJobRequest(deep(1_000)), 'MalformedXML', NESTED);
      refused(parseCreateJobRequest(deep(10_000)), 'MalformedXML', /it holds more elements than a CreateJobRequest can \(4096 tags at most\)$/);
    });
    it('refuses more markup than a full request can need, and reads the largest one that can', () => {
      const grants = Array.from({ length: 100 }, (_, i) => `<COSGrant><Grantee><DisplayName>d</DisplayName><Identifier>i${i}</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>READ</Permission></COSGrant>`).join('');
      const metadata = Array.from({ length: 100 }, (_, i) => `<member><Key>k${i}</Key><Value>v</Value></member>`).join('');
      const largest = copyWith(`<AccessControlGrants>${grants}</AccessControlGrants><NewObjectMetadata><UserMetadata>${metadata}</UserMetadata></NewObjectMetadata>`);
      expect(parseCreateJobRequest(largest)).not.toBeInstanceOf(CosError);
      refused(parseCreateJobRequest(withDescription('<a/>'.repeat(LIMITS.maxMarkup))), 'MalformedXML', /more elements than a CreateJobRequest can/);
    });
  });

  it.each([
    ['another root', '<CreateJob><ClientRequestToken>t</ClientRequestToken></CreateJob>', 'The root element must be CreateJobRequest, not CreateJob.'],
    ['COS’s result element', '<CreateJobResult><JobId>x</JobId></CreateJobResult>', 'The root element must be CreateJobRequest, not CreateJobResult.'],
    ['another letter case', GO_COPY.replace(/CreateJobRequest>/g, 'createJobRequest>'), 'The root element must be CreateJobRequest, not createJobRequest.'],
    ['a namespace prefix', GO_COPY.replace('<CreateJobRequest>', '<x:CreateJobRequest xmlns:x="urn:x">').replace('</CreateJobRequest>', '</x:CreateJobRequest>'), 'The root element must be CreateJobRequest, not x:CreateJobRequest.'],
  ])('the wrong root (%s)', (_name, xml, message) => refused(parseCreateJobRequest(xml), 'MalformedXML', message));

  it.each([
    ['a default namespace on the root', edit(GO_COPY, '<CreateJobRequest>', '<CreateJobRequest xmlns="http://cos.tencentcloudapi.com/">')],
    ['a comment', edit(GO_COPY, '<Description>', '<!-- note --><Description>')],
    ['a processing instruction', edit(GO_COPY, '<Description>', '<?note x?><Description>')],
    ['a byte-order mark', `\uFEFF${GO_COPY}`],
    ['white space around the root', `\n  ${GO_COPY}\n\n`],
  ])('accepted: %s', (_name, xml) => expect(parsed(xml)).toEqual(parsed(GO_COPY)));
});

// ---------------------------------------------------------------------------------------------------------------

describe('the body as it arrives', () => {
  const request = createRequest;
  const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('base64');
  const bytesRequest = (bytes: Buffer, headers: Record<string, string> = {}): RequestSpec => ({ ...createRequest('', { headers }), body: bytes.toString('base64'), base64: true });

  describe.each(PAYLOAD_FORMATS)('%s', (_format, toEvent) => {
    const read = (spec: RequestSpec) => readBody(parseGatewayEvent(toEvent(spec)));

    it('an empty body: InvalidRequest "Empty request body"', () => {
      refused(read(request('')), 'InvalidRequest', 'Empty request body');
      refused(read({ ...request(''), body: undefined }), 'InvalidRequest', 'Empty request body');
    });

    it('text is taken as it is; base64 (as a gateway may hand it over) is decoded', () => {
      expect(read(request(GO_COPY))).toBe(GO_COPY);
      expect(read(request(GO_COPY, { base64: true }))).toBe(GO_COPY);
      const unicode = edit(GO_COPY, 'test batch', '批量复制 🙂');
      expect(read(request(unicode, { base64: true }))).toBe(unicode);
    });

    it.each([
      ['text', false],
      ['base64', true],
    ])('over 64 KiB as %s: EntityTooLarge, before any parsing', (_name, base64) => {
      const big = edit(GO_COPY, 'test batch', 'x'.repeat(LIMITS.maxBodyBytes));
      refused(read(request(big, { base64 })), 'EntityTooLarge', 'The request body must be at most 65536 bytes.');
      refused(read(request('<'.repeat(10 * LIMITS.maxBodyBytes), { base64 })), 'EntityTooLarge', 'The request body must be at most 65536 bytes.');
    });

    it.each([
      ['text', false],
      ['base64', true],
    ])('exactly 64 KiB of multi-byte text as %s is read; one byte more is not', (_name, base64) => {
      const room = LIMITS.maxBodyBytes - Buffer.byteLength(GO_COPY) + Buffer.byteLength('test batch');
      const filled = (bytes: number) => edit(GO_COPY, 'test batch', utf8Bytes(bytes));
      expect(Buffer.byteLength(filled(room))).toBe(65_536);
      expect(filled(room).length).toBeLessThan(30_000); // far under the limit in characters
      expect(read(request(filled(room), { base64 }))).toBe(filled(room));
      refused(read(request(filled(room + 1), { base64 })), 'EntityTooLarge', 'The request body must be at most 65536 bytes.');
    });

    it.each([
      ['a byte that cannot start a character', Buffer.from([0x3c, 0x61, 0xc3, 0x28, 0x3e])],
      ['an over-long encoding of "/"', Buffer.from([0x3c, 0x61, 0xc0, 0xaf, 0x3e])],
      ['an encoded surrogate', Buffer.from([0x3c, 0x61, 0xed, 0xa0, 0x80, 0x3e])],
      ['a character cut short at the end', Buffer.concat([Buffer.from(GO_COPY), Buffer.from([0xe4, 0xbd])])],
      ['Latin-1 text', Buffer.from(edit(GO_COPY, 'test batch', 'café'), 'latin1')],
      ['GB2312 bytes', Buffer.concat([Buffer.from(GO_COPY.slice(0, 200)), Buffer.from([0xc5, 0xfa, 0xc1, 0xbf]), Buffer.from(GO_COPY.slice(200))])],
    ])('bytes that are not UTF-8 (base64): InvalidArgument, %s', (_name, bytes) => {
      refused(read(bytesRequest(bytes)), 'InvalidArgument', /valid UTF-8/);
      refused(read(bytesRequest(bytes)), 'InvalidArgument', 'The request body must be valid UTF-8.');
    });

    it('U+FFFD (what a gateway puts for such bytes): InvalidArgument, as text and as base64', () => {
      const replaced = edit(GO_COPY, 'test batch', 'a\uFFFDb');
      refused(read(request(replaced)), 'InvalidArgument', 'The request body must be valid UTF-8.');
      refused(read(request(replaced, { base64: true })), 'InvalidArgument', 'The request body must be valid UTF-8.');
    });

    describe('Content-MD5', () => {
      it('matching the body: read (the reference’s value for the Go SDK body)', () => {
        expect(md5(GO_COPY)).toBe('6E8wIIE2rjuiaNOFi4AzaQ==');
        expect(read(request(GO_COPY, { headers: { 'content-md5': '6E8wIIE2rjuiaNOFi4AzaQ==' } }))).toBe(GO_COPY);
        expect(read(request(GO_COPY, { headers: { 'Content-MD5': '6E8wIIE2rjuiaNOFi4AzaQ==' } }))).toBe(GO_COPY);
      });
      it('of the UTF-8 bytes of text with non-ASCII, and of the decoded bytes of a base64 body', () => {
        const unicode = edit(GO_COPY, 'test batch', '批量复制');
        expect(read(request(unicode, { headers: { 'content-md5': md5(Buffer.from(unicode, 'utf8')) } }))).toBe(unicode);
        expect(read(request(unicode, { base64: true, headers: { 'content-md5': md5(Buffer.from(unicode, 'utf8')) } }))).toBe(unicode);
        const base64Text = Buffer.from(unicode).toString('base64');
        refused(read(request(unicode, { base64: true, headers: { 'content-md5': md5(base64Text) } })), 'InvalidDigest', 'The Content-MD5 header does not match the MD5 of the request body.');
      });
      it.each([
        ['of another body', md5(`${GO_COPY} `)],
        ['in hex instead of base64', createHash('md5').update(GO_COPY).digest('hex')],
        ['garbage', 'garbage'],
        ['empty', ''],
        ['of the right body, cut short', '6E8wIIE2rjuiaNOFi4AzaQ'],
      ])('%s: InvalidDigest', (_name, value) => {
        refused(read(request(GO_COPY, { headers: { 'content-md5': value } })), 'InvalidDigest', 'The Content-MD5 header does not match the MD5 of the request body.');
      });
    });

    it('checks x-cos-appid (a header) before the body', () => {
      const spec = { ...request(''), headers: {} };
      refused(CreateJob.parse(parseGatewayEvent(toEvent(spec)), ''), 'InvalidArgument', 'x-cos-appid cannot be empty');
      const bad = { ...request('<not xml', { headers: { 'content-md5': 'garbage' } }), headers: { 'content-md5': 'garbage' } };
      refused(CreateJob.parse(parseGatewayEvent(toEvent(bad)), ''), 'InvalidArgument', 'x-cos-appid cannot be empty');
    });

    it('checks the body before its XML: too large wins over malformed, a wrong digest over a wrong element', () => {
      const parse = (spec: RequestSpec) => CreateJob.parse(parseGatewayEvent(toEvent(spec)), '');
      refused(parse(request(`<!DOCTYPE x>${'<'.repeat(LIMITS.maxBodyBytes)}`)), 'EntityTooLarge', /at most 65536 bytes/);
      refused(parse(request(withoutPriority(), { headers: { 'content-md5': 'garbage' } })), 'InvalidDigest', /does not match/);
      refused(parse(request(withoutPriority())), 'InvalidRequest', PRIORITY_MESSAGE);
    });

    it('a whole request: the command holds the appid, the token and the definition', () => {
      expect(CreateJob.parse(parseGatewayEvent(toEvent(request(GO_COPY, { appId: '1250000000', headers: { 'content-md5': md5(GO_COPY) } }))), '')).toEqual({
        appId: '1250000000',
        clientRequestToken: '1829b6c7-3141-42f1-9fe4-17082b841646',
        definition: GO_COPY_DEFINITION,
      });
    });
  });
});

function withoutPriority(): string {
  return edit(GO_COPY, element('Priority', '1'), '');
}
