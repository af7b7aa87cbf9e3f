import { connect, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { InvalidInputError } from "../../src/errors/DevnetError.js";
import { defineMethod } from "../../src/rpc/defineMethod.js";
import { createHandler } from "../../src/rpc/handler.js";
import { string } from "../../src/rpc/params/scalar.js";
import { MethodRegistry } from "../../src/rpc/registry.js";
import { type RunningServer, startServer } from "../../src/rpc/server.js";
import type { Connection } from "../../src/rpc/types.js";

/** A toy devnet: remembers the connections that subscribed, and how many of them closed. */
type Toy = { subscribers: Connection[]; closed: number[]; aborted: number[] };
const define = defineMethod<Toy>();

const registry = new MethodRegistry<Toy>().register(
  define({ name: "test_echo", params: [string], handler: (_, [text]) => text }),
  define({
    name: "test_fail",
    params: [],
    handler: () => {
      throw new InvalidInputError("nonce too low");
    },
  }),
  define({
    name: "test_waitForAbort",
    params: [],
    handler: ({ devnet, connection }) =>
      new Promise((resolve) =>
        connection.signal?.addEventListener("abort", () => {
          devnet.aborted.push(connection.id);
          resolve(null);
        }),
      ),
  }),
  define({
    name: "test_subscribe",
    params: [],
    handler: ({ devnet, connection }) => {
      devnet.subscribers.push(connection);
      connection.onClose(() => devnet.closed.push(connection.id));
      return connection.kind;
    },
  }),
);

const BODY_LIMIT = 4096;
const SOCKET_BUFFER_LIMIT = 64 * 1024;
let devnet: Toy;
let server: RunningServer;

beforeEach(async () => {
  devnet = { subscribers: [], closed: [], aborted: [] };
  const handler = createHandler(registry, devnet);
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    handler,
    bodyLimit: BODY_LIMIT,
    socketBufferLimit: SOCKET_BUFFER_LIMIT,
  });
});

afterEach(async () => {
  await server.close();
});

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const rpc = (method: string, params: unknown[] = [], id: number | null = 1) =>
  JSON.stringify({ jsonrpc: "2.0", id, method, params });

async function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(server.wsUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return socket;
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once("message", (data) => resolve(JSON.parse(data.toString()))));
}

describe("startServer over HTTP", () => {
  it("listens on the real port when asked for port 0", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}`);
  });

  it("answers a single request as JSON with open CORS", async () => {
    const response = await post(rpc("test_echo", ["hello"]), { origin: "http://dapp.example" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "hello" });
  });

  it("answers a DevnetError with its code", async () => {
    const response = await post(rpc("test_fail"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1, error: { code: -32000 } });
  });

  it("answers a batch entry by entry", async () => {
    const body = `[${rpc("test_echo", ["a"], 1)},${rpc("nope_nothing", [], 2)},${rpc("test_echo", ["c"], 3)}]`;
    const answer = await (await post(body)).json();
    expect(answer).toEqual([
      { jsonrpc: "2.0", id: 1, result: "a" },
      expect.objectContaining({ id: 2, error: expect.objectContaining({ code: -32601 }) }),
      { jsonrpc: "2.0", id: 3, result: "c" },
    ]);
  });

  it("answers a notification with 204 and no body", async () => {
    const response = await post(JSON.stringify({ jsonrpc: "2.0", method: "test_echo", params: ["x"] }));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("answers a malformed body with HTTP 200 and -32700, whatever the content type", async () => {
    for (const contentType of ["application/json", "text/plain"]) {
      const response = await post('{"jsonrpc": "2.0", "id": 1,', { "content-type": contentType });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    }
  });

  it("refuses a body over the limit with HTTP 413 and -32600", async () => {
    const response = await post(rpc("test_echo", ["x".repeat(BODY_LIMIT)]));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32600 } });
  });

  it("answers an endless chunked body 413 once it passes the limit and closes, reading no more", async () => {
    const { answer, sent } = await sendEndlessBody(Number(new URL(server.url).port));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":-32600');
    // What the kernel's socket buffers took, not the 64 MiB the client was ready to send.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it("answers a declared length over the limit 413 before the body comes", async () => {
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    socket.write(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n",
    );
    let answer = "";
    socket.on("data", (data) => {
      answer += data.toString();
    });
    await new Promise((resolve) => socket.once("close", resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("aborts a request's signal when its client goes away before the answer", async () => {
    const controller = new AbortController();
    const request = fetch(server.url, {
      method: "POST",
      body: rpc("test_waitForAbort"),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(request).rejects.toThrow();
    while (devnet.aborted.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(devnet.aborted).toHaveLength(1);
  });

  it("answers a CORS preflight with 204", async () => {
    const response = await fetch(server.url, {
      method: "OPTIONS",
      headers: {
        origin: "http://dapp.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toContain("content-type");
  });

  it("answers GET / with a short text", async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("JSON-RPC");
  });

  it("gives HTTP requests a connection without push", async () => {
    expect(await (await post(rpc("test_subscribe"))).json()).toMatchObject({ result: "http" });
    expect(devnet.subscribers[0]?.push).toBeUndefined();
  });
});

describe("startServer over WebSocket", () => {
  it("answers requests on the same port, invalid JSON included", async () => {
    const socket = await openSocket();
    socket.send(rpc("test_echo", ["over ws"], 7));
    expect(await nextMessage(socket)).toEqual({ jsonrpc: "2.0", id: 7, result: "over ws" });
    socket.send("not json");
    expect(await nextMessage(socket)).toMatchObject({ id: null, error: { code: -32700 } });
    socket.close();
  });

  it("pushes notifications to the connection and runs onClose when the client leaves", async () => {
    const socket = await openSocket();
    socket.send(rpc("test_subscribe"));
    expect(await nextMessage(socket)).toMatchObject({ result: "ws" });
    const [connection] = devnet.subscribers;
    if (connection?.push === undefined) throw new Error("a ws connection must have push");

    const pushed = nextMessage(socket);
    connection.push({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: { subscription: "0x1", result: 42 },
    });
    expect(await pushed).toEqual({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: { subscription: "0x1", result: 42 },
    });

    const closed = new Promise<void>((resolve) => connection.onClose(resolve));
    socket.close();
    await closed;
    expect(devnet.closed).toEqual([connection.id]);
  });

  it("gives each connection its own increasing id", async () => {
    const first = await openSocket();
    const second = await openSocket();
    first.send(rpc("test_subscribe"));
    await nextMessage(first);
    second.send(rpc("test_subscribe"));
    await nextMessage(second);
    const [a, b] = devnet.subscribers;
    expect(b?.id).toBeGreaterThan(a?.id ?? Number.POSITIVE_INFINITY);
    first.close();
    second.close();
  });

  it("closes with 1008 a socket whose client stops reading, once its queue passes the limit", async () => {
    const client = await rawWebSocket(Number(new URL(server.url).port));
    client.socket.write(maskedTextFrame(rpc("test_subscribe")));
    while (devnet.subscribers.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const [connection] = devnet.subscribers;
    if (connection?.push === undefined) throw new Error("a ws connection must have push");
    const closed = new Promise<void>((resolve) => connection.onClose(resolve));

    client.socket.pause();
    const notes = 300; // 30 MB: more than the kernel's socket buffers take
    const params = "x".repeat(100_000);
    for (let i = 0; i < notes; i++) {
      connection.push({ jsonrpc: "2.0", method: "test_note", params });
      await new Promise((resolve) => setImmediate(resolve));
    }
    client.socket.resume();
    const frames = await client.framesUntilClose(notes + 1);
    const close = frames.at(-1);
    expect(close?.opcode).toBe(0x8);
    expect(close?.payload.readUInt16BE(0)).toBe(1008);
    expect(close?.payload.subarray(2).toString()).toContain("not reading");
    expect(frames.length - 2).toBeLessThan(notes); // the answer and the close frame aside
    await closed;
    client.socket.destroy();
  });

  it("close() drops open sockets, runs their cleanups, and frees the port", async () => {
    const socket = await openSocket();
    socket.send(rpc("test_subscribe"));
    await nextMessage(socket);
    const clientClosed = new Promise((resolve) => socket.once("close", resolve));
    await server.close();
    await clientClosed;
    expect(devnet.closed).toHaveLength(1);
    await expect(fetch(server.url, { method: "POST", body: rpc("test_echo", ["x"]) })).rejects.toThrow();
  });
});

/**
 * Sends a chunked POST body of 64 MiB, as fast as the server takes it, until the server closes
 * the connection; resolves with what the server answered and how much was sent.
 */
function sendEndlessBody(port: number): Promise<{ answer: string; sent: number }> {
  const socket = connect(port, "127.0.0.1");
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
  let sent = 0;
  let answer = "";
  let closed = false;
  socket.on("data", (data) => {
    answer += data.toString();
  });
  socket.on("error", () => {}); // writing into the closed connection: EPIPE / ECONNRESET
  socket.write(
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
  );
  const pump = () => {
    while (!closed && sent < 64 * 1024 * 1024) {
      sent += chunk.length;
      if (!socket.write(frame)) {
        socket.once("drain", pump);
        return;
      }
    }
    // A server that read it all gets its end, and answers at last.
    if (!closed) socket.write("0\r\n\r\n");
  };
  pump();
  return new Promise((resolve) =>
    socket.once("close", () => {
      closed = true;
      resolve({ answer, sent });
    }),
  );
}

/** A WebSocket client on a bare TCP socket, so that the test decides when it reads. */
async function rawWebSocket(port: number) {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  let received = Buffer.alloc(0);
  const arrived: (() => void)[] = [];
  socket.on("data", (data: Buffer) => {
    received = Buffer.concat([received, data]);
    for (const wake of arrived.splice(0)) wake();
  });
  socket.on("close", () => {
    for (const wake of arrived.splice(0)) wake();
  });
  const more = () => new Promise<void>((resolve) => arrived.push(resolve));
  socket.write(
    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  while (!received.includes("\r\n\r\n")) await more();
  expect(received.toString()).toMatch(/^HTTP\/1\.1 101 /);
  received = received.subarray(received.indexOf("\r\n\r\n") + 4);

  /** The server's frames (unmasked) until a close frame, the socket's end, or `most` frames. */
  async function framesUntilClose(most: number): Promise<{ opcode: number; payload: Buffer }[]> {
    const frames: { opcode: number; payload: Buffer }[] = [];
    while (frames.length < most && !socket.destroyed) {
      const frame = nextFrame();
      if (frame === undefined) {
        await more();
        continue;
      }
      frames.push(frame);
      if (frame.opcode === 0x8) break;
    }
    return frames;
  }

  function nextFrame(): { opcode: number; payload: Buffer } | undefined {
    if (received.length < 2) return undefined;
    const opcode = (received[0] ?? 0) & 0x0f;
    let length = (received[1] ?? 0) & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (received.length < 4) return undefined;
      length = received.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (received.length < 10) return undefined;
      length = Number(received.readBigUInt64BE(2));
      offset = 10;
    }
    if (received.length < offset + length) return undefined;
    const payload = received.subarray(offset, offset + length);
    received = received.subarray(offset + length);
    return { opcode, payload };
  }

  return { socket: socket as Socket, framesUntilClose };
}

/** A client's text frame; clients must mask, and a zero mask leaves the payload as it is. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new Error("short frames only");
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}
