import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { optional } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";
import { DEFAULT_TRACE_CONFIG, traceConfig } from "./traceConfig.js";

/** Every transaction of a block, traced: `[{ txHash, result }, …]`. */
export const debug_traceBlockByHash = define({
  name: "debug_traceBlockByHash",
  params: [hash32, optional(traceConfig, DEFAULT_TRACE_CONFIG)],
  handler: async ({ devnet }, [hash, config]) =>
    traceMinedBlock(devnet, requireBlock(devnet, { kind: "hash", hash }), config.spec),
});
