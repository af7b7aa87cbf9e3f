/**
 * The fast path for the requests a devnet serves most: a plain JSON-RPC POST to "/", read straight
 * off the socket and answered with one write. Node's HTTP server builds a request and a response
 * stream, their header objects and events for each request: ~50 µs of the devnet's thread per
 * request on a 2-core machine, against ~20 µs here (a trivial method, one client awaiting each
 * answer). A connection stays on this path while its requests are of the plain shape: the
 * request line `POST / HTTP/1.1`, a Host, a Content-Length within the body limit, and none of
 * Transfer-Encoding, Expect or Upgrade. From the first request that is not (a browser's
 * preflight, a page, a WebSocket upgrade, a chunked or oversized body, malformed bytes), or that
 * has not arrived whole within a moment, the connection is handed to Node's HTTP server with the
 * bytes it has not answered yet, and stays there: whatever is unusual gets Node's full handling,
 * its limits and its timeouts.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { openConnection } from "./connection.js";
import type { RpcHandler } from "./handler.js";

/** Most bytes of a request line and headers the fast path reads before handing over. */
const MAX_HEAD = 16 * 1024;
/** How long a request may take to arrive whole before its connection is handed over. */
const PARTIAL_REQUEST_MS = 1_000;
const HEAD_END = Buffer.from("\r\n\r\n");
const REQUEST_LINE = "POST / HTTP/1.1\r\n";
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The answer to a request whose handling failed (a bug: the handler answers every error). */
export const INTERNAL_ERROR_ANSWER = JSON.stringify({
  jsonrpc: "2.0",
  id: null,
  error: { code: -32603, message: "internal error" },
});

export interface FastPosts {
  /** Destroys the connections still on the fast path (the HTTP server closes its own). */
  closeAll(): void;
}

/**
 * Puts the fast path in front of `server`'s own connection handling: each new connection starts
 * here, and what this path does not take goes on to the server's listeners.
 */
export function serveFastPosts(server: Server, handler: RpcHandler, bodyLimit: number): FastPosts {
  const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const open = new Set<Socket>();
  const handOver = (socket: Socket) => {
    open.delete(socket);
    for (const listener of httpListeners) listener.call(server, socket);
  };
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    new FastConnection(socket, handler, bodyLimit, () => server.keepAliveTimeout, handOver);
  });
  return {
    closeAll() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
  };
}

/** A plain request, read whole. */
interface PlainPost {
  /** Bytes it took in the buffer. */
  length: number;
  body: string;
  /** The client asked for the connection to close after the answer. */
  close: boolean;
}

/** One connection while it is on the fast path. */
class FastConnection {
  private buffered: Buffer = Buffer.alloc(0);
  /** A request is being answered: later bytes wait in the buffer (pipelining). */
  private busy = false;
  private partialTimer: NodeJS.Timeout | undefined;
  /** Answers wait to be sent: reading stops until they are. */
  private draining = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RpcHandler,
    private readonly bodyLimit: number,
    private readonly keepAliveMs: () => number,
    private readonly handOver: (socket: Socket) => void,
  ) {
    socket.setNoDelay(true);
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("end", this.onEnd);
    socket.on("close", this.onClose);
    socket.on("timeout", this.onIdle);
    this.idle();
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    this.next();
  };

  // An error is followed by "close"; without a listener it would crash the process.
  private readonly onError = () => {};

  /**
   * The client ended its side (an HTTP server's socket stays half-open): it sends no more requests
   * and, with one in hand, has given up on its answer. The connection closes, and a request's
   * work stops with it.
   */
  private readonly onEnd = () => {
    this.socket.destroy();
  };

  private readonly onClose = () => {
    this.closed = true;
    this.clearPartialTimer();
  };

  /**
   * No request for the keep-alive time, or answers not read for as long: the connection ends, as
   * Node's server ends an idle one.
   */
  private readonly onIdle = () => {
    if (this.draining || (!this.busy && this.buffered.length === 0)) this.socket.destroy();
  };

  private idle(): void {
    this.socket.setTimeout(this.keepAliveMs());
  }

  /** Answers the next request in the buffer, if it is whole; hands over what is not plain. */
  private next(): void {
    if (this.busy || this.draining || this.closed || this.buffered.length === 0) return;
    const request = readPlainPost(this.buffered, this.bodyLimit);
    if (request === "other") {
      this.leave();
      return;
    }
    if (request === "partial") {
      this.partialTimer ??= setTimeout(() => this.leave(), PARTIAL_REQUEST_MS);
      return;
    }
    this.clearPartialTimer();
    this.buffered = this.buffered.subarray(request.length);
    this.busy = true;
    this.socket.setTimeout(0);
    void this.answer(request);
  }

  private async answer(request: PlainPost): Promise<void> {
    const { connection, close } = openConnection("http");
    // The client going away before its answer ends the request's work.
    this.socket.once("close", close);
    let response: string;
    try {
      const answer = await this.handler.handleText(request.body, connection);
      response =
        answer === undefined
          ? this.head(204, 0, request.close)
          : this.head(200, Buffer.byteLength(answer), request.close) + answer;
    } catch (error) {
      console.error("pevm-devnet: HTTP request failed:", error);
      response =
        this.head(500, Buffer.byteLength(INTERNAL_ERROR_ANSWER), request.close) + INTERNAL_ERROR_ANSWER;
    }
    this.socket.off("close", close);
    close();
    if (this.closed) return;
    if (request.close) {
      this.socket.end(response);
      return;
    }
    const flushed = this.socket.write(response);
    this.busy = false;
    this.idle();
    if (flushed) {
      this.next();
      return;
    }
    // A client that does not read its answers: no more of its requests until it does.
    this.draining = true;
    this.socket.pause();
    this.socket.once("drain", () => {
      this.draining = false;
      this.socket.resume();
      this.next();
    });
  }

  private head(status: number, contentLength: number, close: boolean): string {
    return head(status, contentLength, close ? undefined : Math.floor(this.keepAliveMs() / 1000));
  }

  /** Hands the connection, with the bytes not answered yet, to Node's HTTP server. */
  private leave(): void {
    this.clearPartialTimer();
    if (this.closed) return;
    const { socket } = this;
    socket.off("data", this.onData);
    socket.off("error", this.onError);
    socket.off("end", this.onEnd);
    socket.off("close", this.onClose);
    socket.off("timeout", this.onIdle);
    socket.setTimeout(0);
    const rest = this.buffered;
    this.buffered = Buffer.alloc(0);
    // Back in the stream's buffer: the server's parser reads them first.
    if (rest.length > 0) socket.unshift(rest);
    this.handOver(socket);
  }

  private clearPartialTimer(): void {
    if (this.partialTimer === undefined) return;
    clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }
}

/**
 * The request at the start of `bytes` when it is a plain POST to "/" (see the top of the file):
 * "partial" while it may still become one, "other" when it is not.
 */
export function readPlainPost(bytes: Buffer, bodyLimit: number): PlainPost | "partial" | "other" {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd === -1) {
    if (bytes.length >= MAX_HEAD) return "other";
    // While its request line is not whole, a request may still turn out to be plain.
    const start = bytes.toString("latin1", 0, Math.min(bytes.length, REQUEST_LINE.length));
    return REQUEST_LINE.startsWith(start) ? "partial" : "other";
  }
  if (headEnd > MAX_HEAD) return "other";
  const lines = bytes.toString("latin1", 0, headEnd).split("\r\n");
  if (`${lines[0]}\r\n` !== REQUEST_LINE) return "other";
  let contentLength: number | undefined;
  let host = false;
  let close = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(":");
    if (colon <= 0) return "other";
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name) || hasControlCharacter(value)) return "other";
    switch (name.toLowerCase()) {
      case "content-length":
        if (contentLength !== undefined || !/^\d{1,10}$/.test(value)) return "other";
        contentLength = Number(value);
        break;
      case "host":
        host = true;
        break;
      case "transfer-encoding":
      case "expect":
      case "upgrade":
        return "other";
      case "connection": {
        const options = value
          .toLowerCase()
          .split(",")
          .map((option) => option.trim());
        if (options.some((option) => option !== "keep-alive" && option !== "close")) return "other";
        close ||= options.includes("close");
        break;
      }
    }
  }
  // Node's server answers a request without Host 400 (HTTP/1.1 requires it): it gets to.
  if (!host || contentLength === undefined || contentLength > bodyLimit) return "other";
  const bodyStart = headEnd + HEAD_END.length;
  if (bytes.length < bodyStart + contentLength) return "partial";
  return {
    length: bodyStart + contentLength,
    body: bytes.toString("utf8", bodyStart, bodyStart + contentLength),
    close,
  };
}

/** Whether `value` holds a control character a header value may not (tab is allowed). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

const STATUS: Record<number, string> = { 200: "OK", 204: "No Content", 500: "Internal Server Error" };

/**
 * The status line and headers Node's server sends for the same answer (servePost's);
 * `keepAlive`: seconds an idle connection stays open, undefined when it closes after this one.
 */
function head(status: number, contentLength: number, keepAlive: number | undefined): string {
  const content =
    status === 204
      ? ""
      : `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${contentLength}\r\n`;
  const connection =
    keepAlive === undefined
      ? "Connection: close\r\n"
      : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAlive}\r\n`;
  return `HTTP/1.1 ${status} ${STATUS[status]}\r\nAccess-Control-Allow-Origin: *\r\n${content}Date: ${httpDate()}\r\n${connection}\r\n`;
}

let dateSecond = -1;
let dateText = "";

/** The Date header's value, made once a second as Node's server does. */
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
