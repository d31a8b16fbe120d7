/** Checks of one text value that the dialects' schemas share (lib/xml/schema.ts `Rule`s). */
import { clip } from '../text';
import type { Rule } from './schema';

export const bytes =
  (min: number, max: number): Rule =>
  (value) => {
    const n = Buffer.byteLength(value, 'utf8');
    if (n === 0 && min > 0) return 'must not be empty';
    return n < min || n > max ? `must be ${min} to ${max} bytes of UTF-8; it has ${n}` : undefined;
  };

export const oneOf =
  (...values: string[]): Rule =>
  (value) =>
    values.includes(value) ? undefined : `must be one of ${values.join(', ')}${value === '' ? '' : `, not "${clip(value, 40)}"`}`;

export const integer =
  (min: number, max: number): Rule =>
  (value) =>
    /^[0-9]{1,10}$/.test(value) && Number(value) >= min && Number(value) <= max ? undefined : `must be an integer from ${min} to ${max}`;

export const matches =
  (pattern: RegExp, what: string, limit: Rule): Rule =>
  (value) =>
    limit(value) ?? (pattern.test(value) ? undefined : `must be ${what}`);

export const boolean = oneOf('true', 'false');
