/**
 * The devnet's log line for a mined block, as anvil prints its blocks: number, transactions, gas,
 * and how the block was executed, e.g.
 * `Block 12: 1,000 transactions, 52,000,000 gas, 310 ms, parallel 2 threads, 1.41x`.
 */
import type { MinedBlock } from "../../devnet/chain/types.js";

const count = new Intl.NumberFormat("en-US");

export function blockLogLine(mined: MinedBlock): string {
  const txs = mined.block.transactions.length;
  const parts = [
    `Block ${mined.number}: ${count.format(txs)} transaction${txs === 1 ? "" : "s"}`,
    `${count.format(mined.block.header.gasUsed)} gas`,
  ];
  if (mined.executionMs !== undefined) parts.push(`${Math.round(mined.executionMs)} ms`);
  const ran = mined.ran;
  if (ran?.executor === "parallel") {
    const speedup = ran.speedup === undefined ? "" : `, ${ran.speedup.toFixed(2)}x`;
    parts.push(`parallel ${ran.threads} threads${speedup}`);
  } else if (ran?.executor === "sequential") {
    parts.push(ran.fellBack === undefined ? "sequential" : `sequential (parallel failed: ${ran.fellBack})`);
  }
  return parts.join(", ");
}
