/**
 * eth_getLogs: the logs of a block range (or of one block, by hash) that match a filter. The
 * matching (blooms first, then the exact test) is shared with filters and subscriptions.
 */
import { blocksOfFilter } from "../../filters/blocksOfFilter.js";
import { LogMatcher } from "../../filters/LogMatcher.js";
import type { RpcLog } from "../../format/formatLog.js";
import { logFilter } from "../../params/logFilter.js";
import { define } from "../define.js";

export const eth_getLogs = define({
  name: "eth_getLogs",
  params: [logFilter],
  handler: ({ devnet }, [filter]): RpcLog[] => {
    const matcher = new LogMatcher(filter);
    const logs: RpcLog[] = [];
    for (const mined of blocksOfFilter(devnet, filter)) {
      for (const log of matcher.logsOf(mined)) logs.push(log);
    }
    return logs;
  },
});
