import { createBlockHeader } from "@ethereumjs/block";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { Address, KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { claimSender, hasClaimedSender } from "../../../src/execution/internals/claimSender.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";
import { executeBlockSequential } from "../../../src/execution/sequentialExecutor.js";
import { EMPTY_STATE } from "../../../src/state/StateReader.js";

const SENDER = new Address(Uint8Array.from({ length: 20 }, (_, i) => i + 1));

describe("claimSender", () => {
  it("gives a transaction with a made-up signature the claimed sender", () => {
    const common = createSharedCommon(31337n, { hardfork: "prague" });
    // A made-up signature: it recovers to some other address.
    const tx = createFeeMarket1559Tx({ maxFeePerGas: 10n, v: 0n, r: 1n, s: 1n }, { common, freeze: false });
    expect(tx.getSenderAddress()).not.toEqual(SENDER);
    expect(hasClaimedSender(tx)).toBe(false);
    claimSender(tx, SENDER);
    expect(hasClaimedSender(tx)).toBe(true);
    expect(tx.getSenderAddress()).toBe(SENDER);
  });

  it("is the sender ethereumjs' runTx charges and whose nonce it advances", async () => {
    const common = createSharedCommon(31337n, { hardfork: "prague" });
    const tx = createFeeMarket1559Tx(
      {
        to: new Address(new Uint8Array(20)),
        value: 5n,
        maxFeePerGas: 10n,
        gasLimit: 21_000n,
        v: 0n,
        r: 1n,
        s: 1n,
      },
      { common, freeze: false },
    );
    claimSender(tx, SENDER);
    const sender = SENDER.toString();
    const header = createBlockHeader({ number: 1n, gasLimit: 30_000_000n, baseFeePerGas: 7n }, { common });
    const preState = {
      ...EMPTY_STATE,
      getAccount: (address: string) =>
        address === sender ? { nonce: 0n, balance: 10n ** 18n, codeHash: KECCAK256_NULL } : undefined,
    };
    const { outcomes } = await executeBlockSequential({ header, transactions: [tx], preState });
    expect(outcomes[0]?.kind).toBe("included");
  });
});
