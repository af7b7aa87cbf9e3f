/**
 * Transport only: JSON-RPC over HTTP POST on "/" (plain requests on a fast path of their own,
 * fastPosts.ts, the rest through Node's HTTP server and express 5), and a ws WebSocketServer
 * taking upgrades on the same port and path. All hand raw text to the RpcHandler, which owns
 * everything JSON-RPC (parse errors included), so HTTP and WebSocket answer alike.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { WebSocket, WebSocketServer } from "ws";
import { openConnection } from "./connection.js";
import { type FastPosts, INTERNAL_ERROR_ANSWER, serveFastPosts } from "./fastPosts.js";
import type { RpcHandler } from "./handler.js";

export type ServerOptions = {
  host: string;
  /** 0 picks a free port; the real one is in the result. */
  port: number;
  handler: RpcHandler;
  /** Largest accepted HTTP body or WebSocket frame, in bytes. Default 16 MiB. */
  bodyLimit?: number;
  /** Pages for browsers (GET); without it, GET / answers a short text. */
  pages?: PageSource;
  /**
   * Most bytes a WebSocket may have waiting to be sent (a client that stops reading) before the
   * server closes it with code 1008. Default 16 MiB.
   */
  socketBufferLimit?: number;
};

/** The HTML page at a path, or undefined when there is none. */
export type PageSource = (path: string) => Promise<{ status: number; html: string } | undefined>;

export type RunningServer = {
  /** http://host:port */
  url: string;
  /** ws://host:port */
  wsUrl: string;
  port: number;
  /** Drops open sockets and keep-alive connections, then stops listening. */
  close(): Promise<void>;
};

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
export const DEFAULT_SOCKET_BUFFER_LIMIT = 16 * 1024 * 1024;
/** WebSocket close code of a socket whose client stopped reading (RFC 6455: policy violation). */
export const SLOW_READER_CLOSE_CODE = 1008;

/**
 * Starts the HTTP + WebSocket JSON-RPC server and resolves once it listens.
 * @example
 * const server = await startServer({ host: "127.0.0.1", port: 8545, handler });
 * console.log(server.url); // http://127.0.0.1:8545
 * await server.close();
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host, handler } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;

  const app = express();
  app.disable("x-powered-by");
  app.use(openCors);
  // The body stays text, whatever its content type: the handler parses it, so invalid JSON gets
  // a JSON-RPC -32700 answer (HTTP 200, as geth and anvil) instead of express's HTML error page.
  app.use(express.text({ type: () => true, limit: bodyLimit }));
  const { pages } = options;
  app.get("/", (req, res, next) => {
    // A browser asks for HTML and gets the pages; anything else keeps the short text.
    if (pages !== undefined && req.accepts(["text/plain", "text/html"]) === "text/html") next();
    else res.type("text/plain").send("pevm-devnet: send JSON-RPC as HTTP POST here, or open a WebSocket.\n");
  });
  if (pages !== undefined) {
    app.get(/.*/, (req, res, next) => {
      pages(req.path).then((page) => {
        if (page === undefined) next();
        else res.status(page.status).type("html").send(page.html);
      }, next);
    });
  }
  app.post("/", async (req, res) => {
    const { connection } = openConnection("http");
    const text = typeof req.body === "string" ? req.body : "";
    const answer = await handler.handleText(text, connection);
    if (answer === undefined) res.status(204).end();
    else res.type("application/json").send(answer);
  });
  app.use(bodyErrorToJsonRpc(bodyLimit));

  // JSON-RPC POSTs, the hot path, skip express's middleware chain (measured: it halved the
  // requests a second a client could make); everything else goes through express. Plain ones
  // skip Node's request and response objects too (fastPosts.ts).
  const server = createServer((req, res) => {
    if (req.method === "POST" && (req.url === "/" || req.url === "")) servePost(req, res, handler, bodyLimit);
    else app(req, res);
  });
  const fastPosts = serveFastPosts(server, handler, bodyLimit);
  await listen(server, options.port, host);
  // Created after listen: a WebSocketServer re-emits its server's errors, and a failed listen
  // (port in use) must reject here, not crash through an unhandled "error" event.
  const wss = new WebSocketServer({ server, path: "/", maxPayload: bodyLimit });
  wss.on("error", (error) => console.error("pevm-devnet: server error:", error));
  const socketBufferLimit = options.socketBufferLimit ?? DEFAULT_SOCKET_BUFFER_LIMIT;
  wss.on("connection", (socket) => serveSocket(socket, handler, socketBufferLimit));
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const hostInUrl = host.includes(":") ? `[${host}]` : host; // IPv6 literals need brackets
  return {
    url: `http://${hostInUrl}:${port}`,
    wsUrl: `ws://${hostInUrl}:${port}`,
    port,
    close() {
      closing ??= closeServer(server, wss, fastPosts);
      return closing;
    },
  };
}

/**
 * One JSON-RPC POST: read the body (up to the limit), answer through the handler. A body over the
 * limit is answered 413 as soon as it passes it (a declared length at once) and the connection
 * closed, without reading the rest: a client may send an endless chunked body.
 */
function servePost(req: IncomingMessage, res: ServerResponse, handler: RpcHandler, bodyLimit: number): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  if (Number(req.headers["content-length"]) > bodyLimit) {
    refuseTooLarge(req, res, bodyLimit);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= bodyLimit) chunks.push(chunk);
    else {
      req.off("data", onData);
      req.off("end", onEnd);
      chunks.length = 0;
      refuseTooLarge(req, res, bodyLimit);
    }
  };
  const onEnd = () => {
    const { connection, close } = openConnection("http");
    // The client going away before its answer (or the answer sent) ends the request's work.
    res.once("close", close);
    handler.handleText(Buffer.concat(chunks).toString("utf8"), connection).then(
      (answer) => {
        if (answer === undefined) {
          res.statusCode = 204;
          res.end();
        } else sendJson(res, 200, answer);
      },
      (error: unknown) => {
        console.error("pevm-devnet: HTTP request failed:", error);
        sendJson(res, 500, INTERNAL_ERROR_ANSWER);
      },
    );
  };
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", () => res.destroy());
}

/**
 * Answers 413 and closes the connection, reading no more of the body. The socket stops reading
 * and is half-closed once the answer is out; it is dropped a moment later, so that a client still
 * sending has time to read the answer before the reset its unread bytes cause.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, bodyLimit: number): void {
  const { socket } = req;
  req.pause();
  socket.pause();
  const error = { code: -32600, message: `request body too large: the limit is ${bodyLimit} bytes` };
  res.shouldKeepAlive = false;
  res.setHeader("Connection", "close");
  const body = JSON.stringify({ jsonrpc: "2.0", id: null, error });
  res.writeHead(413, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body, () => {
    socket.end();
    setTimeout(() => socket.destroy(), TOO_LARGE_LINGER_MS).unref();
  });
}

/** How long a socket refused for its body size stays half-open before it is dropped. */
const TOO_LARGE_LINGER_MS = 500;

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

function serveSocket(socket: WebSocket, handler: RpcHandler, bufferLimit: number): void {
  const send = (text: string) => sendBounded(socket, text, bufferLimit);
  const { connection, close } = openConnection("ws", (notification) => send(JSON.stringify(notification)));
  socket.on("close", close);
  // A socket error (peer reset, frame over maxPayload) is followed by "close"; nothing else to do,
  // but an "error" event without a listener would crash the process.
  socket.on("error", () => {});
  socket.on("message", (data) => {
    handler
      .handleText(data.toString(), connection)
      .then((answer) => {
        if (answer !== undefined) send(answer);
      })
      .catch((error: unknown) => console.error("pevm-devnet: WebSocket request failed:", error));
  });
}

/** How long a socket closed for not reading may take to read the close frame before it is dropped. */
const SLOW_READER_GRACE_MS = 2_000;

/**
 * Sends `text` unless the socket already holds more than `limit` bytes its client has not read:
 * then the socket is closed with 1008 and a reason (geth drops such a client too), its
 * subscriptions end with it, and it is dropped if the client does not read the close frame soon.
 * One message is never refused for its own size, only for what piled up before it.
 */
function sendBounded(socket: WebSocket, text: string, limit: number): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  if (socket.bufferedAmount <= limit) {
    socket.send(text);
    return;
  }
  socket.close(SLOW_READER_CLOSE_CODE, `client is not reading: over ${limit} bytes queued`);
  setTimeout(() => socket.terminate(), SLOW_READER_GRACE_MS).unref();
}

/** Open CORS, so that MetaMask and dapps in a browser can reach the devnet. */
const openCors: RequestHandler = (req, res, next) => {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", req.get("Access-Control-Request-Headers") ?? "content-type");
  res.setHeader("Access-Control-Max-Age", "86400");
  if (req.method === "OPTIONS") res.status(204).end();
  else next();
};

/**
 * Errors express passes on: body-parser's (too large: 413, bad charset, aborted) become -32600
 * with its HTTP status; anything else is a bug, answered 500 / -32603 and logged.
 */
function bodyErrorToJsonRpc(bodyLimit: number): ErrorRequestHandler {
  return (error: { status?: unknown; type?: unknown; message?: unknown }, _req, res, _next) => {
    const status =
      typeof error.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    let rpcError = { code: -32600, message: `invalid request: ${String(error.message)}` };
    if (error.type === "entity.too.large") {
      rpcError = { code: -32600, message: `request body too large: the limit is ${bodyLimit} bytes` };
    } else if (status === 500) {
      console.error("pevm-devnet: HTTP request failed:", error);
      rpcError = { code: -32603, message: "internal error" };
    }
    res.status(status).json({ jsonrpc: "2.0", id: null, error: rpcError });
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function closeServer(server: Server, wss: WebSocketServer, fastPosts: FastPosts): Promise<void> {
  for (const socket of wss.clients) socket.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections(); // keep-alive HTTP connections would hold close() open
    fastPosts.closeAll();
  });
}
