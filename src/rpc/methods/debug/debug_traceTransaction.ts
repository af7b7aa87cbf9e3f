import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import { optional } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { DEFAULT_TRACE_CONFIG, traceConfig } from "./traceConfig.js";

/** A mined transaction traced by re-running its block up to it (geth's tracers and formats). */
export const debug_traceTransaction = define({
  name: "debug_traceTransaction",
  params: [hash32, optional(traceConfig, DEFAULT_TRACE_CONFIG)],
  handler: async ({ devnet }, [hash, config]) => {
    const location = devnet.chain.locateTransaction(hash);
    const mined = location === undefined ? undefined : devnet.chain.byNumber(location.blockNumber);
    if (location === undefined || mined === undefined) {
      throw new ResourceNotFoundError(`transaction ${hash} not found`);
    }
    const [trace] = await traceMinedBlock(devnet, mined, config.spec, { only: location.index });
    return trace?.result ?? null;
  },
});
