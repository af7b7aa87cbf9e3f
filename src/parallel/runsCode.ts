/**
 * Whether a transaction runs contract code: it creates a contract, carries call data, or calls
 * an account that has code before the block. The devnet and the engine count these to decide whether a block
 * is worth the parallel engine: a plain value transfer costs less than the engine's own
 * per-transaction work (decoding in a worker, messages, read and write sets), so a block of them
 * runs slower in parallel at every size (2,000 ETH transfers on 2 threads: 0.8-1.0x; 16 to 512
 * of them: 0.2-0.7x), while contract calls gain from ~100 upwards.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { equalsBytes, KECCAK256_NULL } from "@ethereumjs/util";
import type { StateReader } from "../state/StateReader.js";

export function runsCode(tx: TypedTransaction, preState: StateReader): boolean {
  if (tx.to === undefined || tx.data.length > 0) return true;
  const account = preState.getAccount(tx.to.toString());
  return account !== undefined && !equalsBytes(account.codeHash, KECCAK256_NULL);
}
