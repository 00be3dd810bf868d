import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Answer after this long. */
  delayMs?: number;
  /** Never answer (the connection stays open until the stub closes). */
  hang?: boolean;
}

export type Responder = (request: StubRequest, index: number) => StubReply | Promise<StubReply>;

/** A real HTTP server on 127.0.0.1 standing in for Discord or a webhook receiver; records every request. */
export class HttpStub {
  readonly requests: StubRequest[] = [];
  private constructor(
    private readonly server: Server,
    public respond: Responder,
  ) {}

  static async start(respond: Responder = () => ({ status: 204 })): Promise<HttpStub> {
    const server = createServer();
    const stub = new HttpStub(server, respond);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const request: StubRequest = { method: req.method!, path: req.url!, headers: req.headers, body, json, at: Date.now() };
        const index = stub.requests.push(request) - 1;
        const reply = await stub.respond(request, index);
        if (reply.hang) return;
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 204, { ...(typeof reply.body === 'object' ? { 'content-type': 'application/json' } : {}), ...reply.headers });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits until `count` requests (matching `filter`) arrived; returns them. */
  async waitFor(count: number, filter: (r: StubRequest) => boolean = () => true, timeoutMs = 60_000): Promise<StubRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.requests.filter(filter);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`expected ${count} request(s), got ${matching.length}: ${JSON.stringify(this.requests.map((r) => [r.path, r.json?.type]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until the assertion passes. */
export async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
