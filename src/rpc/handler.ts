/**
 * The JSON-RPC envelope in one place: request validation, batches, notifications, parameter
 * parsing, and the mapping of thrown errors to error responses. Transports (server.ts, the
 * in-process provider) hand it parsed bodies or raw text and send back what it returns.
 *
 * Nothing a request does may crash the process: every error becomes a response. Errors that are
 * not DevnetErrors are bugs; they become -32603 and are reported once through `onInternalError`.
 */
import {
  type DevnetError,
  InternalError,
  InvalidRequestError,
  isDevnetError,
  MethodNotFoundError,
  ParseError,
} from "../errors/DevnetError.js";
import { parseParams } from "./params/parseParams.js";
import type { MethodRegistry } from "./registry.js";
import type { Connection, JsonRpcId, JsonRpcResponse } from "./types.js";

export type HandlerOptions = {
  /** Called with the method name of each well-formed request (the devnet logs them unless --silent). */
  onRequest?(method: string): void;
  /** Called once a request onRequest was called for has its answer (or error). */
  onRequestDone?(method: string): void;
  /** Called for each error that is not a DevnetError; the default prints it to stderr. */
  onInternalError?(error: unknown, method: string): void;
  /**
   * Called with an error a method threw; true runs the method again (a forked devnet has loaded
   * the remote state the method missed).
   */
  retry?(error: unknown): Promise<boolean>;
  /** Awaited before a method runs (a read of blocks waits for reserved blocks' hashes). */
  before?(method: string): Promise<void> | undefined;
};

export interface RpcHandler {
  /** Answers a parsed body: one request or a batch. Notifications-only bodies give undefined. */
  handle(body: unknown, connection: Connection): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined>;
  /** Answers a raw JSON text (a WebSocket frame, an HTTP body); invalid JSON gives a -32700 response. */
  handleText(text: string, connection: Connection): Promise<string | undefined>;
}

type ErrorObject = { code: number; message: string; data?: unknown };

/**
 * Creates the handler that serves `registry`'s methods, passing `devnet` to each of them.
 * @example
 * const handler = createHandler(registry, devnet, { onRequest: (m) => console.log(m) });
 * await handler.handle({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }, connection);
 */
export function createHandler<Devnet>(
  registry: MethodRegistry<Devnet>,
  devnet: Devnet,
  options: HandlerOptions = {},
): RpcHandler {
  const reportInternalError =
    options.onInternalError ??
    ((error: unknown, method: string) => console.error(`pevm-devnet: internal error in ${method}:`, error));

  function toErrorObject(error: unknown, method: string): ErrorObject {
    if (isDevnetError(error)) return errorObjectOf(error);
    reportInternalError(error, method);
    return errorObjectOf(new InternalError(error instanceof Error ? error.message : String(error)));
  }

  async function handleRequest(
    request: unknown,
    connection: Connection,
  ): Promise<JsonRpcResponse | undefined> {
    if (typeof request !== "object" || request === null || Array.isArray(request)) {
      return failure(null, new InvalidRequestError("invalid request: expected an object"));
    }
    const { id, jsonrpc, method, params } = request as Record<string, unknown>;
    // Malformed envelopes are answered even without an id (JSON-RPC 2.0, section 5).
    if (id !== undefined && !isJsonRpcId(id)) {
      return failure(null, new InvalidRequestError("invalid request: id must be a string, a number or null"));
    }
    const responseId = id ?? null;
    if (jsonrpc !== "2.0")
      return failure(responseId, new InvalidRequestError('invalid request: jsonrpc must be "2.0"'));
    if (typeof method !== "string") {
      return failure(responseId, new InvalidRequestError("invalid request: method must be a string"));
    }
    if (params !== undefined && params !== null && typeof params !== "object") {
      return failure(responseId, new InvalidRequestError("invalid request: params must be an array"));
    }

    try {
      options.onRequest?.(method);
      const rpcMethod = registry.get(method);
      if (rpcMethod === undefined) throw new MethodNotFoundError(method);
      const parsed = parseParams(rpcMethod, params);
      await options.before?.(method);
      let result: unknown;
      for (;;) {
        try {
          result = await rpcMethod.handler({ devnet, connection }, parsed);
          break;
        } catch (error) {
          if (options.retry === undefined || !(await options.retry(error))) throw error;
        }
      }
      // A request without id is a notification: it runs, but gets no answer, not even an error.
      if (id === undefined) return undefined;
      return { jsonrpc: "2.0", id: responseId, result: result === undefined ? null : result };
    } catch (error) {
      const errorObject = toErrorObject(error, method);
      return id === undefined ? undefined : { jsonrpc: "2.0", id: responseId, error: errorObject };
    } finally {
      options.onRequestDone?.(method);
    }
  }

  async function handle(body: unknown, connection: Connection) {
    if (!Array.isArray(body)) return handleRequest(body, connection);
    if (body.length === 0) return failure(null, new InvalidRequestError("empty batch"));
    // One after the other, in order, as geth does: a batch of dependent transactions stays ordered.
    const responses: JsonRpcResponse[] = [];
    for (const request of body) {
      const response = await handleRequest(request, connection);
      if (response !== undefined) responses.push(response);
    }
    return responses.length === 0 ? undefined : responses;
  }

  async function handleText(text: string, connection: Connection): Promise<string | undefined> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : "invalid JSON";
      return JSON.stringify(failure(null, new ParseError(`parse error: ${message}`)));
    }
    const out = await handle(body, connection);
    return out === undefined ? undefined : serialize(out);
  }

  /** JSON of the responses; one whose result JSON cannot encode (a bigint, a cycle) becomes -32603. */
  function serialize(out: JsonRpcResponse | JsonRpcResponse[]): string {
    try {
      return JSON.stringify(out);
    } catch {
      const safe = (Array.isArray(out) ? out : [out]).map((response): JsonRpcResponse => {
        try {
          JSON.stringify(response);
          return response;
        } catch (error) {
          reportInternalError(error, "(serialising a response)");
          return failure(response.id, new InternalError("result is not JSON-serialisable"));
        }
      });
      return JSON.stringify(Array.isArray(out) ? safe : safe[0]);
    }
  }

  return { handle, handleText };
}

function failure(id: JsonRpcId, error: DevnetError): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error: errorObjectOf(error) };
}

/** The JSON-RPC error object of an error: its code (EIP-1474), its message, its data if any. */
function errorObjectOf(error: DevnetError): ErrorObject {
  const object: ErrorObject = { code: error.code, message: String(error.message) };
  if (error.data !== undefined) object.data = error.data;
  return object;
}

function isJsonRpcId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === "string" || typeof value === "number";
}
