/**
 * A wire dialect of the job API (COS, AWS S3 Control): its route table, its signature check, its error catalogue
 * and its XML. The app (lib/app.ts) runs every request the same way whatever its dialect, and each dialect's
 * operations call the same use cases (lib/jobs) and store. Adding a dialect is one more folder beside lib/cos and
 * lib/aws that exports one of these.
 */
import type { CredentialStore } from '../store/credential-store';
import type { JobStore, StoreFailure } from '../store/job-store';
import type { XmlNode } from '../xml/node';
import type { HttpRequest } from './event';
import type { Route } from './router';

/** An error of a dialect's catalogue, as the app needs it. */
export interface WireError extends Error {
  readonly code: string;
  readonly status: number;
}

/** What an operation needs besides its command; `log` collects the fields of the request's one log line. */
export interface OperationContext {
  readonly store: JobStore;
  readonly requestId: string;
  readonly now: Date;
  /** The region the service runs in (AWS job ARNs name it). */
  readonly region: string;
  readonly log: Record<string, unknown>;
}

/** A success (a body; none for an empty 200 or a 204) or the error to answer. */
export type Success = { readonly status: 200; readonly body?: XmlNode } | { readonly status: 204 };
export type OperationResult<E extends WireError> = Success | E;

/**
 * One operation: `parse` checks everything the request carries, in the contract's order, without I/O; `run` calls
 * the use case and renders its outcome. A store that cannot answer throws StoreError from `run`, and the app
 * answers it the same way for every operation.
 */
export interface Operation<Command, E extends WireError> {
  readonly name: string;
  parse(request: HttpRequest, jobId: string): Command | E;
  run(command: Command, context: OperationContext): Promise<OperationResult<E>>;
}

/** What the service answers, before the gateway shape. */
export interface WireResponse {
  readonly status: number;
  /** Made fresh for each response: the gateway result takes it as it is. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type AuthVerdict<E extends WireError> =
  | { readonly ok: true; readonly keyId: string }
  | { readonly ok: false; readonly error: E; readonly keyId: string | undefined; readonly reason: string };

export interface Dialect<E extends WireError> {
  readonly name: string;
  /** Whether a request for this path is this dialect's (the AWS dialect's paths start with `/v20180820/`). */
  owns(path: string): boolean;
  readonly routes: readonly Route<Operation<unknown, E>>[];
  isError(value: unknown): value is E;
  /** Verifies the request's signature against the keys; throws only StoreError (the keys could not be read). */
  authenticate(request: HttpRequest, keys: CredentialStore, now: Date): Promise<AuthVerdict<E>>;
  readonly errors: {
    internal(): E;
    noSuchPath(request: HttpRequest): E;
    methodNotAllowed(request: HttpRequest, allow: string): E;
    store(failure: StoreFailure): E;
  };
  success(requestId: string, result: Success, now: Date): WireResponse;
  failure(requestId: string, request: HttpRequest | undefined, error: E, now: Date): WireResponse;
}

/** Forgets an operation's command type, so operations of different commands fit in one route table. */
export function anyCommand<Command, E extends WireError>(definition: Operation<Command, E>): Operation<unknown, E> {
  return definition as Operation<unknown, E>;
}
