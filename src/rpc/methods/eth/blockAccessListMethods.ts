/** The EIP-7928 block access list getters. */
import type { Devnet } from "../../../devnet/Devnet.js";
import type { RpcMethod } from "../../types.js";
import { debug_getRawBlockAccessList } from "../debug/debug_getRawBlockAccessList.js";
import { eth_getBlockAccessList } from "./eth_getBlockAccessList.js";

export const blockAccessListMethods: readonly RpcMethod<Devnet>[] = [
  eth_getBlockAccessList,
  debug_getRawBlockAccessList,
];
