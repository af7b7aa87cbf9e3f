import { hexToBytes } from "@ethereumjs/util";
import { forkConfig } from "../../../devnet/chain/forkConfig.js";
import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

/**
 * EIP-7910: the fork in force and what it configures (blob schedule, precompiles, system
 * contracts, fork id). A devnet runs one fork from genesis: `next` and `last` are null.
 */
export const eth_config = define({
  name: "eth_config",
  params: [],
  handler: ({ devnet }) => {
    const genesis = devnet.chain.byNumber(0n);
    const config = forkConfig(
      devnet.common,
      hexToBytes((genesis?.hash ?? devnet.head.hash) as `0x${string}`),
    );
    return {
      current: {
        activationTime: config.activationTime,
        blobSchedule: config.blobSchedule ?? null,
        chainId: toQuantity(config.chainId),
        forkId: `0x${config.forkId.toString(16).padStart(8, "0")}`,
        precompiles: config.precompiles,
        systemContracts: config.systemContracts,
      },
      next: null,
      last: null,
    };
  },
});
