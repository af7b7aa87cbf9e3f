import { InternalError } from "../../../errors/DevnetError.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";
import { balanceOfCall, findErc20Slot } from "./erc20Slot.js";
import { storageEdit } from "./storageEdit.js";

/**
 * Sets `holder`'s balance of the ERC-20 `token` by writing the slot balanceOf reads (anvil's
 * order of arguments: holder, token, amount). totalSupply is left as it is, as in anvil. A token
 * whose slot cannot be found is refused with -32603, anvil's code.
 */
export const anvil_dealERC20 = define({
  name: "anvil_dealERC20",
  params: [address, address, uint256],
  handler: async ({ devnet }, [holder, token, amount]) => {
    const slot = await findErc20Slot(devnet, token, balanceOfCall(holder));
    if (slot === undefined) throw new InternalError("Unable to set ERC20 balance, no slot found");
    await devnet.editState([storageEdit(devnet, token, slot, amount)]);
    return null;
  },
});
