import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { traceRemoteBlock } from "../../../devnet/trace/traceRemoteBlock.js";
import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import { optional } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { DEFAULT_TRACE_CONFIG, traceConfig } from "./traceConfig.js";

/**
 * A mined transaction traced by re-running its block up to it (geth's tracers and formats). On a
 * fork, a transaction of the remote's at or before the fork block runs over the remote's state.
 */
export const debug_traceTransaction = define({
  name: "debug_traceTransaction",
  params: [hash32, optional(traceConfig, DEFAULT_TRACE_CONFIG)],
  handler: async ({ devnet }, [hash, config]) => {
    const location = devnet.chain.locateTransaction(hash);
    const mined = location === undefined ? undefined : devnet.chain.byNumber(location.blockNumber);
    if ((location === undefined || mined === undefined) && devnet.fork !== undefined) {
      const tx = (await devnet.fork.transaction(hash)) as {
        blockNumber: string;
        transactionIndex: string;
      } | null;
      const remote = tx === null ? undefined : await devnet.remoteBlock({ number: BigInt(tx.blockNumber) });
      if (tx !== null && remote !== undefined) {
        const only = Number(BigInt(tx.transactionIndex));
        const [trace] = await traceRemoteBlock(devnet, remote, config.spec, { only });
        return trace?.result ?? null;
      }
    }
    if (location === undefined || mined === undefined) {
      throw new ResourceNotFoundError(`transaction ${hash} not found`);
    }
    const [trace] = await traceMinedBlock(devnet, mined, config.spec, { only: location.index });
    return trace?.result ?? null;
  },
});
