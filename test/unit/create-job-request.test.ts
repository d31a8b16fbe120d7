/**
 * CreateJob's body: what the real clients send is accepted as the exact job definition, and every rule of the
 * reference's tables refuses what breaks it with the contract's code and a message naming the element.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CosError } from '../../lib/cos/errors';
import { CreateJob, LIMITS, parseCreateJobRequest, readBody } from '../../lib/cos/operations/create-job';
import { parseGatewayEvent } from '../../lib/http/event';
import { createRequest, httpApiEvent, restEvent } from '../support/events';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', name), 'utf8');
const GO_COPY = fixture('go-sdk-copy.xml');

function refused(result: unknown, code: string, message: RegExp | string) {
  expect(result).toBeInstanceOf(CosError);
  const error = result as CosError;
  expect({ code: error.code, status: error.status }).toEqual({ code, status: 400 });
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

const definitionOf = (xml: string) => {
  const parsed = parseCreateJobRequest(xml);
  if (parsed instanceof CosError) throw parsed;
  return parsed;
};

describe('what the real clients send', () => {
  it('the Go SDK’s compact body: the exact definition, element names kept', () => {
    expect(definitionOf(GO_COPY)).toEqual({
      clientRequestToken: '1829b6c7-3141-42f1-9fe4-17082b841646',
      definition: {
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
      },
    });
  });

  it('the restore variant: a quoted ETag written &#34;…&#34; is read back with its quotes', () => {
    const { definition } = definitionOf(fixture('go-sdk-restore.xml'));
    expect(definition.manifest.Location.ETag).toBe('"ec75a30f3af000e9b31d62bed75cbcad"');
    expect(definition.operation).toEqual({ COSInitiateRestoreObject: { ExpirationInDays: '3', JobTier: 'Standard' } });
    expect(definition.confirmationRequired).toBe(true);
  });

  it('Terraform’s body: empty <Fields></Fields> and <NewObjectTagging></NewObjectTagging> are valid empty lists', () => {
    const { definition } = definitionOf(fixture('terraform.xml'));
    expect(definition.manifest.Spec).toEqual({ Fields: [], Format: 'COSInventoryReport_CSV_V1' });
    expect(definition.operation).toEqual({
      COSPutObjectCopy: {
        AccessControlDirective: 'Copy',
        MetadataDirective: 'Copy',
        TaggingDirective: 'Copy',
        NewObjectTagging: [],
        StorageClass: 'STANDARD',
        TargetResource: 'qcs::cos:ap-guangzhou:uid/1308919341:cos-lock-1308919341',
      },
    });
  });

  it('the published, indented request and the same with an XML declaration give the same definition as compact', () => {
    const indented = definitionOf(fixture('real-request.xml'));
    expect(definitionOf(`<?xml version="1.0" encoding="UTF-8"?>\n${fixture('real-request.xml')}`)).toEqual(indented);
    expect(indented.definition.manifest.Location.ETag).toBe('"15150651828fa9cdcb8356b6d1c7638b"');
    expect(indented.definition.description).toBe('example-job');
  });

  it('keeps text verbatim (spaces, entities, CDATA) and ignores unknown elements', () => {
    const xml = GO_COPY.replace('<Description>test batch</Description>', '<Description> a &amp; b &lt;c&gt; &#x4F60; </Description><Unknown><X>1</X></Unknown>').replace(
      '<ETag>15150651828fa9cdcb8356b6d1c7638b</ETag>',
      '<ETag><![CDATA["abc"&]]></ETag>',
    );
    const { definition } = definitionOf(xml);
    expect(definition.description).toBe(' a & b <c> 你 ');
    expect(definition.manifest.Location.ETag).toBe('"abc"&');
  });
});

/** The Go SDK body with one change. */
const edit = (from: string | RegExp, to: string) => {
  const xml = GO_COPY.replace(from, to);
  if (xml === GO_COPY) throw new Error(`the edit ${String(from)} changed nothing`);
  return xml;
};
const copyWith = (inner: string) => edit('<COSPutObjectCopy>', `<COSPutObjectCopy>${inner}`);

describe('every rule, each with its code and a message naming the element', () => {
  it.each([
    ['no ClientRequestToken', edit(/<ClientRequestToken>.*<\/ClientRequestToken>/, ''), 'InvalidArgument', /^ClientRequestToken is required\.$/],
    ['an empty ClientRequestToken (the Go SDK sends one when unset)', edit(/<ClientRequestToken>.*<\/ClientRequestToken>/, '<ClientRequestToken></ClientRequestToken>'), 'InvalidArgument', /ClientRequestToken must not be empty/],
    ['a 65-byte ClientRequestToken', edit(/<ClientRequestToken>.*<\/ClientRequestToken>/, `<ClientRequestToken>${'t'.repeat(65)}</ClientRequestToken>`), 'InvalidArgument', /ClientRequestToken must be 1 to 64 bytes of UTF-8; it has 65/],
    ['ConfirmationRequired yes', edit('<Description>', '<ConfirmationRequired>yes</ConfirmationRequired><Description>'), 'InvalidArgument', /ConfirmationRequired must be one of true, false/],
    ['a 257-byte Description (86 characters)', edit('test batch', `${'你'.repeat(85)}xy`), 'InvalidArgument', /Description must be 0 to 256 bytes of UTF-8; it has 257/],
    ['no RoleArn', edit(/<RoleArn>.*<\/RoleArn>/, ''), 'InvalidArgument', /RoleArn is required/],
    ['an empty RoleArn', edit(/<RoleArn>.*<\/RoleArn>/, '<RoleArn></RoleArn>'), 'InvalidArgument', /RoleArn must not be empty/],
    ['a RoleArn of another form', edit('roleName/COS_Batch_QcsRole', 'role/x'), 'InvalidArgument', /RoleArn must be a role ARN/],
    ['Priority -1', edit('<Priority>1</Priority>', '<Priority>-1</Priority>'), 'InvalidRequest', 'Priority must be an integer between 0 and 2147483647'],
    ['Priority 2147483648', edit('<Priority>1</Priority>', '<Priority>2147483648</Priority>'), 'InvalidRequest', 'Priority must be an integer between 0 and 2147483647'],
    ['Priority 1.5', edit('<Priority>1</Priority>', '<Priority>1.5</Priority>'), 'InvalidRequest', 'Priority must be an integer between 0 and 2147483647'],
    ['Priority 1e30', edit('<Priority>1</Priority>', '<Priority>1e30</Priority>'), 'InvalidRequest', 'Priority must be an integer between 0 and 2147483647'],
    ['no Priority', edit('<Priority>1</Priority>', ''), 'InvalidRequest', 'Priority must be an integer between 0 and 2147483647'],
    ['no Manifest', edit(/<Manifest>.*<\/Manifest>/, ''), 'MalformedXML', /^Incorrect Manifest format: Manifest is required\.$/],
    ['no ETag', edit(/<ETag>.*<\/ETag>/, ''), 'MalformedXML', /^Incorrect Manifest format: Manifest\.Location\.ETag is required\.$/],
    ['an ObjectArn without a key', edit('sourcebucket-1250000000/manifests/batch-copy-manifest.csv', 'sourcebucket-1250000000'), 'MalformedXML', /Manifest\.Location\.ObjectArn must be an object ARN/],
    ['a bucket without its appid', edit('sourcebucket-1250000000/manifests', 'sourcebucket/manifests'), 'MalformedXML', /Manifest\.Location\.ObjectArn must be an object ARN/],
    ['an unknown manifest Format', edit('COSBatchOperations_CSV_V1', 'CSV'), 'MalformedXML', /Manifest\.Spec\.Format must be one of COSBatchOperations_CSV_V1, COSInventoryReport_CSV_V1, not "CSV"/],
    ['an unknown Fields member', edit('<member>Key</member>', '<member>Key</member><member>Size</member>'), 'MalformedXML', /Manifest\.Spec\.Fields\.member\[3\] must be one of Ignore, Bucket, Key, VersionId/],
    ['a CSV manifest without the Key column', edit('<member>Key</member>', ''), 'MalformedXML', /Manifest\.Spec\.Fields must name the Key column exactly once/],
    ['a CSV manifest naming Bucket twice', edit('<member>Key</member>', '<member>Key</member><member>Bucket</member>'), 'MalformedXML', /must name the Bucket column exactly once/],
    ['no Operation', edit(/<Operation>.*<\/Operation>/, ''), 'MalformedXML', /^Incorrect Operation format: Operation is required\.$/],
    ['an empty Operation', edit(/<Operation>.*<\/Operation>/, '<Operation></Operation>'), 'MalformedXML', /Operation must hold exactly one of COSPutObjectCopy, COSInitiateRestoreObject, COSPutObjectTagging\.$/],
    ['two Operation children', edit('</COSPutObjectCopy>', '</COSPutObjectCopy><COSInitiateRestoreObject><ExpirationInDays>1</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject>'), 'MalformedXML', /Operation must hold exactly one of .*; it holds 1 COSPutObjectCopy, 1 COSInitiateRestoreObject/],
    ['the same operation twice', edit('</COSPutObjectCopy>', '</COSPutObjectCopy><COSPutObjectCopy/>'), 'MalformedXML', /it holds 2 COSPutObjectCopy/],
    ['two Operation elements', edit('<Priority>', '<Operation><COSPutObjectCopy/></Operation><Priority>'), 'MalformedXML', /^Incorrect Operation format: Operation must be given once\.$/],
    ['an unsupported operation', edit(/<Operation>.*<\/Operation>/, '<Operation><COSDeleteObject></COSDeleteObject></Operation>'), 'MalformedXML', /Operation\.COSDeleteObject is not a supported operation/],
    ['no TargetResource', edit(/<TargetResource>.*<\/TargetResource>/, ''), 'MalformedXML', /Operation\.COSPutObjectCopy\.TargetResource is required/],
    ['a TargetResource that is an object', edit('destinationbucket-1250000000<', 'destinationbucket-1250000000/key<'), 'MalformedXML', /TargetResource must be a bucket ARN/],
    ['StorageClass GLACIER', copyWith('<StorageClass>GLACIER</StorageClass>'), 'MalformedXML', /StorageClass must be one of STANDARD, STANDARD_IA, ARCHIVE/],
    ['MetadataDirective Keep', copyWith('<MetadataDirective>Keep</MetadataDirective>'), 'MalformedXML', /MetadataDirective must be one of Copy, Replaced, Add/],
    ['a ModifiedSinceConstraint that is a date', copyWith('<ModifiedSinceConstraint>2020-01-01</ModifiedSinceConstraint>'), 'MalformedXML', /ModifiedSinceConstraint must be a time in Unix seconds/],
    ['TaggingDirective Replaced without NewObjectTagging', copyWith('<TaggingDirective>Replaced</TaggingDirective>'), 'MalformedXML', /NewObjectTagging is required when TaggingDirective is Replaced/],
    ['a tag key given twice', copyWith('<TaggingDirective>Add</TaggingDirective><NewObjectTagging><COSTag><Key>a</Key><Value>1</Value></COSTag><COSTag><Key>a</Key><Value>2</Value></COSTag></NewObjectTagging>'), 'MalformedXML', /gives the key "a" twice/],
    ['eleven tags', copyWith(`<NewObjectTagging>${Array.from({ length: 11 }, (_, i) => `<COSTag><Key>k${i}</Key><Value>v</Value></COSTag>`).join('')}</NewObjectTagging>`), 'MalformedXML', /NewObjectTagging must hold at most 10 COSTag elements/],
    ['a grant without a Grantee', copyWith('<AccessControlGrants><COSGrant><Permission>READ</Permission></COSGrant></AccessControlGrants>'), 'MalformedXML', /AccessControlGrants\.COSGrant\[1\]\.Grantee is required/],
    ['a user-metadata key that is no header name', copyWith('<NewObjectMetadata><UserMetadata><member><Key>a b</Key><Value>v</Value></member></UserMetadata></NewObjectMetadata>'), 'MalformedXML', /UserMetadata\.member\[1\]\.Key must be an HTTP header name token/],
    ['ExpirationInDays 0', edit(/<Operation>.*<\/Operation>/, '<Operation><COSInitiateRestoreObject><ExpirationInDays>0</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject></Operation>'), 'MalformedXML', /ExpirationInDays must be an integer from 1 to 365/],
    ['ExpirationInDays 366', edit(/<Operation>.*<\/Operation>/, '<Operation><COSInitiateRestoreObject><ExpirationInDays>366</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject></Operation>'), 'MalformedXML', /ExpirationInDays must be an integer from 1 to 365/],
    ['JobTier Expedited', edit(/<Operation>.*<\/Operation>/, '<Operation><COSInitiateRestoreObject><ExpirationInDays>1</ExpirationInDays><JobTier>Expedited</JobTier></COSInitiateRestoreObject></Operation>'), 'MalformedXML', /JobTier must be one of Bulk, Standard/],
    ['a tagging job with TaggingDirective Copy', edit(/<Operation>.*<\/Operation>/, '<Operation><COSPutObjectTagging><TaggingDirective>Copy</TaggingDirective></COSPutObjectTagging></Operation>'), 'MalformedXML', /COSPutObjectTagging\.TaggingDirective must be one of Replaced, Add/],
    ['no Report', edit(/<Report>.*<\/Report>/, ''), 'MalformedXML', /^Incorrect Report format: Report is required\.$/],
    ['Report Enabled 1', edit('<Enabled>true</Enabled>', '<Enabled>1</Enabled>'), 'MalformedXML', /Report\.Enabled must be one of true, false/],
    ['ReportScope Some', edit('AllTasks', 'Some'), 'MalformedXML', /Report\.ReportScope must be one of AllTasks, FailedTasksOnly/],
    ['a 257-byte report Prefix', edit('<Prefix>job-result</Prefix>', `<Prefix>${'p'.repeat(257)}</Prefix>`), 'MalformedXML', /Report\.Prefix must be 0 to 256 bytes/],
    ['Manifest holding text', edit(/<Manifest>.*<\/Manifest>/, '<Manifest>text</Manifest>'), 'MalformedXML', /Manifest must hold elements, not text/],
    ['a scalar holding elements', edit('<Description>test batch</Description>', '<Description><b>x</b></Description>'), 'InvalidArgument', /Description must be text, not elements/],
    ['text mixed with CDATA', edit('<Description>test batch</Description>', '<Description>a<![CDATA[b]]></Description>'), 'InvalidArgument', /Description must not mix text and CDATA/],
  ])('%s', (_name, xml, code, message) => refused(parseCreateJobRequest(xml), code, message));

  it.each([
    ['both ARN forms', edit('uid/1250000000:sourcebucket', ':sourcebucket').replace('uid/1250000000:destinationbucket', ':destinationbucket')],
    ['Priority with spaces and its limits', edit('<Priority>1</Priority>', '<Priority> 2147483647 </Priority>')],
    ['ExpirationInDays 365', edit(/<Operation>.*<\/Operation>/, '<Operation><COSInitiateRestoreObject><ExpirationInDays>365</ExpirationInDays><JobTier>Bulk</JobTier></COSInitiateRestoreObject></Operation>')],
    ['a tagging job', edit(/<Operation>.*<\/Operation>/, '<Operation><COSPutObjectTagging><TaggingDirective>Replaced</TaggingDirective><TagSet><COSTag><Key>k</Key><Value></Value></COSTag></TagSet></COSPutObjectTagging></Operation>')],
    ['a 256-byte Description of multi-byte characters', edit('test batch', `${'你'.repeat(85)}x`)],
    ['a full copy with every option', copyWith('<AccessControlDirective>Replaced</AccessControlDirective><AccessControlGrants><COSGrant><Grantee><DisplayName>me</DisplayName><Identifier>qcs::cam::uin/1:uin/1</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>READ</Permission></COSGrant><COSGrant><Grantee><Identifier>qcs::cam::uin/2:uin/2</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>FULL_CONTROL</Permission></COSGrant></AccessControlGrants><CannedAccessControlList>private</CannedAccessControlList><PrefixReplace>true</PrefixReplace><ResourcesPrefix>pic</ResourcesPrefix><TargetKeyPrefix></TargetKeyPrefix><MetadataDirective>Replaced</MetadataDirective><ModifiedSinceConstraint>1576778429</ModifiedSinceConstraint><UnModifiedSinceConstraint>9223372036854775807</UnModifiedSinceConstraint><NewObjectMetadata><CacheControl>no-cache</CacheControl><ContentType>text/plain</ContentType><SSEAlgorithm>AES256</SSEAlgorithm><UserMetadata><member><Key>x-team</Key><Value>a b</Value></member></UserMetadata></NewObjectMetadata><TaggingDirective>Replaced</TaggingDirective><NewObjectTagging><COSTag><Key>a</Key><Value>1</Value></COSTag></NewObjectTagging><StorageClass>STANDARD_IA</StorageClass>')],
  ])('accepts %s', (_name, xml) => expect(parseCreateJobRequest(xml)).not.toBeInstanceOf(CosError));
});

describe('the document', () => {
  const wellFormed = /^The request body is not well-formed XML: /;
  it.each([
    ['a DOCTYPE', `<!DOCTYPE CreateJobRequest>${GO_COPY}`, /DOCTYPE or an entity declaration/],
    ['a billion-laughs bomb', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>${GO_COPY.replace('test batch', '&lol2;')}`, /DOCTYPE or an entity declaration/],
    ['an external entity', `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${GO_COPY.replace('test batch', '&xxe;')}`, /DOCTYPE or an entity declaration/],
    ['an undefined entity', GO_COPY.replace('test batch', '&xxe;'), /Description holds &xxe;, which is not a predefined entity/],
    ['a reference to a character XML cannot carry', GO_COPY.replace('test batch', 'a&#0;b'), /holds &#0;/],
    ['a raw control character', GO_COPY.replace('test batch', 'a\u0001b'), /a character XML cannot carry/],
    ['another encoding', `<?xml version="1.0" encoding="GB2312"?>${GO_COPY}`, /the encoding must be UTF-8, not "GB2312"/],
    ['a tag left open', GO_COPY.replace('</Description>', ''), wellFormed],
    ['two roots', `${GO_COPY}${GO_COPY}`, wellFormed],
    ['text that is no XML', 'hello', wellFormed],
    ['nesting one level deeper than the format', copyWith('<AccessControlGrants><COSGrant><Grantee><DisplayName><x>y</x></DisplayName></Grantee></COSGrant></AccessControlGrants>'), /nest deeper than 7 levels/],
    ['10,000 levels of nesting', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`, /nest deeper than 7 levels/],
  ])('refuses %s: MalformedXML', (_name, xml, message) => {
    refused(parseCreateJobRequest(xml), 'MalformedXML', message);
    expect(LIMITS.maxDepth).toBe(7);
  });

  it('refuses another root element, naming it', () =>
    refused(parseCreateJobRequest('<CreateJob><x/></CreateJob>'), 'MalformedXML', 'The root element must be CreateJobRequest, not CreateJob.'));
});

describe('the body as it arrives', () => {
  const read = (spec: ReturnType<typeof createRequest>) => readBody(parseGatewayEvent(httpApiEvent(spec)));
  const md5 = (text: string) => require('node:crypto').createHash('md5').update(text).digest('base64');

  it('an empty body: InvalidRequest "Empty request body"', () => refused(read(createRequest('')), 'InvalidRequest', 'Empty request body'));
  it('base64 (as a gateway may hand it over) is decoded', () => expect(read(createRequest(GO_COPY, { base64: true }))).toBe(GO_COPY));
  it.each([
    ['text', false],
    ['base64', true],
  ])('over 64 KiB as %s: EntityTooLarge, judged before parsing', (_name, base64) => {
    const big = GO_COPY.replace('test batch', 'x'.repeat(LIMITS.maxBodyBytes));
    refused(read(createRequest(big, { base64 })), 'EntityTooLarge', /at most 65536 bytes/);
  });
  it('exactly 64 KiB of multi-byte text is read; one byte more is not', () => {
    const filler = (bytes: number) => GO_COPY.replace('test batch', '你'.repeat(Math.floor(bytes / 3)) + 'x'.repeat(bytes % 3));
    const room = LIMITS.maxBodyBytes - Buffer.byteLength(GO_COPY) + Buffer.byteLength('test batch');
    expect(Buffer.byteLength(filler(room) as string)).toBe(LIMITS.maxBodyBytes);
    expect(read(createRequest(filler(room)))).toBe(filler(room));
    refused(read(createRequest(filler(room + 1))), 'EntityTooLarge', /at most/);
  });
  it('bytes that are not UTF-8: InvalidArgument', () => {
    const spec = { ...createRequest(''), body: Buffer.from([0x3c, 0x61, 0xc3, 0x28, 0x3e]).toString('base64'), base64: true };
    refused(read(spec), 'InvalidArgument', 'The request body must be valid UTF-8.');
  });
  it('U+FFFD (what a gateway puts for such bytes): InvalidArgument', () =>
    refused(read(createRequest(GO_COPY.replace('test batch', 'a\uFFFDb'))), 'InvalidArgument', 'The request body must be valid UTF-8.'));
  it('a matching Content-MD5 passes; another or a garbled one is InvalidDigest', () => {
    expect(read(createRequest(GO_COPY, { headers: { 'content-md5': md5(GO_COPY) } }))).toBe(GO_COPY);
    expect(md5(GO_COPY)).toBe('6E8wIIE2rjuiaNOFi4AzaQ=='); // the reference's value for this body
    refused(read(createRequest(GO_COPY, { headers: { 'content-md5': md5(`${GO_COPY} `) } })), 'InvalidDigest', /does not match/);
    refused(read(createRequest(GO_COPY, { headers: { 'content-md5': 'garbage' } })), 'InvalidDigest', /does not match/);
  });
  it('checks x-cos-appid before the body', () => {
    const event = restEvent({ ...createRequest(''), headers: {} });
    refused(CreateJob.parse(parseGatewayEvent(event), ''), 'InvalidArgument', 'x-cos-appid cannot be empty');
  });
});
