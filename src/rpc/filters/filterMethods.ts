/** The filter and subscription methods, for the method registry. */
import type { Devnet } from "../../devnet/Devnet.js";
import { eth_getFilterChanges } from "../methods/eth/eth_getFilterChanges.js";
import { eth_getFilterLogs } from "../methods/eth/eth_getFilterLogs.js";
import { eth_newBlockFilter } from "../methods/eth/eth_newBlockFilter.js";
import { eth_newFilter } from "../methods/eth/eth_newFilter.js";
import { eth_newPendingTransactionFilter } from "../methods/eth/eth_newPendingTransactionFilter.js";
import { eth_subscribe } from "../methods/eth/eth_subscribe.js";
import { eth_uninstallFilter } from "../methods/eth/eth_uninstallFilter.js";
import { eth_unsubscribe } from "../methods/eth/eth_unsubscribe.js";
import type { RpcMethod } from "../types.js";

export const filterMethods: readonly RpcMethod<Devnet>[] = [
  eth_newFilter,
  eth_newBlockFilter,
  eth_newPendingTransactionFilter,
  eth_getFilterChanges,
  eth_getFilterLogs,
  eth_uninstallFilter,
  eth_subscribe,
  eth_unsubscribe,
];
