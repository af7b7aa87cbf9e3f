import type { ParityReplayJson } from "../../../devnet/trace/ParityTracer.js";
import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";
import { traceTypes } from "./traceTypes.js";

/**
 * Every transaction of a block replayed: `{ output, stateDiff, trace, vmTrace, transactionHash }`;
 * none for a block past the head (as anvil).
 */
export const trace_replayBlockTransactions = define({
  name: "trace_replayBlockTransactions",
  params: [blockNumberOrTag, traceTypes],
  handler: async ({ devnet }, [tag, types]) => {
    const mined = findBlock(devnet, tag);
    if (mined === undefined) return [];
    const traces = await traceMinedBlock(devnet, mined, {
      tracer: "parity",
      ...types,
      precompileCalls: false,
    });
    return traces.map(({ txHash, result }) => ({ ...(result as ParityReplayJson), transactionHash: txHash }));
  },
});
