/**
 * eth_getLogs: the logs of a block range (or of one block, by hash) that match a filter. The
 * matching (blooms first, then the exact test) is shared with filters and subscriptions. On a
 * forked devnet, the part of the range at or before the fork block is the remote's logs.
 */
import { blockNumberOf, blocksOfFilter } from "../../filters/blocksOfFilter.js";
import { LogMatcher } from "../../filters/LogMatcher.js";
import type { RpcLog } from "../../format/formatLog.js";
import { logFilter } from "../../params/logFilter.js";
import { define } from "../define.js";

export const eth_getLogs = define({
  name: "eth_getLogs",
  params: [logFilter],
  handler: async ({ devnet }, [filter]): Promise<RpcLog[]> => {
    const fork = devnet.fork;
    const logs: RpcLog[] = [];
    if (fork !== undefined && filter.blockHash === undefined) {
      const head = devnet.chain.height;
      const from = blockNumberOf(filter.fromBlock, head);
      const to = blockNumberOf(filter.toBlock, head);
      if (from <= to && fork.owns(from)) {
        const last = fork.owns(to) ? to : fork.point.number;
        logs.push(...((await fork.logs(filter, from, last)) as RpcLog[]));
        if (last === to) return logs;
        filter = { ...filter, fromBlock: { kind: "number", number: last + 1n } };
      }
    }
    if (
      fork !== undefined &&
      filter.blockHash !== undefined &&
      devnet.chain.byBlockHash(filter.blockHash) === undefined
    ) {
      const block = (await fork.blockByHash(filter.blockHash, false)) as { number?: string } | null;
      if (block?.number !== undefined) {
        const number = BigInt(block.number);
        return (await fork.logs(filter, number, number)) as RpcLog[];
      }
    }
    const matcher = new LogMatcher(filter);
    for (const mined of blocksOfFilter(devnet, filter)) {
      for (const log of matcher.logsOf(mined)) logs.push(log);
    }
    return logs;
  },
});
