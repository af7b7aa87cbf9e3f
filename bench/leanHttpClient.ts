/**
 * A lean JSON-RPC client for the timed sends of section B: one keep-alive TCP connection that
 * writes each HTTP/1.1 POST whole and parses only what it needs of the answer (status line,
 * Content-Length or chunked body). node:http's client costs ~0.35 ms a request on these
 * machines against an echo server, this one ~0.15 ms: with node:http the benchmark would
 * mostly measure its own client. Every chain (pevm-devnet, anvil, hardhat node) is measured
 * with this same client.
 */
import { connect, type Socket } from "node:net";

type Pending = { resolve: (body: string) => void; reject: (error: Error) => void };

const HEADER_END = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");

export class LeanJsonRpcClient {
  private readonly host: string;
  private readonly port: number;
  private socket: Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private nextId = 1;

  constructor(url: string) {
    const parsed = new URL(url);
    this.host = parsed.hostname;
    this.port = Number(parsed.port);
  }

  /** One request at a time: the next call waits for this one's answer, as a wallet does. */
  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const socket = this.socket ?? (await this.open());
    const body = JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params });
    const text = await new Promise<string>((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(
        `POST / HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    const answer = JSON.parse(text) as { result?: T; error?: { code: number; message: string } };
    if (answer.error !== undefined)
      throw new Error(`${method}: ${answer.error.message} (${answer.error.code})`);
    return answer.result as T;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, this.host);
      socket.setNoDelay(true);
      socket.on("data", (chunk: Buffer) => this.receive(chunk));
      const fail = (error: Error) => {
        this.socket = undefined;
        const pending = this.pending;
        this.pending = undefined;
        pending?.reject(error);
      };
      socket.on("error", fail);
      socket.on("close", () => fail(new Error("the server closed the connection")));
      socket.once("connect", () => {
        this.socket = socket;
        resolve(socket);
      });
      socket.once("error", reject);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const body = this.takeResponse();
    if (body === undefined) return;
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(body);
  }

  /** The body of the first complete response in the buffer, consumed; undefined if incomplete. */
  private takeResponse(): string | undefined {
    const buffer = this.buffered;
    const headerEnd = buffer.indexOf(HEADER_END);
    if (headerEnd < 0) return undefined;
    const head = buffer.toString("latin1", 0, headerEnd).toLowerCase();
    const bodyStart = headerEnd + HEADER_END.length;
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    if (length !== null) {
      const end = bodyStart + Number(length[1]);
      if (buffer.length < end) return undefined;
      this.buffered = buffer.subarray(end);
      return buffer.toString("utf8", bodyStart, end);
    }
    if (!/\r\ntransfer-encoding: *chunked/.test(head)) {
      throw new Error(`an answer with neither Content-Length nor chunked encoding:\n${head}`);
    }
    const parts: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf(CRLF, at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(buffer.toString("latin1", at, lineEnd), 16);
      const dataStart = lineEnd + CRLF.length;
      if (buffer.length < dataStart + size + CRLF.length) return undefined;
      if (size === 0) {
        this.buffered = buffer.subarray(dataStart + CRLF.length);
        return Buffer.concat(parts).toString("utf8");
      }
      parts.push(buffer.subarray(dataStart, dataStart + size));
      at = dataStart + size + CRLF.length;
    }
  }
}
