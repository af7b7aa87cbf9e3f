import { setLengthLeft } from "@ethereumjs/util";
import { toData } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { address, quantity } from "../../params/hex.js";
import { defineParser } from "../../params/parser.js";
import { define } from "../define.js";
import { beforeFork, LATEST, requireBlock } from "../resolveBlock.js";

/**
 * A storage slot, given as a quantity ("0x0") or as 32-byte hex (what ethers and viem send);
 * returns the state's key form: "0x" followed by 64 lowercase hex digits.
 */
const storageSlot = defineParser("storage slot", (value) => {
  const slot = quantity.parse(value);
  return `0x${slot.toString(16).padStart(64, "0")}`;
});

/** The slot's value as 32 bytes. */
export const eth_getStorageAt = define({
  name: "eth_getStorageAt",
  params: [address, storageSlot, optional(blockTag, LATEST)],
  handler: ({ devnet }, [account, slot, tag]) => {
    const before = beforeFork(devnet, tag);
    if (before !== undefined) return devnet.fork?.rpc.request("eth_getStorageAt", [account, slot, before]);
    const state = devnet.stateAt(requireBlock(devnet, tag).number);
    return toData(setLengthLeft(state.getStorage(account, slot), 32));
  },
});
