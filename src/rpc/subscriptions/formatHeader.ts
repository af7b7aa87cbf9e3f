import type { MinedBlock } from "../../devnet/chain/types.js";
import { formatBlock, type RpcBlock } from "../format/formatBlock.js";

/** A block header as geth's newHeads sends it: the block's fields without its body. */
export type RpcHeader = Omit<
  RpcBlock,
  "transactions" | "uncles" | "withdrawals" | "size" | "totalDifficulty"
>;

/**
 * The header of a mined block, as an eth_subscribe("newHeads") notification carries it: no
 * transactions, uncles, withdrawals, size or total difficulty (those belong to the block).
 * @example formatHeader(devnet.head).number // "0x5"
 */
export function formatHeader(mined: MinedBlock): RpcHeader {
  const { transactions, uncles, withdrawals, size, totalDifficulty, ...header } = formatBlock(mined, false);
  return header;
}
