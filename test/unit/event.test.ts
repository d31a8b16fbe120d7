import { parseGatewayEvent } from '../../lib/http/event';
import { MALFORMED } from '../../lib/http/query';
import { httpApiEvent, restEvent } from '../support/events';

describe('parseGatewayEvent', () => {
  const request = { path: '/jobs/job-00001/status', rawQuery: 'requestedJobStatus=Ready&statusUpdateReason=a+b%20c', headers: { 'X-Cos-AppId': '125' } };

  it('reads a REST API (payload 1.0) event', () => {
    const r = parseGatewayEvent(restEvent(request));
    expect(r.payloadFormat).toBe('1.0');
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/jobs/job-00001/status');
    expect(r.query.get('statusUpdateReason')).toEqual(['a b c']);
    expect(r.headers.get('x-cos-appid')).toBe('125');
    expect(r.gatewayRequestId).toBe('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  });

  it('reads an HTTP API (payload 2.0) event from its raw query string', () => {
    const r = parseGatewayEvent(httpApiEvent({ ...request, rawQuery: 'requestedJobStatus=Ready&statusUpdateReason=%zz' }));
    expect(r.payloadFormat).toBe('2.0');
    expect(r.method).toBe('POST');
    expect(r.query.get('requestedJobStatus')).toEqual(['Ready']);
    expect(r.query.get('statusUpdateReason')).toEqual([MALFORMED]);
    expect(r.headers.get('x-cos-appid')).toBe('125');
  });

  it('reads header names case-insensitively and joins a repeated header', () => {
    const event = { ...restEvent(request), multiValueHeaders: { 'X-COS-APPID': ['1', '2'], Host: ['h'] } };
    const r = parseGatewayEvent(event);
    expect(r.headers.get('x-cos-appid')).toBe('1, 2');
    expect(r.headers.get('host')).toBe('h');
  });

  it('falls back to the single-value maps when the multi-value ones are missing', () => {
    const event = { httpMethod: 'post', path: '/p', headers: { 'x-cos-appid': 'a' }, queryStringParameters: { requestedJobStatus: 'Ready' } };
    const r = parseGatewayEvent(event);
    expect(r.method).toBe('POST');
    expect(r.headers.get('x-cos-appid')).toBe('a');
    expect(r.query.get('requestedJobStatus')).toEqual(['Ready']);
  });

  it('strips a named HTTP API stage from rawPath, and leaves $default alone', () => {
    const staged = httpApiEvent(request);
    staged.rawPath = '/prod/jobs/job-00001/status';
    staged.requestContext.stage = 'prod';
    expect(parseGatewayEvent(staged).path).toBe('/jobs/job-00001/status');
    expect(parseGatewayEvent(httpApiEvent({ ...request, path: '/prod/x' })).path).toBe('/prod/x');
  });

  it.each([null, undefined, 42, 'event', [], {}, { version: '2.0' }, { httpMethod: 7, path: {}, headers: [] }])(
    'never throws on a malformed event (%j) and reads it as empty',
    (event) => {
      const r = parseGatewayEvent(event);
      expect(r.path).toBe('');
      expect(r.method).toBe('');
      expect(r.query.size).toBe(0);
    },
  );
});
