/**
 * The AWS dialect's one error catalogue: every S3 Control error this service can answer, with its HTTP status and
 * default message (shared/reference/s3control-jobs-api.md §3, §6, §9). The SDKs choose the exception class from
 * the code alone; the status decides only whether they retry (429 and 5xx are retried, the rest are not).
 */
export const AWS_ERRORS = {
  // Modelled in S3 Control: the SDKs make their own exception class of each.
  BadRequestException: { status: 400, message: 'The request is not valid.' },
  InvalidRequestException: { status: 400, message: 'The request is not valid.' },
  InvalidNextTokenException: { status: 400, message: 'The nextToken is not valid.' },
  IdempotencyException: { status: 400, message: 'The ClientRequestToken was used for another request.' },
  TooManyTagsException: { status: 400, message: 'A job can have at most 50 tags.' },
  NotFoundException: { status: 404, message: 'The specified job does not exist.' },
  JobStatusException: { status: 409, message: 'The job cannot change to the requested status.' },
  TooManyRequestsException: { status: 429, message: 'Too many requests. Please slow down and try again.' },
  InternalServiceException: { status: 500, message: 'We encountered an internal error. Please try again.' },
  // S3's own, for what S3 Control does not model (authentication, the HTTP layer, an unavailable database).
  AuthorizationHeaderMalformed: { status: 400, message: 'The authorization header is malformed.' },
  XAmzContentSHA256Mismatch: { status: 400, message: "The provided 'x-amz-content-sha256' header does not match what was computed." },
  AccessDenied: { status: 403, message: 'Access Denied' },
  InvalidAccessKeyId: { status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
  SignatureDoesNotMatch: {
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  RequestTimeTooSkewed: { status: 403, message: "The difference between the request time and the server's time is too large." },
  NoSuchResource: { status: 404, message: 'The specified resource does not exist.' },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  ServiceUnavailable: { status: 503, message: 'The service is temporarily unavailable. Please try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type AwsErrorCode = keyof typeof AWS_ERRORS;

export class AwsError extends Error {
  readonly code: AwsErrorCode;
  readonly status: number;
  /** Extra response headers this error needs (for example `Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
  /** Extra elements of the `Error` element after Code and Message (for example `StringToSign`). */
  readonly details: Readonly<Record<string, string>>;

  constructor(code: AwsErrorCode, message?: string, extra: { headers?: Record<string, string>; details?: Record<string, string> } = {}) {
    super(message ?? AWS_ERRORS[code].message);
    this.name = 'AwsError';
    this.code = code;
    this.status = AWS_ERRORS[code].status;
    this.headers = extra.headers ?? {};
    this.details = extra.details ?? {};
  }
}

/** BadRequestException naming where in a body the problem is (`Operation.S3PutObjectCopy.StorageClass must be …`). */
export function badRequestAt(path: readonly string[], problem: string, root: string, malformed = false): AwsError {
  const where = path.length ? path.join('.') : root;
  return new AwsError('BadRequestException', malformed ? `The request body is not well-formed XML: ${where} ${problem}` : `${where} ${problem}.`);
}
