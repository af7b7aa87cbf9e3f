/** anvil's chain edits: rollback, reorg, and the block timestamp interval. */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { RpcMethod } from "../../types.js";
import { anvil_removeBlockTimestampInterval } from "./anvil_removeBlockTimestampInterval.js";
import { anvil_reorg } from "./anvil_reorg.js";
import { anvil_rollback } from "./anvil_rollback.js";
import { anvil_setBlockTimestampInterval } from "./anvil_setBlockTimestampInterval.js";

export const chainEditMethods: readonly RpcMethod<Devnet>[] = [
  anvil_rollback,
  anvil_reorg,
  anvil_setBlockTimestampInterval,
  anvil_removeBlockTimestampInterval,
];
