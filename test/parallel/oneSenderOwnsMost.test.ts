/**
 * oneSenderOwnsMost: whether one sender's transactions are at least three quarters of a block's,
 * which stops counting once no sender can get there; it answers as a full count does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oneSenderOwnsMost } from "../../src/parallel/oneSenderOwnsMost.js";

/** The whole count, as the rule reads. */
function countedInFull(senders: readonly (string | undefined)[]): boolean {
  const counts = new Map<string, number>();
  for (const sender of senders) if (sender !== undefined) counts.set(sender, (counts.get(sender) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  return most > 0 && most * 4 >= senders.length * 3;
}

describe("oneSenderOwnsMost", () => {
  it("answers as the full count for any block, however its senders are spread", () => {
    const sender = fc.option(fc.constantFrom("0xa", "0xb", "0xc", "0xd"), { nil: undefined, freq: 8 });
    fc.assert(
      fc.property(fc.array(sender, { maxLength: 40 }), (senders) => {
        expect(oneSenderOwnsMost(senders)).toBe(countedInFull(senders));
      }),
      { numRuns: 2_000 },
    );
  });

  it("says a payout is one sender's and a block of distinct senders is not", () => {
    expect(oneSenderOwnsMost([...Array(3).fill("0xa"), "0xb"])).toBe(true);
    expect(oneSenderOwnsMost([...Array(2).fill("0xa"), "0xb"])).toBe(false);
    expect(oneSenderOwnsMost(Array.from({ length: 2_000 }, (_, i) => `0x${i}`))).toBe(false);
    expect(oneSenderOwnsMost([])).toBe(false);
    expect(oneSenderOwnsMost([undefined, undefined])).toBe(false);
  });
});
