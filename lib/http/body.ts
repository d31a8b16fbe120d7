import type { HttpRequest } from './event';

/** What a gateway puts where the caller sent bytes that are not UTF-8. */
export const REPLACEMENT_CHAR = '\uFFFD';

/** A request body as UTF-8 text and its bytes, or why it cannot be read. */
export type BodyText =
  | { readonly text: string; readonly bytes: Buffer | undefined }
  | { readonly problem: 'empty' | 'too-large' | 'not-utf8' };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The body as text: refused when empty, larger than `maxBytes` (judged before anything decodes it), or not UTF-8
 * (bytes that are not, or U+FFFD, which a gateway puts in their place). `bytes` is set when the gateway sent base64.
 */
export function readBodyText(request: HttpRequest, maxBytes: number): BodyText {
  const raw = request.body;
  if (raw === '') return { problem: 'empty' };
  let bytes: Buffer | undefined;
  let text: string;
  if (request.bodyIsBase64) {
    if (raw.length > Math.ceil(maxBytes / 3) * 4 + 4) return { problem: 'too-large' };
    bytes = Buffer.from(raw, 'base64');
    if (bytes.length > maxBytes) return { problem: 'too-large' };
    try {
      text = UTF8.decode(bytes);
    } catch {
      return { problem: 'not-utf8' };
    }
  } else {
    // A string's UTF-8 is at least as long as it, and at most three bytes per UTF-16 unit.
    if (raw.length > maxBytes) return { problem: 'too-large' };
    if (raw.length * 3 > maxBytes && Buffer.byteLength(raw, 'utf8') > maxBytes) return { problem: 'too-large' };
    text = raw;
  }
  if (text.includes(REPLACEMENT_CHAR)) return { problem: 'not-utf8' };
  return { text, bytes };
}
