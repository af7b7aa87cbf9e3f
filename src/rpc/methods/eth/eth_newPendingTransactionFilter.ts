import { filterRegistryOf } from "../../filters/FilterRegistry.js";
import { define } from "../define.js";

/** Installs a filter of transactions entering the pool; eth_getFilterChanges hands over their hashes. */
export const eth_newPendingTransactionFilter = define({
  name: "eth_newPendingTransactionFilter",
  params: [],
  handler: ({ devnet }) => filterRegistryOf(devnet).newPendingTransactionFilter(),
});
