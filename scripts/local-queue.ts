/**
 * The runner's queue on the local stack: fauxqs (an SQS emulator from npm, SQS's JSON protocol) in its own process,
 * with the queue and its dead-letter queue as serverless.yml declares them. fauxqs 1.9 is used: 2.x needs
 * `node:sqlite` (Node ≥ 22.5) and local Node is 20.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ROOT, stopperOf, waitUntil, type Started } from './local-stack';

export const RUNNER_QUEUE = 'cos-batch-runner';
/** After this many failed deliveries a message goes to the dead-letter queue (serverless.yml: the same). */
export const MAX_RECEIVE_COUNT = 5;

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** The runner's queue and its dead-letter queue (serverless.yml declares the same); answers their URLs. */
export async function createRunnerQueues(client: SQSClient, name: string, leaseSeconds: number): Promise<{ queueUrl: string; dlqUrl: string }> {
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }));
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(leaseSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

export async function startQueue(port: number, leaseSeconds: number, log: (line: string) => void = () => {}): Promise<Started & { endpoint: string; queueUrl: string; dlqUrl: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'fauxqs', 'dist', 'cli.js')], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FAUXQS_PORT: String(port), FAUXQS_HOST: '127.0.0.1', FAUXQS_LOGGER: 'false' },
  });
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const started = { process: child, stop: stopperOf(child) };
  const client = sqsClient(endpoint);
  try {
    await waitUntil(`the SQS emulator on port ${port}`, async () => (await client.send(new ListQueuesCommand({})), true), 30_000);
    return { ...started, endpoint, ...(await createRunnerQueues(client, RUNNER_QUEUE, leaseSeconds)) };
  } catch (error) {
    await started.stop();
    throw error;
  } finally {
    client.destroy();
  }
}
