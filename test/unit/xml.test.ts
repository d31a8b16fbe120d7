import { CosError } from '../../lib/cos/errors';
import { errorResponse, successResponse } from '../../lib/cos/responses';
import { renderCosXml, type XmlNode } from '../../lib/cos/xml';

const renderXml = (root: string, fields: Record<string, string>) => renderCosXml([root, Object.entries(fields) as XmlNode[]]);
import { parseCosXml } from '../support/xml';

describe('COS XML bodies', () => {
  it('render a success body in COS layout, element by element and in order', () => {
    const body0: XmlNode = ['UpdateJobStatusResult', [['JobId', 'job-00001'], ['Status', 'Cancelling'], ['StatusUpdateReason', 'no longer needed']]];
    const { body, headers, status } = successResponse('req-1', { status: 200, body: body0 });
    expect(status).toBe(200);
    expect(headers).toEqual({ 'Content-Type': 'application/xml', 'x-cos-request-id': 'req-1' });
    // As real COS writes it: no declaration, a TAB per level, LF, no newline at the end.
    expect(body).toBe(
      '<UpdateJobStatusResult>\n\t<JobId>job-00001</JobId>\n' +
        '\t<Status>Cancelling</Status>\n\t<StatusUpdateReason>no longer needed</StatusUpdateReason>\n</UpdateJobStatusResult>',
    );
  });

  it('render an error body with the same request id in header and body, and a trace id', () => {
    const { body, headers, status } = errorResponse('req-2', '/jobs/x/status', new CosError('NoSuchJob'));
    expect(status).toBe(404);
    expect(headers['x-cos-request-id']).toBe('req-2');
    expect(headers['Content-Type']).toBe('application/xml');
    const { root, fields } = parseCosXml(body);
    expect(root).toBe('Error');
    expect(Object.keys(fields)).toEqual(['Code', 'Message', 'Resource', 'RequestId', 'TraceId']);
    expect(fields).toMatchObject({
      Code: 'NoSuchJob',
      Message: 'The specified job does not exist',
      Resource: '/jobs/x/status',
      RequestId: 'req-2',
      TraceId: headers['x-cos-trace-id'],
    });
    expect(fields.TraceId).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it.each([
    ['the contract’s example', `</x>&]]>"'`],
    ['markup and entities', '<a href="x">&amp;&lt;&#65;</a>'],
    ['CR, CRLF, tabs and edge spaces', '  a\r\nb\rc\td  '],
    ['an empty value', ''],
    ['multi-byte text', '你好 😀 ﬀ'],
  ])('round-trip %s exactly through a parser', (_name, text) => {
    const { fields } = parseCosXml(renderXml('R', { V: text }));
    expect(fields.V).toBe(text);
  });

  it('replace characters XML cannot carry (possible only in an echoed path) so the body still parses', () => {
    const { fields } = parseCosXml(renderXml('R', { V: 'a\u0000b\uD800c\uFFFF' }));
    expect(fields.V).toBe('a\uFFFDb\uFFFDc\uFFFD');
  });
});
