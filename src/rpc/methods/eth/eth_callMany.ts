import { bytesToHex } from "@ethereumjs/util";
import type { SimulatedBlockRequest } from "../../../devnet/call/simulateBlocks.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { type CallBundle, callBundles, stateContext } from "../../params/callBundle.js";
import { optional } from "../../params/combinators.js";
import { stateOverride } from "../../params/stateOverride.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { toAccountOverrides } from "./toAccountOverrides.js";

/**
 * eth_callMany (reth, erigon): bundles of calls run one after another on top of a block, each
 * call over the state the ones before it left, and the second bundle a block later than the
 * first (number + 1, time + 12 s), as eth_simulateV1's blocks. Answers per bundle per call
 * `{ value }` or, for a reverted or failed call, `{ error }` (and the revert data as `value`).
 * The state context is the state after a block: a `transactionIndex` other than -1 (or the
 * block's transaction count) is refused.
 */
export const eth_callMany = define({
  name: "eth_callMany",
  params: [callBundles, optional(stateContext, {}), optional(stateOverride)],
  handler: async ({ devnet }, [bundles, context, overrides]) => {
    const mined = requireBlock(devnet, context.blockNumber ?? LATEST);
    const index = context.transactionIndex;
    if (index !== undefined && index !== -1 && index !== mined.block.transactions.length) {
      throw new InvalidParamsError(
        `invalid argument 1: transactionIndex ${index}: only the state after the block (-1) is served`,
      );
    }
    const requests = bundles.map((bundle, i) =>
      toRequest(bundle, i === 0 ? toAccountOverrides(overrides) : undefined),
    );
    const blocks = await devnet.simulate(requests, mined.number, {
      validation: false,
      traceTransfers: false,
    });
    return blocks
      .filter((block) => block.filler === undefined)
      .map((block) =>
        block.calls.map((call) => {
          const value = bytesToHex(call.returnData);
          if (call.error === undefined) return { value };
          return call.error === "revert" ? { error: "execution reverted", value } : { error: call.error };
        }),
      );
  },
});

function toRequest(
  bundle: CallBundle,
  overrides: ReturnType<typeof toAccountOverrides>,
): SimulatedBlockRequest {
  const request: SimulatedBlockRequest = { calls: bundle.transactions };
  const block = bundle.blockOverride;
  if (block !== undefined) {
    request.blockOverrides = {
      ...(block.blockNumber === undefined ? {} : { number: block.blockNumber }),
      ...(block.blockTimestamp === undefined ? {} : { time: block.blockTimestamp }),
      ...(block.coinbase === undefined ? {} : { feeRecipient: block.coinbase }),
      ...(block.gasLimit === undefined ? {} : { gasLimit: block.gasLimit }),
      ...(block.baseFee === undefined ? {} : { baseFeePerGas: block.baseFee }),
    };
  }
  if (overrides !== undefined) request.stateOverrides = overrides;
  return request;
}
