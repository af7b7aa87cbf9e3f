import { bytesToHex } from "@ethereumjs/util";
import { trieAccount } from "../../../devnet/proof/AccountProof.js";
import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";

/** What the state trie holds for an account at a block (geth and anvil): zeros when it does not exist. */
export const eth_getAccount = define({
  name: "eth_getAccount",
  params: [address, optional(blockTag, LATEST)],
  handler: ({ devnet }, [account, tag]) => {
    const found = trieAccount(devnet.provableStateAt(requireBlock(devnet, tag).number), account);
    return {
      nonce: toQuantity(found.nonce),
      balance: toQuantity(found.balance),
      storageRoot: bytesToHex(found.storageRoot),
      codeHash: bytesToHex(found.codeHash),
    };
  },
});
