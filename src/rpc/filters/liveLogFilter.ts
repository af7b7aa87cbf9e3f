import { InvalidParamsError } from "../../errors/DevnetError.js";
import { type LogFilter, logFilter } from "../params/logFilter.js";
import { defineParser } from "../params/parser.js";
import type { ParamParser } from "../types.js";

/**
 * The log filter of eth_newFilter and eth_subscribe("logs"): eth_getLogs' filter without
 * `blockHash`, which names one past block while these watch the blocks to come (geth's rule).
 */
export const liveLogFilter: ParamParser<LogFilter> = defineParser("filter", (value) => {
  const filter = logFilter.parse(value);
  if (filter.blockHash !== undefined) {
    throw new InvalidParamsError("blockHash is not supported for filters and subscriptions: use eth_getLogs");
  }
  return filter;
});
