/**
 * The conflict report of a forked chain's remote block (at or before the fork block): the block
 * runs once untraced over the remote's state after its parent, loading what it reads, then again
 * recorded, as reportMinedBlock does for the devnet's own blocks.
 */
import type { BlockReport } from "../../parallel/report/BlockReport.js";
import { isStateMiss } from "../../state/StateMiss.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import { traceRemoteBlock } from "../trace/traceRemoteBlock.js";
import { type ReportMinedBlockOptions, reportMinedBlock } from "./reportMinedBlock.js";

export async function reportRemoteBlock(
  devnet: Devnet,
  mined: MinedBlock,
  options: ReportMinedBlockOptions = {},
): Promise<BlockReport> {
  if (mined.block.transactions.length === 0) return reportMinedBlock(devnet, mined, options);
  const ground = devnet.remoteGround(mined.number);
  await traceRemoteBlock(devnet, mined, { tracer: "noopTracer" }, { ground });
  const chain = { stateBefore: () => ground.state, blockHashOf: ground.blockHashOf };
  for (;;) {
    try {
      return await reportMinedBlock(chain, mined, options);
    } catch (error) {
      if (!isStateMiss(error)) throw error;
      await ground.load(error.key);
    }
  }
}
