/**
 * Puts a devnet back to its genesis or to a fork (see `Devnet.reset`), and forgets what the RPC
 * layer keeps about the old chain: its snapshot ids and its instance id.
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { ResetForking } from "../evm/devParams.js";
import { forgetSnapshots } from "../evm/snapshotIds.js";
import { renewInstanceId } from "./instanceId.js";

export async function resetToGenesis(devnet: Devnet, forking?: ResetForking): Promise<void> {
  await devnet.reset(forking);
  forgetSnapshots(devnet);
  renewInstanceId(devnet);
}
