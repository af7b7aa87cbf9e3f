import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";
import { liveSnapshots } from "../evm/snapshotIds.js";
import { web3_clientVersion } from "../web3/web3_clientVersion.js";
import { instanceId } from "./instanceId.js";

/**
 * What the node is, in anvil's shape: client version, chain id, instance id, the latest block,
 * `forkedNetwork` (the remote's chain id, fork block and its hash; null when not forked) and the live snapshots as
 * `{ id: [blockNumber, blockHash] }`.
 */
export const anvil_metadata = define({
  name: "anvil_metadata",
  params: [],
  handler: (ctx) => {
    const { devnet } = ctx;
    const snapshots: Record<string, [number, string]> = {};
    for (const [id, point] of liveSnapshots(devnet)) {
      snapshots[toQuantity(id)] = [Number(point.blockNumber), point.blockHash];
    }
    return {
      clientVersion: web3_clientVersion.handler(ctx, []),
      chainId: Number(devnet.options.chainId),
      instanceId: instanceId(devnet),
      latestBlockNumber: Number(devnet.head.number),
      latestBlockHash: devnet.head.hash,
      forkedNetwork:
        devnet.fork === undefined
          ? null
          : {
              chainId: Number(devnet.fork.chainId),
              forkBlockNumber: Number(devnet.fork.point.number),
              forkBlockHash: devnet.fork.point.hash,
            },
      snapshots,
    };
  },
});
