import { InternalError } from "../../../errors/DevnetError.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";
import { allowanceCall, findErc20Slot } from "./erc20Slot.js";
import { storageEdit } from "./storageEdit.js";

/** Sets what `spender` may take from `owner` on the ERC-20 `token` (owner, spender, token, amount). */
export const anvil_setERC20Allowance = define({
  name: "anvil_setERC20Allowance",
  params: [address, address, address, uint256],
  handler: async ({ devnet }, [owner, spender, token, amount]) => {
    const slot = await findErc20Slot(devnet, token, allowanceCall(owner, spender));
    if (slot === undefined) throw new InternalError("Unable to set ERC20 allowance, no slot found");
    await devnet.editState([storageEdit(devnet, token, slot, amount)]);
    return null;
  },
});
