/**
 * Traces a forked chain's remote block (at or before the fork block) by running it again over
 * the remote's state after its parent, as anvil traces forked transactions: the state is read
 * from the remote as the run needs it (its async reads wait for the key; a read on a sync path
 * throws a StateMiss, and the run starts again with the key loaded).
 */
import { isStateMiss } from "../../state/StateMiss.js";
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import type { TracerSpec } from "./TracerSpec.js";
import { type RemoteGround, type TransactionTrace, traceMinedBlock } from "./traceMinedBlock.js";

export async function traceRemoteBlock(
  devnet: Devnet,
  mined: MinedBlock,
  spec: TracerSpec,
  options: { only?: number; ground?: RemoteGround } = {},
): Promise<TransactionTrace[]> {
  if (mined.block.transactions.length === 0) return [];
  const remote = options.ground ?? devnet.remoteGround(mined.number);
  const only = options.only === undefined ? {} : { only: options.only };
  for (;;) {
    try {
      return await traceMinedBlock(devnet, mined, spec, { ...only, remote });
    } catch (error) {
      if (!isStateMiss(error)) throw error;
      await remote.load(error.key);
    }
  }
}
