import { filterRegistryOf } from "../../filters/FilterRegistry.js";
import { liveLogFilter } from "../../filters/liveLogFilter.js";
import { define } from "../define.js";

/**
 * Installs a log filter (range, addresses, topics; no blockHash); returns its id. eth_getFilterChanges
 * then hands over the matching logs of each new block, and first, when `fromBlock` is given, those
 * already in the chain (anvil's behaviour).
 */
export const eth_newFilter = define({
  name: "eth_newFilter",
  params: [liveLogFilter],
  handler: ({ devnet }, [filter]) => filterRegistryOf(devnet).newLogFilter(filter),
});
