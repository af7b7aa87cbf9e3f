/** Typed construction of an RpcMethod: parameter types are inferred from the parsers. */
import type { ParamParser, RpcContext, RpcMethod } from "./types.js";

/**
 * Returns a `define(method)` for one devnet type; the handler's params are typed from the parser
 * tuple, so a method needs no hand-written parameter types.
 * @example
 * const define = defineMethod<Devnet>();
 * export const eth_getBalance = define({
 *   name: "eth_getBalance",
 *   params: [address, optional(blockTag, LATEST)],
 *   handler: ({ devnet }, [addr, tag]) => devnet.balance(addr, tag),
 * });
 */
export function defineMethod<Devnet>() {
  return <const Params extends unknown[], Result>(method: {
    name: string;
    params: { [K in keyof Params]: ParamParser<Params[K]> };
    handler(ctx: RpcContext<Devnet>, params: Params): Result | Promise<Result>;
  }): RpcMethod<Devnet, Params, Result> => method;
}
