/**
 * The EIP-7928 access list of a block the devnet mined. Blocks do not keep read and write sets
 * (small blocks run sequentially and have none), so, as for the conflict report, the block is
 * executed again in order over the state it started from, recording what each transaction read
 * and wrote; mining pays nothing for it. The list is kept per block once built.
 */
import { type BlockAccessList, buildBlockAccessList } from "../../parallel/report/BlockAccessList.js";
import { recordBlock } from "../../parallel/report/recordBlock.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";

const built = new WeakMap<MinedBlock, BlockAccessList>();

/**
 * @example
 * const list = await blockAccessListOf(devnet, devnet.head);
 * bytesToHex(encodeBlockAccessList(list));
 */
export async function blockAccessListOf(
  devnet: Pick<Devnet, "stateBefore" | "blockHashOf">,
  mined: MinedBlock,
): Promise<BlockAccessList> {
  const { block } = mined;
  if (mined.number === 0n || block.transactions.length === 0) return [];
  const known = built.get(mined);
  if (known !== undefined) return known;
  const preState = devnet.stateBefore(mined.number);
  const recorded = await recordBlock(
    {
      header: block.header,
      transactions: block.transactions,
      preState,
      blockHashes: devnet.blockHashOf,
      allowSendersWithCode: true,
    },
    block,
  );
  const list = buildBlockAccessList(recorded, preState, block.header.coinbase.toString());
  built.set(mined, list);
  return list;
}
