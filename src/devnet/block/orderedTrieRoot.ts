import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { keccak256 } from "../crypto/nativeCrypto.js";

/** Root of the trie keyed by rlp(index) that transactions and receipts roots use. */
export async function orderedTrieRoot(values: readonly Uint8Array[]): Promise<Uint8Array> {
  const trie = new MerklePatriciaTrie({ useKeyHashingFunction: keccak256 });
  for (let i = 0; i < values.length; i++) await trie.put(RLP.encode(i), values[i] as Uint8Array);
  return trie.root();
}
