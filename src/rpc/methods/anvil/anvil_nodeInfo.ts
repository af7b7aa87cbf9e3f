import { DEFAULT_PRIORITY_FEE } from "../../../devnet/DevnetOptions.js";
import type { Fork } from "../../../devnet/fork/Fork.js";
import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

/** The node's configuration, in anvil's shape (numbers where anvil has numbers, quantities elsewhere). */
export const anvil_nodeInfo = define({
  name: "anvil_nodeInfo",
  params: [],
  handler: ({ devnet }) => {
    const head = devnet.head;
    const baseFee = devnet.nextBaseFee() ?? 0n;
    const hardfork = devnet.common.hardfork();
    return {
      currentBlockNumber: toQuantity(head.number),
      currentBlockTimestamp: Number(head.block.header.timestamp),
      currentBlockHash: head.hash,
      hardFork: hardfork.charAt(0).toUpperCase() + hardfork.slice(1),
      transactionOrder: devnet.options.order,
      environment: {
        baseFee: toQuantity(baseFee),
        chainId: Number(devnet.options.chainId),
        gasLimit: toQuantity(devnet.nextBlock.gasLimit),
        gasPrice: toQuantity(baseFee + DEFAULT_PRIORITY_FEE),
      },
      forkConfig: forkConfigOf(devnet.fork),
    };
  },
});

function forkConfigOf(fork: Fork | undefined) {
  if (fork === undefined) return { forkUrl: null, forkBlockNumber: null, forkRetryBackoff: null };
  return {
    forkUrl: fork.options.url,
    forkBlockNumber: Number(fork.point.number),
    forkRetryBackoff: fork.options.retryBackoffMs ?? 1000,
  };
}
