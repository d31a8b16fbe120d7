import { CosError } from '../cos/errors';

/** The one route this service serves: `POST /jobs/<JobId>/status`. */
const JOB_STATUS_PATH = /^\/jobs\/([^/]*)\/status$/;

export interface JobStatusRoute {
  /** The path segment as received; may be empty (validation answers that). */
  readonly jobId: string;
}

/** Matches the route, or returns the COS error for an unknown path (404) or another method on it (405). */
export function matchJobStatusRoute(method: string, path: string): JobStatusRoute | CosError {
  const match = JOB_STATUS_PATH.exec(path);
  if (!match) return new CosError('NoSuchResource');
  if (method !== 'POST') {
    return new CosError('MethodNotAllowed', `The method ${method || '(none)'} is not allowed on ${path}; use POST.`, {
      headers: { Allow: 'POST' },
    });
  }
  return { jobId: match[1]! };
}
