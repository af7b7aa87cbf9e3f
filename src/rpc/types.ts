/**
 * Vocabulary of the JSON-RPC layer: a method is `{ name, params, handler }`; the handler gets the
 * devnet (whatever object the server was started with) and the connection the request came on.
 */

/** Parses one positional parameter; throws a message (without position) when the value is wrong. */
export type ParamParser<T> = {
  /** What the parameter is, for error messages: "address", "block tag", ... */
  readonly description: string;
  readonly optional: boolean;
  parse(value: unknown): T;
};

/** A JSON-RPC notification pushed to one connection (WebSocket subscriptions). */
export type Notification = { jsonrpc: "2.0"; method: string; params: unknown };

/** The connection a request arrived on. HTTP requests have no push channel. */
export interface Connection {
  readonly id: number;
  readonly kind: "http" | "ws" | "in-process";
  /** Present only for connections that can receive notifications. */
  readonly push?: (notification: Notification) => void;
  /** Runs `cleanup` when the connection closes (a closed socket frees its subscriptions). */
  onClose(cleanup: () => void): void;
  /** Aborted when the connection closes: work for a client that went away can stop (long calls). */
  readonly signal?: AbortSignal;
}

export type RpcContext<Devnet> = { devnet: Devnet; connection: Connection };

export interface RpcMethod<Devnet = unknown, Params extends unknown[] = unknown[], Result = unknown> {
  readonly name: string;
  readonly params: { [K in keyof Params]: ParamParser<Params[K]> };
  handler(ctx: RpcContext<Devnet>, params: Params): Result | Promise<Result>;
}

export type JsonRpcId = string | number | null;

export type JsonRpcRequest = { jsonrpc: "2.0"; id?: JsonRpcId; method: string; params?: unknown };

export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: JsonRpcId; result: unknown }
  | { jsonrpc: "2.0"; id: JsonRpcId; error: { code: number; message: string; data?: unknown } };
