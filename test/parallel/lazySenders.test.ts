import { beforeAll, describe, expect, it } from "vitest";
import type { BlockInput } from "../../src/execution/types.js";
import { lazySenders } from "../../src/parallel/lazySenders.js";
import { COINBASE, createTestWorld, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(3);
});

function input(transactions: BlockInput["transactions"], coinbase = COINBASE): BlockInput {
  return {
    header: w.header(coinbase),
    transactions,
    preState: w.world,
    senders: transactions.map((tx) => tx.getSenderAddress().toString()),
  };
}

describe("lazySenders", () => {
  it("reads lazily the plain transfers of a sender whose balance covers them, in nonce order", () => {
    const [a, b] = w.senders as [string, string];
    const n = w.nonceOf(a);
    const flags = lazySenders(
      input([
        w.tx(a, n, b, "0x", 1n, 21_000n),
        w.tx(b, w.nonceOf(b), a, "0x", 1n, 21_000n),
        w.tx(a, n + 1n, w.contracts.counter, w.interfaces.counter.encodeFunctionData("increment")),
        w.tx(a, n + 2n, undefined, "0x00"),
        w.tx(a, n + 3n, `0x${"12".repeat(20)}`, "0x", 5n, 21_000n),
        w.tx(a, n + 5n, b, "0x", 1n, 21_000n), // a nonce gap: from here on, exactly
        w.tx(a, n + 6n, b, "0x", 1n, 21_000n),
      ]),
    );
    // Calls and creations read the sender exactly; so does all after a gap.
    expect([...flags]).toEqual([1, 1, 0, 0, 1, 0, 0]);
  });

  it("stops where the balance before the block no longer covers the most the transfers can cost", () => {
    const [a, b] = w.senders as [string, string];
    const n = w.nonceOf(a);
    const third = 4n * 10n ** 23n; // the test senders hold 10^24 wei
    const flags = lazySenders(input([0n, 1n, 2n, 3n].map((k) => w.tx(a, n + k, b, "0x", third, 21_000n))));
    expect([...flags]).toEqual([1, 1, 0, 0]);
  });

  it("reads no sender lazily that is the fee recipient, nor in a block whose senders are not known", () => {
    const [a, b] = w.senders as [string, string];
    const transfer = w.tx(a, w.nonceOf(a), b, "0x", 1n, 21_000n);
    expect([...lazySenders(input([transfer], a))]).toEqual([0]);
    const { senders: _none, ...withoutSenders } = input([transfer]);
    expect([...lazySenders(withoutSenders)]).toEqual([0]);
  });
});
