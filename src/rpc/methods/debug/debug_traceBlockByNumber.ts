import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";
import { DEFAULT_TRACE_CONFIG, traceConfig } from "./traceConfig.js";

/** Every transaction of a block, traced: `[{ txHash, result }, …]`. */
export const debug_traceBlockByNumber = define({
  name: "debug_traceBlockByNumber",
  params: [blockNumberOrTag, optional(traceConfig, DEFAULT_TRACE_CONFIG)],
  handler: async ({ devnet }, [tag, config]) =>
    traceMinedBlock(devnet, requireBlock(devnet, tag), config.spec),
});
