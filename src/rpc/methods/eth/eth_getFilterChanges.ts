import { filterRegistryOf } from "../../filters/FilterRegistry.js";
import { filterIdParam } from "../../filters/filterId.js";
import { define } from "../define.js";

/**
 * What a filter collected since it was last polled: logs, block hashes or transaction hashes.
 * Polling keeps the filter alive; an unknown or expired id is -32000 "filter not found".
 */
export const eth_getFilterChanges = define({
  name: "eth_getFilterChanges",
  params: [filterIdParam],
  handler: ({ devnet }, [id]) => filterRegistryOf(devnet).changes(id),
});
