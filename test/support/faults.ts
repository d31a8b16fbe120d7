/**
 * Database faults on loopback: a TCP proxy in front of DynamoDB Local that can pass, delay, swallow requests or drop
 * responses, and a fake DynamoDB endpoint that answers every request with a chosen HTTP error.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  /** Accept, read, never answer: a database that went silent. */
  | { kind: 'silent' }
  /** Forward the request (the write happens) but drop the answer, for the next `connections` connections. */
  | { kind: 'drop-responses'; connections: number };

export class FaultProxy {
  mode: ProxyMode = { kind: 'pass' };
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly upstreamPort: number) {
    this.server = createServer((client) => this.handle(client));
  }

  static async start(upstream: string): Promise<FaultProxy & { endpoint: string }> {
    const proxy = new FaultProxy(Number(new URL(upstream).port));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return Object.assign(proxy, { endpoint: `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}` });
  }

  private handle(client: Socket): void {
    this.track(client);
    const mode = this.mode;
    if (mode.kind === 'silent') {
      client.on('data', () => {});
      return;
    }
    let dropResponses = false;
    if (mode.kind === 'drop-responses' && mode.connections > 0) {
      dropResponses = true;
      this.mode = mode.connections > 1 ? { ...mode, connections: mode.connections - 1 } : { kind: 'pass' };
    }
    const upstream = this.track(connect(this.upstreamPort, '127.0.0.1'));
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (dropResponses) return;
      if (mode.kind === 'delay') setTimeout(() => client.writable && client.write(chunk), mode.ms);
      else client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A DynamoDB endpoint that answers every request with `status` and a DynamoDB-style JSON error of `type`. */
export class FakeDynamoDb {
  requests = 0;
  private constructor(private readonly server: HttpServer) {}

  static async start(status: number, type: string): Promise<FakeDynamoDb & { endpoint: string }> {
    let fake!: FakeDynamoDb;
    const server = createHttpServer((req, res) => {
      fake.requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fake' });
        res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${type}` }));
      });
    });
    fake = new FakeDynamoDb(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return Object.assign(fake, { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
