/**
 * Transport only: express 5 serves JSON-RPC over HTTP POST on "/", and a ws WebSocketServer
 * takes upgrades on the same port and path. Both hand raw text to the RpcHandler, which owns
 * everything JSON-RPC (parse errors included), so HTTP and WebSocket answer alike.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { WebSocket, WebSocketServer } from "ws";
import { openConnection } from "./connection.js";
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
  // requests a second a client could make); everything else goes through express.
  const server = createServer((req, res) => {
    if (req.method === "POST" && (req.url === "/" || req.url === "")) servePost(req, res, handler, bodyLimit);
    else app(req, res);
  });
  await listen(server, options.port, host);
  // Created after listen: a WebSocketServer re-emits its server's errors, and a failed listen
  // (port in use) must reject here, not crash through an unhandled "error" event.
  const wss = new WebSocketServer({ server, path: "/", maxPayload: bodyLimit });
  wss.on("error", (error) => console.error("pevm-devnet: server error:", error));
  wss.on("connection", (socket) => serveSocket(socket, handler));
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const hostInUrl = host.includes(":") ? `[${host}]` : host; // IPv6 literals need brackets
  return {
    url: `http://${hostInUrl}:${port}`,
    wsUrl: `ws://${hostInUrl}:${port}`,
    port,
    close() {
      closing ??= closeServer(server, wss);
      return closing;
    },
  };
}

/** One JSON-RPC POST: read the body (up to the limit), answer through the handler. */
function servePost(req: IncomingMessage, res: ServerResponse, handler: RpcHandler, bodyLimit: number): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > bodyLimit) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on("error", () => res.destroy());
  req.on("end", () => {
    if (tooLarge) {
      const error = { code: -32600, message: `request body too large: the limit is ${bodyLimit} bytes` };
      sendJson(res, 413, JSON.stringify({ jsonrpc: "2.0", id: null, error }));
      return;
    }
    const { connection } = openConnection("http");
    handler.handleText(Buffer.concat(chunks).toString("utf8"), connection).then(
      (answer) => {
        if (answer === undefined) {
          res.statusCode = 204;
          res.end();
        } else sendJson(res, 200, answer);
      },
      (error: unknown) => {
        console.error("pevm-devnet: HTTP request failed:", error);
        sendJson(
          res,
          500,
          JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32603, message: "internal error" } }),
        );
      },
    );
  });
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

function serveSocket(socket: WebSocket, handler: RpcHandler): void {
  const { connection, close } = openConnection("ws", (notification) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(notification));
  });
  socket.on("close", close);
  // A socket error (peer reset, frame over maxPayload) is followed by "close"; nothing else to do,
  // but an "error" event without a listener would crash the process.
  socket.on("error", () => {});
  socket.on("message", (data) => {
    handler
      .handleText(data.toString(), connection)
      .then((answer) => {
        if (answer !== undefined && socket.readyState === WebSocket.OPEN) socket.send(answer);
      })
      .catch((error: unknown) => console.error("pevm-devnet: WebSocket request failed:", error));
  });
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

async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  for (const socket of wss.clients) socket.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections(); // keep-alive HTTP connections would hold close() open
  });
}
