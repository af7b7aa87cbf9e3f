import { createServer } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { defineMethod } from "../../src/rpc/defineMethod.js";
import { readPlainPost, serveFastPosts } from "../../src/rpc/fastPosts.js";
import { createHandler } from "../../src/rpc/handler.js";
import { string } from "../../src/rpc/params/scalar.js";
import { MethodRegistry } from "../../src/rpc/registry.js";
import { type RunningServer, startServer } from "../../src/rpc/server.js";

const LIMIT = 4096;
const post = (body: string, headers = "") =>
  `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const rpc = (method: string, params: unknown[] = [], id = 1) =>
  JSON.stringify({ jsonrpc: "2.0", id, method, params });

describe("readPlainPost", () => {
  const read = (text: string) => readPlainPost(Buffer.from(text, "latin1"), LIMIT);

  it("reads a plain POST whole, and only it when more follows", () => {
    const first = post(rpc("a"));
    expect(read(first + post(rpc("b")))).toEqual({ length: first.length, body: rpc("a"), close: false });
    expect(read(post(rpc("a"), "Connection: close\r\n"))).toMatchObject({ close: true });
  });

  it("waits for the rest of a request that may still be plain", () => {
    const whole = post(rpc("a"));
    for (const cut of [1, 10, 17, whole.indexOf("\r\n\r\n"), whole.length - 1]) {
      expect(read(whole.slice(0, cut))).toBe("partial");
    }
  });

  it("leaves every other request to Node's server", () => {
    const body = rpc("a");
    const others = [
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      "OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /other HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
      "POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}",
      "POST / HTTP/1.1\r\nHost: x\r\n\r\n", // no length
      `POST / HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`, // no host: Node answers 400
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      post(body, "Expect: 100-continue\r\n"),
      post(body, "Upgrade: websocket\r\n"),
      post(body, "Connection: upgrade\r\n"),
      post(body, `Content-Length: ${body.length}\r\n`), // a second length
      post(body, "Bad Header: x\r\n"),
      post(body, "X-Y: a\u0001b\r\n"),
      post(body, "no colon\r\n"),
      post("x".repeat(LIMIT + 1)),
      `POST / HTTP/1.1\r\nX: ${"y".repeat(17 * 1024)}`, // a head that never ends
      "PUT / HTTP/1.1\r\n",
    ];
    for (const request of others) expect(read(request), JSON.stringify(request.slice(0, 40))).toBe("other");
  });
});

describe("the fast path in front of the server", () => {
  const define = defineMethod<object>();
  let echoed = 0;
  const registry = new MethodRegistry<object>().register(
    define({
      name: "test_echo",
      params: [string],
      handler: (_, [text]) => {
        echoed++;
        return text;
      },
    }),
  );
  let server: RunningServer;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    server = await startServer({
      host: "127.0.0.1",
      port: 0,
      handler: createHandler(registry, {}),
      bodyLimit: LIMIT,
    });
  });

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.length = 0;
    await server.close();
  });

  /** A raw connection, and the text it has received so far. */
  async function open(): Promise<{ socket: Socket; received: () => string }> {
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    sockets.push(socket);
    let text = "";
    socket.on("data", (data) => {
      text += data.toString("latin1");
    });
    await new Promise((resolve) => socket.once("connect", resolve));
    return { socket, received: () => text };
  }

  async function until(check: () => boolean): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  const answers = (text: string) => text.split("HTTP/1.1 ").slice(1);

  it("answers as Node's server does: status, CORS, JSON type and length, date, keep-alive", async () => {
    const { socket, received } = await open();
    socket.write(post(rpc("test_echo", ["hi"])));
    await until(() => received().endsWith('"result":"hi"}'));
    const [head, body] = received().split("\r\n\r\n") as [string, string];
    const lines = head.split("\r\n");
    expect(lines[0]).toBe("HTTP/1.1 200 OK");
    expect(lines).toContain("Access-Control-Allow-Origin: *");
    expect(lines).toContain("Content-Type: application/json; charset=utf-8");
    expect(lines).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(lines).toContain("Connection: keep-alive");
    expect(lines).toContain("Keep-Alive: timeout=5");
    expect(lines.some((line) => /^Date: \w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT$/.test(line))).toBe(true);
    expect(JSON.parse(body)).toEqual({ jsonrpc: "2.0", id: 1, result: "hi" });
  });

  it("answers pipelined requests in order, and one that comes in pieces", async () => {
    const { socket, received } = await open();
    socket.write(post(rpc("test_echo", ["one"], 1)) + post(rpc("test_echo", ["two"], 2)));
    const third = post(rpc("test_echo", ["three"], 3));
    socket.write(third.slice(0, 30));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(third.slice(30));
    await until(() => answers(received()).length === 3 && received().endsWith("}"));
    expect(answers(received()).map((answer) => JSON.parse(answer.slice(answer.indexOf("{"))).result)).toEqual(
      ["one", "two", "three"],
    );
  });

  it("hands a connection to Node's server at its first request that is not plain, with what follows", async () => {
    const { socket, received } = await open();
    socket.write(post(rpc("test_echo", ["fast"])));
    await until(() => answers(received()).length === 1);
    // A chunked body, then a plain POST behind it: both answered, in order, by Node's server.
    const chunked = rpc("test_echo", ["chunked"]);
    socket.write(
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunked.length.toString(16)}\r\n${chunked}\r\n0\r\n\r\n` +
        post(rpc("test_echo", ["after"])),
    );
    await until(() => answers(received()).length === 3 && received().endsWith("}"));
    const results = answers(received()).map((answer) => JSON.parse(answer.slice(answer.indexOf("{"))).result);
    expect(results).toEqual(["fast", "chunked", "after"]);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => received().includes("send JSON-RPC as HTTP POST"));
  });

  it("hands over a request that does not arrive whole within a second", async () => {
    const { socket, received } = await open();
    const request = post(rpc("test_echo", ["slow"]));
    socket.write(request.slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    socket.write(request.slice(40));
    await until(() => received().endsWith('"result":"slow"}'));
    expect(received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it("refuses a body over the limit 413 through Node's server", async () => {
    const { socket, received } = await open();
    socket.write(post("x".repeat(LIMIT + 1)));
    await until(() => received().includes("\r\n\r\n"));
    expect(received()).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("closes the connection after answering a request that asks for it", async () => {
    const { socket, received } = await open();
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(post(rpc("test_echo", ["bye"]), "Connection: close\r\n"));
    await closed;
    expect(received()).toContain("Connection: close\r\n");
    expect(received()).toContain('"result":"bye"');
  });

  it("stops reading the requests of a client that does not read its answers, until it does", async () => {
    const { socket, received } = await open();
    socket.pause();
    const text = "x".repeat(3_000);
    const count = 4_000; // ~12 MB of answers: more than the sockets' buffers hold
    echoed = 0;
    socket.write(post(rpc("test_echo", [text])).repeat(count));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(echoed).toBeGreaterThan(0);
    expect(echoed).toBeLessThan(count);
    socket.resume();
    await until(() => answers(received()).length === count && received().endsWith("}"));
    expect(echoed).toBe(count);
  });

  it("serves WebSocket upgrades beside it", async () => {
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const message = new Promise<unknown>((resolve) =>
      ws.once("message", (data) => resolve(JSON.parse(data.toString()))),
    );
    ws.send(rpc("test_echo", ["ws"]));
    expect(await message).toMatchObject({ result: "ws" });
    ws.close();
  });

  it("ends a keep-alive connection idle for the server's keep-alive time, as Node's server does", async () => {
    // A server of its own, with a short keep-alive (Node's default is 5 s).
    const http = createServer();
    http.keepAliveTimeout = 300;
    const fast = serveFastPosts(http, createHandler(registry, {}), LIMIT);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const port = (http.address() as { port: number }).port;
      const socket = connect(port, "127.0.0.1");
      sockets.push(socket);
      let text = "";
      socket.on("data", (data) => {
        text += data.toString("latin1");
      });
      const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now())));
      socket.write(post(rpc("test_echo", ["idle"])));
      await until(() => text.endsWith("}"));
      const answered = Date.now();
      expect(text).toContain("Keep-Alive: timeout=0\r\n");
      const stillOpen = new Promise<number>((resolve) =>
        setTimeout(() => resolve(Number.POSITIVE_INFINITY), 3_000),
      );
      const idleMs = (await Promise.race([closed, stillOpen])) - answered;
      expect(idleMs).toBeGreaterThanOrEqual(250);
      expect(idleMs).toBeLessThan(3_000);
    } finally {
      fast.closeAll();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it("does not hold close() open with an idle keep-alive connection", async () => {
    const { socket, received } = await open();
    socket.write(post(rpc("test_echo", ["idle"])));
    await until(() => received().endsWith("}"));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    await server.close();
    await closed;
    server = await startServer({
      host: "127.0.0.1",
      port: 0,
      handler: createHandler(registry, {}),
      bodyLimit: LIMIT,
    });
  });
});
