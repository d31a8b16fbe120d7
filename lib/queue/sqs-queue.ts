import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Queue, RunnerMessage } from '../runner/ports';

/** The runner's queue on SQS (or a local emulator of its API): one message per piece of work, JSON. */
export class SqsQueue implements Queue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: RunnerMessage): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }));
  }
}

const TYPES = new Set(['prepare', 'chunk', 'finalize']);

/** A message body back to a RunnerMessage; anything else is refused (it goes to the dead-letter queue). */
export function parseRunnerMessage(body: string): RunnerMessage {
  const message = JSON.parse(body) as RunnerMessage;
  if (typeof message !== 'object' || message === null || !TYPES.has(message.type) || typeof message.appId !== 'string' || typeof message.jobId !== 'string') {
    throw new Error('not a runner message');
  }
  return message;
}
