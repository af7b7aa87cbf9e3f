import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, createAddressFromPrivateKey } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { cachedSenderPublicKey } from "../../../src/execution/internals/senderPublicKey.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";

const KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

describe("cachedSenderPublicKey", () => {
  it("is the key a frozen transaction recovered, and nothing before", () => {
    const common = createSharedCommon(31337n, { hardfork: "prague" });
    const tx = createFeeMarket1559Tx({ maxFeePerGas: 10n, gasLimit: 21_000n }, { common }).sign(KEY);
    expect(cachedSenderPublicKey(tx)).toBeUndefined();
    const recovered = tx.getSenderPublicKey();
    expect(cachedSenderPublicKey(tx)).toBe(recovered);
    expect(tx.getSenderAddress()).toEqual(createAddressFromPrivateKey(KEY));
  });

  it("is nothing on an unfrozen transaction, which ethereumjs does not cache", () => {
    const common = createSharedCommon(31337n, { hardfork: "prague" });
    const tx = createFeeMarket1559Tx({ maxFeePerGas: 10n }, { common, freeze: false }).sign(KEY);
    expect(bytesToHex(tx.getSenderPublicKey())).toHaveLength(130);
    expect(cachedSenderPublicKey(tx)).toBeUndefined();
  });
});
