/**
 * The one error catalogue: every COS error this service can answer, with its HTTP status and default message.
 * Callers build errors from it by code and match on `code`, never on message text.
 */
export const COS_ERRORS = {
  InvalidArgument: { status: 400, message: 'Invalid argument.' },
  InvalidRequest: { status: 400, message: 'Invalid request.' },
  MalformedXML: { status: 400, message: 'Invalid request format' },
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed object size.' },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified is not valid.' },
  AccessDenied: { status: 403, message: 'Access Denied.' },
  InvalidAccessKeyId: { status: 403, message: 'The Access Key Id you provided does not exist in our records.' },
  SignatureDoesNotMatch: { status: 403, message: 'The Signature you specified is invalid.' },
  RequestTimeTooSkewed: { status: 403, message: "The difference between the request time and the server's time is too large." },
  NoSuchJob: { status: 404, message: 'The specified job does not exist' },
  NoSuchResource: { status: 404, message: 'The specified resource does not exist.' },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  ServiceUnavailable: { status: 503, message: 'The service is temporarily unavailable. Please try again.' },
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type CosErrorCode = keyof typeof COS_ERRORS;

export class CosError extends Error {
  readonly code: CosErrorCode;
  readonly status: number;
  /** Extra response headers this error needs (for example `Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
  /** Extra elements of the error body after the standard ones (for example `StringToSign`). */
  readonly details: Readonly<Record<string, string>>;

  constructor(
    code: CosErrorCode,
    message?: string,
    extra: { headers?: Record<string, string>; details?: Record<string, string> } = {},
  ) {
    super(message ?? COS_ERRORS[code].message);
    this.name = 'CosError';
    this.code = code;
    this.status = COS_ERRORS[code].status;
    this.headers = extra.headers ?? {};
    this.details = extra.details ?? {};
  }
}

export function isCosErrorCode(value: unknown): value is CosErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(COS_ERRORS, value);
}

/** The messages the behaviour contracts fix word for word. */
export const MESSAGES = {
  noJobId: 'No job ID is provided',
  noSuchJob: 'The specified job does not exist',
  noSuchJobOrFinished: 'The specified job does not exist or has already been completed',
  emptyBody: 'Empty request body',
  priority: 'Priority must be an integer between 0 and 2147483647',
  noPriority: 'No job priority is provided',
  tokenTaken: 'The ClientRequestToken parameter already exists',
  deleteNotFinished: 'The job can be deleted only when it is Complete, Failed or Cancelled',
  jobStatuses: 'Parameter jobStatuses is invalid',
  maxResults: 'The maxResults parameter must be a positive integer between 1 and 1000',
  nextToken: 'The nextToken parameter is invalid',
  requestedJobStatus: 'The value of the requestedJobStatus parameter must be Cancelled or Ready',
  statusChangeNotAllowed: 'Error with the job status change',
  jobAlreadyFinished: 'The specified job has already been completed',
  appIdMissing: 'x-cos-appid cannot be empty',
  contended: 'The job changed status while this request was being processed. Please try again.',
  tokenContended: 'Another CreateJob request with this ClientRequestToken is being processed. Please try again.',
  unavailable: 'The service is temporarily unavailable. Please try again.',
} as const;
