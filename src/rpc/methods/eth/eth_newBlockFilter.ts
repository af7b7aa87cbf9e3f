import { filterRegistryOf } from "../../filters/FilterRegistry.js";
import { define } from "../define.js";

/** Installs a filter of new blocks; eth_getFilterChanges hands over their hashes. */
export const eth_newBlockFilter = define({
  name: "eth_newBlockFilter",
  params: [],
  handler: ({ devnet }) => filterRegistryOf(devnet).newBlockFilter(),
});
