import { bytesToHex } from "@ethereumjs/util";
import { accountProof } from "../../../devnet/proof/AccountProof.js";
import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { array, optional } from "../../params/combinators.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { storageSlot } from "../evm/devParams.js";
import { LATEST, requireBlock } from "../resolveBlock.js";

/**
 * EIP-1186: the account and storage proofs of an address at a block, from the devnet's state
 * trie; a past block's verify against its `stateRoot`. Storage keys may be 32-byte words (anvil
 * takes only those) or shorter quantities (geth takes both); answers give them as 32-byte words.
 */
export const eth_getProof = define({
  name: "eth_getProof",
  params: [address, array(storageSlot), optional(blockTag, LATEST)],
  handler: ({ devnet }, [account, slots, tag]) => {
    const proof = accountProof(devnet.provableStateAt(requireBlock(devnet, tag).number), account, slots);
    return {
      address: proof.address,
      balance: toQuantity(proof.balance),
      codeHash: bytesToHex(proof.codeHash),
      nonce: toQuantity(proof.nonce),
      storageHash: bytesToHex(proof.storageRoot),
      accountProof: proof.accountProof.map((node) => bytesToHex(node)),
      storageProof: proof.storageProof.map((entry) => ({
        key: entry.slot,
        value: toQuantity(entry.value),
        proof: entry.proof.map((node) => bytesToHex(node)),
      })),
    };
  },
});
