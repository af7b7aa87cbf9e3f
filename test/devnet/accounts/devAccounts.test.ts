/**
 * The dev accounts are anvil's and Hardhat's; a process derives a mnemonic's keys once, and each
 * devnet gets its own copies.
 */
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
});
