import { classifyStoreError } from '../../lib/store/dynamodb/dynamodb-job-store';

describe('classifyStoreError', () => {
  it.each([
    [{ name: 'ProvisionedThroughputExceededException' }, 'throttled'],
    [{ name: 'ThrottlingException' }, 'throttled'],
    [{ name: 'RequestLimitExceeded' }, 'throttled'],
    [{ name: 'TimeoutError' }, 'unavailable'],
    [{ name: 'Error', code: 'ECONNREFUSED' }, 'unavailable'],
    [{ name: 'Error', code: 'ECONNRESET' }, 'unavailable'],
    [{ name: 'Error', message: 'AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1' }, 'unavailable'],
    [{ name: 'Error', message: 'socket hang up' }, 'unavailable'],
    [{ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }, 'unavailable'],
    [{ name: 'Unknown', $metadata: { httpStatusCode: 503 } }, 'unavailable'],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, 'failed'],
    [{ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }, 'failed'],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }, 'failed'],
    ['a string', 'failed'],
    [null, 'failed'],
  ])('%j → %s', (error, expected) => expect(classifyStoreError(error)).toBe(expected));
});
