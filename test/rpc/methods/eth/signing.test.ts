/**
 * Message signing by dev accounts (eth_sign, personal_sign, eth_signTypedData_v4): the same
 * signatures as anvil's for the same keys (both sign deterministically), and anvil's error for an
 * address without a key.
 */
import { describe, expect, it } from "vitest";
import { besideAnvilForTests } from "../../../support/besideAnvil.js";

const DEV0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const MESSAGE = "0x68656c6c6f207065766d"; // "hello pevm"
const TYPED = {
  types: {
    EIP712Domain: [
      { name: "name", type: "string" },
      { name: "chainId", type: "uint256" },
    ],
    Mail: [
      { name: "to", type: "address" },
      { name: "contents", type: "string" },
    ],
  },
  primaryType: "Mail",
  domain: { name: "Mail", chainId: 31337 },
  message: { to: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", contents: "hi" },
};

const both = besideAnvilForTests();

describe("signing by dev accounts", () => {
  it.each([
    ["eth_sign", [DEV0, MESSAGE]],
    ["personal_sign", [MESSAGE, DEV0]],
    ["eth_signTypedData_v4", [DEV0, TYPED]],
    ["eth_signTypedData_v4", [DEV0, JSON.stringify(TYPED)]],
  ])("%s gives anvil's signature", async (method, params) => {
    const [mine, anvils] = await Promise.all([
      both.ours.call(method, ...params),
      both.theirs.call(method, ...params),
    ]);
    expect(mine).toMatch(/^0x[0-9a-f]{130}$/);
    expect(mine).toBe(anvils);
  });

  it("refuses an address it holds no key for, as anvil does", async () => {
    const stranger = `0x${"ab".repeat(20)}`;
    const [mine, anvils] = await Promise.all([
      both.ours.error("eth_sign", stranger, MESSAGE),
      both.theirs.error("eth_sign", stranger, MESSAGE),
    ]);
    expect(mine.code).toBe(anvils.code);
    expect(mine.message).toBe("No Signer available");
  });
});
