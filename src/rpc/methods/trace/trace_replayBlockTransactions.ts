import type { ParityReplayJson } from "../../../devnet/trace/ParityTracer.js";
import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";
import { traceTypes } from "./traceTypes.js";

/** Every transaction of a block replayed: `{ output, stateDiff, trace, vmTrace, transactionHash }`. */
export const trace_replayBlockTransactions = define({
  name: "trace_replayBlockTransactions",
  params: [blockNumberOrTag, traceTypes],
  handler: async ({ devnet }, [tag, types]) => {
    const traces = await traceMinedBlock(devnet, requireBlock(devnet, tag), {
      tracer: "parity",
      ...types,
      precompileCalls: false,
    });
    return traces.map(({ txHash, result }) => ({ ...(result as ParityReplayJson), transactionHash: txHash }));
  },
});
