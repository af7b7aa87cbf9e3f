import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { traceRemoteBlock } from "../../../devnet/trace/traceRemoteBlock.js";
import { optional } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { findRemoteBlock, requireBlock } from "../resolveBlock.js";
import { DEFAULT_TRACE_CONFIG, traceConfig } from "./traceConfig.js";

/**
 * Every transaction of a block, traced: `[{ txHash, result }, …]`. On a fork, a block at or
 * before the fork block is the remote's, run again over the remote's state.
 */
export const debug_traceBlockByHash = define({
  name: "debug_traceBlockByHash",
  params: [hash32, optional(traceConfig, DEFAULT_TRACE_CONFIG)],
  handler: async ({ devnet }, [hash, config]) => {
    const remote = await findRemoteBlock(devnet, { kind: "hash", hash });
    if (remote !== undefined) return traceRemoteBlock(devnet, remote, config.spec);
    return traceMinedBlock(devnet, requireBlock(devnet, { kind: "hash", hash }), config.spec);
  },
});
