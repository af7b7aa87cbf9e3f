import { reportMinedBlock } from "../../../devnet/report/reportMinedBlock.js";
import { reportRemoteBlock } from "../../../devnet/report/reportRemoteBlock.js";
import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { boolean } from "../../params/scalar.js";
import { struct } from "../../params/struct.js";
import { define } from "../define.js";
import { findRemoteBlock, LATEST, requireBlock } from "../resolveBlock.js";

/**
 * The conflict report of a mined block (see BlockReport): per transaction its conflicts with
 * earlier ones, per block the critical path and the estimated speedup on 2-16 threads.
 * `{ locations: true }` adds each transaction's read and written locations. Genesis has no
 * transactions. On a fork, a block at or before the fork block is the remote's, run again over
 * the remote's state.
 * @example
 * await provider.request({ method: "pevm_getBlockReport", params: ["latest", { locations: true }] });
 */
export const pevm_getBlockReport = define({
  name: "pevm_getBlockReport",
  params: [optional(blockTag, LATEST), optional(struct("report options", { locations: boolean }))],
  handler: async ({ devnet }, [tag, options]) => {
    const locations = options?.locations === true;
    const remote = await findRemoteBlock(devnet, tag);
    if (remote !== undefined) return reportRemoteBlock(devnet, remote, { locations });
    return reportMinedBlock(devnet, requireBlock(devnet, tag), { locations });
  },
});
