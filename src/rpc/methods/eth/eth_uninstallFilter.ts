import { filterRegistryOf } from "../../filters/FilterRegistry.js";
import { filterIdParam } from "../../filters/filterId.js";
import { define } from "../define.js";

/** Removes a filter: true, or false when no live filter has this id. */
export const eth_uninstallFilter = define({
  name: "eth_uninstallFilter",
  params: [filterIdParam],
  handler: ({ devnet }, [id]) => filterRegistryOf(devnet).uninstall(id),
});
