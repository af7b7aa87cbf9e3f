import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex } from "@ethereumjs/util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderedTrieRoot } from "../../src/execution/orderedTrieRoot.js";

async function reference(values: Uint8Array[]): Promise<string> {
  const trie = new MerklePatriciaTrie();
  for (const [i, value] of values.entries()) await trie.put(RLP.encode(i), value);
  return bytesToHex(trie.root());
}

describe("orderedTrieRoot", () => {
  it("is the empty trie's root for no values", async () => {
    expect(bytesToHex(await orderedTrieRoot([]))).toBe(
      "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
    );
  });

  it("equals @ethereumjs/mpt's root for any list of values", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 120 }), { maxLength: 300 }),
        async (values) => {
          expect(bytesToHex(await orderedTrieRoot(values))).toBe(await reference(values));
        },
      ),
      { numRuns: 60 },
    );
  });
});
