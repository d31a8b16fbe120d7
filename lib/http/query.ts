/**
 * Query parameters as the service reads them: every name with all its values, in order.
 * A value whose percent-encoding is broken (`%zz`, a cut `%C3`, bytes that are not UTF-8) is kept as MALFORMED,
 * so that validation can name the parameter instead of silently dropping or mangling it.
 */
export const MALFORMED = Symbol('malformed percent-encoding');
export type QueryValue = string | typeof MALFORMED;
export type QueryParams = ReadonlyMap<string, readonly QueryValue[]>;

/** Decodes one form-encoded component: `+` is a space, `%XX` a UTF-8 byte. */
export function formDecode(component: string): QueryValue {
  if (!component.includes('%') && !component.includes('+')) return component;
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return MALFORMED;
  }
}

/** Parses a raw query string (`a=1&b=x+y`, no leading `?`) the way a form decoder does, but strictly. */
export function parseRawQuery(raw: string): QueryParams {
  const params = new Map<string, QueryValue[]>();
  if (raw === '') return params;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const decodedName = formDecode(rawName);
    const name = decodedName === MALFORMED ? rawName : decodedName;
    append(params, name, formDecode(rawValue));
  }
  return params;
}

/** Builds the same map from a gateway's already-decoded multi-value map (REST API payload 1.0). */
export function fromMultiValueMap(map: Record<string, unknown>): QueryParams {
  const params = new Map<string, QueryValue[]>();
  for (const [name, values] of Object.entries(map)) {
    const list = Array.isArray(values) ? values : [values];
    for (const value of list) if (typeof value === 'string') append(params, name, value);
  }
  return params;
}

function append(params: Map<string, QueryValue[]>, name: string, value: QueryValue): void {
  const values = params.get(name);
  if (values) values.push(value);
  else params.set(name, [value]);
}
