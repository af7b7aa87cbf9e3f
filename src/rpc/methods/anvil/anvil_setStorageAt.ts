import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { storageSlot, storageValue } from "../evm/devParams.js";
import { storageEdit } from "./storageEdit.js";

/**
 * Writes one storage slot. The slot is a quantity or a 32-byte word; the value a 32-byte word,
 * or shorter hex taken as a number. Answers true (anvil and Hardhat).
 */
export const anvil_setStorageAt = define({
  name: "anvil_setStorageAt",
  params: [address, storageSlot, storageValue],
  handler: async ({ devnet }, [account, slot, value]) => {
    await devnet.editState([storageEdit(devnet, account, slot, value)]);
    return true;
  },
});
