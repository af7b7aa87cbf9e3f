import type { PoolTx } from "../../../devnet/txpool/TxPool.js";
import { define } from "../define.js";
import { poolBySender } from "./poolBySender.js";

/**
 * Every pool transaction as one line, by sender and nonce (geth's shape):
 * "0xto…: 1 wei + 21000 gas × 2000000000 wei", "contract creation: …" for a creation. The price
 * is the fee cap of a fee-market transaction, as in geth and anvil.
 */
export const txpool_inspect = define({
  name: "txpool_inspect",
  params: [],
  handler: ({ devnet }) => poolBySender(devnet, summary),
});

function summary({ tx }: PoolTx): string {
  const to = tx.to?.toString() ?? "contract creation";
  const price = "maxFeePerGas" in tx ? tx.maxFeePerGas : tx.gasPrice;
  return `${to}: ${tx.value} wei + ${tx.gasLimit} gas × ${price} wei`;
}
