import { filterRegistryOf } from "../../filters/FilterRegistry.js";
import { filterIdParam } from "../../filters/filterId.js";
import { define } from "../define.js";

/**
 * Every log in the chain that a log filter matches, its range read now (as eth_getLogs with the
 * filter's criteria). A block or transaction filter, or an unknown id, is -32000 "filter not found".
 */
export const eth_getFilterLogs = define({
  name: "eth_getFilterLogs",
  params: [filterIdParam],
  handler: ({ devnet }, [id]) => filterRegistryOf(devnet).logs(id),
});
