/** pevm-devnet: a local Ethereum devnet whose block builder executes transactions in parallel. */

export { Devnet } from "./devnet/Devnet.js";
export type { DevnetOptions } from "./devnet/DevnetOptions.js";
export { DevnetError, isDevnetError } from "./errors/DevnetError.js";
export { type ExecuteBlockOptions, executeBlock } from "./parallel/executeBlock.js";
export { type CreateDevnetOptions, createDevnet, type DevnetHandle } from "./rpc/createDevnet.js";
export { WorldState } from "./state/WorldState.js";
