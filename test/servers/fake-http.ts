import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerSecret } from '../e2e/harness/argv-secrets.js';

/** A request as the fake service received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The answer a fake service's handler gives. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** A fault to answer with instead of the real handler: an HTTP error, or a dropped connection. */
export type Fault = { status: number; retryAfter?: string; body?: string } | { drop: true };

export type Handler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * A local HTTP service on 127.0.0.1 (random free port) that records every request and can be told
 * to throttle, fail or drop the next N requests before answering normally.
 */
export class FakeHttpService {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private server?: Server;
  private baseUrl?: string;

  constructor(
    private readonly name: string,
    private readonly handler: Handler,
  ) {}

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.name} is not started`);
    return this.baseUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** The next `count` requests get `fault` (e.g. 429 with Retry-After, 503, a dropped socket). */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Forgets faults not yet used. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '/',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);
    const fault = this.faults.shift();
    if (fault && 'drop' in fault) {
      req.socket.destroy();
      return;
    }
    let answer: FakeResponse;
    if (fault) {
      answer = {
        status: fault.status,
        headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
        body: fault.body ?? `${fault.status} fault injected by ${this.name}`,
      };
    } else {
      try {
        answer = await this.handler(recorded);
      } catch (error) {
        answer = { status: 500, body: `${this.name} handler crashed: ${String(error)}` };
      }
    }
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body);
  }
}

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

/** The media type of a Content-Type header, without parameters. */
export function mediaType(headers: Record<string, string>): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Parses a form body strictly: the request must say it is a form. */
export function formFields(request: RecordedRequest): URLSearchParams | undefined {
  if (mediaType(request.headers) !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(request.body);
}

/** Parses a JSON object body strictly: the request must say it is JSON. */
export function jsonBody(request: RecordedRequest): Record<string, unknown> | undefined {
  if (mediaType(request.headers) !== 'application/json') return undefined;
  try {
    const value = JSON.parse(request.body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** An opaque random token, shaped like the kind each service issues. */
export function randomToken(prefix: string, bytes = 24): string {
  const token = `${prefix}${Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url')}`;
  // Every token a fake hands out is a secret no docker argv may carry.
  registerSecret(token);
  return token;
}
