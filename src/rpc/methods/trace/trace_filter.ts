import { filterParityTraces } from "../../../devnet/trace/filterParityTraces.js";
import { define } from "../define.js";
import { resolveTraceFilter, traceFilter } from "./traceFilter.js";

/** The traces of a block range that match the filter's addresses, paged by `after` and `count`. */
export const trace_filter = define({
  name: "trace_filter",
  params: [traceFilter],
  handler: async ({ devnet }, [request]) => filterParityTraces(devnet, resolveTraceFilter(devnet, request)),
});
