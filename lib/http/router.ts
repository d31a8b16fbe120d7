/**
 * Routes as data: a dialect gives a table of path patterns, each with the operation for every method it serves;
 * one matcher reads it. The first capture group of a pattern is the JobId, as received (possibly empty).
 */
export interface Route<Operation> {
  readonly pattern: RegExp;
  readonly methods: Readonly<Record<string, Operation>>;
}

export type RouteMatch<Operation> =
  | { readonly kind: 'found'; readonly operation: Operation; readonly jobId: string }
  | { readonly kind: 'no-such-path' }
  /** The path exists, the method does not: `allow` lists the methods it has, for the `Allow` header. */
  | { readonly kind: 'method-not-allowed'; readonly allow: string };

export function matchRoute<Operation>(routes: readonly Route<Operation>[], method: string, path: string): RouteMatch<Operation> {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const operation = Object.prototype.hasOwnProperty.call(route.methods, method) ? route.methods[method] : undefined;
    if (operation === undefined) return { kind: 'method-not-allowed', allow: Object.keys(route.methods).join(', ') };
    return { kind: 'found', operation, jobId: match[1] ?? '' };
  }
  return { kind: 'no-such-path' };
}
