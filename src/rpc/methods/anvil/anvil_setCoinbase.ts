import { address } from "../../params/hex.js";
import { define } from "../define.js";

/** The fee recipient of the blocks to come. */
export const anvil_setCoinbase = define({
  name: "anvil_setCoinbase",
  params: [address],
  handler: ({ devnet }, [coinbase]) => {
    devnet.updateNextBlock({ coinbase });
    return null;
  },
});
