import { describe, expect, it, vi } from "vitest";
import { InvalidInputError, RevertError } from "../../src/errors/DevnetError.js";
import { openConnection } from "../../src/rpc/connection.js";
import { defineMethod } from "../../src/rpc/defineMethod.js";
import { createHandler, type HandlerOptions } from "../../src/rpc/handler.js";
import { optional } from "../../src/rpc/params/combinators.js";
import { quantity } from "../../src/rpc/params/hex.js";
import { string } from "../../src/rpc/params/scalar.js";
import { MethodRegistry } from "../../src/rpc/registry.js";

type Toy = { calls: string[] };
const define = defineMethod<Toy>();

function toyHandler(options: HandlerOptions = {}) {
  const devnet: Toy = { calls: [] };
  const registry = new MethodRegistry<Toy>().register(
    define({
      name: "test_echo",
      params: [string],
      handler: ({ devnet }, [text]) => {
        devnet.calls.push(text);
        return text;
      },
    }),
    define({
      name: "test_add",
      params: [quantity, optional(quantity, 1n)],
      handler: (_, [a, b]) => `0x${(a + b).toString(16)}`,
    }),
    define({
      name: "test_revert",
      params: [],
      handler: () => Promise.reject(new RevertError("nope", "0x1234")),
    }),
    define({
      name: "test_reject",
      params: [],
      handler: () => Promise.reject(new InvalidInputError("nonce too low")),
    }),
    define({
      name: "test_crash",
      params: [],
      handler: () => {
        throw new TypeError("cannot read properties of undefined");
      },
    }),
    define({ name: "test_void", params: [], handler: () => undefined }),
    define({ name: "test_bigint", params: [], handler: () => 1n }),
    define({ name: "test_connection", params: [], handler: ({ connection }) => connection.id }),
  );
  const onInternalError = vi.fn();
  const handler = createHandler(registry, devnet, { onInternalError, ...options });
  return { handler, devnet, onInternalError, connection: openConnection("in-process").connection };
}

const request = (method: string, params?: unknown[], id: number | string | null = 1) => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params === undefined ? {} : { params }),
});

describe("createHandler", () => {
  it("answers a single request with its id", async () => {
    const { handler, connection } = toyHandler();
    expect(await handler.handle(request("test_echo", ["hi"], "a"), connection)).toEqual({
      jsonrpc: "2.0",
      id: "a",
      result: "hi",
    });
    expect(await handler.handle(request("test_add", ["0x1"], null), connection)).toEqual({
      jsonrpc: "2.0",
      id: null,
      result: "0x2",
    });
  });

  it("passes the connection to handlers", async () => {
    const { handler, connection } = toyHandler();
    expect(await handler.handle(request("test_connection"), connection)).toMatchObject({
      result: connection.id,
    });
  });

  it("turns an undefined result into null", async () => {
    const { handler, connection } = toyHandler();
    expect(await handler.handle(request("test_void"), connection)).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: null,
    });
  });

  it("rejects malformed envelopes with -32600", async () => {
    const { handler, connection } = toyHandler();
    const cases = [
      { id: 1, method: "test_void" },
      { jsonrpc: "1.0", id: 1, method: "test_void" },
      { jsonrpc: "2.0", id: 1, method: 5 },
      { jsonrpc: "2.0", id: {}, method: "test_void" },
      { jsonrpc: "2.0", id: 1, method: "test_void", params: "x" },
      "test_void",
      null,
      42,
    ];
    for (const body of cases) {
      expect(await handler.handle(body, connection)).toMatchObject({
        jsonrpc: "2.0",
        error: { code: -32600 },
      });
    }
    expect(await handler.handle({ jsonrpc: "1.0", id: 7, method: "x" }, connection)).toMatchObject({ id: 7 });
    expect(await handler.handle({ jsonrpc: "2.0", id: [], method: "x" }, connection)).toMatchObject({
      id: null,
    });
  });

  it("answers an unknown method with -32601 and bad params with -32602", async () => {
    const { handler, connection } = toyHandler();
    expect(await handler.handle(request("eth_nothing"), connection)).toMatchObject({
      error: { code: -32601 },
    });
    expect(await handler.handle(request("test_add", ["12"]), connection)).toMatchObject({
      error: { code: -32602 },
    });
    expect(await handler.handle(request("test_add", []), connection)).toMatchObject({
      error: { code: -32602 },
    });
    expect(await handler.handle(request("test_void", [1]), connection)).toMatchObject({
      error: { code: -32602 },
    });
  });

  it("keeps a DevnetError's code, message and data", async () => {
    const { handler, connection, onInternalError } = toyHandler();
    expect(await handler.handle(request("test_revert"), connection)).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: 3, message: "execution reverted: nope", data: "0x1234" },
    });
    const rejected = await handler.handle(request("test_reject"), connection);
    expect(rejected).toMatchObject({ error: { code: -32000 } });
    expect(rejected).not.toHaveProperty("error.data");
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it("turns other errors into -32603 and reports each once", async () => {
    const { handler, connection, onInternalError } = toyHandler();
    const response = await handler.handle(request("test_crash"), connection);
    expect(response).toMatchObject({
      error: { code: -32603, message: "cannot read properties of undefined" },
    });
    expect(onInternalError).toHaveBeenCalledTimes(1);
    expect(onInternalError).toHaveBeenCalledWith(expect.any(TypeError), "test_crash");
  });

  it("reports internal errors to stderr by default", async () => {
    const devnet = {};
    const registry = new MethodRegistry().register({
      name: "x_crash",
      params: [],
      handler: () => {
        throw new Error("boom");
      },
    });
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await createHandler(registry, devnet).handle(request("x_crash"), {
        id: 0,
        kind: "in-process",
        onClose() {},
      });
      expect(response).toMatchObject({ error: { code: -32603 } });
      expect(stderr).toHaveBeenCalledTimes(1);
    } finally {
      stderr.mockRestore();
    }
  });

  it("runs notifications without answering them, errors included", async () => {
    const { handler, devnet, connection } = toyHandler();
    expect(
      await handler.handle({ jsonrpc: "2.0", method: "test_echo", params: ["n"] }, connection),
    ).toBeUndefined();
    expect(devnet.calls).toEqual(["n"]);
    expect(await handler.handle({ jsonrpc: "2.0", method: "eth_nothing" }, connection)).toBeUndefined();
    expect(await handler.handle({ jsonrpc: "2.0", method: "test_revert" }, connection)).toBeUndefined();
  });

  it("answers each entry of a batch, in order, skipping notifications", async () => {
    const { handler, devnet, connection } = toyHandler();
    const responses = await handler.handle(
      [
        request("test_echo", ["one"], 1),
        { jsonrpc: "2.0", method: "test_echo", params: ["two"] },
        { foo: "bar" },
        request("eth_nothing", [], 3),
        request("test_echo", ["four"], 4),
      ],
      connection,
    );
    expect(responses).toEqual([
      { jsonrpc: "2.0", id: 1, result: "one" },
      expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600 }) }),
      expect.objectContaining({ id: 3, error: expect.objectContaining({ code: -32601 }) }),
      { jsonrpc: "2.0", id: 4, result: "four" },
    ]);
    expect(devnet.calls).toEqual(["one", "two", "four"]);
  });

  it("answers an empty batch with one -32600 error and a notification-only batch with nothing", async () => {
    const { handler, connection } = toyHandler();
    expect(await handler.handle([], connection)).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await handler.handle([{ jsonrpc: "2.0", method: "test_void" }], connection)).toBeUndefined();
  });

  it("calls onRequest with each method name", async () => {
    const onRequest = vi.fn();
    const { handler, connection } = toyHandler({ onRequest });
    await handler.handle([request("test_void"), request("eth_nothing"), { method: 1 }], connection);
    expect(onRequest.mock.calls).toEqual([["test_void"], ["eth_nothing"]]);
  });

  it("calls onRequestDone once each request onRequest saw has its answer, an error too", async () => {
    const events: string[] = [];
    const { handler, connection } = toyHandler({
      onRequest: (method) => events.push(`start ${method}`),
      onRequestDone: (method) => events.push(`done ${method}`),
    });
    await handler.handle([request("test_void"), request("eth_nothing"), { method: 1 }], connection);
    expect(events).toEqual(["start test_void", "done test_void", "start eth_nothing", "done eth_nothing"]);
  });
});

describe("handleText", () => {
  it("answers invalid JSON with -32700 and id null", async () => {
    const { handler, connection } = toyHandler();
    const answer = JSON.parse((await handler.handleText('{"jsonrpc":', connection)) ?? "");
    expect(answer).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
  });

  it("serialises answers and returns undefined for notifications", async () => {
    const { handler, connection } = toyHandler();
    const text = JSON.stringify([request("test_echo", ["x"], 1), request("test_void", [], 2)]);
    expect(JSON.parse((await handler.handleText(text, connection)) ?? "")).toEqual([
      { jsonrpc: "2.0", id: 1, result: "x" },
      { jsonrpc: "2.0", id: 2, result: null },
    ]);
    expect(await handler.handleText('{"jsonrpc":"2.0","method":"test_void"}', connection)).toBeUndefined();
  });

  it("answers a result JSON cannot encode with -32603, leaving the rest of the batch intact", async () => {
    const { handler, connection, onInternalError } = toyHandler();
    const text = JSON.stringify([request("test_bigint", [], 1), request("test_echo", ["ok"], 2)]);
    expect(JSON.parse((await handler.handleText(text, connection)) ?? "")).toEqual([
      { jsonrpc: "2.0", id: 1, error: expect.objectContaining({ code: -32603 }) },
      { jsonrpc: "2.0", id: 2, result: "ok" },
    ]);
    expect(onInternalError).toHaveBeenCalledTimes(1);
  });

  it("refuses params nested 100,000 deep as invalid params, without overflowing the stack", async () => {
    const { handler, connection, onInternalError } = toyHandler();
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    for (const [method, params] of [
      ["test_echo", `[${deep}]`],
      ["test_add", `[${deepObject}]`],
      ["test_echo", deep],
    ]) {
      const text = `{"jsonrpc":"2.0","id":1,"method":"${method}","params":${params}}`;
      const answer = JSON.parse((await handler.handleText(text, connection)) ?? "");
      expect(answer).toMatchObject({ id: 1, error: { code: -32602 } });
    }
    expect(onInternalError).not.toHaveBeenCalled();
    // Nesting as deep as real params (state overrides, topics) still reaches the method.
    const shallow = JSON.parse(
      (await handler.handleText(JSON.stringify(request("test_echo", [[[["x"]]]])), connection)) ?? "",
    );
    expect(shallow).toMatchObject({ error: { code: -32602, message: expect.stringContaining("string") } });
  });
});

describe("MethodRegistry", () => {
  it("registers, finds and lists methods, and refuses a name twice", () => {
    const method = { name: "b_method", params: [], handler: () => 1 };
    const registry = new MethodRegistry().register(method, { ...method, name: "a_method" });
    expect(registry.get("b_method")).toBe(method);
    expect(registry.get("nope")).toBeUndefined();
    expect(registry.has("a_method")).toBe(true);
    expect(registry.names()).toEqual(["a_method", "b_method"]);
    expect(() => registry.register(method)).toThrow(/twice/);
  });
});

describe("openConnection", () => {
  it("gives increasing ids and runs cleanups once, late ones at once", () => {
    const first = openConnection("http");
    const second = openConnection("ws", () => {});
    expect(second.connection.id).toBeGreaterThan(first.connection.id);
    expect(first.connection.push).toBeUndefined();
    expect(second.connection.push).toBeTypeOf("function");
    const cleanup = vi.fn();
    second.connection.onClose(cleanup);
    second.close();
    second.close();
    expect(cleanup).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    second.connection.onClose(late);
    expect(late).toHaveBeenCalledTimes(1);
  });
});
