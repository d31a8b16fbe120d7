/**
 * Stands in for `@smithy/core/event-streams` in the bundle (esbuild `alias` in serverless.yml). The SDK's HTTP
 * protocol loads it (a dynamic import) only to serialise or read an event stream, and no DynamoDB operation this
 * service sends has one: about 15 KB of the bundle that would never run. Reaching it is a defect, and says so.
 */
function unused(): never {
  throw new Error('event streams are not part of the bundle: no DynamoDB operation this service sends uses one');
}

export const eventStreamSerdeProvider = unused;

export class EventStreamSerde {
  constructor() {
    unused();
  }
}
