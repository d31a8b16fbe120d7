/**
 * Stands in for `@smithy/core/event-streams` in the bundles (esbuild `alias` in serverless.yml). The SDK's HTTP
 * protocol loads it only to serialise or read an event stream, and no operation this service sends has one (no
 * DynamoDB operation; of S3's, only SelectObjectContent, which the runner never sends): about 15 KB that would never
 * run. The S3 client resolves its event-stream configuration when it is made, so that step is kept, lazily: the
 * marshaller is made only if an event stream is ever reached, and reaching one is a defect, and says so.
 */
function unused(): never {
  throw new Error('event streams are not part of the bundle: no operation this service sends uses one');
}

export const eventStreamSerdeProvider = unused;

/** The S3 client's constructor step, without making a marshaller it will never use. */
export const resolveEventStreamSerdeConfig = <T>(input: T): T => input;

export class EventStreamSerde {
  constructor() {
    unused();
  }
}
