/** Public surface of the JSON-RPC layer (`pevm-devnet/rpc`). Inside the package, import from the defining file. */
export { type OpenConnection, openConnection } from "./connection.js";
export { defineMethod } from "./defineMethod.js";
export { createHandler, type HandlerOptions, type RpcHandler } from "./handler.js";
export { type AccessList, type AccessListEntry, accessList } from "./params/accessList.js";
export {
  BLOCK_TAG_NAMES,
  type BlockNumberOrTag,
  type BlockTag,
  type BlockTagName,
  blockNumberOrTag,
  blockTag,
} from "./params/blockTag.js";
export { type CallRequest, callRequest } from "./params/callRequest.js";
export { array, optional } from "./params/combinators.js";
export { address, hash32, hexData, quantity, quantityU64 } from "./params/hex.js";
export { type LogFilter, logFilter } from "./params/logFilter.js";
export { parseParams } from "./params/parseParams.js";
export { asObject, defineParser, invalidValue, within } from "./params/parser.js";
export { boolean, numberLike, string } from "./params/scalar.js";
export { type AccountOverride, type StateOverride, stateOverride } from "./params/stateOverride.js";
export { type StructOf, type StructShape, struct } from "./params/struct.js";
export { MethodRegistry } from "./registry.js";
export { reportPages } from "./reportPages.js";
export {
  DEFAULT_BODY_LIMIT,
  type PageSource,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "./server.js";
export type {
  Connection,
  JsonRpcId,
  JsonRpcRequest,
  JsonRpcResponse,
  Notification,
  ParamParser,
  RpcContext,
  RpcMethod,
} from "./types.js";
