/** An AWS request's XML body: read, checked as XML, and its root element found. */
import { createHash } from 'node:crypto';
import { readBodyText } from '../http/body';
import type { HttpRequest } from '../http/event';
import { clip } from '../text';
import { parseDocument, type DocumentLimits } from '../xml/document';
import { SchemaProblem } from '../xml/schema';
import { AwsError, badRequestAt } from './errors';

export interface BodyLimits extends DocumentLimits {
  readonly maxBodyBytes: number;
}

/** The root element's parsed content (fast-xml-parser's, every element a list), or the BadRequestException. */
export function readXmlBody(request: HttpRequest, root: string, limits: BodyLimits): { readonly element: unknown } | AwsError {
  const body = readBodyText(request, limits.maxBodyBytes);
  if ('problem' in body) {
    switch (body.problem) {
      case 'empty':
        return new AwsError('BadRequestException', `The request body is empty; it must be a ${root} document.`);
      case 'too-large':
        return new AwsError('BadRequestException', `The request body must be at most ${limits.maxBodyBytes} bytes.`);
      case 'not-utf8':
        return new AwsError('BadRequestException', 'The request body must be valid UTF-8.');
    }
  }
  const md5 = request.headers.get('content-md5');
  if (md5 !== undefined && createHash('md5').update(body.bytes ?? Buffer.from(body.text, 'utf8')).digest('base64') !== md5.trim()) {
    return new AwsError('BadRequestException', 'The Content-MD5 header does not match the MD5 of the request body.');
  }
  const parsed = parseDocument(body.text, limits, root);
  if ('problem' in parsed) return new AwsError('BadRequestException', `The request body is not well-formed XML: ${parsed.problem}`);
  const { roots, document } = parsed;
  if (roots.length !== 1 || roots[0] !== root) {
    return new AwsError('BadRequestException', `The root element must be ${root}, not ${roots.map((r) => clip(r, 64)).join(', ') || 'none'}.`);
  }
  return { element: (document[root] as unknown[])[0] };
}

/** Reads with a schema: a SchemaProblem becomes BadRequestException naming the element and the rule. */
export function readWith<T>(read: () => T, root: string): T | AwsError {
  try {
    return read();
  } catch (error) {
    if (error instanceof SchemaProblem) return badRequestAt(error.path, error.problem, root, error.malformed);
    throw error;
  }
}
