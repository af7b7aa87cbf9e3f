/**
 * The dev accounts are anvil's and Hardhat's; a process derives a mnemonic's keys once, and each
 * devnet gets its own copies.
 */
import { HDNodeWallet } from "ethers";
import { describe, expect, it } from "vitest";
import { DEFAULT_MNEMONIC, deriveDevAccounts } from "../../../src/devnet/accounts/devAccounts.js";

describe("deriveDevAccounts", () => {
  it("derives anvil's accounts, the same whether fewer or more were derived before", () => {
    const two = deriveDevAccounts(DEFAULT_MNEMONIC, 2);
    const twenty = deriveDevAccounts(DEFAULT_MNEMONIC, 20);
    expect(twenty).toHaveLength(20);
    expect(twenty.slice(0, 2)).toEqual(two);
    expect(two[0]?.address).toBe("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    expect(twenty[19]?.address).toBe("0x8626f6940e2eb28930efb4cef49b2d1f2c9c1199");
  });

  it("hands out copies: one devnet's accounts are not another's", () => {
    const first = deriveDevAccounts(DEFAULT_MNEMONIC, 1);
    (first[0] as { address: string }).address = "0x0";
    expect(deriveDevAccounts(DEFAULT_MNEMONIC, 1)[0]?.address).toBe(
      "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
    );
  });

  it.each([
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "legal winner thank year wave sausage worth useful legal winner thank yellow",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote",
  ])("derives the keys ethers derives for %s", (mnemonic) => {
    const ours = deriveDevAccounts(mnemonic, 3);
    const root = HDNodeWallet.fromPhrase(mnemonic, "", "m/44'/60'/0'/0");
    expect(ours).toEqual(
      [0, 1, 2].map((i) => {
        const wallet = root.deriveChild(i);
        return { address: wallet.address.toLowerCase(), privateKey: wallet.privateKey };
      }),
    );
  });

  it("refuses a phrase that is not a BIP-39 mnemonic, in words", () => {
    expect(() => deriveDevAccounts("test test test test test test test test test test test test", 1)).toThrow(
      /invalid mnemonic/,
    );
    expect(() => deriveDevAccounts("not a mnemonic", 1)).toThrow(/invalid mnemonic/);
  });
});
