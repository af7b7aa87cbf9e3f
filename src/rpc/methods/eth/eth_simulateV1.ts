import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { revertError } from "../../../devnet/call/revertReason.js";
import type { SimulatedBlock, SimulatedBlockRequest } from "../../../devnet/call/simulateBlocks.js";
import { formatBlock } from "../../format/formatBlock.js";
import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { type BlockStateCall, simulatePayload } from "../../params/simulatePayload.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { toAccountOverrides } from "./toAccountOverrides.js";

/**
 * eth_simulateV1 (execution-apis): blocks of calls on top of a block, with block and state
 * overrides, `validation` and `traceTransfers`; each block as eth_getBlockByNumber would answer
 * it, with `calls`: each call's return data, logs, gas, status and error.
 */
export const eth_simulateV1 = define({
  name: "eth_simulateV1",
  params: [simulatePayload, optional(blockTag, LATEST)],
  handler: async ({ devnet }, [payload, tag]) => {
    const { number } = requireBlock(devnet, tag);
    const blocks = await devnet.simulate(payload.blockStateCalls.map(toRequest), number, {
      validation: payload.validation,
      traceTransfers: payload.traceTransfers,
    });
    return blocks.map((block) => formatSimulatedBlock(block, payload.returnFullTransactions));
  },
});

function toRequest(call: BlockStateCall): SimulatedBlockRequest {
  const request: SimulatedBlockRequest = { calls: call.calls };
  const overrides = call.blockOverrides;
  if (overrides !== undefined) {
    request.blockOverrides = {
      ...(overrides.number === undefined ? {} : { number: overrides.number }),
      ...(overrides.time === undefined ? {} : { time: overrides.time }),
      ...(overrides.gasLimit === undefined ? {} : { gasLimit: overrides.gasLimit }),
      ...(overrides.feeRecipient === undefined ? {} : { feeRecipient: overrides.feeRecipient }),
      ...(overrides.prevRandao === undefined
        ? {}
        : { prevRandao: hexToBytes(overrides.prevRandao as `0x${string}`) }),
      ...(overrides.baseFeePerGas === undefined ? {} : { baseFeePerGas: overrides.baseFeePerGas }),
    };
  }
  const state = toAccountOverrides(call.stateOverrides);
  if (state !== undefined) request.stateOverrides = state;
  return request;
}

function formatSimulatedBlock({ mined, calls }: SimulatedBlock, fullTransactions: boolean) {
  const header = mined.block.header;
  return {
    ...formatBlock(mined, fullTransactions),
    calls: calls.map((call, index) => {
      const receipt = mined.receipts[index];
      const output = bytesToHex(call.returnData);
      // A reverted call's data is its error's, as geth answers.
      const returnData = call.error === "revert" ? "0x" : output;
      return {
        returnData,
        logs: call.logs.map((log) => ({
          address: log.address,
          topics: [...log.topics],
          data: log.data,
          blockHash: mined.hash,
          blockNumber: toQuantity(mined.number),
          blockTimestamp: toQuantity(header.timestamp),
          transactionHash: receipt?.transactionHash,
          transactionIndex: toQuantity(index),
          logIndex: toQuantity(log.logIndex),
          removed: false,
        })),
        gasUsed: toQuantity(call.gasUsed),
        status: toQuantity(call.status),
        ...(call.error === undefined
          ? {}
          : {
              error:
                call.error === "revert"
                  ? { code: 3, message: revertError(output).message, data: output }
                  : { code: -32015, message: call.error },
            }),
      };
    }),
  };
}
