import { define } from "../define.js";
import { uint256 } from "./devParams.js";
import { revertToSnapshot } from "./snapshotIds.js";

/**
 * Goes back to a snapshot; true when it existed. The snapshot and every later one are used up:
 * reverting twice to the same id answers false the second time.
 */
export const evm_revert = define({
  name: "evm_revert",
  params: [uint256],
  handler: ({ devnet }, [id]) => revertToSnapshot(devnet, id),
});
