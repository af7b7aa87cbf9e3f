import { instanceId } from "../anvil/instanceId.js";
import { define } from "../define.js";
import { web3_clientVersion } from "../web3/web3_clientVersion.js";

/**
 * What the node is, in Hardhat's shape: client version, chain id, instance id and the latest
 * block; no `forkedNetwork`, since the devnet does not fork.
 */
export const hardhat_metadata = define({
  name: "hardhat_metadata",
  params: [],
  handler: (ctx) => ({
    clientVersion: web3_clientVersion.handler(ctx, []),
    chainId: Number(ctx.devnet.options.chainId),
    instanceId: instanceId(ctx.devnet),
    latestBlockNumber: Number(ctx.devnet.head.number),
    latestBlockHash: ctx.devnet.head.hash,
  }),
});
