/** The mined block and index of a transaction hash, or undefined when no block holds it. */
import type { MinedBlock } from "../../../devnet/chain/types.js";
import type { Devnet } from "../../../devnet/Devnet.js";

export function minedTransaction(
  devnet: Devnet,
  hash: string,
): { mined: MinedBlock; index: number } | undefined {
  const location = devnet.chain.locateTransaction(hash);
  const mined = location === undefined ? undefined : devnet.chain.byNumber(location.blockNumber);
  if (location === undefined || mined === undefined) return undefined;
  return { mined, index: location.index };
}
