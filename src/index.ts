/** pevm-devnet: a local Ethereum devnet whose block builder executes transactions in parallel. */

export { Devnet, type DevnetOptions } from "./devnet/Devnet.js";
export { DevnetError, isDevnetError } from "./errors/DevnetError.js";
export { type ExecuteBlockOptions, executeBlock } from "./parallel/executeBlock.js";
export { type CreateDevnetOptions, createDevnet, type DevnetHandle } from "./rpc/createDevnet.js";
export { WorldState } from "./state/WorldState.js";
